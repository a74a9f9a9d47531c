// The append-only record of everything that happened in the world (DESIGN.md §3): segments,
// TLS flights, DNS, every protocol command and reply with its bytes, a one-line summary, the
// state after it and a key into the explanations. The UI, transcripts, pcap export and lesson
// checks all read it; none of them re-derives protocol state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/session.hpp"
#include "sim/ids.hpp"

namespace postlab::sim {

enum class TraceKind {
    connect,            // an app asked for a connection (before any packet)
    tcp_syn,
    tcp_synack,
    tcp_ack,            // a segment without payload, SYN or FIN
    tcp_data,
    tcp_fin,
    tcp_rst,
    tcp_timeout,        // connect gave up, or retransmissions gave up
    tls_client_hello,
    tls_server_flight,
    tls_finished,
    tls_alert,
    tls_established,
    dns_query,
    dns_response,
    command,            // a client's command line (or SASL response line)
    reply,              // a server's reply (a multi-line reply is one entry)
    body,               // a message body (DATA, RETR) or a literal: one entry
    app_event,          // a session's Event
    fault,              // a fault applied to the world
    note,               // anything else worth a line (delivery results, session finished)
};

std::string_view to_string(TraceKind kind);

struct TraceEntry {
    std::uint64_t index = 0;
    TimeUs time_us = 0;
    TraceKind kind = TraceKind::note;
    ConnId conn;
    HostId from, to;
    std::string protocol;       // "tcp", "tls", "dns", "smtp", "pop3", "imap", ""
    std::uint16_t from_port = 0, to_port = 0;
    // TCP entries: the header fields (RFC 9293 §3.1).
    std::uint32_t seq = 0, ack = 0;
    std::uint8_t tcp_flags = 0;
    bool lost = false;           // dropped on the way (loss, link down, firewall)
    bool retransmission = false;
    // Application entries: the plaintext bytes (teaching view); tcp_data: the segment payload.
    std::string bytes;
    bool encrypted = false;      // an eavesdropper sees only TLS records, not `bytes`
    std::string summary;         // "C: EHLO laptop.example.test"
    std::string state;           // the session's state after it, when known
    std::string explain_key;     // "smtp.command.EHLO", "tcp.syn", ...
};

class Trace {
public:
    // Appends and returns the entry's index (its position; indexes never change).
    std::uint64_t append(TraceEntry entry);
    const std::vector<TraceEntry>& entries() const { return m_entries; }
    std::size_t size() const { return m_entries.size(); }
    const TraceEntry& operator[](std::size_t i) const { return m_entries[i]; }

    // One line per entry, deterministic: the determinism tests and `postlab run` print this.
    // With host_names (indexed by HostId), hosts print by name instead of by id.
    std::string to_text(const std::vector<std::string>& host_names = {}) const;
    static std::string line(const TraceEntry& entry, const std::vector<std::string>& host_names = {});

private:
    std::vector<TraceEntry> m_entries;
};

std::string format_time(TimeUs time_us);          // "12.345678" seconds
std::string tcp_flags_text(std::uint8_t flags);   // "SA", "PA", "FA", "R"
std::uint64_t fnv1a(std::string_view bytes);

}  // namespace postlab::sim
