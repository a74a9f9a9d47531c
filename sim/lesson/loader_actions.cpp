// Actions of a lesson (lessons/README.md "Actions and faults"): the `do` entries of a step, the
// [[fault]] tables applied at the start, and the check expressions with the names they refer to.
#include <fmt/format.h>

#include "protocols/registry.hpp"
#include "sim/lesson/loader_impl.hpp"

namespace postlab::lesson::detail {
namespace {

constexpr std::string_view k_user_verbs[] = {
    "send", "check_mail", "read", "flag", "unflag", "move", "delete", "create_folder",
    "go_offline", "go_online", "crash", "change_setting"};
constexpr std::string_view k_fault_verbs[] = {
    "link_down", "link_up", "latency", "bandwidth", "block_port_25", "unblock_port_25",
    "server_down", "server_up", "certificate_mismatch", "wrong_password", "over_quota", "wait"};
constexpr std::string_view k_trace_filters[] = {"command", "reply", "from", "to", "from_port",
                                                "to_port", "device", "host", "text"};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view word) {
    for (auto w : list) {
        if (w == word) return true;
    }
    return false;
}

}  // namespace

void LessonLoader::load_faults(const toml::table& root) {
    const auto* list = m_r.array(root, "fault", "the lesson file", false);
    if (!list) return;
    for (const auto& node : *list) {
        const auto* t = node.as_table();
        if (!t) {
            m_r.error(Reader::pos(node), "each fault must be a [[fault]] table");
            continue;
        }
        if (auto a = load_action(*t, true)) m_spec.faults.push_back(std::move(*a));
    }
}

namespace {

// The one verb of an action table (and its device), reporting unknown and doubled verbs.
struct VerbLookup {
    const toml::key* verb = nullptr;
    const toml::node* value = nullptr;
    const toml::node* device = nullptr;
    bool bad = false;
};

bool later(const toml::key& a, const toml::key& b) {
    const auto pa = Reader::pos(a);
    const auto pb = Reader::pos(b);
    return pa.line > pb.line || (pa.line == pb.line && pa.column > pb.column);
}

VerbLookup find_verb(Reader& r, const toml::table& t) {
    std::vector<std::string_view> known{"device"};
    for (auto v : k_user_verbs) known.push_back(v);
    for (auto v : k_fault_verbs) known.push_back(v);
    VerbLookup found;
    for (const auto& [key, node] : t) {
        if (key.str() == "device") {
            found.device = &node;
            continue;
        }
        if (!contains(k_user_verbs, key.str()) && !contains(k_fault_verbs, key.str())) {
            const auto guess = closest(key.str(), known);
            r.error(Reader::pos(key), fmt::format("unknown action \"{}\"", key.str()),
                    guess.empty() ? "see lessons/README.md for the actions"
                                  : fmt::format("did you mean {}?", guess));
            found.bad = true;
            continue;
        }
        if (found.verb) {
            // Keys iterate sorted by name; report the one written second.
            const auto& second = later(key, *found.verb) ? key : *found.verb;
            r.error(Reader::pos(second), fmt::format("one action per entry, but \"{}\" and \"{}\" "
                                                     "are both here", found.verb->str(), key.str()),
                    "split them into two entries; they run in order");
            found.bad = true;
            continue;
        }
        found.verb = &key;
        found.value = &node;
    }
    return found;
}

}  // namespace

std::optional<Action> LessonLoader::load_action(const toml::table& t, bool faults_only) {
    const auto [verb, value, device, bad] = find_verb(m_r, t);
    if (bad) return std::nullopt;
    const char* where = faults_only ? "a [[fault]]" : "an action";
    if (!verb) {
        m_r.error(Reader::pos(t), fmt::format("{} needs a verb", where),
                  faults_only ? "e.g. server_down = \"mail.example.test\""
                              : "e.g. { device = \"laptop\", check_mail = true }");
        return std::nullopt;
    }
    Action action;
    action.verb = std::string(verb->str());
    action.pos = Reader::pos(t);
    const bool user = contains(k_user_verbs, verb->str());
    const std::string what = fmt::format("\"{}\"", verb->str());
    if (user && faults_only) {
        m_r.error(Reader::pos(*verb), fmt::format("{} is a user action, not a fault", what),
                  "put it in a step: do = [{ device = \"...\", ... }]");
        return std::nullopt;
    }
    if (user && !device) {
        m_r.error(Reader::pos(*verb), fmt::format("the action {} needs a device", what),
                  fmt::format("write {{ device = \"laptop\", {} = ... }}", verb->str()));
        return std::nullopt;
    }
    if (!user && device) {
        m_r.error(Reader::pos(*device), fmt::format("{} is a fault of the world; it takes no device",
                                                    what),
                  "remove device = ...; the fault names its target itself");
        return std::nullopt;
    }
    if (device) {
        auto id = m_r.text_of(*device, "device");
        if (!id || !device_ref(*id)) return std::nullopt;
        action.device = *id;
    }
    auto body = user ? load_user_action(verb->str(), *value, what) : load_fault(verb->str(), *value, what);
    if (!body) return std::nullopt;
    action.body = std::move(*body);
    if (auto* change = std::get_if<ChangeSettingAction>(&action.body)) {
        if (!check_setting(change->setting, action.device)) return std::nullopt;
    }
    return action;
}

