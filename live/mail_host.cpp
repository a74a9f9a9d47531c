// The wiring behind `postlab serve`; see mail_host.hpp. Server sessions are configured for a
// plaintext teaching setup (live/ has no TLS yet), so STARTTLS is not offered and submission
// accepts AUTH without TLS, which RFC 8314 §3 forbids for real servers.
#include "live/mail_host.hpp"

#include <algorithm>
#include <asio.hpp>
#include <csignal>
#include <fmt/format.h>
#include <map>

#include "live/clock.hpp"
#include "live/listener.hpp"
#include "protocols/core/text.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/pop3/server.hpp"
#include "protocols/smtp/server.hpp"
#include "protocols/registry.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::live {

std::string_view to_string(Service service) { return descriptor(service).name; }

struct MailHost::Impl {
    MailHostConfig config;
    Log log;
    asio::io_context io;
    asio::signal_set signals{io};
    MailStore store;
    std::vector<std::unique_ptr<Listener>> listeners;
    // The live IMAP connections, to wake them when another connection changed the store. Weak:
    // a driver lives as long as its socket, and removes itself here when it finishes.
    using ImapDriver = SessionDriver<imap::Server>;
    std::map<std::uint64_t, std::weak_ptr<ImapDriver>> imap_drivers;
    std::uint64_t imap_serial = 0;
    std::vector<std::uint64_t> seen_change_seq;  // per account, at the last check
    bool waking = false;

    Impl(MailHostConfig c, Log l) : config(std::move(c)), log(std::move(l)), store(config.domain) {}

    void note(const ConnectionInfo& info, std::string_view text) {
        log(fmt::format("[{} #{} {}] {}", info.label, info.id, info.peer, text));
    }
    void on_event(const ConnectionInfo& info, const Event& event);
    void deliver(const ConnectionInfo& info, const Event& event);
    DriverHooks hooks();
    Listener::AcceptHandler acceptor(Service service);
    Listener::AcceptHandler imap_acceptor();
    std::vector<const Account*> changed_accounts();
    void wake_others(const ConnectionInfo& caller);
};

namespace {

// A forward-path as the session reports it, without the angle brackets of the wire form.
std::string bare_address(std::string_view path) {
    if (path.size() >= 2 && path.front() == '<' && path.back() == '>') {
        path = path.substr(1, path.size() - 2);
    }
    return std::string(path);
}

std::string_view domain_of(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string_view{} : address.substr(at + 1);
}

}  // namespace

void MailHost::Impl::on_event(const ConnectionInfo& info, const Event& event) {
    std::string line = fmt::format("{}: {}", to_string(event.kind), event.summary);
    if (!event.user.empty()) line += fmt::format(" (user {})", event.user);
    if (!event.rfc.empty()) line += fmt::format(" [{}]", event.rfc);
    note(info, line);
    if (event.kind == EventKind::message_accepted) deliver(info, event);
}

void MailHost::Impl::deliver(const ConnectionInfo& info, const Event& event) {
    for (const auto& path : event.forward_paths) {
        const std::string rcpt = bare_address(path);
        if (!store.is_local_domain(domain_of(rcpt))) {
            // Only possible after AUTH on submission: the relay role refuses foreign domains.
            note(info, fmt::format("NOT delivered to {}: not a local domain, and postlab serve "
                                   "has no outbound relay (message dropped)", rcpt));
            continue;
        }
        switch (store.deliver(rcpt, "INBOX", event.message, system_now_us())) {
            case DeliveryStatus::delivered:
                note(info, fmt::format("delivered to {} INBOX ({} bytes)", rcpt,
                                       event.message.size()));
                break;
            case DeliveryStatus::no_such_user:
                note(info, fmt::format("NOT delivered to {}: no such user", rcpt));
                break;
            case DeliveryStatus::over_quota:
                note(info, fmt::format("NOT delivered to {}: over quota", rcpt));
                break;
        }
    }
}

DriverHooks MailHost::Impl::hooks() {
    DriverHooks h;
    h.store = &store;
    h.on_event = [this](const ConnectionInfo& info, const Event& e) { on_event(info, e); };
    h.on_log = [this](const ConnectionInfo& info, std::string_view text) { note(info, text); };
    h.on_call_done = [this](const ConnectionInfo& info) { wake_others(info); };
    return h;
}

// The accounts whose change counter moved since the last look.
std::vector<const Account*> MailHost::Impl::changed_accounts() {
    std::vector<const Account*> changed;
    const auto& accounts = store.accounts();
    seen_change_seq.resize(accounts.size(), 0);
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        if (accounts[i].change_seq == seen_change_seq[i]) continue;
        seen_change_seq[i] = accounts[i].change_seq;
        changed.push_back(&accounts[i]);
    }
    return changed;
}

