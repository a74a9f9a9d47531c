// The deterministic simulated world (DESIGN.md §1, §3): clock, RNG, scheduler, network, DNS, the
// TCP and TLS models, the protocol sessions on each connection, the domains' MailStores and the
// trace, composed with parts of their own: the listeners (sim/listeners.hpp) and the domains'
// MTAs (sim/mta.hpp). A plain copyable value: no pointers or callbacks inside, so a snapshot is
// a copy and the same setup + seed always gives the same trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocols/core/event.hpp"
#include "protocols/store/mail_store.hpp"
#include "sim/device.hpp"
#include "sim/device_action.hpp"
#include "sim/dns.hpp"
#include "sim/fault.hpp"
#include "sim/listeners.hpp"
#include "sim/mta.hpp"
#include "sim/network.hpp"
#include "sim/rng.hpp"
#include "sim/scheduler.hpp"
#include "sim/sessions.hpp"
#include "sim/tcp.hpp"
#include "sim/trace.hpp"

namespace postlab::sim {

// The clock moves to at_us even when nothing else is scheduled (a lesson's `wait 5m` while every
// device is idle): an event that changes nothing else.
struct ClockTick {
    TimeUs at_us = 0;
};

class World {
public:
    // start_us: the virtual clock's start (microseconds since the Unix epoch), e.g. a lesson's
    // date, so that Date: and INTERNALDATE look real.
    explicit World(std::uint64_t seed = 1, TcpConfig tcp = {}, TimeUs start_us = 0);

    // --- setup ---
    // Adds the host and its A record.
    HostId add_host(std::string name, std::string_view ipv4, HostKind kind);
    LinkId add_link(HostId a, HostId b, TimeUs latency_us, std::uint64_t bandwidth_bps = 0, double loss = 0.0);
    std::size_t add_store(MailStore store);
    void add_listener(Listener listener);
    // 25 relay, 587 submission, 465 submissions, 110/995 POP3, 143/993 IMAP for one store.
    void add_mail_services(HostId host, std::size_t store);
    void set_dns_server(HostId host) { m_dns_server = host; }

    Network& network() { return m_network; }
    const Network& network() const { return m_network; }
    Dns& dns() { return m_dns; }
    const Dns& dns() const { return m_dns; }
    MailStore& store(std::size_t i) { return m_stores.at(i); }
    const MailStore& store(std::size_t i) const { return m_stores.at(i); }
    const std::vector<MailStore>& stores() const { return m_stores; }
    TcpConfig& tcp_config() { return m_tcp; }
    Rng& rng() { return m_rng; }

    // --- running ---
    TimeUs now_us() const { return m_now_us; }
    std::uint64_t steps() const { return m_steps; }       // events processed so far
    bool idle() const { return m_scheduler.empty(); }
    std::optional<TimeUs> next_event_time_us() const { return m_scheduler.next_time_us(); }
    bool step();                                          // false when nothing is pending
    // Events at or before time_us, then the clock moves to time_us. (SimControl positions are
    // event counts; it does not use this.)
    std::size_t run_until_time(TimeUs time_us);
    std::size_t run(std::size_t max_steps = 1'000'000);   // until idle
    template <class Predicate>
    std::size_t run_until(Predicate done, std::size_t max_steps = 1'000'000) {
        std::size_t n = 0;
        while (n < max_steps && !done(static_cast<const World&>(*this)) && step()) ++n;
        return n;
    }

    // --- connections ---
    ConnId connect(ConnectRequest request);
    const Connection& connection(ConnId id) const { return m_conns.at(id.value); }
    const std::vector<Connection>& connections() const { return m_conns; }
    const FinishedClient* finished(ConnId id) const;
    const AnySession* session(ConnId id, Side side) const;  // null before accept / unknown id

    // A user action on a running session (e.g. imap::Client::enqueue, logout): `change` gets the
    // session value (AnySession&), then the driver loop runs as after any call (output, events,
    // TLS, close, timer). False when the connection has ended or that side has no session.
    template <class Change>
    bool update_session(ConnId id, Side side, Change&& change) {
        if (id.value >= m_conns.size()) return false;
        Connection& c = m_conns[id.value];
        Endpoint& e = c.end(side);
        if (is_final(c.state) || !e.session || !e.started) return false;
        change(*e.session);
        after_call(c, side, false);
        if (side == Side::server && c.store) poll_imap(*c.store, c.id);
        return true;
    }