std::optional<Check> LessonLoader::load_check(const toml::node& node, std::string_view what) {
    auto text = m_r.text_of(node, what);
    if (!text) return std::nullopt;
    auto parsed = parse_check(text->value);
    if (!parsed.expr) {
        m_r.error(m_r.position_in_string(node, parsed.error.offset),
                  fmt::format("in {}: {}", what, parsed.error.message), parsed.error.hint);
        return std::nullopt;
    }
    check_names(*parsed.expr, node);
    return Check{*text, std::move(*parsed.expr)};
}

// The first name of a path is a device id, server('<address>') or trace; anything else is a
// typo the trainer should see now rather than when the lesson runs.
void LessonLoader::check_names(const CheckExpr& expr, const toml::node& node) {
    for (const auto* path : expr.paths()) {
        const auto& root = path->segments.front();
        const auto at = [&](std::size_t offset) { return m_r.position_in_string(node, offset); };
        if (m_spec.find_device(root.name)) continue;
        if (root.name == "server") {
            const bool one_text = root.args.size() == 1 && !root.args[0].symbol &&
                                  root.args[0].name.empty() &&
                                  std::holds_alternative<std::string>(root.args[0].value);
            if (!one_text) {
                m_r.error(at(root.offset), "server(...) takes one account address",
                          "e.g. server('alice@example.test').folder('INBOX').count");
            } else if (const auto& address = std::get<std::string>(root.args[0].value);
                       !m_spec.find_account(address)) {
                m_r.error(at(root.args[0].offset), fmt::format("no account \"{}\"", address),
                          "accounts come from users of each [[domain]]");
            }
            continue;
        }
        if (root.name == "trace") {
            if (path->segments.size() < 2 || (path->segments[1].name != "has" &&
                                              path->segments[1].name != "count")) {
                m_r.error(at(root.offset), "trace is used as trace.has(...) or trace.count(...)");
                continue;
            }
            const auto& call = path->segments[1];
            for (std::size_t i = 0; i < call.args.size(); ++i) {
                const auto& arg = call.args[i];
                if (i == 0 && arg.name.empty()) {
                    const auto* word = std::get_if<std::string>(&arg.value);
                    if (!arg.symbol || !word || !protocol_from_name(*word) || word->empty()) {
                        m_r.error(at(arg.offset), "the first argument of trace is a protocol",
                                  fmt::format("one of {}", fmt::join(protocol_names(), ", ")));
                    }
                } else if (!contains(k_trace_filters, arg.name)) {
                    std::vector<std::string_view> names(std::begin(k_trace_filters), std::end(k_trace_filters));
                    const auto guess = closest(arg.name, names);
                    m_r.error(at(arg.offset), arg.name.empty()
                                                  ? std::string("trace filters are named: key = value")
                                                  : fmt::format("unknown trace filter \"{}\"", arg.name),
                              guess.empty() ? "filters: command, reply, from, to, from_port, to_port, device, host, text"
                                            : fmt::format("did you mean {}?", guess));
                }
            }
            continue;
        }
        std::vector<std::string_view> names{"server", "trace"};
        for (const auto& d : m_spec.devices) names.push_back(d.id.value);
        const auto guess = closest(root.name, names);
        m_r.error(at(root.offset), fmt::format("unknown name \"{}\" in a check", root.name),
                  guess.empty() ? "a check starts with a device id, server('<address>') or trace"
                                : fmt::format("did you mean {}?", guess));
    }
}

}  // namespace postlab::lesson::detail
