// The IMAP server session: framing of commands and literals, dispatch through the state table,
// replies, limits and timers (RFC 9051 §2.2, §4.3, §5.4, §7.1). Command handlers live in the
// server_*.cpp files by feature.
#include "protocols/imap/server.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

constexpr std::size_t k_recent_tags_max = 32;
constexpr std::size_t k_errors_max = 20;  // protocol errors before we give up on the peer

}  // namespace

Server::Server(ServerConfig config)
    : m_config(std::move(config)), m_reader(m_config.line_length_max) {}

void Server::start(const SessionContext& ctx) {
    if (m_started) return;
    m_started = true;
    m_tls = m_config.implicit_tls;
    m_last_activity_us = ctx.now_us;
    // RFC 9051 §7.1.1: the greeting may carry the capabilities, saving a round trip.
    untagged(fmt::format("OK [CAPABILITY {}] {} IMAP4rev2 server ready", capabilities(),
                         m_config.hostname));
}

void Server::receive(std::string_view bytes, const SessionContext& ctx) {
    if (m_closed) return;
    m_last_activity_us = ctx.now_us;
    if (m_wants_tls) {
        // RFC 9051 §6.2.1: nothing may follow STARTTLS until TLS is up; plaintext is discarded.
        violation("Plaintext received while TLS negotiation was pending; discarded",
                  "RFC 9051 §6.2.1");
        return;
    }
    m_reader.feed(bytes);
    process(ctx);
}

void Server::process(const SessionContext& ctx) {
    while (!m_closed && !m_wants_tls) {
        if (m_input == Input::literal || m_input == Input::skip_literal) {
            const auto want = static_cast<std::size_t>(
                std::min<std::uint64_t>(m_literal_remaining, m_reader.buffered()));
            std::string chunk = m_reader.take_raw(want);
            m_literal_remaining -= chunk.size();
            if (m_input == Input::literal) m_pending.literals.back() += chunk;
            if (m_literal_remaining > 0) return;
            // After a skipped literal the rest of that command is skipped as well.
            m_input = Input::command;
            continue;
        }
        auto line = m_reader.next();
        if (!line) return;
        on_line(std::move(*line), ctx);
    }
    if (m_wants_tls && m_reader.buffered() > 0) {
        violation("Plaintext pipelined after STARTTLS was discarded", "RFC 9051 §6.2.1");
    }
    if (m_wants_tls) m_reader.clear();
}

void Server::on_line(Line line, const SessionContext& ctx) {
    if (line.error == LineError::too_long) {
        violation(fmt::format("Line longer than {} octets", m_config.line_length_max),
                  "RFC 2683 §3.2.1.5");
        bye("[TOOBIG] Line too long", ctx);
        return;
    }
    if (line.error != LineError::none) {
        m_pending.lines.push_back(line.text);
        const std::string tag = m_input == Input::command ? tag_of_pending() : m_continuation_tag;
        reset_pending();
        m_input = Input::command;
        m_sasl.reset();
        violation(fmt::format("{} in a command line", to_string(line.error)), "RFC 9051 §2.2");
        reply(tag, Reply::bad, "Lines must end with CRLF");
        return;
    }
    if (m_input == Input::sasl) return on_sasl_line(line.text, ctx);
    if (m_input == Input::idle) return on_idle_line(line.text, ctx);
    if (!m_skip_tag.empty()) {
        // The tail of a command whose literal we skipped: drop it, and any literal it announces.
        const LiteralSpec spec = literal_at_end(line.text);
        if (spec.present && spec.valid && spec.non_sync && spec.size <= skip_literal_max) {
            m_input = Input::skip_literal;
            m_literal_remaining = spec.size;
        } else {
            m_skip_tag.clear();
        }
        return;
    }
    m_pending.lines.push_back(std::move(line.text));
    const LiteralSpec spec = literal_at_end(m_pending.lines.back());
    if (spec.present && spec.valid) return on_literal_announced(spec);
    finish_command(ctx);
}

