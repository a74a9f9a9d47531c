// The per-domain MTA (DESIGN.md §3 "Server hosts"): mail a server accepted for other domains is
// queued, relayed to the recipient domain's MX (RFC 5321 §5.1), retried after 4xx or a failed
// connection (RFC 5321 §4.5.4.1, with lesson-friendly short intervals) and bounced after 5xx or
// when it has waited too long (RFC 3464 delivery status notification, simplified).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/core/session.hpp"
#include "sim/ids.hpp"

namespace postlab::sim {

// RFC 5321 §4.5.4.1 asks real MTAs to wait at least 30 minutes between retries and to keep
// trying for 4-5 days. A lesson cannot wait that long, so the simulated MTA retries after
// 1, 5, 15, 30, 60 minutes and gives up after 4 hours (said in the trace note too).
inline constexpr TimeUs mta_retry_us[] = {60'000'000LL, 300'000'000LL, 900'000'000LL, 1'800'000'000LL,
                                          3'600'000'000LL};
inline constexpr TimeUs mta_give_up_us = 4LL * 3600 * 1'000'000;

enum class MtaStage { waiting, resolving, connecting };

struct MtaItem {
    std::uint64_t id = 0;
    std::string reverse_path;
    std::string recipient;
    std::string message;
    std::string message_id;
    int attempts = 0;
    TimeUs queued_us = 0;
    TimeUs next_try_us = 0;
    std::string last_reply;
    MtaStage stage = MtaStage::waiting;
    std::uint32_t dns_query = 0;
    ConnId conn = invalid_conn;
};

struct Mta {
    std::string domain;
    std::size_t store = 0;
    HostId host;
    std::vector<MtaItem> queue;
    std::uint64_t next_id = 1;
    std::size_t relayed = 0;
    std::size_t bounces_sent = 0;
    std::size_t bounces_dropped = 0;  // bounces that failed: RFC 5321 §4.5.5, no bounce of a bounce
};

struct MtaQueueEntry {
    std::string message_id;
    std::string reverse_path;
    std::string recipient;
    int attempts = 0;
    TimeUs queued_us = 0;
    TimeUs next_try_us = 0;
    std::string last_reply;
    MtaStage stage = MtaStage::waiting;
};

struct MtaView {
    std::string domain;  // empty: no such domain
    std::vector<MtaQueueEntry> queue;
    std::size_t relayed = 0;
    std::size_t bounces_sent = 0;
    std::size_t bounces_dropped = 0;
};

// A delivery status notification for `item` (RFC 3464 §2 shape, simplified: multipart/report
// with a human-readable part and a message/delivery-status part, no returned content).
std::string make_bounce(const MtaItem& item, std::string_view reporting_host, std::string_view reason,
                        TimeUs now_us, bool permanent);

}  // namespace postlab::sim
