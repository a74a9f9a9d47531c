// The FETCH attribute grammar (RFC 9051 §6.4.5 and §9 "fetch-att", "section", "partial"; RFC 7162
// §3.1.4 MODSEQ); declared in parser.hpp with the other pure parsers.
#include <array>
#include <utility>

#include "protocols/core/text.hpp"
#include "protocols/imap/parser.hpp"

namespace postlab::imap {
namespace {

struct SimpleItem {
    std::string_view name;
    FetchKind kind;
};

constexpr std::array<SimpleItem, 11> k_simple_items{{
    {"FLAGS", FetchKind::flags},
    {"UID", FetchKind::uid},
    {"INTERNALDATE", FetchKind::internal_date},
    {"RFC822.SIZE", FetchKind::rfc822_size},
    {"ENVELOPE", FetchKind::envelope},
    {"BODYSTRUCTURE", FetchKind::body_structure},
    {"BODY", FetchKind::body},
    {"RFC822", FetchKind::rfc822},
    {"RFC822.HEADER", FetchKind::rfc822_header},
    {"RFC822.TEXT", FetchKind::rfc822_text},
    {"MODSEQ", FetchKind::modseq},
}};

// "(From To)" -> {"From", "To"}; quoted names are accepted as RFC 9051 §9 header-fld-name is an
// astring.
std::optional<std::vector<std::string>> parse_header_list(std::string_view text) {
    if (text.size() < 3 || text.front() != '(' || text.back() != ')') return std::nullopt;
    std::vector<std::string> fields;
    for (auto word : split_words(text.substr(1, text.size() - 2))) {
        if (word.size() >= 2 && word.front() == '"' && word.back() == '"') {
            word = word.substr(1, word.size() - 2);
        }
        if (word.empty()) return std::nullopt;
        fields.emplace_back(word);
    }
    if (fields.empty()) return std::nullopt;
    return fields;
}

std::optional<Section> parse_section(std::string_view spec) {
    Section section;
    while (!spec.empty() && spec.front() >= '0' && spec.front() <= '9') {
        const auto dot = spec.find('.');
        const auto number = parse_number(spec.substr(0, dot));
        if (!number || *number == 0 || *number > 0xFFFFFFFFULL) return std::nullopt;
        section.part.push_back(static_cast<std::uint32_t>(*number));
        spec = dot == std::string_view::npos ? std::string_view{} : spec.substr(dot + 1);
        if (dot != std::string_view::npos && spec.empty()) return std::nullopt;
    }
    const auto space = spec.find(' ');
    const std::string keyword = ascii_upper(spec.substr(0, space));
    if (keyword == "HEADER.FIELDS" || keyword == "HEADER.FIELDS.NOT") {
        if (space == std::string_view::npos) return std::nullopt;
        auto fields = parse_header_list(spec.substr(space + 1));
        if (!fields) return std::nullopt;
        section.fields = std::move(*fields);
    } else if (space != std::string_view::npos) {
        return std::nullopt;
    } else if (keyword == "MIME" && section.part.empty()) {
        return std::nullopt;  // RFC 9051 §6.4.5: MIME needs a part number
    } else if (!keyword.empty() && keyword != "HEADER" && keyword != "TEXT" && keyword != "MIME") {
        return std::nullopt;
    }
    section.text = keyword;
    return section;
}

std::string section_text(const Section& section) {
    std::string out;
    for (auto p : section.part) {
        if (!out.empty()) out += '.';
        out += std::to_string(p);
    }
    if (!section.text.empty()) {
        if (!out.empty()) out += '.';
        out += section.text;
    }
    if (!section.fields.empty()) {
        out += " (";
        for (std::size_t i = 0; i < section.fields.size(); ++i) {
            if (i) out += ' ';
            out += section.fields[i];
        }
        out += ')';
    }
    return out;
}

// "<a.b>" (RFC 9051 §9 "partial"): b is a nz-number.
bool parse_partial(std::string_view text, FetchItem& item) {
    if (text.empty()) return true;
    if (text.size() < 5 || text.front() != '<' || text.back() != '>') return false;
    text = text.substr(1, text.size() - 2);
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) return false;
    const auto start = parse_number(text.substr(0, dot));
    const auto length = parse_number(text.substr(dot + 1));
    if (!start || !length || *length == 0 || *start > 0xFFFFFFFFULL || *length > 0xFFFFFFFFULL) {
        return false;
    }
    item.partial_start = static_cast<std::uint32_t>(*start);
    item.partial_length = static_cast<std::uint32_t>(*length);
    return true;
}

}  // namespace

std::optional<FetchItem> parse_fetch_item(std::string_view word) {
    const std::string upper = ascii_upper(word);
    for (const auto& simple : k_simple_items) {
        if (upper == simple.name) {
            FetchItem item;
            item.kind = simple.kind;
            item.name = std::string(simple.name);
            return item;
        }
    }
    FetchItem item;
    item.kind = FetchKind::section;
    std::size_t open = 0;
    if (istarts_with(upper, "BODY[")) {
        open = 4;
    } else if (istarts_with(upper, "BODY.PEEK[")) {
        open = 9;
        item.peek = true;
    } else {
        return std::nullopt;
    }
    const auto close = word.find(']', open);
    if (close == std::string_view::npos) return std::nullopt;
    auto section = parse_section(word.substr(open + 1, close - open - 1));
    if (!section || !parse_partial(word.substr(close + 1), item)) return std::nullopt;
    item.section = std::move(*section);
    // RFC 9051 §7.5.2: the response names BODY[section]<origin>, without PEEK or the length.
    item.name = "BODY[" + section_text(item.section) + "]";
    if (item.partial_start) item.name += "<" + std::to_string(*item.partial_start) + ">";
    return item;
}

std::optional<std::vector<FetchItem>> parse_fetch_items(const Token& token) {
    std::vector<std::string_view> words;
    if (token.is_atom()) {
        const std::string upper = ascii_upper(token.text);
        if (upper == "ALL" || upper == "FAST" || upper == "FULL") {
            // RFC 9051 §6.4.5 macros.
            words = {"FLAGS", "INTERNALDATE", "RFC822.SIZE"};
            if (upper != "FAST") words.push_back("ENVELOPE");
            if (upper == "FULL") words.push_back("BODY");
        } else {
            words.push_back(token.text);
        }
    } else if (token.is_list() && !token.children.empty()) {
        for (const auto& child : token.children) {
            if (!child.is_atom()) return std::nullopt;
            words.push_back(child.text);
        }
    } else {
        return std::nullopt;
    }
    std::vector<FetchItem> items;
    for (auto w : words) {
        auto item = parse_fetch_item(w);
        if (!item) return std::nullopt;
        items.push_back(std::move(*item));
    }
    return items;
}

}  // namespace postlab::imap
