// RFC 2047 encoded word decoding (§4.1 B, §4.2 Q, §6.2 joining) and encoding (§5 rule 3 for the
// Q alphabet usable in phrases). Lenient like real clients: words are found even when not
// separated from surrounding text, and over-long words are accepted.
#include "protocols/mime/encoded_word.hpp"

#include <optional>

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"
#include "protocols/mime/charset.hpp"

namespace postlab::mime {
namespace {

constexpr std::size_t encoded_word_scan_max = 4096;  // lenient bound on one word's length
constexpr std::size_t encoded_word_length_max = 75;  // RFC 2047 §2
constexpr std::string_view hex_digits = "0123456789ABCDEF";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::optional<std::string> decode_q(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '_') {
            out += ' ';  // RFC 2047 §4.2 (2)
        } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += c;  // lenient: a stray '=' is kept
        }
    }
    return out;
}

// Base64 inside a word; tolerates missing padding, which some mailers produce.
std::optional<std::string> decode_b(std::string_view text) {
    std::string padded(text);
    while (padded.size() % 4 != 0) padded += '=';
    return base64_decode(padded);
}

struct Word {
    std::string charset;
    std::string bytes;
    std::size_t end = 0;
};

// Parses `=?charset?enc?text?=` at text[pos]; nullopt when there is none or it cannot decode.
std::optional<Word> parse_word(std::string_view text, std::size_t pos) {
    if (text.substr(pos, 2) != "=?") return std::nullopt;
    // Searching a bounded window keeps many unterminated "=?" from costing quadratic time.
    const std::string_view window = text.substr(0, pos + encoded_word_scan_max);
    std::size_t q1 = window.find('?', pos + 2);
    if (q1 == std::string_view::npos || q1 + 2 >= window.size() || window[q1 + 2] != '?')
        return std::nullopt;
    std::size_t close = window.find("?=", q1 + 3);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view charset = text.substr(pos + 2, q1 - pos - 2);
    std::string_view payload = text.substr(q1 + 3, close - q1 - 3);
    if (charset.empty()) return std::nullopt;
    for (char c : charset) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::nullopt;
    }
    for (char c : payload) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '?') return std::nullopt;
    }
    std::size_t star = charset.find('*');  // RFC 2231 §5: charset*language
    if (star != std::string_view::npos) charset = charset.substr(0, star);
    if (!is_known_charset(charset)) return std::nullopt;
    char enc = ascii_upper(text[q1 + 1]);
    std::optional<std::string> bytes;
    if (enc == 'B') bytes = decode_b(payload);
    else if (enc == 'Q') bytes = decode_q(payload);
    if (!bytes) return std::nullopt;
    return Word{std::string(charset), std::move(*bytes), close + 2};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string decode_encoded_words(std::string_view text) {
    std::string out;
    std::string pending_space;  // white space seen since the last word or text
    std::string run_charset;    // charset of the pending run of adjacent words
    std::string run_bytes;
    bool after_word = false;
    auto flush_run = [&] {
        if (run_charset.empty()) return;
        out += to_utf8(run_charset, run_bytes).value_or(run_bytes);
        run_charset.clear();
        run_bytes.clear();
    };
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '=' && i + 1 < text.size() && text[i + 1] == '?') {
            if (auto word = parse_word(text, i)) {
                if (!after_word || !iequals(word->charset, run_charset)) {
                    flush_run();
                    if (!after_word) out += pending_space;
                    run_charset = word->charset;
                }
                run_bytes += word->bytes;
                pending_space.clear();
                after_word = true;
                i = word->end;
                continue;
            }
        }
        if (is_space(text[i])) {
            if (text[i] != '\r' && text[i] != '\n') pending_space += text[i];
            ++i;
            continue;
        }
        flush_run();
        out += pending_space;
        pending_space.clear();
        out += text[i];
        after_word = false;
        ++i;
    }
    flush_run();
    out += pending_space;
    return out;
}

namespace {

bool q_safe(char c) {  // RFC 2047 §5 (3): the characters a Q word may carry in a phrase
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '!' || c == '*' || c == '+' || c == '-' || c == '/';
}

std::string q_encode_char(std::string_view seq) {
    std::string out;
    for (char c : seq) {
        if (c == ' ') {
            out += '_';
        } else if (q_safe(c)) {
            out += c;
        } else {
            auto u = static_cast<unsigned char>(c);
            out += '=';
            out += hex_digits[u >> 4];
            out += hex_digits[u & 0xF];
        }
    }
    return out;
}

// Splits the text into words whose encoded payload fits; `b` selects base64, else Q.
std::vector<std::string> encode_words(std::string_view utf8, bool b) {
    const std::string prefix = b ? "=?UTF-8?B?" : "=?UTF-8?Q?";
    const std::size_t payload_max = encoded_word_length_max - prefix.size() - 2;
    std::vector<std::string> words;
    std::string chunk;    // raw bytes of the current word
    std::string encoded;  // Q payload of the current word
    auto flush = [&] {
        if (chunk.empty()) return;
        words.push_back(prefix + (b ? base64_encode(chunk) : encoded) + "?=");
        chunk.clear();
        encoded.clear();
    };
    for (std::size_t i = 0; i < utf8.size();) {
        std::size_t len = utf8_sequence_length(utf8, i);
        std::string seq = len == 0 ? std::string("\xEF\xBF\xBD") : std::string(utf8.substr(i, len));
        i += len == 0 ? 1 : len;
        std::size_t next_size = b ? (chunk.size() + seq.size() + 2) / 3 * 4
                                  : encoded.size() + q_encode_char(seq).size();
        if (next_size > payload_max) flush();
        chunk += seq;
        if (!b) encoded += q_encode_char(seq);
    }
    flush();
    return words;
}

std::string join(const std::vector<std::string>& words, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += separator;
        out += words[i];
    }
    return out;
}

}  // namespace

std::string encode_encoded_words(std::string_view utf8, std::string_view separator) {
    bool plain = utf8.find("=?") == std::string_view::npos;
    for (char c : utf8) {
        if (c < 0x20 || c > 0x7E) plain = false;  // char may be signed: 8-bit is negative
    }
    if (plain) return std::string(utf8);
    std::string as_b = join(encode_words(utf8, true), separator);
    std::string as_q = join(encode_words(utf8, false), separator);
    return as_q.size() <= as_b.size() ? as_q : as_b;
}

}  // namespace postlab::mime
