// The lesson check language's view of a World (lessons/README.md "Checks"): device mail apps,
// server mailboxes and the trace, answering lesson::CheckSubject::resolve. Trace counts are over
// the whole run so far.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/lesson/check_expr.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

// One message as checks see it, on a device or on a server.
struct CheckMessage {
    std::vector<std::string> flags;
    std::string subject;
};

class WorldCheckSubject final : public lesson::CheckSubject {
public:
    explicit WorldCheckSubject(const World& world) : m_world(world) {}
    std::optional<lesson::CheckValue> resolve(const lesson::CheckPath& path,
                                              std::string& error) const override;

private:
    std::optional<lesson::CheckValue> resolve_server(const lesson::CheckPath& path, std::string& error) const;
    std::optional<lesson::CheckValue> resolve_trace(const lesson::CheckPath& path, std::string& error) const;
    std::optional<lesson::CheckValue> resolve_device(const lesson::CheckPath& path, std::string& error) const;

    const World& m_world;
};

// `.count`, `.unread`, `.message(N).flags`, `.message(N).subject` over a folder's messages,
// starting at segment `at` of the path (the one after `folder('X')` / `inbox`).
std::optional<lesson::CheckValue> resolve_folder(const std::vector<CheckMessage>& messages,
                                                 const lesson::CheckPath& path, std::size_t at,
                                                 std::string& error);

// The Subject: of an RFC 5322 message, unfolded (RFC 5322 §2.2.3); "" when it has none.
std::string header_subject(std::string_view message);

// trace.has / trace.count: how many entries match the protocol and filters (error: bad filter).
std::optional<std::int64_t> count_trace(const World& world, const std::vector<lesson::CheckArg>& args,
                                        std::string& error);

// The trace index of the message a check's outcome rests on, for the GUI to show: for
// `trace.has(...)` that holds, its first matching entry; for `not trace.has(...)` that fails, the
// first entry that matched (the offending message); for a comparison with `trace.count(...)` (or
// trace.has), its first matching entry if any. "First" prefers entries from `prefer_from` on (the
// step's own, as the trainer just saw them) over earlier ones. `and` / `or` follow the child that decided them.
// Nothing for checks of devices and mailboxes, nor for an outcome that is an error. `outcome` is
// lesson::evaluate(expr, WorldCheckSubject(world)).
std::optional<std::size_t> deciding_trace_entry(const World& world, const lesson::CheckExpr& expr,
                                                const lesson::CheckOutcome& outcome, std::size_t prefer_from = 0);

}  // namespace postlab::sim
