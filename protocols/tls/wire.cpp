// Builds real-format TLS 1.3 records (RFC 8446 §5.1 TLSPlaintext, §5.2 TLSCiphertext) and
// handshake messages (RFC 8446 §4.1.2 ClientHello, §4.1.3 ServerHello, §4.2 extensions). Random
// fields and ciphertext come from a local splitmix64 stream per seed: deterministic, no state.
#include "protocols/tls/wire.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <array>
#include <initializer_list>

namespace postlab::tls_wire {
namespace {

// RFC 8446 §5.1 ContentType and §4 HandshakeType values.
constexpr std::uint8_t content_change_cipher_spec = 20;
constexpr std::uint8_t content_alert = 21;
constexpr std::uint8_t content_handshake = 22;
constexpr std::uint8_t content_application_data = 23;
constexpr std::uint8_t handshake_client_hello = 1;
constexpr std::uint8_t handshake_server_hello = 2;
constexpr std::uint16_t legacy_version = 0x0303;  // RFC 8446 §5.1: TLS 1.2 on the outside
constexpr std::uint16_t tls13 = 0x0304;
constexpr std::uint16_t group_x25519 = 0x001d;
constexpr std::uint16_t suite_aes_128_gcm_sha256 = 0x1301;
constexpr std::size_t x25519_key_size = 32;
constexpr std::size_t sha256_size = 32;
constexpr std::array<std::uint16_t, 14> client_suites{0x1302, 0x1303, 0x1301, 0xc02c, 0xc030,
                                                      0xcca9, 0xcca8, 0xc02b, 0xc02f, 0xc024,
                                                      0xc028, 0xc023, 0xc027, 0x00ff};
constexpr std::size_t server_name_max = 255;  // RFC 1035 §2.3.4: a DNS name fits 255 octets

// Separate streams so that, e.g., the session id does not depend on how much ciphertext was drawn.
enum class Stream : std::uint64_t {
    client_random = 1,
    server_random,
    session_id,
    client_key,
    server_key,
    server_ciphertext,
    client_ciphertext,
    application,
    alert,
};

// splitmix64 (Steele, Lea, Flood 2014): tiny, good enough for bytes that only look random.
class SplitMix {
  public:
    SplitMix(std::uint64_t seed, Stream stream)
        : m_state(seed ^ (static_cast<std::uint64_t>(stream) * 0xd1b54a32d192ed03ULL)) {}

    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    void fill(std::string& out, std::size_t count) {
        while (count > 0) {
            std::uint64_t word = next();
            for (int i = 0; i < 8 && count > 0; ++i, --count) {
                out.push_back(static_cast<char>(word & 0xff));
                word >>= 8;
            }
        }
    }

  private:
    std::uint64_t m_state;
};

void put_u8(std::string& out, std::uint8_t value) {
    out.push_back(static_cast<char>(value));
}

void put_u16(std::string& out, std::size_t value) {
    put_u8(out, static_cast<std::uint8_t>((value >> 8) & 0xff));
    put_u8(out, static_cast<std::uint8_t>(value & 0xff));
}

// RFC 8446 §3.4: vectors carry their byte length in a 1-, 2- or 3-byte prefix. A Block reserves
// the prefix and patches it when the body is complete.
class Block {
  public:
    Block(std::string& out, std::size_t prefix_size)
        : m_out(out), m_prefix_size(prefix_size), m_start(out.size()) {
        m_out.append(prefix_size, '\0');
    }
    Block(const Block&) = delete;
    Block& operator=(const Block&) = delete;
    ~Block() {
        std::size_t length = m_out.size() - m_start - m_prefix_size;
        for (std::size_t i = 0; i < m_prefix_size; ++i) {
            std::size_t shift = 8 * (m_prefix_size - 1 - i);
            m_out[m_start + i] = static_cast<char>((length >> shift) & 0xff);
        }
    }