void Server::on_literal_announced(const LiteralSpec& spec) {
    const std::string tag = tag_of_pending();
    const bool is_append = m_pending.lines.size() == 1 &&
                           istarts_with(split_first_word(m_pending.lines[0]).second, "APPEND ");
    const bool too_many = m_pending.literals.size() >= literals_per_command_max;
    if (too_many || spec.size > m_config.literal_size_max - m_literal_total) {
        // Never allocate for an untrusted size before this check (RFC 7888 §4, RFC 7889).
        violation(fmt::format("Literal of {} octets refused (limit {})", spec.size,
                              m_config.literal_size_max),
                  is_append ? "RFC 7889 §2" : "RFC 7888 §4");
        reset_pending();
        if (spec.non_sync && spec.size > skip_literal_max) {
            m_output += fmt::format("* BYE [TOOBIG] Literal too big\r\n");
            close_session("Non-synchronizing literal too big to skip");
            return;
        }
        reply(tag, is_append && !spec.non_sync ? Reply::no : Reply::bad,
              "[TOOBIG] Literal too big");
        if (spec.non_sync) {
            m_input = Input::skip_literal;
            m_literal_remaining = spec.size;
            m_skip_tag = tag;
        }
        return;
    }
    m_pending.literals.emplace_back();
    m_literal_remaining = spec.size;
    m_literal_total += static_cast<std::size_t>(spec.size);
    m_input = Input::literal;
    // RFC 9051 §4.3: a synchronizing literal waits for our go-ahead; LITERAL+ does not.
    if (!spec.non_sync) m_output += "+ Ready for literal data\r\n";
}

void Server::finish_command(const SessionContext& ctx) {
    CommandText text = std::move(m_pending);
    reset_pending();
    const TokenizeResult result = tokenize(text);
    ++m_in_flight;
    if (!result.ok) {
        violation("Malformed command: " + result.error, "RFC 9051 §9");
        reply(result.command.tag.empty() ? "*" : result.command.tag, Reply::bad, result.error);
        return;
    }
    execute(result.command, ctx);
}

void Server::execute(const Command& command, const SessionContext& ctx) {
    if (std::find(m_recent_tags.begin(), m_recent_tags.end(), command.tag) !=
        m_recent_tags.end()) {
        // Tolerated, as real servers do, but shown: tags should be unique (RFC 9051 §2.2.1).
        violation("Tag " + command.tag + " reused", "RFC 9051 §2.2.1");
    }
    m_recent_tags.push_back(command.tag);
    if (m_recent_tags.size() > k_recent_tags_max) m_recent_tags.pop_front();
    if (m_in_flight > m_config.commands_in_flight_max) {
        violation("Too many pipelined commands", "RFC 9051 §5.5");
        return reply(command.tag, Reply::bad, "[LIMIT] Too many commands in flight");
    }
    const auto kind = parse_command_name(command.name);
    if (!kind) {
        violation("Unknown command " + printable(command.name, 40), "RFC 9051 §7.1.5");
        return reply(command.tag, Reply::bad, "Unknown command");
    }
    if (!command_allowed(m_state, *kind)) {
        violation(fmt::format("{} is not allowed in the {} state", command_rule(*kind).verb,
                              to_string(m_state)),
                  std::string(command_rule(*kind).rfc));
        return reply(command.tag, Reply::bad,
                     fmt::format("Command not allowed in the {} state", to_string(m_state)));
    }
    dispatch(*kind, command, ctx);
}

void Server::dispatch(CommandKind kind, const Command& c, const SessionContext& ctx) {
    using K = CommandKind;
    switch (kind) {
        case K::capability: return cmd_capability(c);
        case K::noop:
        case K::check: return complete(c, "NOOP completed", ctx);
        case K::logout: return cmd_logout(c, ctx);
        case K::starttls: return cmd_starttls(c);
        case K::authenticate: return cmd_authenticate(c, ctx);
        case K::login: return cmd_login(c, ctx);
        case K::enable: return cmd_enable(c);
        case K::select: return cmd_select(c, false, ctx);
        case K::examine: return cmd_select(c, true, ctx);
        case K::create: return cmd_create(c, ctx);
        case K::delete_mailbox: return cmd_delete(c, ctx);
        case K::rename: return cmd_rename(c, ctx);
        case K::subscribe: return cmd_subscribe(c, true, ctx);
        case K::unsubscribe: return cmd_subscribe(c, false, ctx);
        case K::list: return cmd_list(c, false, ctx);
        case K::lsub: return cmd_list(c, true, ctx);
        case K::namespace_: return cmd_namespace(c, ctx);
        case K::status: return cmd_status(c, ctx);
        case K::append: return cmd_append(c, ctx);
        case K::idle: return cmd_idle(c, ctx);
        case K::close: return cmd_close(c, true, ctx);
        case K::unselect: return cmd_close(c, false, ctx);
        case K::expunge: return cmd_expunge(c, false, ctx);
        case K::uid_expunge: return cmd_expunge(c, true, ctx);
        case K::search: return cmd_search(c, false, ctx);
        case K::uid_search: return cmd_search(c, true, ctx);
        case K::fetch: return cmd_fetch(c, false, ctx);
        case K::uid_fetch: return cmd_fetch(c, true, ctx);
        case K::store: return cmd_store(c, false, ctx);
        case K::uid_store: return cmd_store(c, true, ctx);
        case K::copy: return cmd_copy(c, false, false, ctx);
        case K::uid_copy: return cmd_copy(c, true, false, ctx);
        case K::move: return cmd_copy(c, false, true, ctx);
        case K::uid_move: return cmd_copy(c, true, true, ctx);
    }
}

