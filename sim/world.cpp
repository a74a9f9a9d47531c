// The World's core: setup, the event loop (events in (time, seq) order, DESIGN.md §3), DNS
// queries (RFC 1035; a round trip to the DNS host), faults and the layer above's call events.
// TCP, TLS and the session driver live in world_tcp.cpp, world_tls.cpp and world_sessions.cpp.
#include "sim/world.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

#include "protocols/core/civil_time.hpp"

namespace postlab::sim {

World::World(std::uint64_t seed, TcpConfig tcp, TimeUs start_us) : m_now_us(start_us), m_rng(seed), m_tcp(tcp) {}

HostId World::add_host(std::string name, std::string_view ipv4, HostKind kind) {
    const HostId id = m_network.add_host(name, ipv4, kind);
    m_dns.add_a(std::move(name), m_network.host(id).ipv4);
    if (kind == HostKind::dns && !m_dns_server.valid()) m_dns_server = id;
    return id;
}

LinkId World::add_link(HostId a, HostId b, TimeUs latency_us, std::uint64_t bandwidth_bps, double loss) {
    return m_network.add_link(a, b, latency_us, bandwidth_bps, loss);
}

std::size_t World::add_store(MailStore store) {
    m_stores.push_back(std::move(store));
    return m_stores.size() - 1;
}

void World::add_listener(Listener listener) {
    m_listeners.add(std::move(listener));
}

void World::add_mail_services(HostId host, std::size_t store) {
    // Every service, in the order the listeners have always been added (ports 25, 587, 465, 110,
    // 143, 995, 993): one definition of each service, in add_mail_service.
    for (const ServiceId service : {ServiceId::smtp, ServiceId::submission, ServiceId::submissions, ServiceId::pop3,
                                    ServiceId::imap, ServiceId::pop3s, ServiceId::imaps}) {
        add_mail_service(host, store, service);
    }
}

bool World::step() {
    auto next = m_scheduler.pop();
    if (!next) return false;
    m_now_us = std::max(m_now_us, next->time_us);
    ++m_steps;
    dispatch(next->event);
    return true;
}

void World::dispatch(const SimEvent& event) {
    std::visit(
        [&](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, SegmentArrival>) on_segment(e.segment);
            else if constexpr (std::is_same_v<T, SessionTimer>) on_session_timer(e);
            else if constexpr (std::is_same_v<T, ConnectTimeout>) on_connect_timeout(e);
            else if constexpr (std::is_same_v<T, Retransmit>) on_retransmit(e);
            else if constexpr (std::is_same_v<T, DnsReply>) on_dns_reply(e.query);
            else if constexpr (std::is_same_v<T, FaultDue>) apply(m_scheduled_faults.at(e.fault));
            else if constexpr (std::is_same_v<T, CallEvent>) m_due_calls.push_back(e);
            else {
                if constexpr (KeepsBusy<T>) {
                    if (m_internal_pending) --m_internal_pending;
                }
                if constexpr (std::is_same_v<T, MtaTake> || std::is_same_v<T, MtaRun>) mta_on(e);
                else if constexpr (std::is_same_v<T, ClientFinished>) on_client_finished(e.conn);
                else if constexpr (std::is_same_v<T, DnsDone>) {
                    mta_on_dns(e.query);
                    app_on_dns(e.query);
                } else if constexpr (std::is_same_v<T, AppTimer>) apps_on_timer(e);
                else if constexpr (std::is_same_v<T, AppReconnect>) apps_on_reconnect(e);
                else static_assert(std::is_same_v<T, ClockDue>);  // only moves the clock
            }
        },
        event);
}

std::size_t World::run_until_time(TimeUs time_us) {
    std::size_t n = 0;
    while (m_scheduler.next_time_us() && *m_scheduler.next_time_us() <= time_us) {
        step();
        ++n;
    }
    m_now_us = std::max(m_now_us, time_us);  // idle time passes too
    return n;
}

std::size_t World::run(std::size_t max_steps) {
    std::size_t n = 0;
    while (n < max_steps && step()) ++n;
    return n;
}

const FinishedClient* World::finished(ConnId id) const {
    for (const auto& f : m_finished) {
        if (f.conn == id) return &f;
    }
    return nullptr;
}

const AnySession* World::session(ConnId id, Side side) const {
    if (id.value >= m_conns.size()) return nullptr;
    const auto& session = m_conns[id.value].end(side).session;
    return session ? &*session : nullptr;
}

std::vector<OutboundMessage> World::take_outbound() { return m_mtas.take_outbound(); }

std::uint32_t World::dns_query(HostId from, DnsType type, std::string name) {
    const auto id = static_cast<std::uint32_t>(m_dns_queries.size());
    TimeUs rtt_us = 0;
    if (m_dns_server.valid()) {
        // RFC 1035 §4.2.1: a query and its answer are one UDP datagram each way (~80 bytes).
        const auto there = m_network.path(from, m_dns_server);
        const auto back = m_network.path(m_dns_server, from);
        if (there && back) rtt_us = m_network.delay_us(*there, 80) + m_network.delay_us(*back, 120);
    }
    TraceEntry e;
    e.kind = TraceKind::dns_query;
    e.from = from;
    e.to = m_dns_server;
    e.protocol = ProtocolId::dns;
    e.to_port = 53;
    e.summary = fmt::format("{} {}?", to_string(type), name);
    e.explain_key = type == DnsType::mx ? "dns.query.mx" : "dns.query.a";
    m_dns_queries.push_back(DnsQuery{from, type, std::move(name), m_now_us, std::nullopt});
    record(std::move(e));
    m_scheduler.schedule(m_now_us + rtt_us, DnsReply{id});
    return id;
}