  private:
    std::string& m_out;
    std::size_t m_prefix_size;
    std::size_t m_start;
};

void put_record_header(std::string& out, std::uint8_t type, std::size_t length) {
    put_u8(out, type);
    put_u16(out, legacy_version);
    put_u16(out, length);
}

// RFC 8446 §5.2: the outer type of every encrypted record is application_data; its length
// covers the inner plaintext, the real content type byte and the AEAD tag.
void put_encrypted_record(std::string& out, std::size_t inner_size, SplitMix& rng) {
    std::size_t length = inner_size + 1 + aead_tag_size;
    put_record_header(out, content_application_data, length);
    rng.fill(out, length);
}

void put_change_cipher_spec(std::string& out) {
    // RFC 8446 §D.4: a single byte 0x01, sent unencrypted, ignored by TLS 1.3 peers.
    put_record_header(out, content_change_cipher_spec, 1);
    put_u8(out, 1);
}

void put_session_id(std::string& out, std::uint64_t seed) {
    // RFC 8446 §D.4: in compatibility mode the client sends a fresh 32-byte legacy_session_id.
    put_u8(out, 32);
    SplitMix(seed, Stream::session_id).fill(out, 32);
}

void put_key_share_entry(std::string& out, std::uint64_t seed, Stream stream) {
    put_u16(out, group_x25519);  // RFC 8446 §4.2.8 KeyShareEntry
    put_u16(out, x25519_key_size);
    SplitMix(seed, stream).fill(out, x25519_key_size);
}

void put_server_name_extension(std::string& out, std::string_view server_name) {
    if (server_name.empty()) return;  // RFC 6066 §3: HostName is at least one byte
    server_name = server_name.substr(0, server_name_max);
    put_u16(out, 0);  // server_name
    Block extension(out, 2);
    Block list(out, 2);
    put_u8(out, 0);  // NameType host_name
    put_u16(out, server_name.size());
    out.append(server_name);
}

void put_list_extension(std::string& out, std::uint16_t type, std::size_t list_prefix,
                        std::initializer_list<std::uint16_t> values) {
    put_u16(out, type);
    Block extension(out, 2);
    Block list(out, list_prefix);
    for (std::uint16_t value : values) put_u16(out, value);
}

void put_client_extensions(std::string& out, std::string_view server_name, std::uint64_t seed) {
    Block extensions(out, 2);
    put_server_name_extension(out, server_name);
    put_u16(out, 11);  // ec_point_formats (RFC 8422 §5.1.2) for TLS 1.2: uncompressed
    put_u16(out, 2);
    put_u8(out, 1);
    put_u8(out, 0);
    // RFC 8446 §4.2.7 supported_groups, §4.2.3 signature_algorithms.
    put_list_extension(out, 10, 2, {group_x25519, 0x0017, 0x001e, 0x0019, 0x0018});
    put_list_extension(out, 13, 2,
                       {0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b, 0x0804,
                        0x0805, 0x0806, 0x0401, 0x0501, 0x0601});
    // TLS 1.2 fallback, as OpenSSL offers: session_ticket (RFC 5077), encrypt_then_mac (RFC 7366),
    // extended_master_secret (RFC 7627); all empty.
    for (std::uint16_t empty_extension :
         {std::uint16_t{35}, std::uint16_t{22}, std::uint16_t{23}}) {
        put_u16(out, empty_extension);
        put_u16(out, 0);
    }
    put_list_extension(out, 43, 1, {tls13, legacy_version});  // RFC 8446 §4.2.1
    put_u16(out, 45);  // psk_key_exchange_modes (RFC 8446 §4.2.9): psk_dhe_ke
    put_u16(out, 2);
    put_u8(out, 1);
    put_u8(out, 1);
    put_u16(out, 51);  // key_share (RFC 8446 §4.2.8): one x25519 share
    Block key_share(out, 2);
    Block shares(out, 2);
    put_key_share_entry(out, seed, Stream::client_key);
}

// A stable size per certificate name (FNV-1a), so a mismatching certificate looks different.
std::uint64_t name_hash(std::string_view name) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (char c : name) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// RFC 8446 §4.4.2 Certificate: header, empty context, list of (cert_data<3>, extensions<2>).
std::size_t certificate_message_size(std::string_view certificate_name) {
    std::uint64_t hash = name_hash(certificate_name);
    std::array<std::size_t, 2> chain{
        static_cast<std::size_t>(800 + hash % 600),           // leaf: name, SANs, RSA-2048 key
        static_cast<std::size_t>(1000 + (hash >> 20) % 300),  // intermediate CA
    };
    std::size_t size = 4 + 1 + 3;
    for (std::size_t cert : chain) size += 3 + cert + 2;
    return size;
}

}  // namespace

std::string client_hello(std::string_view server_name, std::uint64_t seed) {
    std::string out;
    {  // the Blocks patch their lengths on leaving this scope, before `out` is returned
        put_u8(out, content_handshake);
        put_u16(out, legacy_version);
        Block record(out, 2);
        put_u8(out, handshake_client_hello);
        Block body(out, 3);
        put_u16(out, legacy_version);  // RFC 8446 §4.1.2 legacy_version
        SplitMix(seed, Stream::client_random).fill(out, 32);
        put_session_id(out, seed);
        {
            // TLS 1.3 suites first, then TLS 1.2 ECDHE suites and the renegotiation SCSV (RFC
            // 5746).
            Block suites(out, 2);
            for (std::uint16_t suite : client_suites) put_u16(out, suite);
        }
        put_u8(out, 1);  // legacy_compression_methods: null only
        put_u8(out, 0);
        put_client_extensions(out, server_name, seed);
    }
    return out;
}

std::string server_flight(std::string_view certificate_name, std::uint64_t seed) {
    std::string out;
    {  // the Blocks patch their lengths on leaving this scope
        put_u8(out, content_handshake);
        put_u16(out, legacy_version);
        Block record(out, 2);
        put_u8(out, handshake_server_hello);
        Block body(out, 3);
        put_u16(out, legacy_version);
        SplitMix(seed, Stream::server_random).fill(out, 32);
        put_session_id(out, seed);  // legacy_session_id_echo
        put_u16(out, suite_aes_128_gcm_sha256);
        put_u8(out, 0);  // legacy_compression_method
        Block extensions(out, 2);
        put_u16(out, 43);  // supported_versions: selected_version (RFC 8446 §4.2.1)
        put_u16(out, 2);
        put_u16(out, tls13);
        put_u16(out, 51);  // key_share: one KeyShareEntry
        Block key_share(out, 2);
        put_key_share_entry(out, seed, Stream::server_key);
    }
    put_change_cipher_spec(out);
    SplitMix rng(seed, Stream::server_ciphertext);
    put_encrypted_record(out, 4 + 2, rng);  // EncryptedExtensions, no extensions (§4.3.1)
    put_encrypted_record(out, certificate_message_size(certificate_name), rng);
    put_encrypted_record(out, 4 + 2 + 2 + 256, rng);  // CertificateVerify rsa_pss_rsae_sha256
    put_encrypted_record(out, 4 + sha256_size, rng);  // Finished (§4.4.4)
    return out;
}

std::string client_finished(std::uint64_t seed) {
    std::string out;
    put_change_cipher_spec(out);
    SplitMix rng(seed, Stream::client_ciphertext);
    put_encrypted_record(out, 4 + sha256_size, rng);
    return out;
}

std::size_t application_data_size(std::size_t plaintext_size) {
    std::size_t records = (plaintext_size + record_plaintext_max - 1) / record_plaintext_max;
    return plaintext_size + records * (record_header_size + 1 + aead_tag_size);
}

std::string application_data(std::size_t plaintext_size, std::uint64_t seed) {
    std::string out;
    out.reserve(application_data_size(plaintext_size));
    SplitMix rng(seed, Stream::application);
    for (std::size_t left = plaintext_size; left > 0;) {
        std::size_t chunk = std::min(left, record_plaintext_max);
        put_encrypted_record(out, chunk, rng);
        left -= chunk;
    }
    return out;
}

std::string alert(std::uint8_t description, bool encrypted, std::uint64_t seed) {
    std::string out;
    if (encrypted) {
        SplitMix rng(seed, Stream::alert);
        put_encrypted_record(out, 2, rng);
        return out;
    }
    bool warning = description == alert_close_notify || description == alert_user_canceled;
    put_record_header(out, content_alert, 2);
    put_u8(out, warning ? 1 : 2);
    put_u8(out, description);
    return out;
}

namespace {

const char* record_type_name(unsigned type) {
    switch (type) {
        case 20: return "change_cipher_spec";
        case 21: return "alert";
        case 22: return "handshake";
        case 23: return "application_data";
        default: return "unknown";
    }
}

}  // namespace

std::vector<std::string> describe_records(std::string_view bytes) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at + record_header_size <= bytes.size() && out.size() < 64) {
        const auto type = static_cast<unsigned char>(bytes[at]);
        const unsigned version = static_cast<unsigned>(static_cast<unsigned char>(bytes[at + 1])) << 8 |
                                 static_cast<unsigned char>(bytes[at + 2]);
        const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + 3])) << 8 |
                                   static_cast<unsigned char>(bytes[at + 4]);
        if (type < 20 || type > 23 || (version >> 8) != 3) break;
        out.push_back(fmt::format("TLS record: {} ({}), version 0x{:04x}, {} bytes of {}", record_type_name(type), type,
                                  version, length, type == 23 ? "ciphertext" : "record body"));
        at += record_header_size + length;
    }
    return out;
}

}  // namespace postlab::tls_wire
