// POP3 writers; see writer.hpp (RFC 1939 §3, RFC 2449 §8, RFC 1734 §2).
#include "protocols/pop3/writer.hpp"

#include <fmt/format.h>

namespace postlab::pop3 {

std::string write_command(const Command& c) {
    std::string out(keyword(c.kind));
    const auto add = [&out](std::string_view word) {
        if (word.empty()) return;
        out += ' ';
        out += word;
    };
    add(c.text);
    add(c.text2);
    if (c.message) add(std::to_string(*c.message));
    if (c.lines) add(std::to_string(*c.lines));
    out += "\r\n";
    return out;
}

std::string write_status(const StatusLine& s) {
    std::string out;
    switch (s.kind) {
        case StatusKind::ok:
            out = "+OK";
            break;
        case StatusKind::err:
            out = "-ERR";
            break;
        case StatusKind::continuation:
            return fmt::format("+ {}\r\n", s.text);
    }
    if (!s.code.empty()) out += fmt::format(" [{}]", s.code);
    if (!s.text.empty()) {
        out += ' ';
        out += s.text;
    }
    out += "\r\n";
    return out;
}

std::string ok(std::string_view text) {
    return write_status({StatusKind::ok, "", std::string(text)});
}

std::string err(std::string_view text, std::string_view code) {
    return write_status({StatusKind::err, std::string(code), std::string(text)});
}

std::string write_multiline_body(std::string_view data) {
    std::string out;
    out.reserve(data.size() + data.size() / 64 + 5);
    // Lines end at CRLF only: the reader splits there, so a dot after a bare LF is not stuffed.
    bool line_start = true;
    char previous = '\0';
    for (char c : data) {
        if (line_start && c == '.') out += '.';
        out += c;
        line_start = previous == '\r' && c == '\n';
        previous = c;
    }
    if (!data.empty() && !data.ends_with("\r\n")) out += "\r\n";
    out += ".\r\n";
    return out;
}

std::string write_capabilities(const std::vector<Capability>& caps) {
    std::string out;
    for (const auto& cap : caps) {
        out += cap.tag;
        for (const auto& p : cap.params) out += ' ' + p;
        out += "\r\n";
    }
    return out;
}

std::string write_listing(const std::vector<ListingEntry>& entries) {
    std::string out;
    for (const auto& e : entries) out += fmt::format("{} {}\r\n", e.message, e.value);
    return out;
}

}  // namespace postlab::pop3
