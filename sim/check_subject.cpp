// Server mailboxes and the trace for lesson checks (lessons/README.md "Checks"). Trace filters
// read the entries the world recorded (command verbs and reply codes as each protocol's framer
// read them, protocols/<name>/framer.*); nothing here parses protocol bytes or re-derives state.
#include "sim/check_subject.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/registry.hpp"
#include "sim/world_builder.hpp"

namespace postlab::sim {
namespace {

using lesson::CheckArg;
using lesson::CheckPath;
using lesson::CheckValue;

std::string arg_text(const CheckArg& arg) {
    if (const auto* s = std::get_if<std::string>(&arg.value)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&arg.value)) return std::to_string(*n);
    return lesson::describe(arg.value);
}

// A command's verb as its framer read it, "UID FETCH" written UID_FETCH as lessons may.
std::string command_word(std::string_view verb) {
    std::string word = ascii_upper(verb);
    for (char& c : word) c = c == ' ' ? '_' : c;
    return word;
}

// The reply's verb as its framer read it: SMTP's three-digit code (RFC 5321 §4.2), POP3's +OK /
// -ERR (RFC 1939 §3), IMAP's status or data word (RFC 9051 §7.1).
bool reply_matches(const TraceEntry& e, const std::string& want) {
    return e.kind == TraceKind::reply && !e.verb.empty() && iequals(e.verb, want);
}

struct Filter {
    std::string name, value;
    std::optional<HostId> host;  // from / to / device / host, resolved
};

bool host_is(const World& world, HostId id, const std::string& name) {
    if (!id.valid() || id.value >= world.network().hosts().size()) return false;
    if (iequals(world.network().host(id).name, name)) return true;
    const auto device = find_device_host(world, name);
    return device && *device == id;
}

bool matches(const World& world, const TraceEntry& e, const Filter& f) {
    if (f.name == "command") {
        if (e.kind != TraceKind::command || e.verb.empty()) return false;
        const std::string want = command_word(f.value);
        const std::string word = command_word(e.verb);
        // RFC 9051 §6.4.9: UID MOVE is MOVE with UIDs, so 'MOVE' matches both forms.
        return word == want || word == "UID_" + want;
    }
    if (f.name == "reply") return reply_matches(e, f.value);
    if (f.name == "from") return host_is(world, e.from, f.value);
    if (f.name == "to") return host_is(world, e.to, f.value);
    if (f.name == "from_port") return std::to_string(e.from_port) == f.value;
    if (f.name == "to_port") return std::to_string(e.to_port) == f.value;
    if (f.name == "device" || f.name == "host") return host_is(world, e.from, f.value) || host_is(world, e.to, f.value);
    if (f.name == "text") return e.summary.find(f.value) != std::string::npos;
    return false;
}

constexpr std::string_view filter_names[] = {"command", "reply", "from", "to", "from_port",
                                             "to_port", "device", "host", "text"};

std::optional<std::vector<Filter>> parse_filters(const World& world, const std::vector<CheckArg>& args,
                                                 std::string& error) {
    std::vector<Filter> filters;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto& arg = args[i];
        bool known = false;
        for (auto name : filter_names) known = known || arg.name == name;
        if (!known) {
            error = arg.name.empty() ? "trace filters are written key = value, e.g. command = 'DELE'"
                                     : fmt::format("unknown trace filter '{}' (known: {})", arg.name,
                                                   fmt::join(filter_names, ", "));
            return std::nullopt;
        }
        Filter f{arg.name, arg_text(arg), std::nullopt};
        const bool names_host = f.name == "from" || f.name == "to" || f.name == "device" || f.name == "host";
        if (names_host && !world.network().find_host(f.value) && !find_device_host(world, f.value)) {
            error = fmt::format("no host or device '{}' in this world", f.value);
            return std::nullopt;
        }
        filters.push_back(std::move(f));
    }
    return filters;
}

struct TraceMatches {
    std::int64_t count = 0;
    std::optional<std::size_t> first;      // index of the first matching entry
    std::optional<std::size_t> preferred;  // the first at or after `prefer_from`
};

// trace.has / trace.count over the trace so far. For smtp/pop3/imap an entry is what was spoken
// (commands, replies, bodies): a connection attempt that never got through has said nothing in
// SMTP. `stop_at_first`: only a check's deciding entry is wanted, so the scan stops at the first
// match from `prefer_from` on (the count is then incomplete).
std::optional<TraceMatches> scan_trace(const World& world, const std::vector<CheckArg>& args, std::string& error,
                                       bool stop_at_first, std::size_t prefer_from = 0) {
    if (args.empty() || !args[0].name.empty()) {
        error = fmt::format("trace.has and trace.count need a protocol first: {}", fmt::join(protocol_names(), ", "));
        return std::nullopt;
    }
    const std::string name = ascii_lower(arg_text(args[0]));
    const auto id = protocol_from_name(name);
    if (!id) {
        error = fmt::format("unknown protocol '{}' (known: {})", name, fmt::join(protocol_names(), ", "));
        return std::nullopt;
    }
    const auto filters = parse_filters(world, args, error);
    if (!filters) return std::nullopt;
    TraceMatches found;
    const bool spoken = descriptor(*id).spoken();
    std::size_t index = 0;
    for (const auto& e : world.trace()) {
        const std::size_t at = index++;
        if (e.protocol != *id) continue;
        if (spoken && e.kind != TraceKind::command && e.kind != TraceKind::reply && e.kind != TraceKind::body) continue;
        bool all = true;
        for (const auto& f : *filters) all = all && matches(world, e, f);
        if (!all) continue;
        ++found.count;
        if (!found.first) found.first = at;
        if (!found.preferred && at >= prefer_from) found.preferred = at;
        if (stop_at_first && found.preferred) break;
    }
    return found;
}