void Server::complete(const Command& c, std::string_view text, const SessionContext& ctx) {
    if (m_state == State::selected) {
        // RFC 9051 §7.4.1: no EXPUNGE while answering FETCH, STORE or SEARCH by number, since
        // the client may be relying on the numbers it just used.
        const std::string name = ascii_upper(c.name);
        const bool by_number = name == "FETCH" || name == "STORE" || name == "SEARCH";
        report_updates(ctx, !by_number);
    }
    reply(c.tag, Reply::ok, text);
}

void Server::reply(const std::string& tag, Reply status, std::string_view text) {
    const char* word = status == Reply::ok ? "OK" : status == Reply::no ? "NO" : "BAD";
    m_output += fmt::format("{} {} {}\r\n", tag, word, text);
    if (status == Reply::bad && ++m_errors >= k_errors_max && !m_closed) {
        m_output += "* BYE Too many errors\r\n";
        close_session("Too many protocol errors");
    }
}

void Server::emit(EventKind kind, std::string summary, std::string rfc, std::string user) {
    Event e;
    e.kind = kind;
    e.summary = std::move(summary);
    e.rfc = std::move(rfc);
    e.user = std::move(user);
    m_events.push_back(std::move(e));
}

void Server::untagged(std::string_view text) { m_output += fmt::format("* {}\r\n", text); }

void Server::violation(std::string summary, std::string rfc) {
    emit(EventKind::protocol_violation, std::move(summary), std::move(rfc), m_user);
}

void Server::bye(std::string_view text, const SessionContext&) {
    untagged(fmt::format("BYE {}", text));
    close_session(std::string(text));
}

void Server::close_session(std::string summary) {
    if (m_closed) return;
    m_closed = true;
    m_state = State::logout;
    m_input = Input::command;
    emit(EventKind::session_closed, std::move(summary), "RFC 9051 §3.4",
                             m_user);
}

std::string Server::tag_of_pending() const {
    if (m_pending.lines.empty()) return "*";
    const auto tag = split_first_word(m_pending.lines.front()).first;
    const bool ok = !tag.empty() && tag.size() <= tag_length_max &&
                    std::all_of(tag.begin(), tag.end(), [](char c) {
                        return c > 0x20 && c < 0x7F && c != '+' && c != '{' && c != '"';
                    });
    return ok ? std::string(tag) : std::string("*");
}

void Server::reset_pending() {
    m_pending = CommandText{};
    m_literal_total = 0;
    m_literal_remaining = 0;
}

bool Server::login_disabled() const { return m_config.login_requires_tls && !m_tls; }

std::string Server::capabilities() const {
    std::string caps = "IMAP4rev1 IMAP4rev2";
    if (m_state == State::not_authenticated) {
        if (m_config.tls_available && !m_tls) caps += " STARTTLS";
        // RFC 9051 §6.2.3 and §7.2.2: no cleartext passwords offered before TLS when required.
        caps += login_disabled() ? " LOGINDISABLED" : " AUTH=PLAIN AUTH=LOGIN";
    }
    caps += " SASL-IR LITERAL+ ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE CONDSTORE";
    caps += " SPECIAL-USE LIST-EXTENDED ESEARCH CHILDREN";
    caps += fmt::format(" APPENDLIMIT={}", m_config.literal_size_max);
    return caps;
}

void Server::receive_eof(const SessionContext&) {
    if (!m_closed) close_session("Connection closed by the client");
}

void Server::on_timer(const SessionContext& ctx) {
    const auto deadline = next_deadline_us();
    if (!deadline || ctx.now_us < *deadline) return;
    // RFC 9051 §5.4: an inactivity autologout timer of at least 30 minutes.
    bye("Autologout; idle for too long", ctx);
}

void Server::tls_established(const SessionContext&) {
    if (!m_wants_tls) return;
    m_wants_tls = false;
    m_tls = true;
    emit(EventKind::tls_established, "TLS established", "RFC 9051 §6.2.1",
                             m_user);
}

void Server::poll(const SessionContext& ctx) {
    if (m_input == Input::idle && m_state == State::selected && !m_closed) {
        report_updates(ctx, true);
    }
}

std::string Server::take_output() {
    m_in_flight = 0;
    return std::exchange(m_output, {});
}

std::optional<Event> Server::next_event() {
    if (m_events.empty()) return std::nullopt;
    Event e = std::move(m_events.front());
    m_events.pop_front();
    return e;
}

std::optional<TimeUs> Server::next_deadline_us() const {
    if (m_closed || !m_started) return std::nullopt;
    return m_last_activity_us + m_config.autologout_us;
}

}  // namespace postlab::imap
