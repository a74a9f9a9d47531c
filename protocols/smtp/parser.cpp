// Pure SMTP parsers; see parser.hpp. RFC 5321 §4.1.1 (commands), §4.1.2 (paths and
// parameters), §4.2 (replies), §2.3.8 (lines end only with CRLF).
#include "protocols/smtp/parser.hpp"

#include <charconv>

#include "protocols/core/text.hpp"

namespace postlab::smtp {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// Index of the '>' closing a path that starts with '<' at 0; a quoted local part may hold '>'.
std::size_t closing_bracket(std::string_view s) {
    bool quoted = false;
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (quoted && s[i] == '\\') {
            ++i;
        } else if (s[i] == '"') {
            quoted = !quoted;
        } else if (!quoted && s[i] == '>') {
            return i;
        }
    }
    return std::string_view::npos;
}

// RFC 5321 §4.1.2: esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
//                  esmtp-value   = 1*(%d33-60 / %d62-126)
std::optional<MailParameter> parse_parameter(std::string_view word) {
    const std::size_t eq = word.find('=');
    const std::string_view keyword = word.substr(0, eq);
    if (keyword.empty() || !is_alnum(keyword.front())) return std::nullopt;
    for (char c : keyword) {
        if (!is_alnum(c) && c != '-') return std::nullopt;
    }
    MailParameter parameter{ascii_upper(keyword), ""};
    if (eq == std::string_view::npos) return parameter;
    const std::string_view value = word.substr(eq + 1);
    if (value.empty()) return std::nullopt;
    for (char c : value) {
        if (c < 33 || c > 126 || c == '=') return std::nullopt;
    }
    parameter.value = std::string(value);
    return parameter;
}

PathError check_mailbox(std::string_view mailbox, bool allow_postmaster, std::optional<Path>& out) {
    if (allow_postmaster && iequals(mailbox, "Postmaster")) {
        out = Path::postmaster();
        return PathError::none;
    }
    const std::size_t at = mailbox.rfind('@');
    if (at == std::string_view::npos) return PathError::bad_address;
    const std::string_view local = mailbox.substr(0, at);
    const std::string_view domain = mailbox.substr(at + 1);
    if (local.size() > k_local_part_length_max || domain.size() > k_domain_length_max) {
        return PathError::too_long;
    }
    out = Path::make(local, domain);
    return out ? PathError::none : PathError::bad_address;
}

// "<...>" then parameters. `prefix` is "FROM:" or "TO:".
PathArgument parse_path_argument(std::string_view argument, std::string_view prefix, bool mail) {
    PathArgument result;
    if (!istarts_with(argument, prefix)) return {PathError::syntax, {}, {}};
    // Many clients send "FROM: <a@b>"; the space is harmless, so it is tolerated.
    std::string_view rest = trim_spaces(argument.substr(prefix.size()));
    if (rest.empty() || rest.front() != '<') return {PathError::syntax, {}, {}};
    const std::size_t close = closing_bracket(rest);
    if (close == std::string_view::npos) return {PathError::syntax, {}, {}};
    if (close + 1 > k_path_length_max) return {PathError::too_long, {}, {}};
    std::string_view inner = rest.substr(1, close - 1);
    if (inner.empty()) {
        if (!mail) return {PathError::bad_address, {}, {}};
        result.path = Path::null();
    } else {
        // RFC 5321 §4.1.1.3 / Appendix C: a source route "@a,@b:" is accepted and ignored.
        if (inner.front() == '@') {
            const std::size_t colon = inner.find(':');
            if (colon == std::string_view::npos) return {PathError::bad_address, {}, {}};
            inner.remove_prefix(colon + 1);
        }
        result.error = check_mailbox(inner, !mail, result.path);
        if (result.error != PathError::none) return result;
    }
    for (std::string_view word : split_words(rest.substr(close + 1))) {
        auto parameter = parse_parameter(word);
        if (!parameter) return {PathError::bad_parameter, {}, {}};
        result.parameters.push_back(std::move(*parameter));
    }
    return result;
}

struct ReplyLine {
    int code = 0;
    bool last = true;
    std::string text;
};

std::optional<ReplyLine> parse_reply_line(std::string_view line) {
    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2])) {
        return std::nullopt;
    }
    ReplyLine out;
    out.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (line.size() == 3) return out;  // Reply-code alone (RFC 5321 §4.2: textstring optional)
    if (line[3] != ' ' && line[3] != '-') return std::nullopt;
    out.last = line[3] == ' ';
    out.text = std::string(line.substr(4));
    return out;
}

}  // namespace

CommandLine parse_command_line(std::string_view line) {
    auto [verb, argument] = split_first_word(line);
    CommandLine out;
    out.verb = std::string(verb);
    out.argument = std::string(trim_spaces(argument));
    out.command = command_from_verb(verb).value_or(Command::unknown);
    return out;
}

