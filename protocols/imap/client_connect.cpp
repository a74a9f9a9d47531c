// IMAP client: from the greeting to the folder list. Greeting (RFC 9051 §7.1.1, §7.1.4 PREAUTH,
// §7.1.5 BYE), CAPABILITY (§6.1.1), STARTTLS (§6.2.1, RFC 8314 §3: no plaintext fallback),
// AUTHENTICATE PLAIN with SASL-IR (RFC 4959) or LOGIN (§6.2.3, refused under LOGINDISABLED),
// ENABLE (RFC 5161, RFC 7162 §3.1, RFC 9051 §6.3.1) and LIST with SPECIAL-USE (RFC 6154 §2).
#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/client.hpp"
#include "protocols/imap/writer.hpp"

namespace postlab::imap {
namespace {

// Appends an IMAP string to a command being built; a synchronizing literal starts a new part
// that is sent only after the server's "+" (RFC 9051 §7.6), LITERAL+ sends it at once.
void add_string(std::vector<std::string>& parts, std::string_view text, bool literal_plus) {
    const std::string written = imap_string(text);
    if (!written.starts_with("{")) {
        parts.back() += written;
    } else if (literal_plus) {
        parts.back() += fmt::format("{{{}+}}\r\n", text.size());
        parts.back() += text;
    } else {
        parts.back() += fmt::format("{{{}}}\r\n", text.size());
        parts.emplace_back(text);
    }
}

bool is_special_use(std::string_view attribute) {
    for (const char* use : {"\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent",
                            "\\Trash"}) {
        if (iequals(attribute, use)) return true;
    }
    return false;
}

}  // namespace

void Client::on_greeting(const Response& r, const SessionContext& ctx) {
    on_code(r);
    if (r.status == "BYE") {
        m_bye_received = true;
        m_bye_text = r.text;
        return fail_hard("server refused the connection: " + r.text, "");
    }
    if (r.status == "PREAUTH") {
        m_state = State::authenticated;
        emit(EventKind::auth_succeeded, "preauthenticated by the server", "RFC 9051 §7.1.4");
        if (m_config.security == Security::starttls && !m_tls) {
            // STARTTLS is only allowed before authentication: the channel stays plaintext.
            m_client_state = ClientState::capability;
            return fail("server sent PREAUTH, so STARTTLS is impossible", ctx);
        }
    } else if (r.status != "OK") {
        return fail_hard("greeting is not OK, PREAUTH or BYE", "RFC 9051 §7.1");
    }
    m_client_state = ClientState::capability;
    if (m_caps_known) after_capability(ctx);
    advance(ctx);
}

void Client::set_capabilities(std::string_view text) {
    m_caps.clear();
    for (auto word : split_words(text)) m_caps.emplace_back(word);
    m_caps_known = true;
}

void Client::after_capability(const SessionContext& ctx) {
    if (m_state != State::not_authenticated) {
        m_client_state = after_auth_state();
        return;
    }
    if (m_config.security == Security::starttls && !m_tls) {
        if (!has_capability("STARTTLS")) {
            m_client_state = ClientState::logout;
            return fail("STARTTLS is required but the server does not offer it", ctx);
        }
        m_client_state = ClientState::starttls;
        return;
    }
    m_client_state = ClientState::authenticate;
}

Client::ClientState Client::after_auth_state() {
    m_condstore = has_capability("CONDSTORE");
    if (has_capability("ENABLE") && (m_condstore || has_capability("IMAP4rev2"))) {
        return ClientState::enable;
    }
    return ClientState::list;
}

void Client::send_enable() {
    std::string command = "ENABLE";
    if (has_capability("CONDSTORE")) command += " CONDSTORE";
    if (has_capability("IMAP4rev2")) command += " IMAP4rev2";
    send(std::move(command), Step::enable);
}

void Client::begin_auth() {
    const SaslCredentials credentials{"", m_config.user, m_config.password};
    if (has_capability("AUTH=PLAIN")) {
        m_sasl.emplace(SaslMechanism::plain, credentials);
        const std::string initial = m_sasl->initial_response().value_or("");
        if (has_capability("SASL-IR")) {
            // RFC 4959 §3: the initial response rides on the command, saving a round trip.
            return send("AUTHENTICATE PLAIN " + initial, Step::authenticate);
        }
        return send_parts({"AUTHENTICATE PLAIN\r\n", initial + "\r\n"}, Step::authenticate);
    }
    if (has_capability("LOGINDISABLED")) {
        // RFC 9051 §6.2.3: the client MUST NOT send LOGIN when LOGINDISABLED is advertised.
        return fail("the server disallows LOGIN (LOGINDISABLED) and offers no usable mechanism",
                    SessionContext{nullptr, m_now_us});
    }
    const bool plus = has_capability("LITERAL+");
    std::vector<std::string> parts{"LOGIN "};
    add_string(parts, m_config.user, plus);
    parts.back() += ' ';
    add_string(parts, m_config.password, plus);
    parts.back() += "\r\n";
    send_parts(std::move(parts), Step::login);
}

void Client::on_auth_done(const Response& r, const SessionContext& ctx) {
    m_sasl.reset();
    if (r.status != "OK") {
        emit(EventKind::auth_failed, "authentication failed: " + r.text, "RFC 9051 §6.2.2");
        return fail("authentication failed: " + r.text, ctx);
    }
    m_state = State::authenticated;
    emit(EventKind::auth_succeeded, "logged in as " + m_config.user);
    // RFC 9051 §6.2.2: capabilities may change with authentication; ask unless they came along.
    if (r.code != "CAPABILITY") {
        m_caps_known = false;
        m_client_state = ClientState::capability;
        return;
    }
    m_client_state = after_auth_state();
}

void Client::on_list_data(const Response& r) {
    const auto& a = r.args;
    if (a.size() < 3 || !a[0].is_list() || !a[2].is_astring()) {
        return violation("malformed LIST response", "RFC 9051 §7.3.1");
    }
    ListedFolder f;
    f.name = a[2].text;
    if (iequals(f.name, "INBOX")) f.name = "INBOX";  // RFC 9051 §5.1: INBOX in any case
    for (const auto& attribute : a[0].children) {
        if (iequals(attribute.text, "\\Noselect") || iequals(attribute.text, "\\NonExistent")) {
            f.selectable = false;
        } else if (is_special_use(attribute.text)) {
            f.special_use = attribute.text;
        }
    }
    m_listed.push_back(std::move(f));
}

void Client::on_list_done(const Response& r, const SessionContext& ctx) {
    if (r.status != "OK") return fail("LIST failed: " + r.text, ctx);
    // The server's list is the truth: new folders appear, folders gone there go here too.
    std::vector<LocalFolder> folders;
    for (auto& listed : m_listed) {
        if (!listed.selectable || listed.name.empty()) continue;
        bool seen = false;
        for (const auto& f : folders) seen = seen || f.name == listed.name;
        if (seen) continue;
        LocalFolder* existing = m_cache.folder(listed.name);
        LocalFolder folder = existing ? std::move(*existing) : LocalFolder{};
        folder.name = listed.name;
        folder.special_use = listed.special_use;
        folders.push_back(std::move(folder));
    }
    m_cache.folders = std::move(folders);
    m_listed.clear();
    m_client_state = ClientState::replay;
}

}  // namespace postlab::imap
