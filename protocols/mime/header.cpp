// RFC 5322 §2.2 header field parsing with unfolding (§2.2.3) and the header limits of limits.hpp.
// One pass over the lines; fields past header_bytes_max or header_field_count_max are skipped
// but the search for the empty line continues, so the body still starts at the right place.
#include "protocols/mime/header.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::mime {
namespace {

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

struct Line {
    std::size_t begin = 0;
    std::size_t content_end = 0;  // before CR LF / LF
    std::size_t next = 0;         // after the line ending
};

Line line_at(std::string_view text, std::size_t pos) {
    Line line{pos, text.size(), text.size()};
    std::size_t lf = text.find('\n', pos);
    if (lf == std::string_view::npos) return line;
    line.next = lf + 1;
    line.content_end = (lf > pos && text[lf - 1] == '\r') ? lf - 1 : lf;
    return line;
}

struct FieldBuilder {
    bool open = false;
    std::size_t start = 0;        // first byte of the field
    std::size_t name_end = 0;
    std::size_t value_start = 0;  // after the colon
    std::size_t value_end = 0;    // end of the last line's content (clipped to the limit)
    std::size_t next = 0;         // after the last line ending
};

void close_field(std::string_view text, std::size_t base, FieldBuilder& fb, HeaderBlock& block) {
    if (!fb.open) return;
    fb.open = false;
    std::string_view name = text.substr(fb.start, fb.name_end - fb.start);
    while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);  // RFC 5322 §4.5 obs
    HeaderField field;
    field.name = std::string(name);
    std::size_t value_end = fb.value_end < fb.value_start ? fb.value_start : fb.value_end;
    field.raw_value = std::string(text.substr(fb.value_start, value_end - fb.value_start));
    field.value = unfold(field.raw_value);
    field.range = {base + fb.start, fb.next - fb.start};
    block.fields.push_back(std::move(field));
}

}  // namespace

std::string unfold(std::string_view raw_value) {
    std::string out;
    out.reserve(raw_value.size());
    for (char c : raw_value) {
        if (c != '\r' && c != '\n') out += c;
    }
    std::size_t first = 0;
    while (first < out.size() && is_wsp(out[first])) ++first;
    std::size_t last = out.size();
    while (last > first && is_wsp(out[last - 1])) --last;
    return out.substr(first, last - first);
}

bool is_field_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (u < 33 || u > 126 || c == ':') return false;
    }
    return true;
}

namespace {

// The per-header limits (limits.hpp): whether a field starting at `pos` is kept, noting the
// first field dropped for each limit.
struct LimitState {
    bool over_bytes = false;
    bool over_count = false;
    bool long_line = false;
};

bool admit_field(std::size_t pos, std::size_t absolute, const HeaderBlock& block,
                 const Limits& limits, LimitState& st, std::vector<Problem>& problems) {
    if (pos >= limits.header_bytes_max) {
        if (!st.over_bytes) {
            st.over_bytes = true;
            add_problem(problems, "header fields past the byte limit ignored",
                        fmt::format("limit header_bytes_max={}", limits.header_bytes_max),
                        absolute);
        }
        return false;
    }
    if (block.fields.size() >= limits.header_field_count_max) {
        if (!st.over_count) {
            st.over_count = true;
            add_problem(problems, "header fields past the count limit ignored",
                        fmt::format("limit header_field_count_max={}",
                                    limits.header_field_count_max),
                        absolute);
        }
        return false;
    }
    return true;
}

// The field name before the colon on this line, or "" when the line is not a field.
std::string_view field_name(std::string_view text, const Line& line, std::size_t& colon) {
    colon = text.find(':', line.begin);
    if (colon == std::string_view::npos || colon >= line.content_end) return {};
    std::string_view name = text.substr(line.begin, colon - line.begin);
    while (!name.empty() && is_wsp(name.back())) name.remove_suffix(1);
    return is_field_name(name) ? name : std::string_view();
}

}  // namespace

HeaderBlock parse_header(std::string_view text, std::size_t base_offset, const Limits& limits,
                         std::vector<Problem>& problems) {
    HeaderBlock block;
    FieldBuilder fb;
    LimitState st;
    std::size_t pos = 0;
    std::size_t header_end = text.size();
    while (pos < text.size()) {
        Line line = line_at(text, pos);
        if (line.content_end == line.begin) {  // RFC 5322 §2.1: the empty line ends the header
            block.blank_line_found = true;
            header_end = line.next;
            break;
        }
        if (!st.long_line && line.content_end - line.begin > line_length_max) {
            st.long_line = true;
            add_problem(problems, "header line longer than 998 octets", "RFC 5322 §2.1.1",
                        base_offset + pos);
        }
        std::size_t clip = std::min(line.content_end, std::max(pos, limits.header_bytes_max));
        if (is_wsp(text[pos])) {  // RFC 5322 §2.2.3: a folded continuation line
            if (fb.open && pos < limits.header_bytes_max) {
                fb.value_end = clip;
                fb.next = line.next;
            } else if (!fb.open && block.fields.empty() && !st.over_bytes && !st.over_count) {
                add_problem(problems, "continuation line without a field", "RFC 5322 §2.2.3",
                            base_offset + pos);
            }
            pos = line.next;
            continue;
        }
        std::size_t colon = 0;
        if (field_name(text, line, colon).empty()) {  // not a field: the first body line
            add_problem(problems, "line is not a header field; the header ends here",
                        "RFC 5322 §2.2", base_offset + pos);
            header_end = pos;
            break;
        }
        close_field(text, base_offset, fb, block);
        if (admit_field(pos, base_offset + pos, block, limits, st, problems)) {
            fb = {true, pos, colon, colon + 1, std::max(clip, colon + 1), line.next};
            if (clip < line.content_end) {
                add_problem(problems, "header field cut at the byte limit",
                            fmt::format("limit header_bytes_max={}", limits.header_bytes_max),
                            base_offset + pos);
            }
        }
        pos = line.next;
    }
    close_field(text, base_offset, fb, block);
    block.range = {base_offset, header_end};
    block.body_offset = base_offset + header_end;
    return block;
}

const HeaderField* HeaderBlock::find(std::string_view name) const {
    for (const auto& f : fields) {
        if (iequals(f.name, name)) return &f;
    }
    return nullptr;
}

std::vector<const HeaderField*> HeaderBlock::find_all(std::string_view name) const {
    std::vector<const HeaderField*> out;
    for (const auto& f : fields) {
        if (iequals(f.name, name)) out.push_back(&f);
    }
    return out;
}

std::optional<std::string> HeaderBlock::value(std::string_view name) const {
    const HeaderField* f = find(name);
    if (!f) return std::nullopt;
    return f->value;
}

}  // namespace postlab::mime
