// The domains' MTAs: relay of outbound mail to the recipient's MX (RFC 5321 §5.1), retry after
// 4xx or a failed connection (RFC 5321 §4.5.4.1, shortened for lessons), bounce after 5xx or when
// it waited too long (RFC 5321 §6.1: once we said 250 the message is ours to deliver or bounce).
// Bounces are RFC 3464 §2 delivery status notifications, simplified (no returned content, one
// recipient), inside RFC 6522 multipart/report; the Status field is the RFC 3463 enhanced code of
// the failure (RFC 3464 §2.3.4).
#include "sim/mta.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "protocols/core/text.hpp"
#include "protocols/mime/message_writer.hpp"
#include "sim/device.hpp"
#include "sim/tcp.hpp"

namespace postlab::sim {
namespace {

std::string_view domain_part(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 1 to 3 digits at `pos` (RFC 3463 §2: subject and detail are 1*3digit); advances `pos`.
bool take_digits(std::string_view text, std::size_t& pos) {
    const std::size_t start = pos;
    while (pos < text.size() && pos - start < 3 && is_digit(text[pos])) ++pos;
    return pos > start;
}

// Whether `text` starts with an SMTP reply code ("451 ...", "250-...", "554").
bool starts_with_reply(std::string_view text) {
    return text.size() >= 3 && is_digit(text[0]) && is_digit(text[1]) && is_digit(text[2]) &&
           (text.size() == 3 || text[3] == ' ' || text[3] == '-');
}

// The Status of a failed delivery from its SMTP reply ("552 5.2.2 mailbox full"): the reply's
// enhanced code (RFC 2034 §4) when it has one of the reply's class, else class.0.0 from the reply
// code (RFC 3463 §3.1 "other or undefined status"). A reason that is not a reply (connection
// failures after a give-up) is 4.4.7 "delivery time expired" (RFC 3463 §3.5).
std::string dsn_status(std::string_view reason, bool permanent) {
    const bool has_code = starts_with_reply(reason);
    const char reply_class = has_code ? reason[0] : '\0';
    if (reply_class != '4' && reply_class != '5') return permanent ? "5.0.0" : "4.4.7";
    if (reason.size() > 5 && reason[4] == reply_class && reason[5] == '.') {
        std::size_t pos = 6;
        const bool subject = take_digits(reason, pos) && pos < reason.size() && reason[pos] == '.';
        const bool detail = subject && take_digits(reason, ++pos);
        if (detail && (pos == reason.size() || reason[pos] == ' ')) {
            return std::string(reason.substr(4, pos - 4));
        }
    }
    return fmt::format("{}.0.0", reply_class);
}

// RFC 3464 §2.3.6: diagnostic-type "smtp" carries an SMTP reply, so a give-up's reason
// ("gave up after ...; last: 451 4.3.0 ...") gives its last reply; a failure without any reply
// (refused, timed out) uses a private type, as Postfix writes "X-Postfix; ...".
std::string diagnostic_code(std::string_view reason) {
    if (starts_with_reply(reason)) return fmt::format("smtp; {}", reason);
    const auto last = reason.rfind("last: ");
    if (last != std::string_view::npos && starts_with_reply(reason.substr(last + 6))) {
        return fmt::format("smtp; {}", reason.substr(last + 6));
    }
    return fmt::format("X-PostLab; {}", reason);
}

}  // namespace

std::string make_bounce(const MtaItem& item, std::string_view reporting_host, std::string_view reason,
                        TimeUs now_us, bool permanent) {
    const std::string boundary = fmt::format("dsn-{}-{}", item.id, now_us);
    const std::string date = mime::format_date(now_us);
    std::string m;
    m += fmt::format("From: Mail Delivery System <MAILER-DAEMON@{}>\r\n", reporting_host);
    m += fmt::format("To: {}\r\n", item.reverse_path);
    m += fmt::format("Subject: Undelivered Mail Returned to Sender\r\n");
    m += fmt::format("Date: {}\r\n", date);
    m += fmt::format("Message-ID: <dsn.{}.{}@{}>\r\n", item.id, now_us, reporting_host);
    m += "Auto-Submitted: auto-replied\r\n";  // RFC 3834 §5
    m += "MIME-Version: 1.0\r\n";
    m += fmt::format("Content-Type: multipart/report; report-type=delivery-status; boundary=\"{}\"\r\n\r\n",
                     boundary);
    m += fmt::format("--{}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n", boundary);
    m += fmt::format("Your message {} to {} could not be delivered.\r\n", item.message_id, item.recipient);
    m += fmt::format("Reason: {}\r\n\r\n", reason);
    m += fmt::format("--{}\r\nContent-Type: message/delivery-status\r\n\r\n", boundary);
    m += fmt::format("Reporting-MTA: dns; {}\r\n\r\n", reporting_host);  // RFC 3464 §2.2
    m += fmt::format("Final-Recipient: rfc822; {}\r\n", item.recipient);  // RFC 3464 §2.3
    m += fmt::format("Action: failed\r\nStatus: {}\r\n", dsn_status(reason, permanent));
    m += fmt::format("Diagnostic-Code: {}\r\n\r\n", diagnostic_code(reason));
    m += fmt::format("--{}--\r\n", boundary);
    return m;
}

std::size_t MtaLayer::add(std::string domain, std::size_t store, HostId host) {
    m_mtas.push_back(Mta{std::move(domain), store, host, {}, 1, 0, 0, 0});
    return m_mtas.size() - 1;
}

bool MtaLayer::queues_empty() const {
    return std::all_of(m_mtas.begin(), m_mtas.end(), [](const Mta& m) { return m.queue.empty(); });
}

std::optional<std::size_t> MtaLayer::find(std::string_view domain) const {
    for (std::size_t i = 0; i < m_mtas.size(); ++i) {
        if (iequals(m_mtas[i].domain, domain)) return i;
    }
    return std::nullopt;
}

MtaView MtaLayer::view(std::string_view domain) const {
    MtaView view;
    const auto i = find(domain);
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

void MtaLayer::accept(MtaHost& host, OutboundMessage message) {
    const std::size_t store = message.store;
    m_outbound.push_back(std::move(message));
    for (std::size_t i = 0; i < m_mtas.size(); ++i) {
        if (m_mtas[i].store == store) host.schedule(host.now_us(), MtaTake{i});
    }
}

std::vector<OutboundMessage> MtaLayer::take_outbound() {
    std::vector<OutboundMessage> out;
    out.swap(m_outbound);
    return out;
}

void MtaLayer::on(MtaHost& host, const MtaTake& take) {
    Mta& m = m_mtas[take.mta];
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
        item.next_try_us = host.now_us();
        m.queue.push_back(std::move(item));
    }
    m_outbound = std::move(rest);
    on(host, MtaRun{take.mta});
}

void MtaLayer::on(MtaHost& host, const MtaRun& run) {
    for (std::size_t i = 0; i < m_mtas[run.mta].queue.size(); ++i) {
        const MtaItem& item = m_mtas[run.mta].queue[i];
        if (item.stage == MtaStage::waiting && item.next_try_us <= host.now_us()) start_attempt(host, run.mta, i);
    }
}

void MtaLayer::start_attempt(MtaHost& host, std::size_t index, std::size_t i) {
    Mta& m = m_mtas[index];
    MtaItem& item = m.queue[i];
    ++item.attempts;
    item.stage = MtaStage::resolving;
    // RFC 5321 §5.1: the MX records of the recipient's domain say where to connect.
    item.dns_query = host.dns_query(m.host, DnsType::mx, std::string(domain_part(item.recipient)));
}

void MtaLayer::on_dns(MtaHost& host, std::uint32_t query, const DnsQuery& q) {
    for (std::size_t index = 0; index < m_mtas.size(); ++index) {
        for (std::size_t i = 0; i < m_mtas[index].queue.size(); ++i) {
            MtaItem& item = m_mtas[index].queue[i];
            if (item.stage != MtaStage::resolving || item.dns_query != query) continue;
            std::optional<HostId> target;
            if (q.answer) {
                for (const auto& mx : q.answer->mx) {
                    if ((target = host.find_host(mx.exchange))) break;
                }
            }
            // RFC 5321 §5.1: no MX records: the domain's own A record is the implicit MX.
            if (!target && (!q.answer || q.answer->mx.empty())) target = host.find_host(q.name);
            if (!target) {
                retry_or_bounce(host, index, i, fmt::format("550 5.1.2 no mail server found for {}", q.name), true);
                return;
            }
            smtp::ClientConfig config;
            config.helo_name = host.host_name(m_mtas[index].host);
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
            const ConnId conn = host.connect(std::move(request));
            m_mtas[index].queue[i].conn = conn;
            return;
        }
    }
}

bool MtaLayer::on_finished(MtaHost& host, const FinishedClient& f) {
    for (std::size_t index = 0; index < m_mtas.size(); ++index) {
        for (std::size_t i = 0; i < m_mtas[index].queue.size(); ++i) {
            const MtaItem& item = m_mtas[index].queue[i];
            if (item.stage == MtaStage::connecting && item.conn == f.conn) {
                finished(host, index, i, f);
                return true;
            }
        }
    }
    return false;
}

void MtaLayer::finished(MtaHost& host, std::size_t index, std::size_t i, const FinishedClient& f) {
    MtaItem& item = m_mtas[index].queue[i];
    const auto* client = std::get_if<smtp::Client>(&f.session);
    int code = 0;
    std::string text;
    if (client) {
        const auto& r = client->result();
        if (r.ok && !r.recipients.empty() && r.recipients[0].accepted) {
            host.note(fmt::format("relayed {} to {}: {} {}", item.message_id, item.recipient, r.final_code,
                                  r.final_text),
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
        retry_or_bounce(host, index, i, fmt::format("{} {}", code, text), code >= 500);
    } else {
        const std::string why = f.state == ConnState::closed ? text : std::string(f.reason);
        retry_or_bounce(host, index, i, fmt::format("connection {}: {}", to_string(f.state), why), false);
    }
}

void MtaLayer::retry_or_bounce(MtaHost& host, std::size_t index, std::size_t i, std::string reply, bool permanent) {
    Mta& m = m_mtas[index];
    MtaItem& item = m.queue[i];
    const TimeUs now_us = host.now_us();
    item.last_reply = std::move(reply);
    item.conn = invalid_conn;
    const bool too_old = now_us - item.queued_us >= mta_give_up_us;
    if (permanent || too_old) {
        const std::string reason =
            permanent ? item.last_reply
                      : fmt::format("gave up after {} attempts over {} minutes; last: {}", item.attempts,
                                    (now_us - item.queued_us) / 60'000'000, item.last_reply);
        const MtaItem copy = item;
        m.queue.erase(m.queue.begin() + static_cast<std::ptrdiff_t>(i));
        bounce(host, index, copy, reason, permanent);
        return;
    }
    const std::size_t step = std::min<std::size_t>(static_cast<std::size_t>(item.attempts) - 1,
                                                   std::size(mta_retry_us) - 1);
    item.stage = MtaStage::waiting;
    item.next_try_us = now_us + mta_retry_us[step];
    host.note(fmt::format("{} for {} deferred ({}); retry in {} min (RFC 5321 §4.5.4.1 asks for 30+ min; "
                          "shortened for the lesson)",
                          item.message_id, item.recipient, item.last_reply, mta_retry_us[step] / 60'000'000),
              m.host, invalid_conn);
    host.schedule(item.next_try_us, MtaRun{index});
}

void MtaLayer::bounce(MtaHost& host, std::size_t index, const MtaItem& item, std::string_view reason,
                      bool permanent) {
    Mta& m = m_mtas[index];
    const HostId server = m.host;
    const std::size_t store = m.store;
    const TimeUs now_us = host.now_us();
    // RFC 5321 §4.5.5: a bounce has the null reverse-path, and none is sent for a bounce.
    if (item.reverse_path.empty()) {
        ++m.bounces_dropped;
        host.note(fmt::format("{} to {} failed ({}); it was a bounce itself: dropped", item.message_id,
                              item.recipient, reason),
                  server, invalid_conn);
        return;
    }
    ++m.bounces_sent;
    std::string dsn = make_bounce(item, host.host_name(server), reason, now_us, permanent);
    if (!host.is_local_domain(store, domain_part(item.reverse_path))) {
        // A remote sender: the bounce is relayed like any mail, with the null reverse-path.
        host.note(fmt::format("bounce for {} to {} ({}) queued for {}", item.message_id, item.recipient, reason,
                              item.reverse_path),
                  server, invalid_conn);
        MtaItem back;
        back.id = m.next_id++;
        back.recipient = item.reverse_path;
        back.message_id = header_value(dsn, "Message-ID");
        back.message = std::move(dsn);
        back.queued_us = now_us;
        back.next_try_us = now_us;
        m.queue.push_back(std::move(back));
        host.schedule(now_us, MtaRun{index});
        return;
    }
    host.note(fmt::format("bounce for {} to {} ({}) sent to {}", item.message_id, item.recipient, reason,
                          item.reverse_path),
              server, invalid_conn);
    host.deliver(store, item.reverse_path, std::move(dsn), server);
}

void MtaLayer::local_failure(MtaHost& host, std::size_t store, std::string reverse_path, std::string recipient,
                             std::string message, DeliveryStatus status) {
    for (std::size_t index = 0; index < m_mtas.size(); ++index) {
        Mta& m = m_mtas[index];
        if (m.store != store) continue;
        MtaItem item;
        item.id = m.next_id++;
        item.reverse_path = std::move(reverse_path);
        item.recipient = std::move(recipient);
        item.message_id = header_value(message, "Message-ID");
        item.message = std::move(message);
        item.queued_us = host.now_us();
        const std::string_view reason = status == DeliveryStatus::over_quota
                                            ? "552 5.2.2 mailbox full (over quota)"
                                            : "550 5.1.1 no such user";
        bounce(host, index, item, reason, true);
        return;
    }
}

}  // namespace postlab::sim
