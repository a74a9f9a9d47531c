// Mail domains in the World (DESIGN.md §3 "Server hosts"): the host mail.<domain> with its
// MailStore, A + MX records (RFC 1035 §3.3.9) and listeners, and the domain's MTA: relay of
// outbound mail to the recipient's MX (RFC 5321 §5.1), retry after 4xx or a failed connection
// (RFC 5321 §4.5.4.1, shortened for lessons), bounce after 5xx or when it waited too long
// (RFC 3464, simplified; RFC 5321 §6.1: once we said 250 the message is ours to deliver or bounce).
#include <fmt/format.h>

#include <algorithm>

#include "protocols/core/text.hpp"
#include "protocols/registry.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

namespace {

std::string_view domain_part(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

}  // namespace

void World::add_mail_service(HostId host, std::size_t store, ServiceId service) {
    const ServiceDescriptor& d = descriptor(service);
    add_listener({host, d.port, server_session(service, m_network.host(host).name), store, d.implicit_tls});
}

std::size_t World::add_domain(const DomainSpec& spec) {
    if (!m_isp.valid()) configure_network(m_net.value_or(NetworkSpec{}));
    const std::size_t index = m_mtas.size();
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
    m_mtas.push_back(Mta{spec.name, store_index, host, {}, 1, 0, 0, 0});
    return store_index;
}

std::optional<std::size_t> World::domain_index(std::string_view domain) const {
    for (std::size_t i = 0; i < m_mtas.size(); ++i) {
        if (iequals(m_mtas[i].domain, domain)) return i;
    }
    return std::nullopt;
}

std::optional<std::size_t> World::store_for_domain(std::string_view domain) const {
    if (const auto i = domain_index(domain)) return m_mtas[*i].store;
    for (std::size_t i = 0; i < m_stores.size(); ++i) {
        if (m_stores[i].is_local_domain(domain)) return i;
    }
    return std::nullopt;
}

MtaView World::mta(std::string_view domain) const {
    MtaView view;
    const auto i = domain_index(domain);
    if (!i) return view;
    const Mta& m = m_mtas[*i];
    view.domain = m.domain;
    view.relayed = m.relayed;
    view.bounces_sent = m.bounces_sent;
    view.bounces_dropped = m.bounces_dropped;
    for (const auto& item : m.queue) {
        view.queue.push_back({item.message_id, item.reverse_path, item.recipient, item.attempts, item.queued_us,
                              item.next_try_us, item.last_reply, item.stage});
    }
    return view;
}

void World::mta_take_outbound(std::size_t index) {
    Mta& m = m_mtas[index];
    std::vector<OutboundMessage> rest;
    for (auto& out : m_outbound) {
        if (out.store != m.store) {
            rest.push_back(std::move(out));
            continue;
        }
        MtaItem item;
        item.id = m.next_id++;
        item.reverse_path = out.reverse_path;
        item.recipient = out.recipient;
        item.message_id = header_value(out.message, "Message-ID");
        item.message = std::move(out.message);
        item.queued_us = out.accepted_us;
        item.next_try_us = m_now_us;
        m.queue.push_back(std::move(item));
    }
    m_outbound = std::move(rest);
    mta_run(index);
}

void World::mta_run(std::size_t index) {
    for (std::size_t i = 0; i < m_mtas[index].queue.size(); ++i) {
        const MtaItem& item = m_mtas[index].queue[i];
        if (item.stage == MtaStage::waiting && item.next_try_us <= m_now_us) mta_start_attempt(index, i);
    }
}

void World::mta_start_attempt(std::size_t index, std::size_t i) {
    Mta& m = m_mtas[index];
    MtaItem& item = m.queue[i];
    ++item.attempts;
    item.stage = MtaStage::resolving;
    // RFC 5321 §5.1: the MX records of the recipient's domain say where to connect.
    item.dns_query = dns_query(m.host, DnsType::mx, std::string(domain_part(item.recipient)));
}

void World::mta_on_dns(std::uint32_t query) {
    const DnsQuery& q = m_dns_queries.at(query);
    for (std::size_t index = 0; index < m_mtas.size(); ++index) {
        for (std::size_t i = 0; i < m_mtas[index].queue.size(); ++i) {
            MtaItem& item = m_mtas[index].queue[i];
            if (item.stage != MtaStage::resolving || item.dns_query != query) continue;
            std::optional<HostId> target;
            if (q.answer) {
                for (const auto& mx : q.answer->mx) {
                    if ((target = m_network.find_host(mx.exchange))) break;
                }
            }
            // RFC 5321 §5.1: no MX records: the domain's own A record is the implicit MX.
            if (!target && (!q.answer || q.answer->mx.empty())) target = m_network.find_host(q.name);
            if (!target) {
                mta_retry_or_bounce(index, i, fmt::format("550 5.1.2 no mail server found for {}", q.name), true);
                return;
            }
            smtp::ClientConfig config;
            config.helo_name = m_network.host(m_mtas[index].host).name;
            // Between MTAs TLS is opportunistic (RFC 3207 §4, RFC 7435): STARTTLS when offered,
            // without a certificate check, else plaintext.
            config.starttls_if_offered = true;
            config.reverse_path = item.reverse_path;
            config.recipients = {item.recipient};
            config.message = item.message;
            ConnectRequest request;
            request.from = m_mtas[index].host;
            request.to = *target;
            request.port = 25;
            request.verify_certificate = false;
            request.client = smtp::Client(std::move(config));
            item.stage = MtaStage::connecting;
            const ConnId conn = connect(std::move(request));
            m_mtas[index].queue[i].conn = conn;
            return;
        }
    }
}

void World::mta_on_finished(std::size_t index, std::size_t i, const FinishedClient& f) {
    MtaItem& item = m_mtas[index].queue[i];
    const auto* client = std::get_if<smtp::Client>(&f.session);
    int code = 0;
    std::string text;
    if (client) {
        const auto& r = client->result();
        if (r.ok && !r.recipients.empty() && r.recipients[0].accepted) {
            note(fmt::format("relayed {} to {}: {} {}", item.message_id, item.recipient, r.final_code, r.final_text),
                 m_mtas[index].host, f.conn);
            ++m_mtas[index].relayed;
            m_mtas[index].queue.erase(m_mtas[index].queue.begin() + static_cast<std::ptrdiff_t>(i));
            return;
        }
        for (const auto& rc : r.recipients) {
            if (!rc.accepted && rc.code) {
                code = rc.code;
                text = rc.text;
            }
        }
        if (!code && r.final_code >= 400) {
            code = r.final_code;
            text = r.final_text;
        }
        if (!code) text = r.error;
    }
    if (code) {
        mta_retry_or_bounce(index, i, fmt::format("{} {}", code, text), code >= 500);
    } else {
        const std::string why = f.state == ConnState::closed ? text : std::string(f.reason);
        mta_retry_or_bounce(index, i, fmt::format("connection {}: {}", to_string(f.state), why), false);
    }
}

void World::mta_retry_or_bounce(std::size_t index, std::size_t i, std::string reply, bool permanent) {
    Mta& m = m_mtas[index];
    MtaItem& item = m.queue[i];
    item.last_reply = std::move(reply);
    item.conn = invalid_conn;
    const bool too_old = m_now_us - item.queued_us >= mta_give_up_us;
    if (permanent || too_old) {
        const std::string reason =
            permanent ? item.last_reply
                      : fmt::format("gave up after {} attempts over {} minutes; last: {}", item.attempts,
                                    (m_now_us - item.queued_us) / 60'000'000, item.last_reply);
        const MtaItem copy = item;
        m.queue.erase(m.queue.begin() + static_cast<std::ptrdiff_t>(i));
        mta_bounce(m, copy, reason, permanent);
        return;
    }
    const std::size_t step = std::min<std::size_t>(static_cast<std::size_t>(item.attempts) - 1,
                                                   std::size(mta_retry_us) - 1);
    item.stage = MtaStage::waiting;
    item.next_try_us = m_now_us + mta_retry_us[step];
    note(fmt::format("{} for {} deferred ({}); retry in {} min (RFC 5321 §4.5.4.1 asks for 30+ min; "
                     "shortened for the lesson)",
                     item.message_id, item.recipient, item.last_reply, mta_retry_us[step] / 60'000'000),
         m.host);
    schedule_internal(item.next_try_us, MtaRun{index});
}

void World::mta_bounce(Mta& m, const MtaItem& item, std::string_view reason, bool permanent) {
    const HostId host = m.host;
    const std::size_t store = m.store;
    // RFC 5321 §4.5.5: a bounce has the null reverse-path, and none is sent for a bounce.
    if (item.reverse_path.empty()) {
        ++m.bounces_dropped;
        note(fmt::format("{} to {} failed ({}); it was a bounce itself: dropped", item.message_id, item.recipient,
                         reason),
             host);
        return;
    }
    ++m.bounces_sent;
    std::string dsn = make_bounce(item, m_network.host(host).name, reason, m_now_us, permanent);
    if (!m_stores.at(store).is_local_domain(domain_part(item.reverse_path))) {
        // A remote sender: the bounce is relayed like any mail, with the null reverse-path.
        note(fmt::format("bounce for {} to {} ({}) queued for {}", item.message_id, item.recipient, reason,
                         item.reverse_path),
             host);
        MtaItem back;
        back.id = m.next_id++;
        back.recipient = item.reverse_path;
        back.message_id = header_value(dsn, "Message-ID");
        back.message = std::move(dsn);
        back.queued_us = m_now_us;
        back.next_try_us = m_now_us;
        m.queue.push_back(std::move(back));
        schedule_internal(m_now_us, MtaRun{static_cast<std::size_t>(&m - m_mtas.data())});
        return;
    }
    note(fmt::format("bounce for {} to {} ({}) sent to {}", item.message_id, item.recipient, reason,
                     item.reverse_path),
         host);
    deliver(store, item.reverse_path, std::move(dsn), host);
}

void World::mta_local_failure(std::size_t store, std::string reverse_path, std::string recipient,
                              std::string message, DeliveryStatus status) {
    for (auto& m : m_mtas) {
        if (m.store != store) continue;
        MtaItem item;
        item.id = m.next_id++;
        item.reverse_path = std::move(reverse_path);
        item.recipient = std::move(recipient);
        item.message_id = header_value(message, "Message-ID");
        item.message = std::move(message);
        item.queued_us = m_now_us;
        const std::string_view reason = status == DeliveryStatus::over_quota
                                            ? "552 5.2.2 mailbox full (over quota)"
                                            : "550 5.1.1 no such user";
        mta_bounce(m, item, reason, true);
        return;
    }
}

void World::on_client_finished(ConnId conn) {
    const FinishedClient* found = finished(conn);
    if (!found) return;
    const FinishedClient copy = *found;  // the handlers may end connections (m_finished grows)
    const FinishedClient* f = &copy;
    for (std::size_t index = 0; index < m_mtas.size(); ++index) {
        for (std::size_t i = 0; i < m_mtas[index].queue.size(); ++i) {
            const MtaItem& item = m_mtas[index].queue[i];
            if (item.stage == MtaStage::connecting && item.conn == conn) return mta_on_finished(index, i, *f);
        }
    }
    for (auto& a : m_apps) {
        if (a.outgoing_conn == conn) return app_sent(a, *f);
        if (a.incoming_conn == conn) {
            if (std::holds_alternative<pop3::Client>(f->session)) return app_pop3_done(a, *f);
            return app_imap_done(a, *f);
        }
    }
}

}  // namespace postlab::sim
