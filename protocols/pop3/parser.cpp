// POP3 parsers; see parser.hpp (RFC 1939 §3, §5, §7; RFC 2449 §3-§5; RFC 1734 §2).
#include "protocols/pop3/parser.hpp"

#include <limits>

#include "protocols/core/text.hpp"

namespace postlab::pop3 {
namespace {

template <class T>
ParseResult<T> failed(ParseError error, std::size_t consumed) {
    ParseResult<T> r;
    r.status = ParseStatus::error;
    r.error = error;
    r.consumed = consumed;
    return r;
}

bool arity_is(const std::vector<std::string_view>& words, std::size_t low, std::size_t high) {
    return words.size() >= low && words.size() <= high;
}

// Arguments for every keyword but PASS, whose secret may hold spaces (RFC 1939 §7).
bool fill_arguments(Command& c, const std::vector<std::string_view>& w) {
    switch (c.kind) {
        case CommandKind::user:
            if (!arity_is(w, 1, 1)) return false;
            c.text = std::string(w[0]);
            return true;
        case CommandKind::apop:
            if (!arity_is(w, 2, 2)) return false;
            c.text = std::string(w[0]);
            c.text2 = std::string(w[1]);
            return true;
        case CommandKind::auth:  // RFC 1734 §2; bare AUTH lists mechanisms (RFC 5034 §4)
            if (!arity_is(w, 0, 2)) return false;
            if (!w.empty()) c.text = std::string(w[0]);
            if (w.size() == 2) c.text2 = std::string(w[1]);
            return true;
        case CommandKind::list:
        case CommandKind::uidl:
            if (!arity_is(w, 0, 1)) return false;
            if (w.size() == 1) c.message = parse_number(w[0]);
            return w.empty() || c.message.has_value();
        case CommandKind::retr:
        case CommandKind::dele:
            if (!arity_is(w, 1, 1)) return false;
            c.message = parse_number(w[0]);
            return c.message.has_value();
        case CommandKind::top:
            if (!arity_is(w, 2, 2)) return false;
            c.message = parse_number(w[0]);
            c.lines = parse_number(w[1]);
            return c.message && c.lines;
        default:
            return w.empty();
    }
}

}  // namespace

std::string_view to_string(ParseError error) {
    switch (error) {
        case ParseError::none:
            return "none";
        case ParseError::unknown_command:
            return "unknown command";
        case ParseError::bad_arguments:
            return "bad arguments";
        case ParseError::line_too_long:
            return "line too long";
        case ParseError::bad_line_ending:
            return "line not ended by CRLF";
        case ParseError::nul_byte:
            return "NUL byte";
        case ParseError::bad_status:
            return "not a POP3 status line";
        case ParseError::too_large:
            return "response too large";
        case ParseError::bad_listing:
            return "malformed listing";
    }
    return "?";
}

std::optional<std::uint32_t> parse_number(std::string_view text) {
    if (text.empty() || text.size() > 10) return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

ParseResult<Command> parse_command_line(std::string_view line) {
    const std::size_t n = line.size();
    if (line.find('\0') != std::string_view::npos) return failed<Command>(ParseError::nul_byte, n);
    if (line.find_first_of("\r\n") != std::string_view::npos) {
        return failed<Command>(ParseError::bad_line_ending, n);
    }
    const auto [word, rest] = split_first_word(line);
    const auto kind = parse_keyword(word);
    if (!kind) return failed<Command>(ParseError::unknown_command, n);

    ParseResult<Command> r;
    r.status = ParseStatus::complete;
    r.consumed = n;
    r.value.kind = *kind;
    if (*kind == CommandKind::pass) {
        // RFC 1939 §7: "a POP3 server may treat spaces in the argument as part of the password".
        if (rest.empty()) return failed<Command>(ParseError::bad_arguments, n);
        r.value.text = std::string(rest);
        return r;
    }
    if (!fill_arguments(r.value, split_words(rest))) {
        return failed<Command>(ParseError::bad_arguments, n);
    }
    return r;
}

ParseResult<Command> parse_command(std::string_view bytes) {
    const std::size_t lf = bytes.find('\n');
    if (lf == std::string_view::npos) {
        if (bytes.size() > command_line_max) {
            return failed<Command>(ParseError::line_too_long, bytes.size());
        }
        return {};
    }
    if (lf + 1 > command_line_max) return failed<Command>(ParseError::line_too_long, lf + 1);
    if (lf == 0 || bytes[lf - 1] != '\r')
        return failed<Command>(ParseError::bad_line_ending, lf + 1);
    auto r = parse_command_line(bytes.substr(0, lf - 1));
    r.consumed = lf + 1;
    return r;
}

ParseResult<StatusLine> parse_status_line(std::string_view bytes) {
    const std::size_t crlf = bytes.find("\r\n");
    if (crlf == std::string_view::npos) {
        if (bytes.size() >= response_line_max) {
            return failed<StatusLine>(ParseError::line_too_long, bytes.size());
        }
        return {};
    }
    const std::size_t consumed = crlf + 2;
    if (consumed > response_line_max)
        return failed<StatusLine>(ParseError::line_too_long, consumed);
    const std::string_view line = bytes.substr(0, crlf);
    if (line.find_first_of(std::string_view("\0\n", 2)) != std::string_view::npos) {
        return failed<StatusLine>(ParseError::bad_status, consumed);
    }

    ParseResult<StatusLine> r;
    r.status = ParseStatus::complete;
    r.consumed = consumed;
    std::string_view text;
    if (line == "+OK" || line.starts_with("+OK ")) {
        text = line.size() > 3 ? line.substr(4) : std::string_view{};
    } else if (line == "-ERR" || line.starts_with("-ERR ")) {
        r.value.kind = StatusKind::err;
        text = line.size() > 4 ? line.substr(5) : std::string_view{};
    } else if (line == "+" || line.starts_with("+ ")) {
        // RFC 1734 §2: continue_req = "+" SPACE base64; some servers omit the space when empty.
        r.value.kind = StatusKind::continuation;
        r.value.text = std::string(line.size() > 1 ? line.substr(2) : std::string_view{});
        return r;
    } else {
        return failed<StatusLine>(ParseError::bad_status, consumed);
    }
    // RFC 2449 §8: an optional response code in square brackets opens the text.
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close != std::string_view::npos) {
            r.value.code = std::string(text.substr(1, close - 1));
            text.remove_prefix(close + 1);
            if (text.starts_with(' ')) text.remove_prefix(1);
        }
    }
    r.value.text = std::string(text);
    return r;
}