    // Local delivery into a store (what a server does after accepting a message, and what the
    // MTA layer does for relayed mail): traced, and IMAP sessions on the store are polled.
    DeliveryStatus deliver(std::size_t store, std::string_view recipient, std::string message,
                           HostId host = invalid_host, ConnId conn = invalid_conn);
    std::vector<OutboundMessage> take_outbound();

    // --- DNS (RFC 1035): the answer arrives after a round trip to the DNS host ---
    std::uint32_t dns_query(HostId from, DnsType type, std::string name);
    const DnsQuery& dns_query_state(std::uint32_t id) const { return m_dns_queries.at(id); }

    // --- domains, network, devices (world_mta.cpp, world_devices.cpp; DESIGN.md §3) ---
    // Host mail.<name> linked to the ISP router ("isp-mail.<name>"), its MailStore with the
    // users, A + MX records, the listeners of spec.services, the certificate name and the
    // domain's MTA. Returns the MailStore's index.
    std::size_t add_domain(const DomainSpec& spec);
    // Creates the "isp" router and the "dns" host if missing; applies the port-25 block to devices.
    void configure_network(const NetworkSpec& spec);
    void add_device(const DeviceSpec& spec);  // host named <id>, link "<id>-isp"
    std::string apply(const DeviceAction& action);  // empty on success, else why it could not start
    std::vector<DeviceView> devices() const;
    std::optional<DeviceView> device(std::string_view id) const;
    std::optional<std::size_t> store_for_domain(std::string_view domain) const;
    MtaView mta(std::string_view domain) const;
    // Nothing pending except periodic check timers and IDLE sessions (what lessons call "idle"):
    // no open connection other than an idling IMAP client, no DNS query, no MTA queue entry
    // (waiting retries count as pending), no result not yet taken in by an app.
    bool quiescent() const;
    // Additions: one service of a domain host, on its registry port (protocols/registry.hpp).
    void add_mail_service(HostId host, std::size_t store, ServiceId service);
    // "<a>-<b>" with host names, e.g. "laptop-isp", "isp-mail.example.test".
    std::optional<LinkId> find_link(std::string_view name) const;
    std::optional<HostId> isp() const;
    // The ISP's outbound port-25 block for every device (RFC 5068 §3), as a fault value.
    Fault port25_block(bool enabled) const;
    const std::vector<Mta>& mtas() const { return m_mtas.all(); }

    // --- faults and the layer above's own events ---
    void apply(const Fault& fault);
    void schedule_fault(TimeUs at_us, Fault fault);
    void schedule_call(TimeUs at_us, CallEvent call);
    void apply(const ClockTick& tick);  // nothing when at_us is not in the future
    std::vector<CallEvent> take_due_calls();

    const Trace& trace() const { return m_trace; }
    std::string trace_text() const;  // the trace with host names (for `postlab run`)
    // Adds a line to the trace (for the layers above: mail apps, lessons).
    void note(std::string summary, HostId host = invalid_host, ConnId conn = invalid_conn,
              std::string explain_key = {});

private:
    // The World's own events (MtaTake, DnsDone, ...): work events count as pending until handled.
    template <class E>
    void schedule_internal(TimeUs at_us, E event) {
        if constexpr (KeepsBusy<E>) ++m_internal_pending;
        m_scheduler.schedule(at_us, std::move(event));
    }

    enum class SessionOp { start, receive, eof, timer, tls_established, poll };

    void dispatch(const SimEvent& event);
    void on_dns_reply(std::uint32_t id);
    std::string describe(const Fault& fault) const;

    // world_tcp.cpp: segments, handshake, stream, retransmission, close
    void send_segment(Connection& c, Side from, std::uint8_t flags, std::uint64_t offset,
                      std::uint64_t size, bool retransmission);
    void record_segment(const Connection& c, const Segment& s, bool lost, bool retransmission,
                        std::string why);
    void on_segment(const Segment& s);
    void on_syn(Connection& c);
    void on_synack(Connection& c);
    void process_ack(Connection& c, Side me, const Segment& s);
    void process_payload(Connection& c, Side me, const Segment& s);
    void write_stream(Connection& c, Side from, StreamChunk chunk, std::string wire);
    void push_stream(Connection& c, Side from);
    void send_pure_ack(Connection& c, Side from);
    void on_retransmit(const Retransmit& r);
    void on_connect_timeout(const ConnectTimeout& t);
    void deliver(Connection& c, Side me);
    void deliver_eof(Connection& c, Side me);
    void receive_plain(Connection& c, Side me, std::string bytes);
    void check_closed(Connection& c);
    void end_connection(Connection& c, ConnState state, std::string reason);
    void send_rst(Connection& c, Side from, std::string why);
    void fire_rst_from_firewall(Connection& c, TimeUs at_us);

