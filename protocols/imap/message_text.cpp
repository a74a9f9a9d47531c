// Top-level message views for FETCH and SEARCH; see message_text.hpp.
#include "protocols/imap/message_text.hpp"

#include <algorithm>

#include "protocols/core/text.hpp"
#include "protocols/imap/date_time.hpp"

namespace postlab::imap {
namespace {

// Calls `visit(name, whole_field_with_line_endings)` for every field of the header.
template <class Visit>
void for_each_field(std::string_view header, Visit visit) {
    std::size_t pos = 0;
    while (pos < header.size()) {
        std::size_t end = header.find('\n', pos);
        end = end == std::string_view::npos ? header.size() : end + 1;
        // Continuation lines start with white space (RFC 5322 §2.2.3).
        while (end < header.size() && (header[end] == ' ' || header[end] == '\t')) {
            const auto next = header.find('\n', end);
            end = next == std::string_view::npos ? header.size() : next + 1;
        }
        const std::string_view field = header.substr(pos, end - pos);
        const auto colon = field.find(':');
        if (colon != std::string_view::npos && field.substr(0, colon).find('\n') == field.npos) {
            visit(field.substr(0, colon), field);
        }
        pos = end;
    }
}

std::string unfold_value(std::string_view field) {
    std::string out;
    const auto colon = field.find(':');
    for (char c : field.substr(colon + 1)) {
        if (c != '\r' && c != '\n') out += c;
    }
    const auto first = out.find_first_not_of(" \t");
    const auto last = out.find_last_not_of(" \t");
    return first == std::string::npos ? std::string{} : out.substr(first, last - first + 1);
}

}  // namespace

std::size_t header_length(std::string_view message) {
    if (istarts_with(message, "\r\n")) return 2;
    const auto end = message.find("\r\n\r\n");
    return end == std::string_view::npos ? message.size() : end + 4;
}

std::string select_header_fields(std::string_view header, const std::vector<std::string>& names,
                                 bool exclude) {
    std::string out;
    for_each_field(header, [&](std::string_view name, std::string_view field) {
        const bool named = std::any_of(names.begin(), names.end(),
                                       [&](const std::string& n) { return iequals(n, name); });
        if (named != exclude) out.append(field);
    });
    return out + "\r\n";
}

std::vector<std::string> header_values(std::string_view message, std::string_view name) {
    std::vector<std::string> values;
    for_each_field(message.substr(0, header_length(message)),
                   [&](std::string_view field_name, std::string_view field) {
                       if (iequals(field_name, name)) values.push_back(unfold_value(field));
                   });
    return values;
}

std::optional<std::int64_t> sent_day(std::string_view message) {
    const auto values = header_values(message, "Date");
    if (values.empty()) return std::nullopt;
    // date-time = [ day-of-week "," ] date time (RFC 5322 §3.3); date = day month year.
    std::string_view text = values.front();
    if (const auto comma = text.find(','); comma != std::string_view::npos) {
        text.remove_prefix(comma + 1);
    }
    const auto words = split_words(text);
    if (words.size() < 3) return std::nullopt;
    const std::string date =
        std::string(words[0]) + '-' + std::string(words[1]) + '-' + std::string(words[2]);
    return parse_date(date);
}

bool icontains(std::string_view haystack, std::string_view needle) {
    if (needle.empty()) return true;
    const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                                [](char a, char b) { return ascii_upper(a) == ascii_upper(b); });
    return it != haystack.end();
}

}  // namespace postlab::imap
