// Real-format TLS 1.3 bytes for the simulated wire (RFC 8446 §4 handshake, §5 records, §6
// alerts; SNI per RFC 6066 §3), so exported captures dissect in Wireshark/tshark. The secret parts
// (randoms, keys, ciphertext) are deterministic pseudo-random bytes from a seed: nothing is secret.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::tls_wire {

// RFC 8446 §5.1: at most 2^14 plaintext bytes per record; §5.2: an encrypted record carries the
// plaintext, one inner content-type byte and the AEAD tag (16 bytes for AES-128-GCM).
inline constexpr std::size_t record_plaintext_max = 16384;
inline constexpr std::size_t record_header_size = 5;
inline constexpr std::size_t aead_tag_size = 16;

// The client's first flight: one handshake record holding a ClientHello that offers TLS 1.3
// (and TLS 1.2 as a fallback, like OpenSSL), x25519 key share and SNI = server_name (omitted
// when empty; clipped to 255 bytes, the DNS name limit).
std::string client_hello(std::string_view server_name, std::uint64_t seed);

// The server's flight: ServerHello record (TLS_AES_128_GCM_SHA256, x25519), a
// ChangeCipherSpec record (RFC 8446 §D.4 middlebox compatibility), then four encrypted records
// sized like EncryptedExtensions, Certificate (a 1.5-3 KB chain whose size follows
// certificate_name), CertificateVerify (RSA-PSS 2048) and Finished. With the same seed as
// client_hello, legacy_session_id_echo echoes the client's session id (RFC 8446 §4.1.3).
std::string server_flight(std::string_view certificate_name, std::uint64_t seed);

// The client's second flight: ChangeCipherSpec + one encrypted Finished record (64 bytes).
std::string client_finished(std::uint64_t seed);

// Encrypted application data standing for plaintext_size bytes: ceil(size / 2^14) records.
// Zero bytes give no record (an empty string).
std::string application_data(std::size_t plaintext_size, std::uint64_t seed);
std::size_t application_data_size(std::size_t plaintext_size);

// An alert record. Unencrypted: a plaintext alert (content type 21), which TLS 1.3 allows only
// before the peer's handshake keys exist, e.g. a server refusing a ClientHello. Encrypted: an
// application_data record of 2 + 1 + 16 bytes, which is what a TLS 1.3 client sends once it has
// processed the ServerHello (RFC 8446 §6: alerts are encrypted under the current keys), e.g.
// bad_certificate (42) after a name mismatch, and what close_notify (0) always is after the
// handshake. Level: warning (1) for close_notify and user_canceled (90), else fatal (2).
std::string alert(std::uint8_t description, bool encrypted, std::uint64_t seed);

// What anyone on the path reads in TLS bytes: one line per record header (RFC 8446 §5.1: type,
// legacy version, length), at most 64 records; empty when the bytes are not TLS records.
std::vector<std::string> describe_records(std::string_view bytes);

// Alert descriptions used by the simulation (RFC 8446 §6).
inline constexpr std::uint8_t alert_close_notify = 0;
inline constexpr std::uint8_t alert_handshake_failure = 40;
inline constexpr std::uint8_t alert_bad_certificate = 42;
inline constexpr std::uint8_t alert_certificate_unknown = 46;
inline constexpr std::uint8_t alert_protocol_version = 70;
inline constexpr std::uint8_t alert_user_canceled = 90;

}  // namespace postlab::tls_wire
