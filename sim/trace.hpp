// The append-only record of everything that happened in the world (DESIGN.md §3): segments,
// TLS flights, DNS, every protocol command and reply with its bytes, a one-line summary, the
// state after it and a key into the explanations. The UI, transcripts, pcap export and lesson
// checks all read it; none of them re-derives protocol state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/frame.hpp"
#include "protocols/core/protocol_id.hpp"
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
    ProtocolId protocol = ProtocolId::none;  // its descriptor: protocols/registry.hpp
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
    // Frames (command, reply, body): the verb or code the protocol's framer read ("EHLO",
    // "250", "+OK", "UID FETCH"), and the credential its bytes expose, if any.
    std::string verb;
    std::shared_ptr<const core::Credential> credential;
    std::string state;           // the session's state after it, when known
    std::string explain_key;     // "smtp.command.EHLO", "tcp.syn", ...
};

// A value (copying a World copies its trace), but cheap to copy: entries live in fixed-size
// chunks shared between copies, and only the last, partly filled chunk is copied when a copy
// appends to it. SimControl keeps a snapshot of the World every N events; with one vector per
// copy, snapshot memory grew with the square of the run length.
class Trace {
public:
    static constexpr std::size_t chunk_size = 1024;

    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = TraceEntry;
        using difference_type = std::ptrdiff_t;
        using pointer = const TraceEntry*;
        using reference = const TraceEntry&;

        Iterator() = default;
        Iterator(const Trace* trace, std::size_t i) : m_trace(trace), m_i(i) {}
        reference operator*() const { return (*m_trace)[m_i]; }
        pointer operator->() const { return &(*m_trace)[m_i]; }
        Iterator& operator++() { ++m_i; return *this; }
        Iterator operator++(int) { Iterator old = *this; ++m_i; return old; }
        bool operator==(const Iterator& other) const { return m_i == other.m_i; }

    private:
        const Trace* m_trace = nullptr;
        std::size_t m_i = 0;
    };

    // Appends and returns the entry's index (its position; indexes never change).
    std::uint64_t append(TraceEntry entry);
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    const TraceEntry& operator[](std::size_t i) const { return (*m_chunks[i / chunk_size])[i % chunk_size]; }
    const TraceEntry& back() const { return (*this)[m_size - 1]; }
    Iterator begin() const { return {this, 0}; }
    Iterator end() const { return {this, m_size}; }

    // One line per entry, deterministic: the determinism tests and `postlab run` print this.
    // With host_names (indexed by HostId), hosts print by name instead of by id.
    std::string to_text(const std::vector<std::string>& host_names = {}) const;
    static std::string line(const TraceEntry& entry, const std::vector<std::string>& host_names = {});

private:
    using Chunk = std::vector<TraceEntry>;
    std::vector<std::shared_ptr<Chunk>> m_chunks;  // full chunks are never written again
    std::size_t m_size = 0;
};

std::string format_time(TimeUs time_us);          // "12.345678" seconds
std::string tcp_flags_text(std::uint8_t flags);   // "SA", "PA", "FA", "R"
std::uint64_t fnv1a(std::string_view bytes);

}  // namespace postlab::sim
