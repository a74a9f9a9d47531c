// [[device]] tables of a lesson (lessons/README.md "Devices"): the account settings of each mail
// app, checked against the world: hosts must exist, and a port that does not fit the chosen
// security is a warning (RFC 8314 §3: 995, 993 and 465 are implicit TLS; RFC 3207, RFC 2595 §4).
#include <fmt/format.h>

#include "sim/lesson/loader_impl.hpp"

namespace postlab::lesson::detail {
namespace {

std::optional<Located<Security>> read_security(Reader& r, const toml::table& t,
                                               const std::string& what) {
    return r.choice<Security>(t, "security", what, true,
                              {{"none", Security::none},
                               {"starttls", Security::starttls},
                               {"ssl-tls", Security::ssl_tls}});
}

std::string security_words(Security s) {
    return fmt::format("security {}", to_string(s));
}

}  // namespace

void LessonLoader::load_devices(const toml::table& root) {
    const auto* list = m_r.array(root, "device", "the lesson file", false);
    if (!list) return;
    for (const auto& node : *list) {
        if (const auto* t = node.as_table()) {
            load_device(*t);
        } else {
            m_r.error(Reader::pos(node), "each device must be a [[device]] table");
        }
    }
}

void LessonLoader::load_device(const toml::table& t) {
    Device device;
    device.pos = Reader::pos(t);
    m_r.check_keys(t, "[[device]]", {"id", "name", "kind", "owner", "password", "incoming", "outgoing"});
    const auto id = m_r.text(t, "id", "[[device]]", true);
    if (!id) return;
    device.id = *id;
    const std::string what = fmt::format("[[device]] {}", id->value);
    if (!is_identifier(id->value)) {
        m_r.error(id->pos, fmt::format("device id \"{}\" cannot be used in checks", id->value),
                  "use a lower-case letter, then letters, digits or '_' (at most 32), e.g. laptop");
    }
    if (const auto* other = m_spec.find_device(id->value)) {
        m_r.error(id->pos, fmt::format("duplicate device id \"{}\"", id->value),
                  fmt::format("first defined at line {}", other->id.pos.line));
        return;
    }
    device.name = LString{id->value, {}};
    if (auto v = m_r.text(t, "name", what, false)) device.name = *v;
    if (auto v = m_r.choice<DeviceKind>(t, "kind", what, true,
                                        {{"desktop", DeviceKind::desktop},
                                         {"phone", DeviceKind::phone},
                                         {"tablet", DeviceKind::tablet},
                                         {"webmail", DeviceKind::webmail}})) {
        device.kind = *v;
    }
    if (auto owner = m_r.text(t, "owner", what, true)) {
        device.owner = *owner;
        const auto at = owner->value.find('@');
        const std::string domain = at == std::string::npos ? "" : owner->value.substr(at + 1);
        std::vector<std::string_view> names;
        for (const auto& d : m_spec.domains) names.push_back(d.name.value);
        if (!m_spec.find_domain(domain)) {
            const auto guess = closest(domain, names);
            m_r.error(owner->pos, fmt::format("owner \"{}\" is not in any [[domain]]", owner->value),
                      guess.empty() ? "add a [[domain]] with that name"
                                    : fmt::format("did you mean {}?", guess));
        } else if (const auto* account = m_spec.find_account(owner->value)) {
            device.password = account->password;
        } else {
            m_r.error(owner->pos, fmt::format("owner \"{}\" has no account", owner->value),
                      fmt::format("add \"{}\" to users of [[domain]] {}",
                                  owner->value.substr(0, at), domain));
        }
    }
    if (auto v = m_r.text(t, "password", what, false)) device.password = *v;
    if (const auto* in = m_r.table(t, "incoming", what, false)) {
        device.incoming = load_incoming(*in, what + " incoming");
        // A webmail shows the mailbox where it is, on the server: nothing to download.
        if (device.kind.value == DeviceKind::webmail && device.incoming &&
            device.incoming->protocol.value == IncomingProtocol::pop3) {
            m_r.error(device.incoming->protocol.pos, "a webmail device reads the mailbox on the server, not by POP3",
                      "use protocol = \"imap\": PostLab shows a webmail as an IMAP client of the server "
                      "(the browser's HTTPS to the web server is not simulated)");
        }
    }
    if (const auto* out = m_r.table(t, "outgoing", what, false)) {
        device.outgoing = load_outgoing(*out, what + " outgoing");
    }
    m_spec.devices.push_back(std::move(device));
}

std::optional<Incoming> LessonLoader::load_incoming(const toml::table& t, const std::string& what) {
    Incoming in;
    in.pos = Reader::pos(t);
    m_r.check_keys(t, "incoming", {"protocol", "host", "port", "security", "auth", "leave_on_server",
                                   "remove_after_days", "check_interval_minutes", "push"});
    const auto protocol = m_r.choice<IncomingProtocol>(
        t, "protocol", what, true,
        {{to_string(IncomingProtocol::pop3), IncomingProtocol::pop3}, {to_string(IncomingProtocol::imap), IncomingProtocol::imap}});
    const auto host = m_r.text(t, "host", what, true);
    const auto security = read_security(m_r, t, what);
    if (auto v = m_r.choice<AuthMethod>(t, "auth", what, false,
                                        {{"password", AuthMethod::password},
                                         {"plain", AuthMethod::plain},
                                         {"login", AuthMethod::login}})) {
        in.auth = *v;
    }
    if (auto v = m_r.boolean(t, "leave_on_server", what, false)) in.leave_on_server = *v;
    if (auto v = m_r.integer(t, "remove_after_days", what, false, 1)) in.remove_after_days = *v;
    if (auto v = m_r.integer(t, "check_interval_minutes", what, false, 0)) in.check_interval_minutes = *v;
    if (auto v = m_r.boolean(t, "push", what, false)) in.push = *v;
    const auto port = m_r.integer(t, "port", what, false, 1);
    if (port && port->value > 65535) m_r.error(port->pos, "a TCP port is at most 65535");
    if (!protocol || !host || !security) return std::nullopt;
    in.protocol = *protocol;
    in.host = *host;
    in.security = *security;
    const bool pop3 = protocol->value == IncomingProtocol::pop3;
    const bool tls = security->value == Security::ssl_tls;
    in.port = port ? *port : LInt{pop3 ? (tls ? 995 : 110) : (tls ? 993 : 143), {}};
    if (!pop3 && in.leave_on_server.pos.known()) {
        m_r.warning(in.leave_on_server.pos, "leave_on_server applies to POP3 only",
                    "IMAP always keeps mail on the server (RFC 9051 §2.3)");
    }
    if (in.remove_after_days && !in.leave_on_server.value) {
        m_r.warning(in.remove_after_days->pos,
                    "remove_after_days has no effect without leave_on_server = true");
    }
    if (pop3 && in.push.value) {
        m_r.warning(in.push.pos, "POP3 has no push: the client can only poll (RFC 1939 §3)",
                    "use protocol = \"imap\" for push (IDLE, RFC 2177)");
    }
    host_domain(in.host);
    check_incoming_port(in);
    return in;
}

std::optional<Outgoing> LessonLoader::load_outgoing(const toml::table& t, const std::string& what) {
    Outgoing out;
    out.pos = Reader::pos(t);
    m_r.check_keys(t, "outgoing", {"host", "port", "security", "auth"});
    const auto host = m_r.text(t, "host", what, true);
    const auto security = read_security(m_r, t, what);
    // auth = true / false as in a mail app's checkbox, or a SASL mechanism (RFC 4954).
    if (const auto* node = t.get("auth"); node && node->is_boolean()) {
        const bool on = node->as_boolean()->get();
        out.auth = Located<AuthMethod>{on ? AuthMethod::plain : AuthMethod::none, Reader::pos(*node)};
    } else if (auto v = m_r.choice<AuthMethod>(t, "auth", what, false,
                                               {{"none", AuthMethod::none},
                                                {"plain", AuthMethod::plain},
                                                {"login", AuthMethod::login}})) {
        out.auth = *v;
    }
    const auto port = m_r.integer(t, "port", what, false, 1);
    if (port && port->value > 65535) m_r.error(port->pos, "a TCP port is at most 65535");
    if (!host || !security) return std::nullopt;
    out.host = *host;
    out.security = *security;
    out.port = port ? *port : LInt{security->value == Security::ssl_tls ? 465 : 587, {}};
    host_domain(out.host);
    check_outgoing_port(out);
    return out;
}

// Server hosts are mail.<domain> for each [[domain]].
const Domain* LessonLoader::host_domain(const LString& host) {
    std::vector<std::string> hosts;
    for (const auto& d : m_spec.domains) {
        if (d.host() == host.value) return &d;
        hosts.push_back(d.host());
    }
    const std::vector<std::string_view> names(hosts.begin(), hosts.end());
    const auto guess = closest(host.value, names);
    const auto domain = m_spec.find_domain(host.value);
    m_r.error(host.pos, fmt::format("no server host \"{}\"", host.value),
              domain ? fmt::format("the server of {} is {}", host.value, domain->host())
              : guess.empty() ? "each [[domain]] name.test has one server host, mail.name.test"
                              : fmt::format("did you mean {}?", guess));
    return nullptr;
}

void LessonLoader::check_incoming_port(const Incoming& in) {
    const auto port = in.port.value;
    const auto pos = in.port.pos.known() ? in.port.pos : in.security.pos;
    const bool pop3 = in.protocol.value == IncomingProtocol::pop3;
    const auto security = in.security.value;
    const char* name = pop3 ? "POP3" : "IMAP";
    const std::int64_t plain_port = pop3 ? 110 : 143;
    const std::int64_t tls_port = pop3 ? 995 : 993;
    if (port == (pop3 ? 143 : 110) || port == (pop3 ? 993 : 995)) {
        m_r.warning(pos, fmt::format("port {} is {}, but this device speaks {}", port,
                                     pop3 ? "IMAP" : "POP3", name),
                    fmt::format("{} uses {} (or {} with ssl-tls)", name, plain_port, tls_port));
    } else if (port == tls_port && security != Security::ssl_tls) {
        m_r.warning(pos, fmt::format("port {} is {} over implicit TLS; with {} the client will "
                                     "fail the handshake", port, name, security_words(security)),
                    fmt::format("use security = \"ssl-tls\" on this port (RFC 8314 §3.{})",
                                pop3 ? 1 : 2));
    } else if (port == plain_port && security == Security::ssl_tls) {
        m_r.warning(pos, fmt::format("port {} is plain {} (upgraded with {}); with security "
                                     "ssl-tls the client's TLS hello will not be understood",
                                     port, name, pop3 ? "STLS" : "STARTTLS"),
                    fmt::format("use port {} for ssl-tls, or security = \"starttls\" (RFC 2595 §4)",
                                tls_port));
    } else if (port != plain_port && port != tls_port) {
        m_r.warning(pos, fmt::format("port {} is not a {} port; the server listens on {} and {}",
                                     port, name, plain_port, tls_port));
    }
    const Domain* domain = m_spec.find_domain(in.host.value.substr(in.host.value.find('.') + 1));
    const Service service = port == tls_port ? (pop3 ? Service::pop3s : Service::imaps)
                                             : (pop3 ? Service::pop3 : Service::imap);
    if (domain && (port == plain_port || port == tls_port) && !domain->offers(service)) {
        m_r.warning(pos, fmt::format("{} does not offer {} (port {}); the connection will be "
                                     "refused", in.host.value, to_string(service), port),
                    fmt::format("add \"{}\" to services of [[domain]] {}", to_string(service),
                                domain->name.value));
    }
}

void LessonLoader::check_outgoing_port(const Outgoing& out) {
    const auto port = out.port.value;
    const auto pos = out.port.pos.known() ? out.port.pos : out.security.pos;
    const auto security = out.security.value;
    if (port == 465 && security != Security::ssl_tls) {
        m_r.warning(pos, fmt::format("port 465 is SMTP submission over implicit TLS; with {} the "
                                     "client will fail the handshake", security_words(security)),
                    "use security = \"ssl-tls\" on port 465 (RFC 8314 §3.3)");
    } else if ((port == 587 || port == 25) && security == Security::ssl_tls) {
        m_r.warning(pos, fmt::format("port {} starts in plain text (upgraded with STARTTLS, "
                                     "RFC 3207); with security ssl-tls the client's TLS hello "
                                     "will not be understood", port),
                    "use port 465 for ssl-tls, or security = \"starttls\"");
    } else if (port != 25 && port != 587 && port != 465) {
        m_r.warning(pos, fmt::format("port {} is not an SMTP port; the server listens on 25, 587 "
                                     "and 465", port));
    }
    const Domain* domain = m_spec.find_domain(out.host.value.substr(out.host.value.find('.') + 1));
    const Service service = port == 25    ? Service::smtp
                            : port == 465 ? Service::submissions
                                          : Service::submission;
    if (domain && (port == 25 || port == 465 || port == 587) && !domain->offers(service)) {
        m_r.warning(pos, fmt::format("{} does not offer {} (port {}); the connection will be "
                                     "refused", out.host.value, to_string(service), port),
                    fmt::format("add \"{}\" to services of [[domain]] {}", to_string(service),
                                domain->name.value));
    }
}

}  // namespace postlab::lesson::detail
