// Runs one sans-IO session (protocols/core/session.hpp) over one real TCP socket, following the
// driver loop that header defines: start, receive / receive_eof / on_timer, then after each call
// write take_output(), drain next_event(), honour wants_tls() and closed().
#pragma once

#include <array>
#include <asio.hpp>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <string>

#include "live/clock.hpp"
#include "live/connection.hpp"
#include "protocols/core/session.hpp"

namespace postlab::live {

template <SansIoSession S>
class SessionDriver : public std::enable_shared_from_this<SessionDriver<S>> {
public:
    // Called once, when the socket is closed, with the session in its final state.
    using Finished = std::function<void(S&, DriverEnd, const ConnectionInfo&)>;

    SessionDriver(asio::ip::tcp::socket socket, S session, ConnectionInfo info, DriverHooks hooks,
                  Finished on_finished)
        : m_socket(std::move(socket)), m_timer(m_socket.get_executor()),
          m_session(std::move(session)), m_info(std::move(info)), m_hooks(std::move(hooks)),
          m_on_finished(std::move(on_finished)) {}

    void start() {
        m_session.start(context());
        after_call();
    }

    // Calls `f(session, context)` from outside the session's own I/O, then handles output,
    // events, TLS requests and closing as after any other call. The host's way to wake a
    // session because something else happened (another connection changed the store). Ignored
    // once the connection is closing.
    template <class F>
    void poke(F&& f) {
        if (m_finished || m_closing) return;
        f(m_session, context());
        after_call();
    }

    const ConnectionInfo& info() const { return m_info; }
    const S& session() const { return m_session; }  // e.g. for a host's on_call_done
    bool finished() const { return m_finished; }

    // Drops the connection now, without flushing (the client runner's overall timeout).
    void abort(DriverEnd end) {
        if (m_finished) return;
        m_end = end;
        m_closing = true;
        finish();
    }

private:
    // Stop reading while this much output waits for a peer that does not read: a pipelining
    // peer must not make us buffer without bound.
    static constexpr std::size_t k_output_high_water = 256 * 1024;

    SessionContext context() const { return SessionContext{m_hooks.store, system_now_us()}; }

    void log(std::string_view text) {
        if (m_hooks.on_log) m_hooks.on_log(m_info, text);
    }

    void after_call() {
        m_pending += m_session.take_output();
        while (auto event = m_session.next_event()) {
            if (m_hooks.on_event) m_hooks.on_event(m_info, *event);
        }
        if (!m_closing) {
            if (m_session.wants_tls()) {
                log("STARTTLS requested but live/ serves plaintext only; closing the connection");
                begin_close(DriverEnd::tls_unsupported);
            } else if (m_session.closed()) {
                begin_close(m_peer_gone ? DriverEnd::peer_closed : DriverEnd::session_closed);
            } else if (m_peer_gone) {
                begin_close(DriverEnd::peer_closed);  // a session that ignores EOF still ends
            }
        }
        flush();
        if (!m_closing) {
            arm_timer();
            read_more();
        }
        if (m_hooks.on_call_done) m_hooks.on_call_done(m_info);
    }

    void begin_close(DriverEnd end) {
        m_closing = true;
        m_end = end;
        m_timer.cancel();
    }

    void flush() {
        if (m_finished || m_write_active) return;
        if (m_pending.empty()) {
            if (m_closing) finish();
            return;
        }
        m_writing = std::move(m_pending);
        m_pending.clear();
        m_write_active = true;
        asio::async_write(m_socket, asio::buffer(m_writing),
                          [self = this->shared_from_this()](std::error_code ec, std::size_t) {
                              self->on_written(ec);
                          });
    }

    void on_written(std::error_code ec) {
        m_write_active = false;
        m_writing.clear();
        if (m_finished) return;
        if (ec) {
            log(fmt::format("write failed: {}", ec.message()));
            if (!m_session.closed()) m_session.receive_eof(context());
            while (m_session.next_event()) {
            }
            m_pending.clear();
            if (!m_closing) begin_close(DriverEnd::io_error);
            finish();
            return;
        }
        flush();
        read_more();  // resumes a read paused at the high-water mark
    }

    void read_more() {
        if (m_reading || m_closing || m_finished) return;
        if (m_pending.size() + m_writing.size() > k_output_high_water) return;
        m_reading = true;
        m_socket.async_read_some(asio::buffer(m_read_buffer),
                                 [self = this->shared_from_this()](std::error_code ec,
                                                                   std::size_t n) {
                                     self->on_read(ec, n);
                                 });
    }

    void on_read(std::error_code ec, std::size_t n) {
        m_reading = false;
        if (m_finished || m_closing) return;  // a closed session takes no more input
        if (!ec) {
            m_session.receive(std::string_view(m_read_buffer.data(), n), context());
        } else {
            if (ec != asio::error::eof) log(fmt::format("read ended: {}", ec.message()));
            m_peer_gone = true;
            if (!m_session.closed()) m_session.receive_eof(context());
        }
        after_call();
    }

    void arm_timer() {
        const auto deadline = m_session.next_deadline_us();
        if (deadline == m_armed_deadline) return;
        m_armed_deadline = deadline;
        if (!deadline) {
            m_timer.cancel();
            return;
        }
        const auto delay_us = std::max<TimeUs>(0, *deadline - system_now_us());
        m_timer.expires_after(std::chrono::microseconds(delay_us));
        m_timer.async_wait([self = this->shared_from_this()](std::error_code ec) {
            if (ec == asio::error::operation_aborted) return;
            self->on_deadline();
        });
    }

    void on_deadline() {
        if (m_finished || m_closing) return;
        m_armed_deadline.reset();
        m_session.on_timer(context());
        after_call();
    }

    void finish() {
        if (m_finished) return;
        m_finished = true;
        m_timer.cancel();
        std::error_code ignored;
        m_socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
        if (m_on_finished) m_on_finished(m_session, m_end, m_info);
    }

    asio::ip::tcp::socket m_socket;
    asio::steady_timer m_timer;
    S m_session;
    ConnectionInfo m_info;
    DriverHooks m_hooks;
    Finished m_on_finished;
    std::string m_pending;  // output not yet handed to the socket
    std::string m_writing;  // the buffer async_write is sending
    std::array<char, 4096> m_read_buffer{};
    std::optional<TimeUs> m_armed_deadline;
    DriverEnd m_end = DriverEnd::session_closed;
    bool m_reading = false;
    bool m_write_active = false;
    bool m_closing = false;
    bool m_finished = false;
    bool m_peer_gone = false;
};

// Starts driving `session` on `socket`; the driver keeps itself alive until the socket closes.
// The result lets a host poke() the driver later; keep it as a weak_ptr, so as not to keep a
// closed connection alive.
template <SansIoSession S>
std::shared_ptr<SessionDriver<S>> spawn_session(
    asio::ip::tcp::socket socket, S session, ConnectionInfo info, DriverHooks hooks,
    typename SessionDriver<S>::Finished on_finished = {}) {
    auto driver = std::make_shared<SessionDriver<S>>(std::move(socket), std::move(session),
                                                     std::move(info), std::move(hooks),
                                                     std::move(on_finished));
    driver->start();
    return driver;
}

}  // namespace postlab::live
