// The sans-IO session contract every protocol client and server follows (h11's shape, see
// ../shared/DESIGN.md §2), so that one driver can run any of them: the simulated network in
// sim/ and real sockets in live/. A session never does I/O and never reads a clock; time and the
// server's storage are passed in with every call through SessionContext.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/core/event.hpp"
#include "protocols/core/protocol_id.hpp"

namespace postlab {

class MailStore;

using TimeUs = std::int64_t;  // microseconds since the Unix epoch (virtual time in the sim)

// How a client secures its connection, as a mail app's account dialog offers it (RFC 8314).
enum class Security {
    none,         // plaintext throughout
    starttls,     // plaintext, then STARTTLS / STLS; a hard failure if the server lacks it
    implicit_tls  // TLS from the first byte (ports 465, 993, 995)
};

struct SessionContext {
    MailStore* store = nullptr;  // servers: the domain's mailboxes; clients: unused
    TimeUs now_us = 0;
};

// Driver loop, in order: start() once the transport is connected (and, for implicit TLS, after
// the handshake); then on every read receive(bytes), on EOF receive_eof(), when the deadline
// passes on_timer(). After each call: write take_output(); drain next_event(); if wants_tls(),
// run the TLS handshake (after writing the output) and call tls_established(); if closed(),
// write what is left and close the transport.
template <class S>
concept SansIoSession = requires(S s, const S cs, std::string_view bytes, const SessionContext& ctx) {
    s.start(ctx);
    s.receive(bytes, ctx);
    s.receive_eof(ctx);
    s.on_timer(ctx);
    s.tls_established(ctx);
    { s.take_output() } -> std::same_as<std::string>;
    { s.next_event() } -> std::same_as<std::optional<Event>>;
    { cs.wants_tls() } -> std::same_as<bool>;
    { cs.closed() } -> std::same_as<bool>;
    { cs.next_deadline_us() } -> std::same_as<std::optional<TimeUs>>;
    { cs.state_name() } -> std::same_as<std::string_view>;
};

}  // namespace postlab
