// RFC 2045 §5.1 parameter lists with RFC 822 comments, RFC 2183 dispositions, and RFC 2231
// parameter value continuations (§3) and charset/language information (§4, §4.1).
#include "protocols/mime/params.hpp"

#include <algorithm>
#include <optional>

#include "protocols/core/text.hpp"
#include "protocols/mime/charset.hpp"

namespace postlab::mime {
namespace {

constexpr std::size_t comment_depth_max = 64;       // nesting of "(...)" we follow
constexpr std::size_t continuation_index_max = 999;  // RFC 2231 §3 section numbers we accept
constexpr std::string_view tspecials = "()<>@,;:\\\"/[]?=";  // RFC 2045 §5.1

bool is_token_char(char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 32 && u != 127 && tspecials.find(c) == std::string_view::npos;
}

struct Cursor {
    std::string_view s;
    std::size_t i = 0;

    bool done() const { return i >= s.size(); }
    char peek() const { return done() ? '\0' : s[i]; }

    void skip_cfws() {  // RFC 5322 §3.2.2: white space and (nested) comments
        while (!done()) {
            char c = s[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                ++i;
            } else if (c == '(') {
                skip_comment();
            } else {
                return;
            }
        }
    }
    void skip_comment() {
        std::size_t depth = 0;
        while (!done()) {
            char c = s[i++];
            if (c == '\\') {
                ++i;
            } else if (c == '(') {
                ++depth;
            } else if (c == ')') {
                if (depth <= 1) return;
                --depth;
            }
            if (depth > comment_depth_max) depth = comment_depth_max;  // stay bounded
        }
    }
    std::string token() {
        std::size_t start = i;
        while (!done() && is_token_char(s[i])) ++i;
        return std::string(s.substr(start, i - start));
    }
    std::string quoted() {  // at '"'; RFC 5322 §3.2.4 quoted-pair unescaped
        std::string out;
        ++i;
        while (!done()) {
            char c = s[i++];
            if (c == '"') return out;
            if (c == '\\' && !done()) c = s[i++];
            if (c != '\r' && c != '\n') out += c;
        }
        return out;  // lenient: unterminated quote ends at the end of the value
    }
    void skip_to_semicolon() {
        while (!done() && s[i] != ';') {
            if (s[i] == '"') quoted();
            else ++i;
        }
    }
};

struct Section {
    std::size_t index = 0;
    bool extended = false;
    std::string value;
};

struct RawParam {
    std::string name;
    std::vector<Section> sections;
    std::size_t order = 0;
};

// Splits "title*1*" into ("title", 1, extended); plain names have index 0, not continued.
void split_name(const std::string& attr, std::string& base, std::optional<std::size_t>& index,
                bool& extended) {
    base = attr;
    extended = false;
    index.reset();
    if (!base.empty() && base.back() == '*') {
        extended = true;
        base.pop_back();
    }
    std::size_t star = base.rfind('*');
    if (star == std::string::npos || star + 1 >= base.size()) return;
    std::string_view digits = std::string_view(base).substr(star + 1);
    if (digits.size() > 3 || !std::all_of(digits.begin(), digits.end(),
                                          [](char c) { return c >= '0' && c <= '9'; }))
        return;
    index = static_cast<std::size_t>(std::stoul(std::string(digits)));
    base.resize(star);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() &&
            hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string percent_encode(std::string_view bytes) {  // RFC 2231 §7 attribute-char
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    for (char c : bytes) {
        if (static_cast<unsigned char>(c) < 0x80 && is_token_char(c) && c != '*' && c != '\'' &&
            c != '%') {
            out += c;
        } else {
            auto u = static_cast<unsigned char>(c);
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

Param assemble(RawParam& raw, std::vector<Problem>& problems, std::size_t offset) {
    std::sort(raw.sections.begin(), raw.sections.end(),
              [](const Section& a, const Section& b) { return a.index < b.index; });
    Param p;
    p.name = raw.name;
    std::string bytes;
    for (std::size_t k = 0; k < raw.sections.size(); ++k) {
        Section& sec = raw.sections[k];
        if (sec.index != k) {  // RFC 2231 §3: sections must be numbered 0, 1, 2 ... without gaps
            add_problem(problems, "parameter continuation missing or repeated: " + raw.name,
                        "RFC 2231 §3", offset);
            break;
        }
        std::string_view v = sec.value;
        if (sec.extended) {
            p.extended = true;
            if (k == 0) {  // RFC 2231 §4: charset'language'value in the first section only
                std::size_t q1 = v.find('\'');
                std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
                if (q2 != std::string_view::npos) {
                    p.charset = std::string(v.substr(0, q1));
                    p.language = std::string(v.substr(q1 + 1, q2 - q1 - 1));
                    v = v.substr(q2 + 1);
                }
            }
            bytes += percent_decode(v);
        } else {
            bytes += v;
        }
    }
    if (p.extended) {
        p.wire_value = p.charset + "'" + p.language + "'" + percent_encode(bytes);
        p.value = p.charset.empty() ? bytes : to_utf8(p.charset, bytes).value_or(bytes);
    } else {
        p.wire_value = bytes;
        p.value = bytes;
    }
    return p;
}

}  // namespace

std::string Param::imap_name() const { return extended ? name + "*" : name; }
std::string Param::imap_value() const { return wire_value; }

const Param* find_param(const std::vector<Param>& params, std::string_view name) {
    for (const auto& p : params) {
        if (iequals(p.name, name)) return &p;
    }
    return nullptr;
}

std::vector<Param> parse_params(std::string_view text, std::vector<Problem>& problems,
                                std::size_t offset) {
    Cursor cur{text};
    std::vector<RawParam> raws;
    while (true) {
        cur.skip_cfws();
        if (cur.done()) break;
        if (cur.peek() != ';') {
            add_problem(problems, "expected ';' between parameters", "RFC 2045 §5.1", offset);
            cur.skip_to_semicolon();
            continue;
        }
        ++cur.i;
        cur.skip_cfws();
        std::string attr = cur.token();
        cur.skip_cfws();
        if (attr.empty() || cur.peek() != '=') {
            if (!attr.empty() || !cur.done())
                add_problem(problems, "malformed parameter", "RFC 2045 §5.1", offset);
            cur.skip_to_semicolon();
            continue;
        }
        ++cur.i;
        cur.skip_cfws();
        std::string value = cur.peek() == '"' ? cur.quoted() : cur.token();
        std::string base;
        std::optional<std::size_t> index;
        bool extended = false;
        split_name(attr, base, index, extended);
        if (index && *index > continuation_index_max) continue;
        auto it = std::find_if(raws.begin(), raws.end(),
                               [&](const RawParam& r) { return iequals(r.name, base); });
        if (it == raws.end()) {
            raws.push_back({base, {}, raws.size()});
            it = raws.end() - 1;
        } else if (!index) {
            add_problem(problems, "duplicate parameter ignored: " + base, "RFC 2045 §5.1", offset);
            continue;
        }
        it->sections.push_back({index.value_or(0), extended, std::move(value)});
    }
    std::vector<Param> out;
    for (auto& raw : raws) out.push_back(assemble(raw, problems, offset));
    return out;
}

ContentType parse_content_type(std::string_view value, std::vector<Problem>& problems,
                               std::size_t offset) {
    Cursor cur{value};
    cur.skip_cfws();
    std::string type = cur.token();
    cur.skip_cfws();
    ContentType ct;
    if (type.empty() || cur.peek() != '/') {
        add_problem(problems, "malformed Content-Type; using text/plain", "RFC 2045 §5.2", offset);
        return ct;
    }
    ++cur.i;
    cur.skip_cfws();
    std::string subtype = cur.token();
    if (subtype.empty()) {
        add_problem(problems, "Content-Type without subtype; using text/plain", "RFC 2045 §5.2",
                    offset);
        return ct;
    }
    ct.type = std::move(type);
    ct.subtype = std::move(subtype);
    ct.present = true;
    ct.params = parse_params(value.substr(cur.i), problems, offset);
    return ct;
}

Disposition parse_disposition(std::string_view value, std::vector<Problem>& problems,
                              std::size_t offset) {
    Cursor cur{value};
    cur.skip_cfws();
    Disposition d;
    d.type = cur.token();
    if (d.type.empty()) {
        add_problem(problems, "malformed Content-Disposition", "RFC 2183 §2", offset);
        d.type = "attachment";  // RFC 2183 §2.8: unrecognized types are treated as attachment
    }
    d.params = parse_params(value.substr(cur.i), problems, offset);
    return d;
}

std::string first_token(std::string_view value) {
    Cursor cur{value};
    cur.skip_cfws();
    return cur.token();
}

}  // namespace postlab::mime
