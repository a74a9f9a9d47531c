// SMTP value types that cannot hold an invalid value: reply codes (RFC 5321 §4.2) and paths /
// mailboxes (RFC 5321 §4.1.2), plus the size limits of RFC 5321 §4.5.3.1 by name (smtpd.c style).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::smtp {

// RFC 5321 §4.5.3.1: the minimum maximums every implementation must accept.
inline constexpr std::size_t k_local_part_length_max = 64;       // §4.5.3.1.1
inline constexpr std::size_t k_domain_length_max = 255;          // §4.5.3.1.2
inline constexpr std::size_t k_path_length_max = 256;            // §4.5.3.1.3, with < and >
inline constexpr std::size_t k_command_line_length_max = 512;    // §4.5.3.1.4, with CRLF
inline constexpr std::size_t k_reply_line_length_max = 512;      // §4.5.3.1.5, with CRLF
inline constexpr std::size_t k_text_line_length_max = 1000;      // §4.5.3.1.6, with CRLF
inline constexpr std::size_t k_auth_line_length_max = 12288;     // RFC 4954 §4 (AUTH lines)
inline constexpr std::size_t k_reply_lines_max = 100;            // ours: a reply longer is hostile

// RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39
class ReplyCode {
public:
    // For codes in our own source: an invalid one is a compile error (see reply_code below).
    template <int V>
    static constexpr ReplyCode checked() {
        static_assert(valid(V), "invalid SMTP reply code (RFC 5321 §4.2)");
        ReplyCode code;
        code.m_value = V;
        return code;
    }
    static std::optional<ReplyCode> from_int(int value) {
        if (!valid(value)) return std::nullopt;
        ReplyCode code;
        code.m_value = value;
        return code;
    }
    int value() const { return m_value; }
    bool positive() const { return m_value < 400; }             // 2yz and 3yz
    bool completion() const { return m_value / 100 == 2; }      // 2yz
    bool intermediate() const { return m_value / 100 == 3; }    // 3yz
    bool transient_failure() const { return m_value / 100 == 4; }
    bool permanent_failure() const { return m_value / 100 == 5; }
    friend bool operator==(ReplyCode a, ReplyCode b) { return a.m_value == b.m_value; }

private:
    constexpr ReplyCode() = default;
    static constexpr bool valid(int v) {
        return v / 100 >= 2 && v / 100 <= 5 && (v / 10) % 10 <= 5 && v >= 0;
    }
    int m_value = 250;
};

template <int V>
inline constexpr ReplyCode reply_code = ReplyCode::checked<V>();

// A reply: one code and one or more text lines (RFC 5321 §4.2: multi-line "250-" ... "250 ").
// Enhanced status codes (RFC 3463 "2.1.0") stay part of each line's text.
struct Reply {
    ReplyCode code;
    std::vector<std::string> lines;

    std::string text() const;  // the lines joined by a space, for results and summaries
    friend bool operator==(const Reply&, const Reply&) = default;
};

// A reverse-path or forward-path (RFC 5321 §4.1.2):
//   Reverse-path = Path / "<>"
//   Forward-path = Path            (plus "<Postmaster>" without a domain, §4.1.1.3)
//   Path         = "<" [ A-d-l ":" ] Mailbox ">"      (the source route A-d-l is dropped, §C)
//   Mailbox      = Local-part "@" ( Domain / address-literal )
//   Local-part   = Dot-string / Quoted-string          (at most 64 octets, §4.5.3.1.1)
//   Dot-string   = Atom *("." Atom);  Atom = 1*atext  (RFC 5322 atext)
//   Quoted-string = DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE
//   Domain       = sub-domain *("." sub-domain);  sub-domain = Let-dig [Ldh-str]  (≤ 255)
//   address-literal = "[" 1*dcontent "]"  (dcontent = %d33-90 / %d94-126, RFC 5321 §4.1.3)
class Path {
public:
    static Path null() { return Path{}; }
    static Path postmaster() { return Path{"Postmaster", ""}; }
    // A mailbox from its parts; nothing when either part breaks the grammar or the limits.
    static std::optional<Path> make(std::string_view local_part, std::string_view domain);
    // "user@example.test" (or "" for the null path); the inverse of address().
    static std::optional<Path> from_address(std::string_view address);

    bool is_null() const { return m_local_part.empty(); }
    bool is_postmaster() const { return !is_null() && m_domain.empty(); }
    const std::string& local_part() const { return m_local_part; }
    const std::string& domain() const { return m_domain; }
    std::string address() const;  // "local@domain", "Postmaster" or ""
    std::string wire() const;     // "<local@domain>" as it appears in MAIL / RCPT

    friend bool operator==(const Path&, const Path&) = default;

private:
    Path() = default;
    Path(std::string local_part, std::string domain)
        : m_local_part(std::move(local_part)), m_domain(std::move(domain)) {}

    std::string m_local_part;
    std::string m_domain;
};

bool is_valid_local_part(std::string_view local_part);
bool is_valid_domain(std::string_view domain);  // Domain or address-literal

}  // namespace postlab::smtp
