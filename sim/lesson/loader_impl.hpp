// Internal to the lesson loader: the pieces of one load (lesson header and world in loader.cpp,
// devices in loader_devices.cpp, steps and actions in loader_steps.cpp) share this state.
#pragma once

#include <string>
#include <string_view>

#include "sim/lesson/lesson.hpp"
#include "sim/lesson/toml_reader.hpp"

namespace postlab::lesson::detail {

class LessonLoader {
public:
    LessonLoader(Reader& reader, LessonSpec& spec) : m_r(reader), m_spec(spec) {}

    void load(const toml::table& root);

private:
    void load_header(const toml::table& root);
    void load_domains(const toml::table& root);
    void load_domain(const toml::table& t);
    void load_users(const toml::table& t, Domain& domain);
    void load_network(const toml::table& root);
    // loader_devices.cpp
    void load_devices(const toml::table& root);
    void load_device(const toml::table& t);
    std::optional<Incoming> load_incoming(const toml::table& t, const std::string& what);
    std::optional<Outgoing> load_outgoing(const toml::table& t, const std::string& what);
    void check_incoming_port(const Incoming& in);
    void check_outgoing_port(const Outgoing& out);
    const Domain* host_domain(const LString& host);
    // loader_steps.cpp
    void load_faults(const toml::table& root);
    void load_steps(const toml::table& root);
    void load_step(const toml::table& t, std::size_t number);
    void load_question(const toml::table& t, Step& step, const std::string& what);
    void load_until(const toml::table& t, Step& step, const std::string& what);
    void load_highlight(const toml::table& t, Step& step, const std::string& what);
    std::optional<Exercise> load_exercise(const toml::table& t, const std::string& what);
    std::optional<Action> load_action(const toml::table& t, bool faults_only);
    std::optional<ActionBody> load_user_action(std::string_view verb, const toml::node& value,
                                               const std::string& what);
    std::optional<ActionBody> load_fault(std::string_view verb, const toml::node& value,
                                         const std::string& what);
    std::optional<SendAction> load_send(const toml::node& value, const std::string& what);
    std::optional<MessageRef> load_message_ref(const toml::table& t, const std::string& what);
    std::optional<ChangeSettingAction> load_change_setting(const toml::node& value,
                                                           const std::string& what);
    std::optional<LString> load_link(const toml::node& value, std::string_view what);
    std::optional<LString> load_host_ref(const toml::node& value, std::string_view what);
    std::optional<Check> load_check(const toml::node& node, std::string_view what);
    void check_names(const CheckExpr& expr, const toml::node& node);
    bool check_setting(const LString& setting, const LString& device);
    const Device* device_ref(const LString& id);

    Reader& m_r;
    LessonSpec& m_spec;
};

// True when `text` is a name usable in checks: a lower-case letter, then [a-z0-9_].
bool is_identifier(std::string_view text);
// A DNS-ish name: letters, digits, '-' and '.' (RFC 5321 §4.1.2 Domain, without literals).
bool is_domain_name(std::string_view text);

}  // namespace postlab::lesson::detail