// After any connection's call (an SMTP delivery, a POP3 QUIT, an IMAP STORE...): every other
// IMAP session of a changed account is polled, so one in IDLE gets its EXISTS / EXPUNGE / FETCH
// at once (RFC 2177 §3); the others keep theirs for their next command (RFC 9051 §7.4.1).
void MailHost::Impl::wake_others(const ConnectionInfo& caller) {
    if (waking) return;  // the pokes below come back here; polling changes nothing
    const auto changed = changed_accounts();
    if (changed.empty()) return;
    std::vector<std::shared_ptr<ImapDriver>> drivers;  // a copy: a poke may end a connection
    for (const auto& [key, weak] : imap_drivers) {
        if (auto driver = weak.lock()) drivers.push_back(std::move(driver));
    }
    waking = true;
    for (const auto& driver : drivers) {
        if (driver->info().label == caller.label && driver->info().id == caller.id) continue;
        driver->poke([&](imap::Server& session, const SessionContext& ctx) {
            const Account* account =
                session.user().empty() ? nullptr : store.account(session.user());
            if (std::find(changed.begin(), changed.end(), account) != changed.end()) {
                session.poll(ctx);
            }
        });
    }
    waking = false;
}

Listener::AcceptHandler MailHost::Impl::imap_acceptor() {
    return [this](asio::ip::tcp::socket socket, ConnectionInfo info) {
        note(info, "connection opened");
        imap::ServerConfig c;
        c.hostname = "mail." + config.domain;
        c.tls_available = false;  // live/ has no TLS yet: STARTTLS is not offered
        const std::uint64_t key = ++imap_serial;
        auto on_finished = [this, key](imap::Server&, DriverEnd end, const ConnectionInfo& i) {
            imap_drivers.erase(key);
            note(i, fmt::format("connection closed ({})", to_string(end)));
        };
        auto driver = spawn_session<imap::Server>(std::move(socket), imap::Server(c),
                                                  std::move(info), hooks(), on_finished);
        if (!driver->finished()) imap_drivers.emplace(key, driver);
    };
}

Listener::AcceptHandler MailHost::Impl::acceptor(Service service) {
    const std::string hostname = "mail." + config.domain;
    auto on_finished = [this](auto&, DriverEnd end, const ConnectionInfo& info) {
        note(info, fmt::format("connection closed ({})", to_string(end)));
    };
    if (service == Service::imap) return imap_acceptor();
    if (service == Service::pop3) {
        return session_acceptor<pop3::Server>(
            [this, hostname](const ConnectionInfo& info) {
                note(info, "connection opened");
                pop3::ServerConfig c;
                c.hostname = hostname;
                c.tls_available = false;  // live/ has no TLS yet: STLS is not offered
                return pop3::Server(c);
            },
            hooks(), on_finished);
    }
    return session_acceptor<smtp::Server>(
        [this, hostname, service](const ConnectionInfo& info) {
            note(info, "connection opened");
            smtp::ServerConfig c;
            c.role = service == Service::submission ? smtp::Role::submission
                                                         : smtp::Role::relay;
            c.hostname = hostname;
            c.tls_available = false;       // live/ has no TLS yet: STARTTLS is not offered
            c.auth_requires_tls = false;   // teaching setup only; RFC 8314 §3 requires TLS
            const auto colon = info.peer.rfind(':');
            c.peer_address = info.peer.substr(0, colon);
            return smtp::Server(c);
        },
        hooks(), on_finished);
}

MailHost::MailHost(MailHostConfig config, Log log)
    : m_impl(std::make_unique<Impl>(std::move(config), std::move(log))) {}

MailHost::~MailHost() = default;

MailStore& MailHost::store() { return m_impl->store; }

std::string MailHost::open() {
    auto& impl = *m_impl;
    // Handled from here on, so a Ctrl-C while starting up still exits cleanly.
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    for (const auto& user : impl.config.users) {
        if (!impl.store.add_account(user.address, user.password)) {
            return fmt::format("user {} is given twice", user.address);
        }
    }
    for (const auto& spec : impl.config.services) {
        auto listener = std::make_unique<Listener>(
            impl.io, fmt::format("{} {}", to_string(spec.service), spec.endpoint.to_string()));
        auto error = listener->open(spec.endpoint, impl.acceptor(spec.service));
        if (!error.empty()) {
            for (auto& l : impl.listeners) l->close();
            impl.listeners.clear();
            return fmt::format("{}: {}", to_string(spec.service), error);
        }
        impl.listeners.push_back(std::move(listener));
    }
    return {};
}

std::uint16_t MailHost::port(std::size_t index) const {
    return index < m_impl->listeners.size() ? m_impl->listeners[index]->port() : 0;
}

void MailHost::run_until_signal() {
    auto& impl = *m_impl;
    impl.signals.async_wait([&impl](std::error_code ec, int signal_number) {
        if (ec) return;
        impl.log(fmt::format("signal {} received: shutting down", signal_number));
        impl.io.stop();
    });
    impl.io.run();
    for (auto& l : impl.listeners) l->close();
}

void MailHost::stop() {
    asio::post(m_impl->io, [this] { m_impl->io.stop(); });
}

}  // namespace postlab::live