ParseResult<std::string> parse_multiline(std::string_view bytes, std::size_t size_max) {
    ParseResult<std::string> r;
    std::size_t pos = 0;
    while (true) {
        const std::size_t crlf = bytes.find("\r\n", pos);
        if (crlf == std::string_view::npos) {
            r.value.clear();
            r.status = ParseStatus::need_more;
            if (bytes.size() - pos > size_max) return failed<std::string>(ParseError::too_large, 0);
            return r;
        }
        std::string_view line = bytes.substr(pos, crlf - pos);
        pos = crlf + 2;
        if (line == ".") break;
        // RFC 1939 §3: a line starting with the termination octet was byte-stuffed.
        if (line.starts_with('.')) line.remove_prefix(1);
        if (r.value.size() + line.size() + 2 > size_max) {
            return failed<std::string>(ParseError::too_large, pos);
        }
        r.value.append(line);
        r.value.append("\r\n");
    }
    r.status = ParseStatus::complete;
    r.consumed = pos;
    return r;
}

std::optional<std::vector<Capability>> parse_capabilities(std::string_view body) {
    std::vector<Capability> caps;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const std::size_t crlf = body.find("\r\n", pos);
        if (crlf == std::string_view::npos) return std::nullopt;
        if (crlf + 2 - pos > response_line_max) return std::nullopt;  // RFC 2449 §5
        const auto words = split_words(body.substr(pos, crlf - pos));
        pos = crlf + 2;
        if (words.empty()) return std::nullopt;
        Capability cap{std::string(words[0]), {}};
        for (std::size_t i = 1; i < words.size(); ++i) cap.params.emplace_back(words[i]);
        caps.push_back(std::move(cap));
    }
    return caps;
}

bool valid_unique_id(std::string_view id) {
    if (id.empty() || id.size() > uidl_length_max) return false;
    for (char c : id) {
        if (c < 0x21 || c > 0x7e) return false;
    }
    return true;
}

std::optional<std::vector<ListingEntry>> parse_listing(std::string_view body) {
    std::vector<ListingEntry> entries;
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t end = body.find("\r\n", pos);
        if (end == std::string_view::npos) end = body.size();  // a single-line reply's text
        const auto words = split_words(body.substr(pos, end - pos));
        pos = std::min(body.size(), end + 2);
        // RFC 1939 §5/§7: "msg value"; servers may add text after, which we ignore.
        if (words.size() < 2) return std::nullopt;
        const auto message = parse_number(words[0]);
        if (!message || *message == 0 || !valid_unique_id(words[1])) return std::nullopt;
        entries.push_back({*message, std::string(words[1])});
    }
    return entries;
}

std::optional<DropSize> parse_drop_size(std::string_view text) {
    const auto words = split_words(text);
    if (words.size() < 2) return std::nullopt;
    const auto count = parse_number(words[0]);
    if (!count || words[1].empty() || words[1].size() > 19) return std::nullopt;
    std::uint64_t octets = 0;
    for (char c : words[1]) {
        if (c < '0' || c > '9') return std::nullopt;
        octets = octets * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return DropSize{*count, octets};
}

}  // namespace postlab::pop3
