// Builds the part tree of a message without recursion: a work stack of entities (header + body
// regions); each one is parsed, then multipart bodies are split at boundary delimiter lines
// (RFC 2046 §5.1.1) and message/rfc822 bodies become one nested message (RFC 2046 §5.2.1).
#include "protocols/mime/structure.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "protocols/core/text.hpp"
#include "protocols/mime/header.hpp"

namespace postlab::mime {
namespace {

// RFC 2046 §5.1.1 allows 70 characters; longer ones are accepted up to this bound so that the
// substring search stays cheap.
constexpr std::size_t boundary_length_max = 256;

struct Task {
    std::size_t part = 0;
    ByteRange region;  // header + body of the entity
};

struct Builder {
    std::string_view msg;
    const Limits& limits;
    MessageStructure& out;
    std::vector<Task> stack;
    bool noted_depth = false;
    bool noted_parts = false;
};

bool identity_encoding(const BodyPart& p) {  // RFC 2045 §6.4: no transfer encoding applied
    return !p.encoding || iequals(*p.encoding, "7bit") || iequals(*p.encoding, "8bit") ||
           iequals(*p.encoding, "binary");
}

// Content-Language (RFC 3282 §2): language tags separated by commas, comments allowed.
std::vector<std::string> split_languages(std::string_view value) {
    std::vector<std::string> out;
    std::string cur;
    std::size_t depth = 0;
    auto flush = [&] {
        if (!cur.empty()) out.push_back(std::move(cur));
        cur.clear();
    };
    for (char c : value) {
        if (c == '(') {
            ++depth;
        } else if (c == ')') {
            if (depth > 0) --depth;
        } else if (depth > 0) {
            continue;
        } else if (c == ',' || c == ' ' || c == '\t') {
            flush();
        } else {
            cur += c;
        }
    }
    flush();
    return out;
}

void apply_header(BodyPart& part, const HeaderBlock& hb, std::vector<Problem>& problems) {
    if (const HeaderField* f = hb.find("Content-Type")) {
        ContentType ct = parse_content_type(f->value, problems, f->range.offset);
        if (ct.present) {
            part.type = std::move(ct.type);
            part.subtype = std::move(ct.subtype);
        } else {
            part.type = "TEXT";
            part.subtype = "PLAIN";
        }
        part.params = std::move(ct.params);
    }
    if (const HeaderField* f = hb.find("Content-Transfer-Encoding")) {
        part.encoding = first_token(f->value);
    }
    if (auto v = hb.value("Content-ID")) part.id = std::move(*v);
    if (auto v = hb.value("Content-Description")) part.description = std::move(*v);
    if (auto v = hb.value("Content-MD5")) part.md5 = std::move(*v);
    if (const HeaderField* f = hb.find("Content-Disposition")) {
        part.disposition = parse_disposition(f->value, problems, f->range.offset);
    }
    if (auto v = hb.value("Content-Language")) part.language = split_languages(*v);
    if (auto v = hb.value("Content-Location")) {
        std::string loc;  // RFC 2557 §4.4.2: folding white space inside the URI is removed
        for (char c : *v) {
            if (c != ' ' && c != '\t') loc += c;
        }
        part.location = std::move(loc);
    }
    if (part.is_message) part.envelope = make_envelope(hb);
}

std::size_t add_part(Builder& b, std::size_t parent, ByteRange region, bool is_message) {
    BodyPart part;
    part.parent = parent;
    part.depth = b.out.parts[parent].depth + 1;
    part.is_message = is_message;
    part.header = {region.offset, 0};
    part.body = region;
    b.out.parts.push_back(std::move(part));
    std::size_t index = b.out.parts.size() - 1;
    b.out.parts[parent].children.push_back(index);
    return index;
}

// Turns a part that cannot be expanded into a leaf the UI can still show.
void make_opaque(BodyPart& part, std::string_view type, std::string_view subtype) {
    part.type = std::string(type);
    part.subtype = std::string(subtype);
    part.params.clear();
    part.children.clear();
    part.opaque = true;
}

bool room_for_parts(Builder& b, std::size_t needed, std::size_t offset) {
    if (b.out.parts.size() + needed <= b.limits.part_count_max) return true;
    if (!b.noted_parts) {
        b.noted_parts = true;
        add_problem(b.out.problems, "too many body parts; the rest is one opaque part",
                    fmt::format("limit part_count_max={}", b.limits.part_count_max), offset);
    }
    return false;
}

bool within_depth(Builder& b, const BodyPart& part) {
    if (part.depth < b.limits.nesting_depth_max) return true;
    if (!b.noted_depth) {
        b.noted_depth = true;
        add_problem(b.out.problems, "nesting too deep; inner parts are not expanded",
                    fmt::format("limit nesting_depth_max={}", b.limits.nesting_depth_max),
                    part.body.offset);
    }
    return false;
}

struct Delimiter {
    std::size_t line_start = 0;  // where "--boundary" begins
    std::size_t next = 0;        // after the delimiter line's ending
    bool close = false;          // "--boundary--"
};

// RFC 2046 §5.1.1: a delimiter is "--" boundary at the start of a line, optionally "--", then
// transport padding (LWSP) and the line ending. Searches [from, end) only.
std::optional<Delimiter> find_delimiter(std::string_view msg, std::size_t body_start,
                                        std::size_t from, std::size_t end,
                                        std::string_view dash_boundary) {
    std::string_view hay = msg.substr(0, end);
    while (from < end) {
        std::size_t hit = hay.find(dash_boundary, from);
        if (hit == std::string_view::npos) return std::nullopt;
        from = hit + 1;
        if (hit != body_start && msg[hit - 1] != '\n') continue;
        std::size_t k = hit + dash_boundary.size();
        Delimiter d{hit, 0, false};
        if (hay.substr(k, 2) == "--") {
            d.close = true;
            k += 2;
        }
        while (k < end && (msg[k] == ' ' || msg[k] == '\t')) ++k;
        if (k == end) {
            d.next = end;
            return d;
        }
        if (msg[k] == '\n' || (msg[k] == '\r' && k + 1 < end && msg[k + 1] == '\n')) {
            d.next = msg[k] == '\n' ? k + 1 : k + 2;
            return d;
        }
        if (d.close) {  // trailing text after a close delimiter: still the close (lenient)
            std::size_t lf = hay.find('\n', k);
            d.next = lf == std::string_view::npos ? end : lf + 1;
            return d;
        }
    }
    return std::nullopt;
}

// The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
std::size_t content_end(std::string_view msg, std::size_t start, std::size_t delimiter) {
    std::size_t end = delimiter;
    if (end > start && msg[end - 1] == '\n') --end;
    if (end > start && msg[end - 1] == '\r') --end;
    return end;
}

void push_child(Builder& b, std::size_t parent, ByteRange region, bool in_digest) {
    std::size_t child = add_part(b, parent, region, false);
    if (in_digest) {  // RFC 2046 §5.1.5: multipart/digest parts default to message/rfc822
        b.out.parts[child].type = "MESSAGE";
        b.out.parts[child].subtype = "RFC822";
    }
    b.stack.push_back({child, region});
}

// Splits a multipart body into child parts; returns false when no delimiter was found.
bool split_multipart(Builder& b, std::size_t index, std::string_view boundary) {
    const ByteRange body = b.out.parts[index].body;
    const bool digest = iequals(b.out.parts[index].subtype, "digest");
    const std::string dash = "--" + std::string(boundary);
    std::size_t part_start = 0;
    bool open = false, closed = false;
    std::size_t pos = body.offset;
    std::vector<Task> children;
    while (auto d = find_delimiter(b.msg, body.offset, pos, body.end(), dash)) {
        if (open) {
            children.push_back({0, {part_start, content_end(b.msg, part_start, d->line_start) -
                                                    part_start}});
            open = false;
        }
        pos = d->next;
        if (d->close) {
            closed = true;
            break;
        }
        if (d->next >= body.end()) break;  // a delimiter with nothing after it: no empty part
        if (!room_for_parts(b, children.size() + 2, d->line_start)) {
            if (room_for_parts(b, children.size() + 1, d->line_start)) {
                children.push_back({1, {d->next, body.end() - d->next}});  // opaque rest
            }
            open = false;
            closed = true;
            break;
        }
        part_start = d->next;
        open = true;
    }
    if (open) children.push_back({0, {part_start, body.end() - part_start}});
    if (children.empty()) return false;
    if (!closed) {
        add_problem(b.out.problems, "multipart without its close delimiter", "RFC 2046 §5.1.1",
                    body.end());
    }
    std::size_t first_task = b.stack.size();
    for (const Task& t : children) {
        if (t.part == 1) {
            std::size_t leaf = add_part(b, index, t.region, false);
            make_opaque(b.out.parts[leaf], "APPLICATION", "OCTET-STREAM");
            continue;
        }
        push_child(b, index, t.region, digest);
    }
    std::reverse(b.stack.begin() + static_cast<std::ptrdiff_t>(first_task), b.stack.end());
    return true;
}

void expand(Builder& b, std::size_t index) {
    BodyPart& part = b.out.parts[index];
    if (iequals(part.type, "multipart")) {
        std::string boundary(part.param("boundary"));
        if (!within_depth(b, part) || !room_for_parts(b, 1, part.body.offset)) {
            make_opaque(part, "APPLICATION", "OCTET-STREAM");
        } else if (boundary.empty() || boundary.size() > boundary_length_max) {
            add_problem(b.out.problems, "multipart without a usable boundary parameter",
                        "RFC 2046 §5.1.1", part.header.offset);
            make_opaque(part, "TEXT", "PLAIN");
        } else if (!split_multipart(b, index, boundary)) {
            add_problem(b.out.problems, "multipart body without any boundary delimiter",
                        "RFC 2046 §5.1.1", b.out.parts[index].body.offset);
            make_opaque(b.out.parts[index], "TEXT", "PLAIN");
        }
        return;
    }
    bool encapsulated = iequals(part.type, "message") &&
                        (iequals(part.subtype, "rfc822") || iequals(part.subtype, "global"));
    if (!encapsulated) return;
    if (!identity_encoding(part)) {
        add_problem(b.out.problems, "message/rfc822 with a transfer encoding is not expanded",
                    "RFC 2046 §5.2.1", part.header.offset);
        make_opaque(part, "APPLICATION", "OCTET-STREAM");  // IMAP needs a message's envelope
        return;
    }
    if (!within_depth(b, part)) {
        make_opaque(part, "APPLICATION", "OCTET-STREAM");
        return;
    }
    if (!room_for_parts(b, 1, part.body.offset)) {
        make_opaque(part, "APPLICATION", "OCTET-STREAM");
        return;
    }
    ByteRange body = part.body;
    std::size_t child = add_part(b, index, body, true);
    b.stack.push_back({child, body});
}

void note_whole_message(std::string_view msg, std::vector<Problem>& problems) {
    std::size_t nul = msg.find('\0');
    if (nul != std::string_view::npos) {
        add_problem(problems, "NUL octet in the message", "RFC 5322 §2.3", nul);
    }
    for (std::size_t lf = msg.find('\n'); lf != std::string_view::npos; lf = msg.find('\n', lf + 1)) {
        if (lf == 0 || msg[lf - 1] != '\r') {
            add_problem(problems, "bare LF line ending (CRLF expected)", "RFC 5322 §2.3", lf);
            break;
        }
    }
}

}  // namespace

bool BodyPart::is_multipart() const { return iequals(type, "multipart") && !children.empty(); }

bool BodyPart::is_encapsulated() const {
    return iequals(type, "message") && !children.empty();
}

bool BodyPart::is_text() const { return iequals(type, "text"); }

std::string_view BodyPart::param(std::string_view name) const {
    const Param* p = find_param(params, name);
    return p ? std::string_view(p->value) : std::string_view();
}

std::size_t count_lines(std::string_view text) {
    std::size_t lines = 0;
    for (char c : text) {
        if (c == '\n') ++lines;
    }
    return lines;
}

MessageStructure parse_structure(std::string_view message, const Limits& limits) {
    MessageStructure out;
    note_whole_message(message, out.problems);
    BodyPart root;
    root.is_message = true;
    root.body = {0, message.size()};
    out.parts.push_back(std::move(root));
    Builder b{message, limits, out, {{0, {0, message.size()}}}};
    while (!b.stack.empty()) {
        Task task = b.stack.back();
        b.stack.pop_back();
        HeaderBlock hb = parse_header(message.substr(task.region.offset, task.region.length),
                                      task.region.offset, limits, out.problems);
        BodyPart& part = out.parts[task.part];
        part.header = hb.range;
        part.body = {hb.body_offset, task.region.end() - hb.body_offset};
        apply_header(part, hb, out.problems);
        expand(b, task.part);
        BodyPart& done = out.parts[task.part];
        if (done.is_text() || iequals(done.type, "message")) {
            done.lines = count_lines(message.substr(done.body.offset, done.body.length));
        }
    }
    return out;
}

std::optional<std::size_t> MessageStructure::find_part(
    const std::vector<std::uint32_t>& path) const {
    std::size_t node = 0;
    bool at_message = true;  // `node` is a message whose parts the next number selects
    for (std::uint32_t n : path) {
        if (!at_message && parts[node].is_encapsulated()) {
            node = parts[node].children.front();
            at_message = true;
        }
        const BodyPart& p = parts[node];
        if (p.is_multipart()) {
            if (n == 0 || n > p.children.size()) return std::nullopt;
            node = p.children[n - 1];
        } else if (!(at_message && n == 1)) {
            return std::nullopt;  // RFC 9051 §6.4.5: a non-multipart message has only part 1
        }
        at_message = false;
    }
    return node;
}

}  // namespace postlab::mime