bool is_trace_call(const lesson::CheckNode& node) {
    const auto& segs = node.path.segments;
    return node.kind == lesson::CheckNodeKind::path && segs.size() == 2 && segs[0].name == "trace" &&
           !segs[0].call && segs[1].call && (segs[1].name == "has" || segs[1].name == "count");
}

// The first match from `prefer_from` on (the step's own entries), else the first of all.
std::optional<std::size_t> first_match(const World& world, const lesson::CheckNode& trace_call,
                                       std::size_t prefer_from) {
    std::string error;
    const auto found = scan_trace(world, trace_call.path.segments[1].args, error, true, prefer_from);
    if (!found) return std::nullopt;
    return found->preferred ? found->preferred : found->first;
}

// Walks the check the way lesson::evaluate does and names the trace entry the outcome rests on.
class DecidingEntry {
public:
    DecidingEntry(const World& world, const lesson::CheckExpr& expr, std::size_t prefer_from)
        : m_world(world), m_expr(expr), m_subject(world), m_prefer_from(prefer_from) {}

    // `holds`: the node's outcome as a condition (it evaluated without error).
    std::optional<std::size_t> of(std::size_t index, bool holds) const {
        const auto& node = m_expr.nodes[index];
        switch (node.kind) {
        case lesson::CheckNodeKind::literal: return std::nullopt;
        // trace.has(...) that holds: its first match. `not trace.has(...)` that fails arrives
        // here with holds = true: the offending message.
        case lesson::CheckNodeKind::path:
            return is_trace_call(node) && node.path.segments[1].name == "has" && holds ? first_match(m_world, node, m_prefer_from)
                                                                                    : std::nullopt;
        case lesson::CheckNodeKind::negate: return of(node.children[0], !holds);
        // trace.count(...) == 2, trace.has(...) == false: the first match, if any.
        case lesson::CheckNodeKind::compare:
            for (const auto child : node.children) {
                if (is_trace_call(m_expr.nodes[child])) return first_match(m_world, m_expr.nodes[child], m_prefer_from);
            }
            return std::nullopt;
        case lesson::CheckNodeKind::all_of: return of_chain(node, false);
        case lesson::CheckNodeKind::any_of: return of_chain(node, true);
        }
        return std::nullopt;
    }

private:
    // As lesson::evaluate: the first child whose outcome equals `any` decides the chain; when none
    // does, every child took part and the first that names an entry is shown.
    std::optional<std::size_t> of_chain(const lesson::CheckNode& node, bool any) const {
        for (const auto child : node.children) {
            lesson::CheckExpr sub;  // children come before their parents: a prefix is the subtree
            sub.nodes.assign(m_expr.nodes.begin(), m_expr.nodes.begin() + static_cast<std::ptrdiff_t>(child) + 1);
            const auto outcome = lesson::evaluate(sub, m_subject);
            if (outcome.error) return std::nullopt;
            if (outcome.passed == any) return of(child, outcome.passed);
        }
        for (const auto child : node.children) {
            if (auto entry = of(child, !any)) return entry;
        }
        return std::nullopt;
    }

    const World& m_world;
    const lesson::CheckExpr& m_expr;
    WorldCheckSubject m_subject;
    std::size_t m_prefer_from;
};

}  // namespace

std::optional<std::int64_t> count_trace(const World& world, const std::vector<CheckArg>& args,
                                        std::string& error) {
    const auto found = scan_trace(world, args, error, false);
    if (!found) return std::nullopt;
    return found->count;
}

std::optional<std::size_t> deciding_trace_entry(const World& world, const lesson::CheckExpr& expr,
                                                const lesson::CheckOutcome& outcome, std::size_t prefer_from) {
    if (outcome.error || expr.nodes.empty()) return std::nullopt;
    return DecidingEntry(world, expr, prefer_from).of(expr.nodes.size() - 1, outcome.passed);
}

