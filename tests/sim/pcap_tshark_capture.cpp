// Writes synthetic captures for pcap_tshark_test.py: TCP sessions with correct seq/ack numbers
// (RFC 9293 §3.4: SYN and FIN each take one sequence number) carrying SMTP with STARTTLS
// (RFC 3207 §4), POP3 over implicit TLS on 995 (RFC 8314 §3.3), plaintext POP3 on 110 and
// plaintext IMAP on 143.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/pcap_writer.hpp"
#include "protocols/tls/wire.hpp"

namespace {

using postlab::sim::PcapPacket;
namespace tw = postlab::tls_wire;
namespace ps = postlab::sim;

constexpr std::int64_t one_way_us = 2'000;  // LAN-ish latency between the two ends

// One TCP connection: both sides' next sequence numbers and a shared clock.
class Flow {
  public:
    Flow(std::vector<PcapPacket>& out, std::int64_t& now_us, std::uint32_t client_ip,
         std::uint16_t client_port, std::uint32_t server_ip, std::uint16_t server_port,
         std::uint32_t client_isn, std::uint32_t server_isn)
        : m_out(out),
          m_now_us(now_us),
          m_client_ip(client_ip),
          m_server_ip(server_ip),
          m_client_port(client_port),
          m_server_port(server_port),
          m_client_next(client_isn),
          m_server_next(server_isn) {}

    void open() {
        emit(true, ps::tcp_flag::syn, "");
        ++m_client_next;
        emit(false, ps::tcp_flag::syn | ps::tcp_flag::ack, "");
        ++m_server_next;
        emit(true, ps::tcp_flag::ack, "");
    }

    // Sends bytes in MSS-sized segments, then the peer acknowledges them all.
    void send(bool from_client, std::string_view bytes) {
        while (!bytes.empty()) {
            std::string_view segment = bytes.substr(0, ps::pcap_payload_max);
            bytes.remove_prefix(segment.size());
            std::uint8_t flags = ps::tcp_flag::ack | (bytes.empty() ? ps::tcp_flag::psh : 0);
            emit(from_client, flags, segment);
            next(from_client) += static_cast<std::uint32_t>(segment.size());
        }
        emit(!from_client, ps::tcp_flag::ack, "");
    }

    void client(std::string_view bytes) { send(true, bytes); }
    void server(std::string_view bytes) { send(false, bytes); }

    // The client closes first (RFC 9293 §3.6 normal close sequence).
    void close() {
        emit(true, ps::tcp_flag::fin | ps::tcp_flag::ack, "");
        ++m_client_next;
        emit(false, ps::tcp_flag::fin | ps::tcp_flag::ack, "");
        ++m_server_next;
        emit(true, ps::tcp_flag::ack, "");
    }

  private:
    std::uint32_t& next(bool client_side) { return client_side ? m_client_next : m_server_next; }

    void emit(bool from_client, std::uint8_t flags, std::string_view payload) {
        m_now_us += payload.empty() ? one_way_us / 2 : one_way_us;
        PcapPacket p{m_now_us,
                     from_client ? m_client_ip : m_server_ip,
                     from_client ? m_server_ip : m_client_ip,
                     from_client ? m_client_port : m_server_port,
                     from_client ? m_server_port : m_client_port,
                     from_client ? m_client_next : m_server_next,
                     from_client ? m_server_next : m_client_next,
                     flags,
                     65535,
                     std::string(payload)};
        m_out.push_back(p);
    }

