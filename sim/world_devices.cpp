// Devices in the World (DESIGN.md §3 "Devices and mail apps"): the ISP router and DNS host, a
// host and an access link per device, the port-25 block on the access network (RFC 5068 §3),
// user actions dispatched to the device's mail app, the views the UI and checks read, and
// "quiescent" (what lessons call idle). The app's protocol work is in mail_app_*.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <type_traits>

#include "protocols/core/text.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

std::string device_ip(std::size_t index) {
    // Devices in 192.0.2.0/24 (RFC 5737), then in the benchmarking range 198.18.0.0/15.
    if (index < 200) return fmt::format("192.0.2.{}", 20 + index);
    return fmt::format("198.18.{}.{}", index / 250, index % 250 + 1);
}

}  // namespace

void World::configure_network(const NetworkSpec& spec) {
    m_net = spec;
    if (!m_isp.valid()) {
        if (const auto existing = m_network.find_host("isp")) {
            m_isp = *existing;
        } else {
            m_isp = add_host("isp", "198.51.100.1", HostKind::router);
        }
        if (!m_dns_server.valid()) {
            const HostId dns = add_host("dns", "198.51.100.53", HostKind::dns);
            add_link(m_isp, dns, 2'000);
        }
    }
    for (const auto& a : m_apps) {
        Link& l = m_network.link(a.link);
        l.latency_us = spec.latency_us;
        l.bandwidth_bps = spec.bandwidth_bps;
    }
    const Fault block = port25_block(spec.isp_blocks_port_25);
    const auto& rule = std::get<SetPortBlock>(block).rule;
    if (rule.enabled) m_network.set_port_block(rule);
    else m_network.clear_port_block(rule.router, rule.port);
}

std::optional<HostId> World::isp() const {
    if (m_isp.valid()) return m_isp;
    return std::nullopt;
}

Fault World::port25_block(bool enabled) const {
    PortBlockRule rule;
    rule.router = m_isp;
    rule.port = 25;
    rule.enabled = enabled;
    // Only the ISP's customers: the servers behind the same router relay unhindered.
    for (const auto& a : m_apps) rule.sources.push_back(a.host);
    if (rule.sources.empty()) rule.sources.push_back(invalid_host);  // empty would mean everyone
    return SetPortBlock{rule};
}

void World::add_device(const DeviceSpec& spec) {
    if (!m_isp.valid()) configure_network(m_net.value_or(NetworkSpec{}));
    MailApp a;
    a.spec = spec;
    a.host = add_host(spec.id, device_ip(m_apps.size()), HostKind::device);
    a.link = add_link(a.host, m_isp, m_net->latency_us, m_net->bandwidth_bps);  // "<id>-isp"
    m_apps.push_back(std::move(a));
    if (m_net->isp_blocks_port_25) m_network.set_port_block(std::get<SetPortBlock>(port25_block(true)).rule);
    app_arm_timer(m_apps.back());
}

std::optional<LinkId> World::find_link(std::string_view name) const {
    for (const auto& l : m_network.links()) {
        const std::string& a = m_network.host(l.a).name;
        const std::string& b = m_network.host(l.b).name;
        if (iequals(name, a + "-" + b) || iequals(name, b + "-" + a)) return l.id;
    }
    return std::nullopt;
}

MailApp* World::app(std::string_view id) {
    for (auto& a : m_apps) {
        if (a.spec.id == id) return &a;
    }
    return nullptr;
}

const MailApp* World::app(std::string_view id) const {
    for (const auto& a : m_apps) {
        if (a.spec.id == id) return &a;
    }
    return nullptr;
}

std::size_t World::app_index(const MailApp& a) const { return static_cast<std::size_t>(&a - m_apps.data()); }

std::vector<DeviceView> World::devices() const {
    std::vector<DeviceView> out;
    for (const auto& a : m_apps) out.push_back(view_of(a));
    return out;
}

std::optional<DeviceView> World::device(std::string_view id) const {
    if (const MailApp* a = app(id)) return view_of(*a);
    return std::nullopt;
}

std::string World::apply(const DeviceAction& action) {
    MailApp* a = app(device_of(action));
    if (!a) return fmt::format("unknown device '{}'", device_of(action));
    app_absorb_finished(*a);
    // A crash gets a key of its own: the views mark the device, the inspector explains the loss.
    note(sim::describe(action), a->host, invalid_conn,
         std::holds_alternative<CrashDevice>(action) ? "device.crash" : "");
    return std::visit(
        [&](const auto& act) -> std::string {
            using T = std::decay_t<decltype(act)>;
            if constexpr (std::is_same_v<T, SendMail>) {
                return app_send(*a, act);
            } else if constexpr (std::is_same_v<T, CheckMail>) {
                return app_check(*a);
            } else if constexpr (std::is_same_v<T, GoOffline>) {
                app_go_offline(*a);
                return {};
            } else if constexpr (std::is_same_v<T, GoOnline>) {
                if (a->online) return {};
                a->online = true;
                m_network.link(a->link).up = true;
                app_send_next(*a);
                // A mail app syncs when the network comes back (if it checks by itself at all).
                if (a->spec.incoming && (a->spec.incoming->push || a->spec.incoming->check_interval_minutes > 0)) {
                    app_check(*a);
                }
                return {};
            } else if constexpr (std::is_same_v<T, CrashDevice>) {
                app_crash(*a);
                return {};
            } else if constexpr (std::is_same_v<T, ChangeSetting>) {
                return app_change_setting(*a, act);
            } else if constexpr (std::is_same_v<T, SetPassword>) {
                a->spec.password = act.password;
                return {};
            } else {
                return app_message_action(*a, action);
            }
        },
        action);
}

void World::app_absorb_finished(MailApp& a) {
    // A connection that ended in this same instant has its result still on the way (a
    // ClientFinished event); take it now, or a new session would start from stale state.
    for (const ConnId id : {a.incoming_conn, a.outgoing_conn}) {
        if (id.valid() && is_final(m_conns.at(id.value).state)) on_client_finished(id);
    }
}

void World::app_error(MailApp& a, std::string error, bool incoming) {
    if (!error.empty()) note(fmt::format("{}: {}", a.spec.id, error), a.host);
    a.last_error = std::move(error);
    a.error_from_incoming = incoming;
}

void World::app_resolve(MailApp& a, bool incoming) {
    const std::string& name = incoming ? a.spec.incoming->host : a.spec.outgoing->host;
    for (const auto& r : a.resolved) {
        if (r.name != name || r.expires_us <= m_now_us) continue;
        if (incoming) app_connect_incoming(a, r.host);
        else app_connect_outgoing(a, r.host);
        return;
    }
    (incoming ? a.incoming_dns : a.outgoing_dns) = dns_query(a.host, DnsType::a, name);
}

void World::app_on_dns(std::uint32_t query) {
    const DnsQuery q = m_dns_queries.at(query);  // a copy: app_check may ask again and grow the list
    for (auto& a : m_apps) {
        // The settings may have changed while the lookup ran: then look up the new name.
        if (a.incoming_dns == query) {
            a.incoming_dns.reset();
            if (!a.online || !a.spec.incoming) continue;
            if (a.spec.incoming->host != q.name) app_check(a);
            else if (const auto server = app_server(a, q, true)) app_connect_incoming(a, *server);
        }
        if (a.outgoing_dns == query) {
            a.outgoing_dns.reset();
            if (!a.online || a.outbox.empty() || !a.spec.outgoing) continue;
            if (a.spec.outgoing->host != q.name) app_send_next(a);
            else if (const auto server = app_server(a, q, false)) app_connect_outgoing(a, *server);
        }
    }
}

std::optional<HostId> World::app_server(MailApp& a, const DnsQuery& q, bool incoming) {
    const auto host = q.answer && q.answer->found ? m_network.find_host(q.name) : std::nullopt;
    if (!host) {
        // RFC 1035 §4.1.1: NXDOMAIN; what a mail app shows when the server name is mistyped.
        const std::string error = fmt::format("cannot resolve host '{}' (DNS: no such name)", q.name);
        if (!incoming && !a.outbox.empty()) a.outbox.front().last_error = error;
        app_error(a, error, incoming);
        return host;
    }
    std::erase_if(a.resolved, [&](const ResolvedName& r) { return r.name == q.name || r.expires_us <= m_now_us; });
    a.resolved.push_back(ResolvedName{q.name, *host, m_now_us + Dns::ttl_us});
    return host;
}

void World::app_arm_timer(MailApp& a) {
    ++a.timer_generation;
    if (!a.spec.incoming || a.spec.incoming->check_interval_minutes <= 0) return;
    const TimeUs every = TimeUs{a.spec.incoming->check_interval_minutes} * 60'000'000;
    schedule_internal(m_now_us + every, AppTimer{a.host, a.timer_generation});
}

void World::app_on_timer(std::size_t index, std::uint64_t generation) {
    MailApp& a = m_apps[index];
    if (generation != a.timer_generation) return;  // settings changed since: a newer timer runs
    if (a.online) {
        app_send_next(a);
        if (!a.incoming_conn.valid()) app_check(a);
    }
    app_arm_timer(m_apps[index]);
}

void World::apps_on_timer(const AppTimer& timer) {
    for (std::size_t i = 0; i < m_apps.size(); ++i) {
        if (m_apps[i].host == timer.device) app_on_timer(i, timer.generation);
    }
}

void World::apps_on_reconnect(const AppReconnect& reconnect) {
    for (auto& a : m_apps) {
        const bool push =
            a.spec.incoming && a.spec.incoming->protocol == IncomingProtocol::imap && a.spec.incoming->push;
        if (a.host == reconnect.device && a.online && push && !a.incoming_conn.valid()) app_check(a);
    }
}

void World::app_go_offline(MailApp& a) {
    if (!a.online) return;
    a.online = false;
    a.incoming_dns.reset();  // its answer will find nobody waiting
    a.outgoing_dns.reset();
    m_network.link(a.link).up = false;
    // Offline: the app's connections are gone at once; what the IMAP session had is kept.
    for (ConnId* id : {&a.incoming_conn, &a.outgoing_conn}) {
        if (!id->valid()) continue;
        Connection& c = m_conns.at(id->value);
        if (!is_final(c.state)) end_connection(c, ConnState::reset, fmt::format("{} went offline", a.spec.id));
    }
}

void World::app_crash(MailApp& a) {
    // The connections die with the app; their results must not come back into the new state.
    for (ConnId* id : {&a.incoming_conn, &a.outgoing_conn}) {
        if (!id->valid()) continue;
        Connection& c = m_conns.at(id->value);
        *id = invalid_conn;
        if (!is_final(c.state)) end_connection(c, ConnState::reset, fmt::format("{} crashed", a.spec.id));
    }
    a.incoming_dns.reset();
    a.outgoing_dns.reset();
    a.resolved.clear();
    a.local.clear();
    a.known.clear();
    a.cache = {};
    a.queue.clear();
    a.outbox.clear();
    a.check_again = false;
    a.last_error.clear();
}

bool World::quiescent() const {
    if (m_internal_pending) return false;
    for (const auto& q : m_dns_queries) {
        if (!q.answer) return false;
    }
    if (!m_mtas.queues_empty()) return false;
    for (const auto& c : m_conns) {
        if (is_final(c.state)) continue;
        const Endpoint& client = c.end(Side::client);
        const auto* imap = client.session ? std::get_if<imap::Client>(&*client.session) : nullptr;
        if (!imap || !imap->idling()) return false;
        for (const auto& e : c.ends) {
            if (e.tx_acked < e.tx.size() || e.fin_pending) return false;
        }
    }
    return true;
}

}  // namespace postlab::sim
