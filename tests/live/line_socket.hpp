// A blocking loopback TCP client for tests that speak a line protocol by hand (an IMAP client in
// IDLE waiting for the server's untagged updates): connect, send, read CRLF lines with a timeout.
#pragma once

#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <vector>

namespace postlab::test {

class LineSocket {
public:
    explicit LineSocket(std::uint16_t port,
                        std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(m_fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~LineSocket() { ::close(m_fd); }
    LineSocket(const LineSocket&) = delete;
    LineSocket& operator=(const LineSocket&) = delete;

    bool connected() const { return m_connected; }

    void send(const std::string& text) {
        std::size_t sent = 0;
        while (sent < text.size()) {
            const auto n = ::send(m_fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    }

    // The next line without its CRLF; nullopt on timeout or EOF.
    std::optional<std::string> read_line() {
        while (true) {
            const auto end = m_buffer.find("\r\n");
            if (end != std::string::npos) {
                std::string line = m_buffer.substr(0, end);
                m_buffer.erase(0, end + 2);
                return line;
            }
            char chunk[4096];
            const auto n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0) return std::nullopt;
            m_buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    // Lines up to and including the first that starts with `prefix` (all read lines if none).
    std::vector<std::string> read_until(const std::string& prefix) {
        std::vector<std::string> lines;
        while (auto line = read_line()) {
            lines.push_back(*line);
            if (line->rfind(prefix, 0) == 0) break;
        }
        return lines;
    }

private:
    int m_fd = -1;
    bool m_connected = false;
    std::string m_buffer;
};

}  // namespace postlab::test
