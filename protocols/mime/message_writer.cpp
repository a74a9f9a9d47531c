// Writer for simple messages (RFC 5322 §3.6 fields, RFC 2045 §4 MIME-Version, RFC 2046 §5.1.3
// multipart/mixed, RFC 2047 words in Subject and names, RFC 2231 §4 non-ASCII filenames).
// Deterministic: the boundary comes from a hash of the content, never from a random source.
#include "protocols/mime/message_writer.hpp"

#include <fmt/format.h>

#include "protocols/core/civil_time.hpp"
#include "protocols/mime/encoded_word.hpp"
#include "protocols/mime/transfer.hpp"

namespace postlab::mime {
namespace {

constexpr std::size_t body_line_max = 998;  // RFC 5322 §2.1.1; longer lines need QP
constexpr std::string_view phrase_specials = "()<>[]:;@\\,.\"";

std::string to_crlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 40);
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

bool is_7bit_text(std::string_view crlf_text) {
    std::size_t line = 0;
    for (char c : crlf_text) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || u == 0) return false;
        line = c == '\n' ? 0 : line + 1;
        if (line > body_line_max) return false;
    }
    return true;
}

bool is_ascii(std::string_view text) {
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || u < 0x20) return false;
    }
    return true;
}

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

std::string pick_boundary(const OutgoingMessage& m, std::string_view text_body) {
    if (!m.boundary.empty()) return m.boundary;
    std::uint64_t h = fnv1a(14695981039346656037ULL, m.message_id);
    h = fnv1a(h, text_body);
    for (const auto& a : m.attachments) h = fnv1a(fnv1a(h, a.filename), a.data);
    // "=_" never occurs in base64 and only as "=5F" in quoted-printable; the loop covers 7bit.
    for (unsigned n = 0;; ++n) {
        std::string b = fmt::format("=_postlab_{:016x}_{}", h, n);
        if (text_body.find(b) == std::string_view::npos) return b;
    }
}

std::string address_list(const std::vector<MailAddress>& list) {
    std::string out;
    for (const auto& a : list) {
        if (!out.empty()) out += ", ";
        out += format_address(a);
    }
    return out;
}

std::string percent_encode_utf8(std::string_view text) {  // RFC 2231 §7 attribute-char
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '-' || c == '_';
        out += plain ? std::string(1, c) : fmt::format("%{:02X}", u);
    }
    return out;
}

std::string filename_param(std::string_view name) {
    if (is_ascii(name) && name.find('"') == std::string_view::npos &&
        name.find('\\') == std::string_view::npos)
        return fmt::format("filename=\"{}\"", name);
    return "filename*=utf-8''" + percent_encode_utf8(name);  // RFC 2231 §4
}

std::string text_part(std::string_view crlf_body) {
    bool plain = is_7bit_text(crlf_body);
    std::string out = "Content-Type: text/plain; charset=utf-8\r\n";
    out += plain ? "Content-Transfer-Encoding: 7bit\r\n\r\n"
                 : "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += plain ? std::string(crlf_body) : encode_quoted_printable(crlf_body, true);
    if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
    return out;
}

}  // namespace

std::string format_address(const MailAddress& a) {
    if (a.name.empty()) return a.addr;
    std::string name;
    if (!is_ascii(a.name) || a.name.find("=?") != std::string::npos) {
        name = encode_encoded_words(a.name, " ");
    } else if (a.name.find_first_of(phrase_specials) != std::string::npos) {
        name = "\"";
        for (char c : a.name) {
            if (c == '"' || c == '\\') name += '\\';
            name += c;
        }
        name += "\"";
    } else {
        name = a.name;
    }
    return name + " <" + a.addr + ">";
}

std::string format_date(std::int64_t unix_us, int zone_offset_minutes) {
    return rfc5322_date(unix_us, zone_offset_minutes);
}

std::string write_message(const OutgoingMessage& m) {
    std::string out;
    out += "From: " + format_address(m.from) + "\r\n";
    if (!m.to.empty()) out += "To: " + address_list(m.to) + "\r\n";
    if (!m.cc.empty()) out += "Cc: " + address_list(m.cc) + "\r\n";
    out += "Subject: " + encode_encoded_words(m.subject) + "\r\n";
    if (!m.date.empty()) out += "Date: " + m.date + "\r\n";
    if (!m.message_id.empty()) out += "Message-ID: " + m.message_id + "\r\n";
    if (!m.in_reply_to.empty()) out += "In-Reply-To: " + m.in_reply_to + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    std::string body = to_crlf(m.body);
    if (m.attachments.empty()) return out + text_part(body);
    std::string boundary = pick_boundary(m, body);
    out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "This is a multi-part message in MIME format.\r\n";  // preamble (RFC 2046 §5.1.1)
    // The CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1), so every part
    // is followed by one more CRLF to keep its own final line break.
    out += "--" + boundary + "\r\n" + text_part(body);
    for (const Attachment& a : m.attachments) {
        out += "\r\n--" + boundary + "\r\n";
        out += "Content-Type: " + a.content_type + "\r\n";
        out += "Content-Disposition: attachment; " + filename_param(a.filename) + "\r\n";
        out += "Content-Transfer-Encoding: base64\r\n\r\n";
        out += encode_base64_body(a.data);
    }
    out += "\r\n--" + boundary + "--\r\n";
    return out;
}

}  // namespace postlab::mime