void World::on_dns_reply(std::uint32_t id) {
    DnsQuery& q = m_dns_queries.at(id);
    q.answer = m_dns.answer(q.type, q.name);
    TraceEntry e;
    e.kind = TraceKind::dns_response;
    e.from = m_dns_server;
    e.to = q.from;
    e.protocol = ProtocolId::dns;
    e.from_port = 53;
    e.summary = q.answer->summary;
    e.explain_key = q.answer->found ? "dns.response" : "dns.response.none";
    record(std::move(e));
    schedule_internal(m_now_us, DnsDone{id});
}

std::string World::describe(const Fault& fault) const {
    return std::visit(
        [&](const auto& f) -> std::string {
            using T = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<T, SetLinkUp>) {
                const Link& l = m_network.link(f.link);
                return fmt::format("link {} - {} {}", m_network.host(l.a).name, m_network.host(l.b).name,
                                   f.up ? "up" : "down");
            } else if constexpr (std::is_same_v<T, SetLinkParams>) {
                return fmt::format("link {}: latency {} us, bandwidth {} bps, loss {}", f.link.value,
                                   f.latency_us, f.bandwidth_bps, f.loss);
            } else if constexpr (std::is_same_v<T, SetPortBlock>) {
                return fmt::format("{}: outbound TCP port {} {}{}", m_network.host(f.rule.router).name,
                                   f.rule.port, f.rule.enabled ? "blocked" : "unblocked",
                                   f.rule.enabled && f.rule.send_rst ? " (answered with RST)" : "");
            } else if constexpr (std::is_same_v<T, SetHostUp>) {
                return fmt::format("host {} {}", m_network.host(f.host).name, f.up ? "up" : "down");
            } else if constexpr (std::is_same_v<T, SetServicesUp>) {
                return fmt::format("services on {} {}", m_network.host(f.host).name,
                                   f.up ? "up" : "down (connections refused)");
            } else if constexpr (std::is_same_v<T, SetCertificateName>) {
                return fmt::format("certificate of {} now names {}", m_network.host(f.host).name, f.name);
            } else {
                return fmt::format("mailbox {} is full: new mail is refused (552)", f.account);
            }
        },
        fault);
}

void World::apply(const Fault& fault) {
    std::visit(
        [&](const auto& f) {
            using T = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<T, SetLinkUp>) {
                m_network.link(f.link).up = f.up;
            } else if constexpr (std::is_same_v<T, SetLinkParams>) {
                Link& l = m_network.link(f.link);
                l.latency_us = f.latency_us;
                l.bandwidth_bps = f.bandwidth_bps;
                l.loss = f.loss;
            } else if constexpr (std::is_same_v<T, SetPortBlock>) {
                if (f.rule.enabled) m_network.set_port_block(f.rule);
                else m_network.clear_port_block(f.rule.router, f.rule.port);
            } else if constexpr (std::is_same_v<T, SetHostUp>) {
                m_network.host(f.host).up = f.up;
            } else if constexpr (std::is_same_v<T, SetServicesUp>) {
                m_network.host(f.host).services_up = f.up;
            } else if constexpr (std::is_same_v<T, SetCertificateName>) {
                m_network.host(f.host).certificate_name = f.name;
            } else if (f.store < m_stores.size()) {
                if (Account* account = m_stores[f.store].account(f.account)) {
                    account->quota_bytes = std::max<std::uint64_t>(1, account->total_size());
                }
            }
        },
        fault);
    TraceEntry e;
    e.kind = TraceKind::fault;
    e.summary = describe(fault);
    e.explain_key = "fault";
    record(std::move(e));
}

void World::schedule_fault(TimeUs at_us, Fault fault) {
    m_scheduled_faults.push_back(std::move(fault));
    m_scheduler.schedule(at_us, FaultDue{static_cast<std::uint32_t>(m_scheduled_faults.size() - 1)});
}

void World::schedule_call(TimeUs at_us, CallEvent call) { m_scheduler.schedule(at_us, call); }

void World::apply(const ClockTick& tick) {
    if (tick.at_us <= m_now_us) return;
    schedule_internal(tick.at_us, ClockDue{});
    // A wait leaves no other trace when nothing happens meanwhile; say that time passes.
    const TimeUs s = (tick.at_us - m_now_us) / 1'000'000;
    std::string span;
    if (s >= 86'400) span += fmt::format("{} d ", s / 86'400);
    if (s % 86'400 >= 3'600) span += fmt::format("{} h ", s % 86'400 / 3'600);
    if (s % 3'600 >= 60) span += fmt::format("{} min ", s % 3'600 / 60);
    if (s % 60 != 0 || span.empty()) span += fmt::format("{} s ", s % 60);
    span.pop_back();
    note(fmt::format("time passes: the clock runs on {} (to {})", span, rfc5322_date(tick.at_us)));
}

std::vector<CallEvent> World::take_due_calls() {
    std::vector<CallEvent> out;
    out.swap(m_due_calls);
    return out;
}

std::string World::trace_text() const {
    std::vector<std::string> names;
    for (const auto& host : m_network.hosts()) names.push_back(host.name);
    return m_trace.to_text(names);
}

void World::note(std::string summary, HostId host, ConnId conn, std::string explain_key) {
    TraceEntry e;
    e.kind = TraceKind::note;
    e.from = host;
    e.conn = conn;
    e.summary = std::move(summary);
    e.explain_key = std::move(explain_key);
    record(std::move(e));
}

void World::record(TraceEntry entry) {
    entry.time_us = m_now_us;
    m_trace.append(std::move(entry));
}

}  // namespace postlab::sim