std::string header_subject(std::string_view message) {
    std::string subject;
    bool in_subject = false;
    std::size_t at = 0;
    while (at < message.size()) {
        auto eol = message.find('\n', at);
        if (eol == std::string_view::npos) eol = message.size();
        std::string_view line = message.substr(at, eol - at);
        if (line.ends_with('\r')) line.remove_suffix(1);
        at = eol + 1;
        if (line.empty()) break;  // RFC 5322 §2.1: the header ends at the first empty line
        if (line[0] == ' ' || line[0] == '\t') {
            if (in_subject) subject += std::string(line);  // RFC 5322 §2.2.3 unfolding
            continue;
        }
        in_subject = istarts_with(line, "subject:");
        if (in_subject) {
            line.remove_prefix(8);
            while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
            subject = std::string(line);
        }
    }
    return subject;
}

std::optional<CheckValue> resolve_folder(const std::vector<CheckMessage>& messages, const CheckPath& path,
                                         std::size_t at, std::string& error) {
    const auto& segs = path.segments;
    if (at >= segs.size()) {
        error = fmt::format("'{}' is a folder: add .count, .unread or .message(N)", path.text);
        return std::nullopt;
    }
    const auto& s = segs[at];
    if (s.name == "count" && !s.call && at + 1 == segs.size()) return static_cast<std::int64_t>(messages.size());
    if (s.name == "unread" && !s.call && at + 1 == segs.size()) {
        std::int64_t n = 0;
        for (const auto& m : messages) {
            bool seen = false;
            for (const auto& f : m.flags) seen = seen || iequals(f, "\\Seen");
            n += seen ? 0 : 1;
        }
        return n;
    }
    if (s.name == "message" && s.call && s.args.size() == 1 && at + 2 == segs.size()) {
        const auto* n = std::get_if<std::int64_t>(&s.args[0].value);
        if (!n || *n < 1) {
            error = "message(N) counts from 1";
            return std::nullopt;
        }
        if (static_cast<std::size_t>(*n) > messages.size()) {
            error = fmt::format("there is no message {} (the folder holds {})", *n, messages.size());
            return std::nullopt;
        }
        const auto& m = messages[static_cast<std::size_t>(*n - 1)];
        if (segs[at + 1].name == "flags") return m.flags;
        if (segs[at + 1].name == "subject") return m.subject;
        error = fmt::format("a message has .flags and .subject, not .{}", segs[at + 1].name);
        return std::nullopt;
    }
    error = fmt::format("'{}': after a folder comes .count, .unread or .message(N).flags / .subject", path.text);
    return std::nullopt;
}

std::optional<CheckValue> WorldCheckSubject::resolve(const CheckPath& path, std::string& error) const {
    if (path.segments.empty()) {
        error = "empty path";
        return std::nullopt;
    }
    const auto& first = path.segments[0];
    if (first.name == "server" && first.call) return resolve_server(path, error);
    if (first.name == "trace" && !first.call) return resolve_trace(path, error);
    return resolve_device(path, error);
}

std::optional<CheckValue> WorldCheckSubject::resolve_server(const CheckPath& path, std::string& error) const {
    const auto& segs = path.segments;
    const auto* address = segs[0].args.size() == 1 ? std::get_if<std::string>(&segs[0].args[0].value) : nullptr;
    if (!address) {
        error = "server(...) takes one account address: server('alice@example.test')";
        return std::nullopt;
    }
    const auto store = store_for_address(m_world, *address);
    const Account* account = store ? m_world.store(*store).account(*address) : nullptr;
    if (!account) {
        error = fmt::format("no account '{}' on any server of this world", *address);
        return std::nullopt;
    }
    std::string folder_name = "INBOX";
    std::size_t at = 1;
    if (segs.size() > 1 && segs[1].name == "inbox" && !segs[1].call) {
        at = 2;
    } else if (segs.size() > 1 && segs[1].name == "folder" && segs[1].call && segs[1].args.size() == 1 &&
               std::holds_alternative<std::string>(segs[1].args[0].value)) {
        folder_name = std::get<std::string>(segs[1].args[0].value);
        at = 2;
    } else {
        error = fmt::format("'{}': a server account has .inbox or .folder('X')", path.text);
        return std::nullopt;
    }
    const Folder* folder = account->folder(folder_name);
    if (!folder) {
        error = fmt::format("{} has no folder '{}'", *address, folder_name);
        return std::nullopt;
    }
    std::vector<CheckMessage> messages;
    for (const auto& m : folder->messages) messages.push_back({m.flags, header_subject(m.data)});
    return resolve_folder(messages, path, at, error);
}

std::optional<CheckValue> WorldCheckSubject::resolve_trace(const CheckPath& path, std::string& error) const {
    const auto& segs = path.segments;
    if (segs.size() != 2 || !segs[1].call || (segs[1].name != "has" && segs[1].name != "count")) {
        error = "the trace answers trace.has(protocol, key = value, ...) and trace.count(...)";
        return std::nullopt;
    }
    const auto n = count_trace(m_world, segs[1].args, error);
    if (!n) return std::nullopt;
    if (segs[1].name == "has") return *n > 0;
    return *n;
}

}  // namespace postlab::sim