    std::vector<PcapPacket>& m_out;
    std::int64_t& m_now_us;
    std::uint32_t m_client_ip, m_server_ip;
    std::uint16_t m_client_port, m_server_port;
    std::uint32_t m_client_next, m_server_next;
};

constexpr std::uint32_t ip(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

// Handshake, then encrypted exchanges standing for the protocol inside (alternating, starting
// with the side that speaks first in that protocol), then the client's close_notify.
struct TlsExchange {
    std::string_view server_name;
    std::uint64_t seed;
    bool client_first;
    std::vector<std::size_t> plaintext_sizes;  // alternating turns
};

void tls_session(Flow& flow, const TlsExchange& exchange) {
    flow.client(tw::client_hello(exchange.server_name, exchange.seed));
    flow.server(tw::server_flight(exchange.server_name, exchange.seed));
    flow.client(tw::client_finished(exchange.seed));
    bool client_turn = exchange.client_first;
    std::uint64_t record_seed = exchange.seed * 1000;
    for (std::size_t size : exchange.plaintext_sizes) {
        flow.send(client_turn, tw::application_data(size, ++record_seed));
        client_turn = !client_turn;
    }
    flow.client(tw::alert(tw::alert_close_notify, true, exchange.seed));
}

void smtp_starttls(std::vector<PcapPacket>& out, std::int64_t& now_us, std::uint16_t port,
                   std::uint16_t client_port) {
    Flow flow(out, now_us, ip(10, 0, 0, 10), client_port, ip(10, 0, 0, 25), port, 1'000'000,
              2'000'000);
    flow.open();
    flow.server("220 mail.example.com ESMTP PostLab\r\n");
    flow.client("EHLO laptop.example.com\r\n");
    flow.server("250-mail.example.com\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS\r\n");
    flow.client("STARTTLS\r\n");
    flow.server("220 2.0.0 Ready to start TLS\r\n");
    // RFC 3207 §4.2: EHLO again, then MAIL, RCPT, DATA, a 20 KB message (two records), QUIT.
    tls_session(
        flow,
        {"mail.example.com", port, true, {25, 120, 30, 12, 28, 12, 6, 40, 20'000, 30, 6, 30}});
    flow.close();
}

void pop3_implicit_tls(std::vector<PcapPacket>& out, std::int64_t& now_us) {
    Flow flow(out, now_us, ip(10, 0, 0, 11), 49200, ip(10, 0, 0, 110), 995, 3'000'000, 4'000'000);
    flow.open();
    // RFC 8314 §3.3: TLS starts at once; the +OK greeting is the first application data.
    // Greeting, USER, PASS, STAT, RETR 1 (a 3 KB message), QUIT.
    tls_session(flow, {"pop.example.com", 995, false, {30, 11, 20, 15, 20, 6, 12, 8, 3000, 6, 20}});
    flow.close();
}

// Security "None" on 110: what the eavesdropper view shows, the password in the clear.
void pop3_plaintext(std::vector<PcapPacket>& out, std::int64_t& now_us) {
    Flow flow(out, now_us, ip(10, 0, 0, 13), 49250, ip(10, 0, 0, 110), 110, 7'000'000, 8'000'000);
    flow.open();
    flow.server("+OK PostLab POP3 ready\r\n");
    flow.client("USER alice\r\n");
    flow.server("+OK\r\n");
    flow.client("PASS secret\r\n");
    flow.server("+OK maildrop has 1 message (120 octets)\r\n");
    flow.client("QUIT\r\n");
    flow.server("+OK bye\r\n");
    flow.close();
}

void imap_plaintext(std::vector<PcapPacket>& out, std::int64_t& now_us) {
    Flow flow(out, now_us, ip(10, 0, 0, 12), 49300, ip(10, 0, 0, 143), 143, 5'000'000, 6'000'000);
    flow.open();
    flow.server("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED STARTTLS] PostLab ready\r\n");
    flow.client("a1 CAPABILITY\r\n");
    flow.server("* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK CAPABILITY completed\r\n");
    flow.client("a2 NOOP\r\n");
    flow.server("a2 OK NOOP completed\r\n");
    flow.client("a3 LOGOUT\r\n");
    flow.server("* BYE PostLab logging out\r\na3 OK LOGOUT completed\r\n");
    flow.close();
}

bool write_file(const char* path, const std::vector<PcapPacket>& packets) {
    std::vector<std::string> problems = ps::pcap_problems(packets);
    for (const std::string& problem : problems) std::fprintf(stderr, "%s\n", problem.c_str());
    std::ofstream file(path, std::ios::binary);
    std::string bytes = ps::write_pcap(packets);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return problems.empty() && file.good();
}

}  // namespace

// Usage: pcap_tshark_capture <standard-ports.pcap> <port-2525.pcap>
int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s standard.pcap port2525.pcap\n", argv[0]);
        return 2;
    }
    std::int64_t now_us = 1'764'000'000'000'000;  // 2025-11-24, any fixed instant would do
    std::vector<PcapPacket> standard;
    smtp_starttls(standard, now_us, 25, 49100);
    pop3_implicit_tls(standard, now_us);
    pop3_plaintext(standard, now_us);
    imap_plaintext(standard, now_us);
    std::vector<PcapPacket> port2525;
    smtp_starttls(port2525, now_us, 2525, 49400);
    bool ok = write_file(argv[1], standard) && write_file(argv[2], port2525);
    return ok ? 0 : 1;
}
