// Tests for sim/tls_wire: the records parse back with an independent little checker (RFC 8446
// §5.1 record header, §4 handshake header, §4.1.2 ClientHello fields, RFC 6066 §3 SNI), sizes add
// up, and every output is a deterministic function of its seed.
#include <catch2/catch.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/tls/wire.hpp"

namespace tw = postlab::tls_wire;

namespace {

struct Record {
    std::uint8_t type = 0;
    std::uint16_t version = 0;
    std::string body;
};

std::uint32_t be(std::string_view bytes, std::size_t at, std::size_t width) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes.at(at + i));
    }
    return value;
}

// Splits a byte stream into records; fails the test if a length runs past the end.
std::vector<Record> split_records(std::string_view bytes) {
    std::vector<Record> records;
    std::size_t at = 0;
    while (at < bytes.size()) {
        REQUIRE(bytes.size() - at >= 5);
        Record record;
        record.type = static_cast<std::uint8_t>(be(bytes, at, 1));
        record.version = static_cast<std::uint16_t>(be(bytes, at + 1, 2));
        std::size_t length = be(bytes, at + 3, 2);
        REQUIRE(length <= 16384 + 256);  // RFC 8446 §5.2 TLSCiphertext limit
        REQUIRE(bytes.size() - at - 5 >= length);
        record.body = std::string(bytes.substr(at + 5, length));
        records.push_back(record);
        at += 5 + length;
    }
    return records;
}

// A reader over a length-prefixed vector: every read checks bounds.
class Reader {
  public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}
    std::uint32_t number(std::size_t width) {
        REQUIRE(m_bytes.size() >= width);
        std::uint32_t value = be(m_bytes, 0, width);
        m_bytes.remove_prefix(width);
        return value;
    }
    std::string_view take(std::size_t count) {
        REQUIRE(m_bytes.size() >= count);
        std::string_view out = m_bytes.substr(0, count);
        m_bytes.remove_prefix(count);
        return out;
    }
    Reader vector(std::size_t prefix_width) { return Reader(take(number(prefix_width))); }
    bool empty() const { return m_bytes.empty(); }

  private:
    std::string_view m_bytes;
};

struct HelloSummary {
    std::string random;
    std::string session_id;
    std::vector<std::uint16_t> suites;
    std::vector<std::uint16_t> extension_types;
    std::optional<std::string> sni;
    std::vector<std::uint16_t> versions;
    std::string x25519_key;
};

void read_client_extension(std::uint16_t type, Reader data, HelloSummary& summary) {
    if (type == 0) {
        Reader list = data.vector(2);
        CHECK(list.number(1) == 0);  // host_name
        summary.sni = std::string(list.take(list.number(2)));
        CHECK(list.empty());
    } else if (type == 43) {
        Reader versions = data.vector(1);
        while (!versions.empty())
            summary.versions.push_back(static_cast<std::uint16_t>(versions.number(2)));
    } else if (type == 51) {
        Reader shares = data.vector(2);
        CHECK(shares.number(2) == 0x001d);
        summary.x25519_key = std::string(shares.take(shares.number(2)));
        CHECK(shares.empty());
    } else {
        data.take(0);
        return;
    }
    CHECK(data.empty());
}

HelloSummary parse_client_hello(std::string_view bytes) {
    std::vector<Record> records = split_records(bytes);
    REQUIRE(records.size() == 1);
    REQUIRE(records[0].type == 22);
    REQUIRE(records[0].version == 0x0303);
    Reader handshake(records[0].body);
    REQUIRE(handshake.number(1) == 1);  // client_hello
    Reader hello = handshake.vector(3);
    REQUIRE(handshake.empty());  // the handshake length covers exactly the record
    HelloSummary summary;
    CHECK(hello.number(2) == 0x0303);
    summary.random = std::string(hello.take(32));
    summary.session_id = std::string(hello.vector(1).take(32));
    Reader suites = hello.vector(2);
    while (!suites.empty()) summary.suites.push_back(static_cast<std::uint16_t>(suites.number(2)));
    Reader compression = hello.vector(1);
    CHECK(compression.number(1) == 0);
    CHECK(compression.empty());
    Reader extensions = hello.vector(2);
    CHECK(hello.empty());
    while (!extensions.empty()) {
        auto type = static_cast<std::uint16_t>(extensions.number(2));
        summary.extension_types.push_back(type);
        read_client_extension(type, extensions.vector(2), summary);
    }
    return summary;
}

