// The world's event queue (DESIGN.md §3): events are plain structs in a variant, ordered by
// (time_us, sequence number) so that two events at the same microsecond run in the order they
// were scheduled. A copyable value: a snapshot copies the pending events with the World.
#pragma once

#include <cstdint>
#include <optional>
#include <queue>
#include <variant>
#include <vector>

#include "protocols/core/session.hpp"
#include "sim/ids.hpp"
#include "sim/segment.hpp"

namespace postlab::sim {

struct SegmentArrival {  // a segment reaches the host at the `to` end of its connection
    Segment segment;
};

struct SessionTimer {  // a session's next_deadline_us() passed (stale if generation moved on)
    ConnId conn;
    Side side = Side::client;
    std::uint64_t generation = 0;
};

struct ConnectTimeout {  // the SYN's retransmission timer (RFC 6298 §5, RFC 9293 §3.8.1)
    ConnId conn;
    int attempt = 0;
};

struct Retransmit {  // a sender's retransmission timer expired (RFC 6298 §5.4)
    ConnId conn;
    Side side = Side::client;
    std::uint64_t offset = 0;  // the earliest unacknowledged byte when armed (a marker: SYN-ACK)
    std::uint64_t size = 0;
    int attempt = 0;           // the SYN-ACK's resend count
    std::uint64_t generation = 0;  // stale when the sender's timer was restarted or stopped since
};

struct DnsReply {  // the DNS answer reaches the asking host
    std::uint32_t query = 0;
};

struct FaultDue {  // a fault scheduled for later (World::schedule_fault)
    std::uint32_t fault = 0;
};

// An event the layer above schedules for itself (World::schedule_call): the World only hands it
// back through World::take_due_calls(), so it needs no callbacks. kind, host, conn and arg mean
// what that layer says; the World's own calls are the typed events below.
struct CallEvent {
    std::uint32_t kind = 0;
    HostId host;
    ConnId conn;
    std::uint64_t arg = 0;

    friend bool operator==(const CallEvent&, const CallEvent&) = default;
};

// The World's calls to its own parts. Work events (keeps_busy) are due now: while one is
// pending the world is not quiescent. The others are timers that wait for time to pass.
struct MtaTake {  // a server queued outbound mail: the MTA takes it into its queue
    static constexpr bool keeps_busy = true;
    std::size_t mta = 0;
};

struct MtaRun {  // a retry time came: the MTA tries the items that are due
    std::size_t mta = 0;
};

struct ClientFinished {  // a client connection ended: its MTA or mail app takes the result
    static constexpr bool keeps_busy = true;
    ConnId conn;
};

struct DnsDone {  // a DNS answer arrived: the MTA or mail app that asked goes on
    static constexpr bool keeps_busy = true;
    std::uint32_t query = 0;
};

struct AppTimer {  // a mail app's check interval passed (stale if generation moved on)
    HostId device;
    std::uint64_t generation = 0;
};

struct AppReconnect {  // a push (IDLE) session dropped a minute ago: the app connects again
    HostId device;
};

struct ClockDue {  // World::apply(ClockTick): only moves the clock
};

template <class T>
concept KeepsBusy = T::keeps_busy;

using SimEvent = std::variant<SegmentArrival, SessionTimer, ConnectTimeout, Retransmit, DnsReply, FaultDue, CallEvent,
                              MtaTake, MtaRun, ClientFinished, DnsDone, AppTimer, AppReconnect, ClockDue>;

struct ScheduledEvent {
    TimeUs time_us = 0;
    std::uint64_t seq = 0;
    SimEvent event;
};

class Scheduler {
public:
    void schedule(TimeUs time_us, SimEvent event) {
        m_queue.push(ScheduledEvent{time_us, m_next_seq++, std::move(event)});
    }
    bool empty() const { return m_queue.empty(); }
    std::size_t size() const { return m_queue.size(); }
    std::optional<TimeUs> next_time_us() const {
        if (m_queue.empty()) return std::nullopt;
        return m_queue.top().time_us;
    }
    std::optional<ScheduledEvent> pop() {
        if (m_queue.empty()) return std::nullopt;
        ScheduledEvent top = m_queue.top();
        m_queue.pop();
        return top;
    }
    std::uint64_t scheduled_count() const { return m_next_seq; }

private:
    struct Later {
        bool operator()(const ScheduledEvent& a, const ScheduledEvent& b) const {
            if (a.time_us != b.time_us) return a.time_us > b.time_us;
            return a.seq > b.seq;
        }
    };

    std::priority_queue<ScheduledEvent, std::vector<ScheduledEvent>, Later> m_queue;
    std::uint64_t m_next_seq = 0;
};

}  // namespace postlab::sim
