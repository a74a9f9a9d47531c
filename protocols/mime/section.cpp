// RFC 9051 §6.4.5 section specifiers: part numbers, then HEADER, HEADER.FIELDS[.NOT] (list),
// TEXT or MIME; HEADER/TEXT apply to the message or to an encapsulated message/rfc822.
#include "protocols/mime/section.hpp"

#include <algorithm>

#include "protocols/core/text.hpp"
#include "protocols/mime/header.hpp"

namespace postlab::mime {
namespace {

constexpr std::size_t section_depth_max = 64;  // part numbers in one spec
constexpr std::size_t field_names_max = 256;   // names in one HEADER.FIELDS list

std::optional<std::uint32_t> parse_number(std::string_view digits) {
    if (digits.empty() || digits.size() > 9 || digits[0] == '0') return std::nullopt;
    std::uint32_t n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return n;
}

// "(From To)" -> {"From", "To"}; names are astrings (RFC 9051 §9 header-fld-name).
std::optional<std::vector<std::string>> parse_field_list(std::string_view text) {
    if (text.size() < 2 || text.front() != '(' || text.back() != ')') return std::nullopt;
    std::vector<std::string> names;
    text = text.substr(1, text.size() - 2);
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        std::string name;
        if (text[i] == '"') {
            ++i;
            while (i < text.size() && text[i] != '"') {
                if (text[i] == '\\' && i + 1 < text.size()) ++i;
                name += text[i++];
            }
            if (i >= text.size()) return std::nullopt;
            ++i;
        } else {
            while (i < text.size() && text[i] != ' ') name += text[i++];
        }
        if (names.size() >= field_names_max) return std::nullopt;
        names.push_back(std::move(name));
    }
    if (names.empty()) return std::nullopt;
    return names;
}

std::optional<SectionText> parse_text_word(std::string_view word) {
    if (iequals(word, "HEADER")) return SectionText::header;
    if (iequals(word, "TEXT")) return SectionText::text;
    if (iequals(word, "MIME")) return SectionText::mime;
    if (iequals(word, "HEADER.FIELDS")) return SectionText::header_fields;
    if (iequals(word, "HEADER.FIELDS.NOT")) return SectionText::header_fields_not;
    return std::nullopt;
}

bool wanted(const SectionSpec& spec, std::string_view name) {
    bool listed = std::any_of(spec.fields.begin(), spec.fields.end(),
                              [&](const std::string& f) { return iequals(f, name); });
    return spec.text == SectionText::header_fields ? listed : !listed;
}

// The node whose RFC 5322 header HEADER / TEXT / HEADER.FIELDS refer to.
std::optional<std::size_t> message_node(const MessageStructure& s, const SectionSpec& spec) {
    if (spec.parts.empty()) return 0;
    auto node = s.find_part(spec.parts);
    if (!node || !s.parts[*node].is_encapsulated()) return std::nullopt;
    return s.parts[*node].children.front();
}

}  // namespace

std::optional<SectionSpec> parse_section_spec(std::string_view spec) {
    SectionSpec out;
    std::string_view rest = spec;
    while (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
        std::size_t dot = rest.find('.');
        auto n = parse_number(rest.substr(0, dot));
        if (!n || out.parts.size() >= section_depth_max) return std::nullopt;
        out.parts.push_back(*n);
        if (dot == std::string_view::npos) return out;
        rest = rest.substr(dot + 1);
        if (rest.empty()) return std::nullopt;
    }
    if (rest.empty()) return out;
    std::size_t space = rest.find(' ');
    auto text = parse_text_word(rest.substr(0, space));
    if (!text) return std::nullopt;
    out.text = *text;
    bool wants_list = *text == SectionText::header_fields || *text == SectionText::header_fields_not;
    if (wants_list != (space != std::string_view::npos)) return std::nullopt;
    if (*text == SectionText::mime && out.parts.empty()) return std::nullopt;
    if (wants_list) {
        auto names = parse_field_list(rest.substr(space + 1));
        if (!names) return std::nullopt;
        out.fields = std::move(*names);
    }
    return out;
}

std::optional<ByteRange> section_range(const MessageStructure& s, const SectionSpec& spec) {
    if (s.parts.empty()) return std::nullopt;
    switch (spec.text) {
        case SectionText::none: {
            if (spec.parts.empty()) return ByteRange{0, s.root().body.end()};
            auto node = s.find_part(spec.parts);
            if (!node) return std::nullopt;
            return s.parts[*node].body;
        }
        case SectionText::mime: {
            auto node = s.find_part(spec.parts);
            if (!node) return std::nullopt;
            return s.parts[*node].header;
        }
        case SectionText::header:
        case SectionText::text: {
            auto node = message_node(s, spec);
            if (!node) return std::nullopt;
            const BodyPart& m = s.parts[*node];
            return spec.text == SectionText::header ? m.header : m.body;
        }
        default: return std::nullopt;
    }
}

std::optional<std::string> section_bytes(std::string_view message, const MessageStructure& s,
                                         const SectionSpec& spec) {
    if (spec.text != SectionText::header_fields && spec.text != SectionText::header_fields_not) {
        auto range = section_range(s, spec);
        if (!range || range->end() > message.size()) return std::nullopt;
        return std::string(message.substr(range->offset, range->length));
    }
    auto node = message_node(s, spec);
    if (!node) return std::nullopt;
    const ByteRange h = s.parts[*node].header;
    if (h.end() > message.size()) return std::nullopt;
    std::vector<Problem> ignored;
    HeaderBlock block = parse_header(message.substr(h.offset, h.length), h.offset, {}, ignored);
    std::string out;
    for (const HeaderField& f : block.fields) {
        if (!wanted(spec, f.name)) continue;
        out += message.substr(f.range.offset, f.range.length);
        if (out.back() != '\n') out += "\r\n";  // a last field cut off by the end of data
    }
    out += "\r\n";
    return out;
}

std::string_view partial(std::string_view bytes, std::uint64_t start, std::uint64_t length) {
    if (start >= bytes.size()) return {};
    auto first = static_cast<std::size_t>(start);
    std::size_t available = bytes.size() - first;
    std::size_t count = length < available ? static_cast<std::size_t>(length) : available;
    return bytes.substr(first, count);
}

}  // namespace postlab::mime
