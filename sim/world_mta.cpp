// Mail domains in the World (DESIGN.md §3 "Server hosts"): the host mail.<domain> with its
// MailStore, A + MX records (RFC 1035 §3.3.9) and listeners, and the domain's MTA (sim/mta.hpp),
// to which this file lends the World as its MtaHost: clock, trace, scheduler, DNS, TCP, stores.
#include <fmt/format.h>

#include <algorithm>

#include "protocols/core/text.hpp"
#include "protocols/registry.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

// The World as the MTAs see it, for the length of one call.
class World::MtaKernel final : public MtaHost {
public:
    explicit MtaKernel(World& world) : m_world(world) {}

    TimeUs now_us() const override { return m_world.m_now_us; }
    void note(std::string summary, HostId host, ConnId conn) override { m_world.note(std::move(summary), host, conn); }
    void schedule(TimeUs at_us, MtaTake take) override { m_world.schedule_internal(at_us, take); }
    void schedule(TimeUs at_us, MtaRun run) override { m_world.schedule_internal(at_us, run); }
    const std::string& host_name(HostId host) const override { return m_world.m_network.host(host).name; }
    std::optional<HostId> find_host(std::string_view name) const override { return m_world.m_network.find_host(name); }
    bool is_local_domain(std::size_t store, std::string_view domain) const override {
        return m_world.m_stores.at(store).is_local_domain(domain);
    }
    std::uint32_t dns_query(HostId from, DnsType type, std::string name) override {
        return m_world.dns_query(from, type, std::move(name));
    }
    ConnId connect(ConnectRequest request) override { return m_world.connect(std::move(request)); }
    void deliver(std::size_t store, std::string_view recipient, std::string message, HostId host) override {
        m_world.deliver(store, recipient, std::move(message), host);
    }

private:
    World& m_world;
};

void World::add_mail_service(HostId host, std::size_t store, ServiceId service) {
    const ServiceDescriptor& d = descriptor(service);
    add_listener({host, d.port, server_session(service, m_network.host(host).name), store, d.implicit_tls});
}

std::size_t World::add_domain(const DomainSpec& spec) {
    if (!m_isp.valid()) configure_network(m_net.value_or(NetworkSpec{}));
    const std::size_t index = m_mtas.all().size();
    const std::string host_name = "mail." + spec.name;
    // Address plan: servers in 203.0.113.0/24 (RFC 5737 documentation range).
    const std::string ip = index < 200 ? fmt::format("203.0.113.{}", 10 + index)
                                       : fmt::format("198.18.{}.{}", 100 + index / 250, index % 250 + 1);
    const HostId host = add_host(host_name, ip, HostKind::server);
    if (!spec.certificate_name.empty()) m_network.host(host).certificate_name = spec.certificate_name;
    add_link(m_isp, host, 15'000);  // "isp-mail.<domain>"
    MailStore store(spec.name);
    for (const auto& [address, password] : spec.users) {
        store.add_account(address, password);
        if (Account* a = store.account(address); a && spec.quota_bytes) a->quota_bytes = spec.quota_bytes;
    }
    const std::size_t store_index = add_store(std::move(store));
    m_dns.add_mx(spec.name, 10, host_name);
    for (const auto& service : spec.services) add_mail_service(host, store_index, service);
    m_mtas.add(spec.name, store_index, host);
    return store_index;
}

std::optional<std::size_t> World::store_for_domain(std::string_view domain) const {
    if (const auto i = m_mtas.find(domain)) return m_mtas.all()[*i].store;
    for (std::size_t i = 0; i < m_stores.size(); ++i) {
        if (m_stores[i].is_local_domain(domain)) return i;
    }
    return std::nullopt;
}

MtaView World::mta(std::string_view domain) const { return m_mtas.view(domain); }

void World::mta_accept(OutboundMessage message) {
    MtaKernel kernel(*this);
    m_mtas.accept(kernel, std::move(message));
}

void World::mta_local_failure(std::size_t store, std::string reverse_path, std::string recipient,
                              std::string message, DeliveryStatus status) {
    MtaKernel kernel(*this);
    m_mtas.local_failure(kernel, store, std::move(reverse_path), std::move(recipient), std::move(message), status);
}

void World::mta_on(const MtaTake& take) {
    MtaKernel kernel(*this);
    m_mtas.on(kernel, take);
}

void World::mta_on(const MtaRun& run) {
    MtaKernel kernel(*this);
    m_mtas.on(kernel, run);
}

void World::mta_on_dns(std::uint32_t query) {
    MtaKernel kernel(*this);
    m_mtas.on_dns(kernel, query, m_dns_queries.at(query));
}

void World::on_client_finished(ConnId conn) {
    const FinishedClient* found = finished(conn);
    if (!found) return;
    const FinishedClient copy = *found;  // the handlers may end connections (m_finished grows)
    const FinishedClient* f = &copy;
    MtaKernel kernel(*this);
    if (m_mtas.on_finished(kernel, *f)) return;
    for (auto& a : m_apps) {
        if (a.outgoing_conn == conn) return app_sent(a, *f);
        if (a.incoming_conn == conn) {
            if (std::holds_alternative<pop3::Client>(f->session)) return app_pop3_done(a, *f);
            return app_imap_done(a, *f);
        }
    }
}

}  // namespace postlab::sim
