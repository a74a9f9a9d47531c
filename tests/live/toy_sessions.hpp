// Two toy sans-IO sessions for testing live/'s driver without any mail protocol: a line echo
// server and a client that sends lines and collects the echoes. They follow the same contract as
// the real sessions (protocols/core/session.hpp), including deadlines, TLS requests and EOF.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "protocols/core/line_reader.hpp"
#include "protocols/core/session.hpp"

namespace postlab::test {

// Greets "HELLO", echoes each line as "ECHO <line>", "QUIT" -> "BYE" and close, "TLS" -> wants
// TLS, idle for `idle_timeout_us` -> "TIMEOUT" and close. Silent sessions never greet.
class EchoServer {
public:
    explicit EchoServer(TimeUs idle_timeout_us = 60'000'000, bool silent = false)
        : m_idle_timeout_us(idle_timeout_us), m_silent(silent) {}

    void start(const SessionContext& ctx) {
        m_last_us = ctx.now_us;
        if (!m_silent) m_out += "HELLO\r\n";
    }
    void receive(std::string_view bytes, const SessionContext& ctx) {
        m_last_us = ctx.now_us;
        m_lines.feed(bytes);
        while (!m_closed && !m_wants_tls) {
            auto line = m_lines.next();
            if (!line) break;
            handle(line->text);
        }
    }
    void receive_eof(const SessionContext&) {
        m_closed = true;
        m_events.push_back(Event{EventKind::session_closed, "eof", "", "", "", {}, "", "", true, 0});
    }
    void on_timer(const SessionContext& ctx) {
        if (ctx.now_us < m_last_us + m_idle_timeout_us) return;
        m_out += "TIMEOUT\r\n";
        m_closed = true;
    }
    void tls_established(const SessionContext&) { m_wants_tls = false; }
    std::string take_output() { return std::exchange(m_out, {}); }
    std::optional<Event> next_event() {
        if (m_events.empty()) return std::nullopt;
        Event e = m_events.front();
        m_events.pop_front();
        return e;
    }
    bool wants_tls() const { return m_wants_tls; }
    bool closed() const { return m_closed; }
    // Not part of the session contract: what a host calls when it pokes the driver.
    void announce(const std::string& text) { m_out += "NOTE " + text + "\r\n"; }
    std::string_view state_name() const { return m_closed ? "closed" : "open"; }
    std::optional<TimeUs> next_deadline_us() const {
        if (m_closed) return std::nullopt;
        return m_last_us + m_idle_timeout_us;
    }

private:
    void handle(const std::string& line) {
        if (line == "QUIT") {
            m_out += "BYE\r\n";
            m_closed = true;
        } else if (line == "TLS") {
            m_out += "GO TLS\r\n";
            m_wants_tls = true;
        } else {
            m_out += "ECHO " + line + "\r\n";
            m_events.push_back(
                Event{EventKind::result, line, "", "", "", {}, "", "", true, line.size()});
        }
    }

    TimeUs m_idle_timeout_us;
    bool m_silent;
    TimeUs m_last_us = 0;
    LineReader m_lines{1 << 20};
    std::string m_out;
    std::deque<Event> m_events;
    bool m_closed = false;
    bool m_wants_tls = false;
};

// Waits for HELLO, sends all `lines` at once (pipelined), then QUIT; records every server line.
class EchoClient {
public:
    explicit EchoClient(std::vector<std::string> lines) : m_send(std::move(lines)) {}

    void start(const SessionContext&) {}
    void receive(std::string_view bytes, const SessionContext&) {
        m_lines.feed(bytes);
        while (auto line = m_lines.next()) {
            received.push_back(line->text);
            if (line->text == "HELLO") {
                for (const auto& l : m_send) m_out += l + "\r\n";
                m_out += "QUIT\r\n";
            }
            if (line->text == "BYE") m_closed = true;
        }
    }
    void receive_eof(const SessionContext&) {
        saw_eof = true;
        m_closed = true;
    }
    void on_timer(const SessionContext&) {}
    void tls_established(const SessionContext&) {}
    std::string take_output() { return std::exchange(m_out, {}); }
    std::optional<Event> next_event() { return std::nullopt; }
    bool wants_tls() const { return false; }
    bool closed() const { return m_closed; }
    std::optional<TimeUs> next_deadline_us() const { return std::nullopt; }
    std::string_view state_name() const { return m_closed ? "closed" : "open"; }

    std::vector<std::string> received;
    bool saw_eof = false;

private:
    std::vector<std::string> m_send;
    LineReader m_lines{1 << 20};
    std::string m_out;
    bool m_closed = false;
};

static_assert(SansIoSession<EchoServer>);
static_assert(SansIoSession<EchoClient>);

}  // namespace postlab::test