CommandParse parse_command(std::string_view buffer, std::size_t line_length_max) {
    const std::size_t lf = buffer.find('\n');
    if (lf == std::string_view::npos) {
        if (buffer.size() >= line_length_max) return {ParseStatus::error, 0, {}, "line too long"};
        return {};
    }
    if (lf == 0 || buffer[lf - 1] != '\r') return {ParseStatus::error, lf + 1, {}, "bare LF"};
    if (lf + 1 > line_length_max) return {ParseStatus::error, lf + 1, {}, "line too long"};
    const std::string_view line = buffer.substr(0, lf - 1);
    if (line.find('\r') != std::string_view::npos) {
        return {ParseStatus::error, lf + 1, {}, "bare CR"};
    }
    return {ParseStatus::complete, lf + 1, parse_command_line(line), ""};
}

ReplyParse parse_reply(std::string_view buffer) {
    std::size_t pos = 0;
    std::vector<std::string> lines;
    int code = 0;
    while (true) {
        const std::size_t lf = buffer.find('\n', pos);
        if (lf == std::string_view::npos) {
            if (buffer.size() - pos >= k_reply_line_length_max) {
                return {ParseStatus::error, 0, std::nullopt, "reply line too long"};
            }
            return {};
        }
        if (lf == pos || buffer[lf - 1] != '\r') {
            return {ParseStatus::error, 0, std::nullopt, "reply line ends with a bare LF"};
        }
        if (lf + 1 - pos > k_reply_line_length_max) {
            return {ParseStatus::error, 0, std::nullopt, "reply line too long"};
        }
        auto line = parse_reply_line(buffer.substr(pos, lf - 1 - pos));
        if (!line || (code != 0 && line->code != code)) {
            return {ParseStatus::error, 0, std::nullopt, "malformed reply line"};
        }
        code = line->code;
        lines.push_back(std::move(line->text));
        pos = lf + 1;
        if (line->last) break;
        if (lines.size() >= k_reply_lines_max) {
            return {ParseStatus::error, 0, std::nullopt, "reply has too many lines"};
        }
    }
    auto reply_code = ReplyCode::from_int(code);
    if (!reply_code) return {ParseStatus::error, 0, std::nullopt, "invalid reply code"};
    return {ParseStatus::complete, pos, Reply{*reply_code, std::move(lines)}, ""};
}

PathArgument parse_mail_argument(std::string_view argument) {
    return parse_path_argument(argument, "FROM:", true);
}

PathArgument parse_rcpt_argument(std::string_view argument) {
    return parse_path_argument(argument, "TO:", false);
}

bool EhloCapabilities::has(std::string_view keyword) const { return parameters(keyword) != nullptr; }

const std::vector<std::string>* EhloCapabilities::parameters(std::string_view keyword) const {
    for (const auto& [name, params] : keywords) {
        if (iequals(name, keyword)) return &params;
    }
    return nullptr;
}

bool EhloCapabilities::offers_auth(std::string_view mechanism) const {
    for (const auto& [name, params] : keywords) {
        // Old servers announce "AUTH=PLAIN LOGIN" (the syntax before RFC 2554).
        const bool old_style = istarts_with(name, "AUTH=");
        if (!iequals(name, "AUTH") && !old_style) continue;
        if (old_style && iequals(std::string_view(name).substr(5), mechanism)) return true;
        for (const auto& p : params) {
            if (iequals(p, mechanism)) return true;
        }
    }
    return false;
}

std::optional<std::size_t> EhloCapabilities::size_max() const {
    const auto* params = parameters("SIZE");
    if (!params) return std::nullopt;
    if (params->empty()) return std::size_t{0};
    std::size_t value = 0;
    const auto& text = params->front();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::size_t{0};
    return value;
}

EhloCapabilities parse_ehlo_reply(const Reply& reply) {
    EhloCapabilities caps;
    if (reply.lines.empty()) return caps;
    caps.greeting = reply.lines.front();
    for (std::size_t i = 1; i < reply.lines.size(); ++i) {
        const auto words = split_words(reply.lines[i]);
        if (words.empty()) continue;
        std::vector<std::string> params(words.begin() + 1, words.end());
        caps.keywords.emplace_back(ascii_upper(words.front()), std::move(params));
    }
    return caps;
}

std::optional<std::string> enhanced_status_code(std::string_view text) {
    // status-code = class "." subject "." detail; class 2/4/5, subject and detail 1-3 digits.
    const std::size_t end = text.find(' ');
    const std::string_view code = text.substr(0, end);
    if (code.size() < 5 || (code[0] != '2' && code[0] != '4' && code[0] != '5') || code[1] != '.') {
        return std::nullopt;
    }
    const std::size_t dot = code.find('.', 2);
    if (dot == std::string_view::npos) return std::nullopt;
    const std::string_view subject = code.substr(2, dot - 2);
    const std::string_view detail = code.substr(dot + 1);
    auto digits = [](std::string_view s) {
        if (s.empty() || s.size() > 3) return false;
        for (char c : s) {
            if (!is_digit(c)) return false;
        }
        return true;
    };
    if (!digits(subject) || !digits(detail)) return std::nullopt;
    return std::string(code);
}

}  // namespace postlab::smtp