    // world_tls.cpp: the handshake flights and records (RFC 8446 §2)
    void tls_send_client_hello(Connection& c);
    void on_tls_chunk(Connection& c, Side me, const StreamChunk& chunk);
    void tls_fail(Connection& c, Side from, std::uint8_t alert, bool encrypted, std::string reason);
    void on_tls_established(Connection& c, Side me);

    // world_sessions.cpp: the driver loop of protocols/core/session.hpp
    void accept(Connection& c);
    void drive(Connection& c, Side side, SessionOp op, std::string_view bytes = {});
    void after_call(Connection& c, Side side, bool after_timer);
    void send_app_bytes(Connection& c, Side side, std::string bytes);
    void record_frame(const Connection& c, Side side, core::Frame frame);
    void handle_event(Connection& c, Side side, const Event& event);
    void deliver_message(Connection& c, const Event& event);
    void arm_timer(Connection& c, Side side);
    void on_session_timer(const SessionTimer& t);
    void poll_imap(std::size_t store, ConnId except);
    std::uint64_t store_fingerprint(std::size_t store) const;
    void record(TraceEntry entry);

    // world_mta.cpp: the domains' MTAs (sim/mta.hpp), called with the World as their MtaHost
    class MtaKernel;
    void mta_accept(OutboundMessage message);
    void mta_local_failure(std::size_t store, std::string reverse_path, std::string recipient,
                           std::string message, DeliveryStatus status);
    void mta_on(const MtaTake& take);
    void mta_on(const MtaRun& run);
    void mta_on_dns(std::uint32_t query);
    void on_client_finished(ConnId conn);  // to the MTA or mail app that opened the connection

    // world_devices.cpp / mail_app_*.cpp: devices and their mail apps
    MailApp* app(std::string_view id);
    const MailApp* app(std::string_view id) const;
    std::size_t app_index(const MailApp& app) const;
    DeviceView view_of(const MailApp& app) const;
    std::string app_send(MailApp& app, const SendMail& action);
    void app_send_next(MailApp& app);
    void app_sent(MailApp& app, const FinishedClient& f);
    std::string app_check(MailApp& app);
    void app_pop3_done(MailApp& app, const FinishedClient& f);
    void app_imap_done(MailApp& app, const FinishedClient& f);
    std::string app_message_action(MailApp& app, const DeviceAction& action);
    std::string app_imap_action(MailApp& app, imap::PendingAction action);
    std::string app_change_setting(MailApp& app, const ChangeSetting& change);
    void app_go_offline(MailApp& app);
    void app_crash(MailApp& app);
    void app_arm_timer(MailApp& app);
    void app_on_timer(std::size_t index, std::uint64_t generation);
    void apps_on_timer(const AppTimer& timer);
    void apps_on_reconnect(const AppReconnect& reconnect);
    void app_error(MailApp& app, std::string error, bool incoming = false);
    void app_absorb_finished(MailApp& app);
    void app_resolve(MailApp& app, bool incoming);  // from the resolver's cache, else a DNS query
    void app_on_dns(std::uint32_t query);
    std::optional<HostId> app_server(MailApp& app, const DnsQuery& answered, bool incoming);
    void app_connect_incoming(MailApp& app, HostId server);
    void app_connect_outgoing(MailApp& app, HostId server);

    TimeUs m_now_us = 0;
    std::uint64_t m_steps = 0;
    Rng m_rng;
    TcpConfig m_tcp;
    Scheduler m_scheduler;
    Network m_network;
    Dns m_dns;
    HostId m_dns_server;
    std::vector<MailStore> m_stores;
    Listeners m_listeners;
    std::vector<Connection> m_conns;
    std::vector<FinishedClient> m_finished;
    std::vector<DnsQuery> m_dns_queries;
    std::vector<Fault> m_scheduled_faults;
    std::vector<CallEvent> m_due_calls;
    std::uint16_t m_next_port = 0;
    Trace m_trace;
    MtaLayer m_mtas;  // one MTA per add_domain, same index as the domain
    std::vector<MailApp> m_apps;
    std::optional<NetworkSpec> m_net;
    HostId m_isp;
    std::uint64_t m_internal_pending = 0;  // work events due now (KeepsBusy): not quiescent
};

}  // namespace postlab::sim
