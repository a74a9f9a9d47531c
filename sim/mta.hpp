// The domains' MTAs (DESIGN.md §3 "Server hosts"), a part of the World with its own state and
// events: mail a server accepted for other domains is queued, relayed to the recipient domain's
// MX (RFC 5321 §5.1), retried after 4xx or a failed connection (RFC 5321 §4.5.4.1, with
// lesson-friendly short intervals) and bounced after 5xx or when it has waited too long
// (RFC 3464 delivery status notification, simplified).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/session.hpp"
#include "protocols/store/mail_store.hpp"
#include "sim/dns.hpp"
#include "sim/ids.hpp"
#include "sim/scheduler.hpp"

namespace postlab::sim {

struct ConnectRequest;  // sim/tcp.hpp
struct FinishedClient;

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

// A message a server accepted for a domain it does not hold (the MTA layer relays it).
struct OutboundMessage {
    std::size_t store = 0;
    ConnId conn;
    std::string reverse_path;
    std::string recipient;
    std::string message;
    TimeUs accepted_us = 0;
};

// What the MTAs ask of the world around them: the kernel's clock, trace and scheduler, the
// network's host names, DNS, TCP and the domains' stores. World lends itself for the length of
// one call (world_mta.cpp); the MTAs keep no pointer, so they stay a copyable value.
class MtaHost {
public:
    virtual TimeUs now_us() const = 0;
    virtual void note(std::string summary, HostId host, ConnId conn) = 0;
    virtual void schedule(TimeUs at_us, MtaTake take) = 0;
    virtual void schedule(TimeUs at_us, MtaRun run) = 0;
    virtual const std::string& host_name(HostId host) const = 0;
    virtual std::optional<HostId> find_host(std::string_view name) const = 0;
    virtual bool is_local_domain(std::size_t store, std::string_view domain) const = 0;
    // The answer comes back through MtaLayer::on_dns, the connection's end through on_finished.
    virtual std::uint32_t dns_query(HostId from, DnsType type, std::string name) = 0;
    virtual ConnId connect(ConnectRequest request) = 0;
    virtual void deliver(std::size_t store, std::string_view recipient, std::string message, HostId host) = 0;

protected:
    ~MtaHost() = default;
};

// Every domain's MTA, by index (the same index as the domain). Events in: MtaTake, MtaRun, DNS
// answers and finished client connections; everything else goes through the MtaHost.
class MtaLayer {
public:
    std::size_t add(std::string domain, std::size_t store, HostId host);  // the MTA's index
    const std::vector<Mta>& all() const { return m_mtas; }
    bool empty() const { return m_mtas.empty(); }
    bool queues_empty() const;  // waiting retries count as queued
    std::optional<std::size_t> find(std::string_view domain) const;  // case-insensitive
    MtaView view(std::string_view domain) const;  // empty domain: no such MTA

    // A server accepted mail for a domain its store does not hold: the store's MTAs take it.
    void accept(MtaHost& host, OutboundMessage message);
    std::vector<OutboundMessage> take_outbound();  // what no MTA took (a world without domains)
    // A message accepted for a local mailbox could not be delivered: RFC 5321 §6.1, bounce it.
    void local_failure(MtaHost& host, std::size_t store, std::string reverse_path, std::string recipient,
                       std::string message, DeliveryStatus status);

    void on(MtaHost& host, const MtaTake& take);
    void on(MtaHost& host, const MtaRun& run);
    void on_dns(MtaHost& host, std::uint32_t query, const DnsQuery& answered);
    bool on_finished(MtaHost& host, const FinishedClient& finished);  // false: not an MTA's connection

private:
    void start_attempt(MtaHost& host, std::size_t mta, std::size_t item);
    void finished(MtaHost& host, std::size_t mta, std::size_t item, const FinishedClient& f);
    void retry_or_bounce(MtaHost& host, std::size_t mta, std::size_t item, std::string reply, bool permanent);
    void bounce(MtaHost& host, std::size_t mta, const MtaItem& item, std::string_view reason, bool permanent);

    std::vector<Mta> m_mtas;
    std::vector<OutboundMessage> m_outbound;  // accepted, not yet taken into a queue
};

// A delivery status notification for `item` (RFC 3464 §2 shape, simplified: multipart/report
// with a human-readable part and a message/delivery-status part, no returned content).
std::string make_bounce(const MtaItem& item, std::string_view reporting_host, std::string_view reason,
                        TimeUs now_us, bool permanent);

}  // namespace postlab::sim
