// RFC 2045 §6.7 quoted-printable and §6.8 base64 for message bodies: lenient decoders bounded
// by decoded_max, and encoders whose output round-trips through the decoders.
#include "protocols/mime/transfer.hpp"

#include <fmt/format.h>

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"

namespace postlab::mime {
namespace {

constexpr std::size_t base64_line_chars = 76;  // RFC 2045 §6.8
constexpr std::size_t qp_line_chars = 76;      // RFC 2045 §6.7 rule 5
constexpr std::string_view hex_upper = "0123456789ABCDEF";

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool over_limit(Decoded& out, std::size_t decoded_max, std::size_t offset) {
    if (out.bytes.size() < decoded_max) return false;
    out.truncated = true;
    add_problem(out.problems, "decoded body cut at the size limit",
                fmt::format("limit decoded_bytes_max={}", decoded_max), offset);
    return true;
}

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// A group of 2 or 3 sextets still carries 1 or 2 whole octets.
void flush_partial(std::string& out, std::uint32_t acc, std::size_t have) {
    if (have < 2) return;
    acc <<= 6 * (4 - have);
    out += static_cast<char>((acc >> 16) & 0xFF);
    if (have == 3) out += static_cast<char>((acc >> 8) & 0xFF);
}

}  // namespace

Decoded decode_base64_body(std::string_view text, std::size_t decoded_max) {
    Decoded out;
    std::uint32_t acc = 0;
    std::size_t have = 0;  // sextets in acc
    std::size_t i = 0;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
        if (c == '=') {  // padding ends a block; another block may follow (concatenation)
            flush_partial(out.bytes, acc, have);
            have = 0;
            acc = 0;
            continue;
        }
        int v = base64_value(c);
        if (v < 0) {
            out.truncated = true;
            add_problem(out.problems, "character outside the base64 alphabet; decoding stopped",
                        "RFC 2045 §6.8", i);
            break;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        if (++have == 4) {
            if (over_limit(out, decoded_max, i)) return out;
            out.bytes += static_cast<char>((acc >> 16) & 0xFF);
            out.bytes += static_cast<char>((acc >> 8) & 0xFF);
            out.bytes += static_cast<char>(acc & 0xFF);
            have = 0;
            acc = 0;
        }
    }
    if (have == 2 || have == 3) {
        if (!out.truncated) {
            add_problem(out.problems, "base64 body ends without padding", "RFC 2045 §6.8", i);
        }
        flush_partial(out.bytes, acc, have);
    } else if (have == 1) {
        out.truncated = true;
        add_problem(out.problems, "base64 body truncated inside a group", "RFC 2045 §6.8", i);
    }
    return out;
}

Decoded decode_quoted_printable(std::string_view text, std::size_t decoded_max) {
    Decoded out;
    std::size_t pos = 0;
    bool noted_escape = false;
    while (pos < text.size()) {
        std::size_t lf = text.find('\n', pos);
        bool has_break = lf != std::string_view::npos;
        std::size_t end = has_break ? lf : text.size();
        std::size_t content_end = (has_break && end > pos && text[end - 1] == '\r') ? end - 1 : end;
        while (content_end > pos && is_wsp(text[content_end - 1])) --content_end;  // rule 3
        bool soft = content_end > pos && text[content_end - 1] == '=';
        if (soft) --content_end;  // rule 5: "=" at the end of a line is a soft line break
        for (std::size_t i = pos; i < content_end; ++i) {
            if (over_limit(out, decoded_max, i)) return out;
            char c = text[i];
            if (c == '=' && i + 2 < content_end && hex_value(text[i + 1]) >= 0 &&
                hex_value(text[i + 2]) >= 0) {
                out.bytes +=
                    static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
                i += 2;
                continue;
            }
            if (c == '=' && !noted_escape) {  // RFC 2045 §6.7 note (2): keep it literally
                noted_escape = true;
                add_problem(out.problems, "'=' not followed by two hex digits", "RFC 2045 §6.7",
                            i);
            }
            out.bytes += c;
        }
        if (has_break && !soft) out.bytes += "\r\n";
        pos = has_break ? lf + 1 : text.size();
    }
    return out;
}

Decoded decode_body(std::string_view body, std::string_view encoding, std::size_t decoded_max) {
    std::string enc = ascii_lower(encoding);
    if (enc == "base64") return decode_base64_body(body, decoded_max);
    if (enc == "quoted-printable") return decode_quoted_printable(body, decoded_max);
    Decoded out;
    if (!enc.empty() && enc != "7bit" && enc != "8bit" && enc != "binary") {
        add_problem(out.problems, "unknown Content-Transfer-Encoding '" + enc + "'; kept as is",
                    "RFC 2045 §6.4", 0);
    }
    if (body.size() > decoded_max) {
        out.truncated = true;
        add_problem(out.problems, "decoded body cut at the size limit",
                    fmt::format("limit decoded_bytes_max={}", decoded_max), decoded_max);
        body = body.substr(0, decoded_max);
    }
    out.bytes = std::string(body);
    return out;
}

std::string encode_base64_body(std::string_view bytes) {
    std::string flat = base64_encode(bytes);
    std::string out;
    out.reserve(flat.size() + flat.size() / base64_line_chars * 2 + 2);
    for (std::size_t i = 0; i < flat.size(); i += base64_line_chars) {
        out += flat.substr(i, base64_line_chars);
        out += "\r\n";
    }
    return out;
}

std::string encode_quoted_printable(std::string_view bytes, bool text) {
    std::string out;
    std::size_t line_len = 0;
    auto emit = [&](std::string_view piece) {
        if (line_len + piece.size() > qp_line_chars - 1) {  // leave room for the soft break '='
            out += "=\r\n";
            line_len = 0;
        }
        out += piece;
        line_len += piece.size();
    };
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        char c = bytes[i];
        if (text && c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') {
            out += "\r\n";  // hard line break (rule 4)
            line_len = 0;
            ++i;
            continue;
        }
        auto u = static_cast<unsigned char>(c);
        bool at_line_end = i + 1 == bytes.size() ||
                           (text && bytes[i + 1] == '\r' && i + 2 < bytes.size() &&
                            bytes[i + 2] == '\n');
        bool literal = (u >= 33 && u <= 126 && c != '=') || (is_wsp(c) && !at_line_end);
        if (literal) {
            emit(std::string_view(&bytes[i], 1));
        } else {
            const char escaped[3] = {'=', hex_upper[u >> 4], hex_upper[u & 0xF]};
            emit(std::string_view(escaped, 3));
        }
    }
    return out;
}

}  // namespace postlab::mime
