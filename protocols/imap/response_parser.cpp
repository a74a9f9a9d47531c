// IMAP response framing and parsing for the client; see response_parser.hpp. Grammar: RFC 9051
// §9 "response", "response-data", "resp-cond-state", "resp-text-code", "continue-req"; §4.3
// literals. Status lines never carry literals, so "{5}" at the end of their text is just text.
#include "protocols/imap/response_parser.hpp"

#include <algorithm>
#include <limits>
#include <tuple>
#include <utility>

#include "protocols/core/text.hpp"

namespace postlab::imap {
namespace {

// Literals in one response: a FETCH carries a few (BODY[], ENVELOPE strings); more is abuse.
constexpr std::size_t k_literals_per_response_max = 256;

bool is_status_word(std::string_view word) {
    return iequals(word, "OK") || iequals(word, "NO") || iequals(word, "BAD") ||
           iequals(word, "BYE") || iequals(word, "PREAUTH");
}

bool is_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Tagged and untagged status lines and continuations end at CRLF whatever their text says.
bool is_status_line(std::string_view line) {
    if (line.starts_with("+")) return true;
    if (!line.starts_with("* ")) return true;  // tagged: "tag OK|NO|BAD text"
    const auto word = split_first_word(line.substr(2)).first;
    return is_status_word(word);
}

// "[CODE data] text" or "text" (RFC 9051 §9 "resp-text").
void parse_resp_text(std::string_view rest, Response& out) {
    if (rest.starts_with("[")) {
        const auto close = rest.find(']');
        if (close != std::string_view::npos) {
            const auto inner = rest.substr(1, close - 1);
            const auto [code, data] = split_first_word(inner);
            out.code = ascii_upper(code);
            out.code_data = std::string(data);
            rest.remove_prefix(close + 1);
            if (rest.starts_with(" ")) rest.remove_prefix(1);
        }
    }
    out.text = std::string(rest);
}

bool parse_data(const CommandText& text, std::string_view rest, Response& out,
                std::string& error) {
    auto [word, tail] = split_first_word(rest);
    if (word.empty()) {
        error = "Empty untagged response";
        return false;
    }
    if (is_digits(word)) {
        const auto n = parse_number(word);
        if (!n || *n > std::numeric_limits<std::uint32_t>::max()) {
            error = "Number out of range";
            return false;
        }
        out.number = static_cast<std::uint32_t>(*n);
        out.has_number = true;
        std::tie(word, tail) = split_first_word(tail);
        if (word.empty()) {
            error = "Missing response name after number";
            return false;
        }
    }
    out.name = ascii_upper(word);
    if (tail.empty()) return true;
    // The tokens start where `tail` starts inside line 0.
    const auto offset = static_cast<std::size_t>(tail.data() - text.lines[0].data());
    auto tokens = tokenize_from(text, offset);
    if (!tokens.ok) {
        error = tokens.error;
        return false;
    }
    out.args = std::move(tokens.tokens);
    return true;
}

}  // namespace

std::optional<Response> parse_response(const CommandText& text, std::string& error) {
    if (text.lines.empty() || text.lines.size() != text.literals.size() + 1) {
        error = "Empty response";
        return std::nullopt;
    }
    const std::string_view line = text.lines[0];
    Response out;
    if (line.starts_with("+")) {
        out.kind = ResponseKind::continuation;
        out.text = std::string(line.substr(line.starts_with("+ ") ? 2 : 1));
        return out;
    }
    if (line.starts_with("* ")) {
        const auto [word, rest] = split_first_word(line.substr(2));
        if (is_status_word(word)) {
            out.kind = ResponseKind::status;
            out.status = ascii_upper(word);
            parse_resp_text(rest, out);
            return out;
        }
        out.kind = ResponseKind::data;
        if (!parse_data(text, line.substr(2), out, error)) return std::nullopt;
        return out;
    }
    const auto [tag, rest] = split_first_word(line);
    const auto [word, tail] = split_first_word(rest);
    if (tag.empty() || tag == "*" || !(iequals(word, "OK") || iequals(word, "NO") ||
                                       iequals(word, "BAD"))) {
        error = "Not an IMAP response";
        return std::nullopt;
    }
    out.kind = ResponseKind::tagged;
    out.tag = std::string(tag);
    out.status = ascii_upper(word);
    parse_resp_text(tail, out);
    return out;
}

ResponseReader::ResponseReader(std::size_t line_length_max, std::size_t literal_size_max,
                               std::size_t response_size_max, std::uint64_t skip_literal_size_max)
    : m_reader(line_length_max),
      m_literal_size_max(literal_size_max),
      m_response_size_max(response_size_max),
      m_skip_literal_size_max(skip_literal_size_max) {}

void ResponseReader::clear() {
    m_reader.clear();
    m_pending = {};
    m_pending_size = 0;
    m_literal_remaining = 0;
    m_in_literal = false;
    m_skipping = false;
    m_skipped = false;
}

ResponseReader::Result ResponseReader::next() {
    Result result;
    auto fail = [&](std::string error, std::string rfc) {
        result.status = Status::error;
        result.error = std::move(error);
        result.rfc = std::move(rfc);
        return result;
    };
    while (true) {
        if (m_in_literal) {
            const auto want = static_cast<std::size_t>(
                std::min<std::uint64_t>(m_literal_remaining, m_reader.buffered()));
            std::string bytes = m_reader.take_raw(want);
            if (!m_skipping) m_pending.literals.back() += bytes;
            m_literal_remaining -= want;
            if (m_literal_remaining > 0) return result;  // need_more
            m_in_literal = false;
        }
        auto line = m_reader.next();
        if (!line) return result;
        if (line->error == LineError::too_long) return fail("response line too long", "RFC 9051 §2.2");
        if (line->error != LineError::none) {
            return fail("response line not ended by CRLF", "RFC 9051 §2.2");
        }
        m_pending_size += line->text.size() + 2;
        if (m_pending_size > m_response_size_max) return fail("response too large", "RFC 9051 §4.3");
        const LiteralSpec spec = literal_at_end(line->text);
        m_pending.lines.push_back(std::move(line->text));
        if (spec.present && spec.valid && !is_status_line(m_pending.lines.front())) {
            const bool fits = spec.size <= m_literal_size_max &&
                              spec.size <= m_response_size_max - m_pending_size;
            if (!fits && spec.size > m_skip_literal_size_max) {
                return fail("literal of " + std::to_string(spec.size) + " octets exceeds the limit",
                            "RFC 9051 §4.3");
            }
            if (m_pending.literals.size() >= k_literals_per_response_max) {
                return fail("too many literals in one response", "RFC 9051 §4.3");
            }
            m_skipping = !fits;
            m_skipped = m_skipped || !fits;
            if (fits) m_pending_size += static_cast<std::size_t>(spec.size);
            m_pending.literals.emplace_back();
            m_literal_remaining = spec.size;
            m_in_literal = true;
            continue;
        }
        CommandText text = std::move(m_pending);
        m_pending = {};
        m_pending_size = 0;
        const bool skipped = std::exchange(m_skipped, false);
        auto parsed = parse_response(text, result.error);
        if (!parsed) {
            result.status = Status::error;
            result.rfc = "RFC 9051 §7";
            return result;
        }
        result.status = Status::response;
        result.response = std::move(*parsed);
        result.response.literal_skipped = skipped;
        return result;
    }
}

std::optional<std::uint32_t> to_u32(const Token& token) {
    const auto n = parse_number(token);
    if (!n || *n > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
    return static_cast<std::uint32_t>(*n);
}

std::optional<std::uint64_t> to_u64(const Token& token) { return parse_number(token); }

const Token* fetch_value(const Token& fetch_list, std::string_view name) {
    if (!fetch_list.is_list()) return nullptr;
    const auto& items = fetch_list.children;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
        if (items[i].is_atom() && iequals(items[i].text, name)) return &items[i + 1];
    }
    return nullptr;
}

}  // namespace postlab::imap
