// The lesson check language's view of a World (lessons/README.md "Checks"): device mail apps,
// server mailboxes and the trace, answering lesson::CheckSubject::resolve. Trace counts are over
// the whole run so far.
#pragma once

#include <cstdint>
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

}  // namespace postlab::sim