bool contains(const std::vector<std::uint16_t>& values, std::uint16_t value) {
    for (std::uint16_t v : values) {
        if (v == value) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("ClientHello parses back with SNI, TLS 1.3 and an x25519 share", "[tls_wire]") {
    std::string bytes = tw::client_hello("mail.example.com", 7);
    HelloSummary hello = parse_client_hello(bytes);
    REQUIRE(hello.sni.has_value());
    CHECK(*hello.sni == "mail.example.com");
    CHECK(hello.session_id.size() == 32);
    CHECK(contains(hello.suites, 0x1301));
    CHECK(contains(hello.versions, 0x0304));
    CHECK(hello.x25519_key.size() == 32);
    CHECK(contains(hello.extension_types, 10));  // supported_groups
    CHECK(contains(hello.extension_types, 13));  // signature_algorithms
    CHECK(bytes.size() >= 250);
    CHECK(bytes.size() <= 520);
}

TEST_CASE("ClientHello without a name has no SNI and a long name is clipped", "[tls_wire]") {
    HelloSummary none = parse_client_hello(tw::client_hello("", 1));
    CHECK_FALSE(none.sni.has_value());
    CHECK_FALSE(contains(none.extension_types, 0));
    std::string long_name(300, 'a');
    HelloSummary clipped = parse_client_hello(tw::client_hello(long_name, 1));
    REQUIRE(clipped.sni.has_value());
    CHECK(*clipped.sni == std::string(255, 'a'));
}

TEST_CASE("server flight: ServerHello, CCS, four encrypted records", "[tls_wire]") {
    std::string flight = tw::server_flight("mail.example.com", 7);
    std::vector<Record> records = split_records(flight);
    REQUIRE(records.size() == 6);
    CHECK(records[0].type == 22);
    Reader handshake(records[0].body);
    CHECK(handshake.number(1) == 2);  // server_hello
    Reader hello = handshake.vector(3);
    CHECK(handshake.empty());
    CHECK(hello.number(2) == 0x0303);
    hello.take(32);
    std::string echo(hello.vector(1).take(32));
    CHECK(echo == parse_client_hello(tw::client_hello("x", 7)).session_id);
    CHECK(hello.number(2) == 0x1301);
    CHECK(hello.number(1) == 0);
    Reader extensions = hello.vector(2);
    CHECK(hello.empty());
    CHECK(extensions.number(2) == 43);
    CHECK(extensions.vector(2).number(2) == 0x0304);
    CHECK(records[1].type == 20);
    CHECK(records[1].body == std::string(1, '\x01'));
    std::size_t encrypted = 0;
    for (std::size_t i = 2; i < records.size(); ++i) {
        CHECK(records[i].type == 23);
        CHECK(records[i].version == 0x0303);
        encrypted += records[i].body.size();
    }
    // EncryptedExtensions + a 1.5-3 KB chain + CertificateVerify + Finished, each + 17 bytes.
    CHECK(encrypted >= 1500 + 300);
    CHECK(encrypted <= 3000 + 400);
}

TEST_CASE("certificate name changes the flight size deterministically", "[tls_wire]") {
    CHECK(tw::server_flight("a.example", 1).size() == tw::server_flight("a.example", 2).size());
    CHECK(tw::server_flight("mail.example.com", 1).size() !=
          tw::server_flight("mail.example.org", 1).size());
}

TEST_CASE("client finished is CCS plus one encrypted Finished", "[tls_wire]") {
    std::vector<Record> records = split_records(tw::client_finished(3));
    REQUIRE(records.size() == 2);
    CHECK(records[0].type == 20);
    CHECK(records[1].type == 23);
    CHECK(records[1].body.size() == 32 + 4 + 1 + 16);
}

TEST_CASE("application_data_size matches the bytes and records are at most 2^14", "[tls_wire]") {
    for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{100}, std::size_t{16384},
                             std::size_t{16385}, std::size_t{50000}}) {
        std::string bytes = tw::application_data(size, 9);
        CHECK(bytes.size() == tw::application_data_size(size));
        std::size_t plaintext = 0;
        for (const Record& record : split_records(bytes)) {
            CHECK(record.type == 23);
            REQUIRE(record.body.size() > 17);
            CHECK(record.body.size() - 17 <= 16384);
            plaintext += record.body.size() - 17;
        }
        CHECK(plaintext == size);
    }
    CHECK(tw::application_data_size(16385) == 16385 + 2 * 22);
}

TEST_CASE("alerts: plaintext and encrypted forms", "[tls_wire]") {
    std::vector<Record> plain = split_records(tw::alert(tw::alert_bad_certificate, false, 1));
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].type == 21);
    CHECK(plain[0].body == std::string("\x02\x2a", 2));
    std::vector<Record> close = split_records(tw::alert(tw::alert_close_notify, false, 1));
    REQUIRE(close.size() == 1);
    CHECK(close[0].body == std::string("\x01\x00", 2));
    std::vector<Record> encrypted = split_records(tw::alert(tw::alert_bad_certificate, true, 1));
    REQUIRE(encrypted.size() == 1);
    CHECK(encrypted[0].type == 23);
    CHECK(encrypted[0].body.size() == 2 + 1 + 16);
}

TEST_CASE("same seed gives the same bytes, another seed other bytes", "[tls_wire]") {
    CHECK(tw::client_hello("a.example", 5) == tw::client_hello("a.example", 5));
    CHECK(tw::client_hello("a.example", 5) != tw::client_hello("a.example", 6));
    CHECK(tw::server_flight("a.example", 5) == tw::server_flight("a.example", 5));
    CHECK(tw::server_flight("a.example", 5) != tw::server_flight("a.example", 6));
    CHECK(tw::client_finished(5) == tw::client_finished(5));
    CHECK(tw::client_finished(5) != tw::client_finished(6));
    CHECK(tw::application_data(1000, 5) == tw::application_data(1000, 5));
    CHECK(tw::application_data(1000, 5) != tw::application_data(1000, 6));
    CHECK(tw::alert(0, true, 5) == tw::alert(0, true, 5));
    CHECK(tw::alert(0, true, 5) != tw::alert(0, true, 6));
    HelloSummary a = parse_client_hello(tw::client_hello("a.example", 5));
    HelloSummary b = parse_client_hello(tw::client_hello("a.example", 6));
    CHECK(a.random != b.random);
    CHECK(a.x25519_key != b.x25519_key);
}
