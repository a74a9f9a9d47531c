// Typed, position-keeping access to a parsed TOML document for the lesson loader: every getter
// reports a wrong type, a missing required key or an unknown key (with "did you mean") as a
// Diagnostic at the exact line:col, and never throws.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "sim/lesson/diagnostic.hpp"
#include "sim/lesson/lesson.hpp"

namespace postlab::lesson::detail {

template <class E>
using Names = std::initializer_list<std::pair<std::string_view, E>>;

class Reader {
public:
    Reader(std::string file, std::string_view text);

    static SourcePos pos(const toml::node& node);
    static SourcePos pos(const toml::key& key);

    void error(SourcePos pos, std::string message, std::string hint = {});
    void warning(SourcePos pos, std::string message, std::string hint = {});
    bool has_errors() const;
    std::vector<Diagnostic> take_diagnostics();
    const std::string& file() const { return m_file; }

    // Reports each key of `table` that is not in `allowed`, suggesting the closest allowed one.
    void check_keys(const toml::table& table, std::string_view what,
                    std::initializer_list<std::string_view> allowed);
    // Reports a missing required key at the table's position.
    void missing(const toml::table& table, std::string_view key, std::string_view what);

    std::optional<LString> text(const toml::table& t, std::string_view key, std::string_view what,
                                bool required);
    std::optional<LInt> integer(const toml::table& t, std::string_view key, std::string_view what,
                                bool required, std::int64_t min_value = 0);
    std::optional<LBool> boolean(const toml::table& t, std::string_view key,
                                 std::string_view what, bool required);
    const toml::table* table(const toml::table& t, std::string_view key, std::string_view what,
                             bool required);
    const toml::array* array(const toml::table& t, std::string_view key, std::string_view what,
                             bool required);
    // A string, or an array of strings; each element keeps its own position.
    std::vector<LString> texts(const toml::table& t, std::string_view key, std::string_view what,
                               bool required);
    std::optional<LString> text_of(const toml::node& node, std::string_view what);

    template <class E>
    std::optional<Located<E>> choice(const toml::table& t, std::string_view key,
                                     std::string_view what, bool required, Names<E> names) {
        const auto value = text(t, key, what, required);
        if (!value) return std::nullopt;
        return choice_of(*value, key, names);
    }
    template <class E>
    std::optional<Located<E>> choice_of(const LString& value, std::string_view key,
                                        Names<E> names) {
        return choice_in<E>(value, key, names);
    }
    // The same over any list of (name, value) pairs, e.g. one built from the protocol registry.
    template <class E, class Pairs>
    std::optional<Located<E>> choice_in(const LString& value, std::string_view key, const Pairs& names) {
        std::vector<std::string_view> spellings;
        for (const auto& [name, e] : names) {
            if (name == value.value) return Located<E>{e, value.pos};
            spellings.push_back(name);
        }
        report_choice(value, key, spellings);
        return std::nullopt;
    }

    // Where byte `offset` of the decoded string `node` was written in the file (check errors).
    SourcePos position_in_string(const toml::node& node, std::size_t offset) const;

private:
    void report_choice(const LString& value, std::string_view key,
                       const std::vector<std::string_view>& spellings);
    const toml::node* typed(const toml::table& t, std::string_view key, std::string_view what,
                            bool required, toml::node_type type);

    std::string m_file;
    std::vector<std::string_view> m_lines;
    std::vector<Diagnostic> m_diagnostics;
};

std::string_view type_name(toml::node_type type);

}  // namespace postlab::lesson::detail
