// RFC 9051 §7.5.2 / §9 writers for ENVELOPE and BODYSTRUCTURE. Defaults are spelled like the
// RFC examples ("7BIT", ("CHARSET" "US-ASCII") for text/* without charset, RFC 2045 §5.2);
// lines count line endings as Dovecot does, so clients see what a real server would send.
#include "protocols/mime/imap_format.hpp"

#include <fmt/format.h>

#include "protocols/core/text.hpp"

namespace postlab::mime {
namespace {

void append_address(std::string& out, const Address& a) {
    auto nz = [](const std::string& s) { return s.empty() ? std::string("NIL") : imap_string(s); };
    switch (a.kind) {
        case AddressKind::group_start:  // RFC 9051 §7.5.2: group start marker
            out += "(NIL NIL " + imap_string(a.mailbox) + " NIL)";
            return;
        case AddressKind::group_end:
            out += "(NIL NIL NIL NIL)";
            return;
        case AddressKind::mailbox:
            out += "(" + nz(a.name) + " " + nz(a.route) + " " + imap_string(a.mailbox) + " " +
                   imap_string(a.host) + ")";
            return;
    }
}

std::string address_list(const std::vector<Address>& list) {
    if (list.empty()) return "NIL";
    std::string out = "(";
    for (const Address& a : list) append_address(out, a);
    return out + ")";
}

// body-fld-param: NIL or ("name" "value" ...). Text parts get the RFC 2045 §5.2 default charset.
std::string params_to_imap(const BodyPart& p) {
    std::string out;
    for (const Param& param : p.params) {
        out += out.empty() ? "(" : " ";
        out += imap_string(param.imap_name()) + " " + imap_string(param.imap_value());
    }
    if (p.is_text() && !find_param(p.params, "charset")) {
        out += out.empty() ? "(" : " ";
        out += "\"CHARSET\" \"US-ASCII\"";
    }
    return out.empty() ? "NIL" : out + ")";
}

std::string plain_params_to_imap(const std::vector<Param>& params) {
    if (params.empty()) return "NIL";
    std::string out = "(";
    for (const Param& param : params) {
        if (out.size() > 1) out += " ";
        out += imap_string(param.imap_name()) + " " + imap_string(param.imap_value());
    }
    return out + ")";
}

std::string disposition_to_imap(const std::optional<Disposition>& d) {
    if (!d) return "NIL";
    return "(" + imap_string(d->type) + " " + plain_params_to_imap(d->params) + ")";
}

std::string language_to_imap(const std::vector<std::string>& langs) {
    if (langs.empty()) return "NIL";
    std::string out = "(";  // always a list, even for one tag (as Dovecot sends it)
    for (const auto& l : langs) {
        if (out.size() > 1) out += " ";
        out += imap_string(l);
    }
    return out + ")";
}

// body-fields: params id description encoding octets
std::string body_fields(const BodyPart& p) {
    return params_to_imap(p) + " " + imap_nstring(p.id) + " " + imap_nstring(p.description) +
           " " + imap_string(p.encoding.value_or("7BIT")) + " " + std::to_string(p.body.length);
}

// body-ext-1part: md5 dsp lang loc; body-ext-mpart: params dsp lang loc.
std::string extension(const BodyPart& p, bool multipart) {
    std::string first = multipart ? plain_params_to_imap(p.params) : imap_nstring(p.md5);
    return " " + first + " " + disposition_to_imap(p.disposition) + " " +
           language_to_imap(p.language) + " " + imap_nstring(p.location);
}

bool needs_literal(std::string_view text) {
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || c == '\r' || c == '\n') return true;
    }
    return false;
}

struct Frame {
    std::size_t part;
    std::size_t next_child = 0;
};

}  // namespace

std::string imap_string(std::string_view text) {
    std::string clean;
    clean.reserve(text.size() + 2);
    for (char c : text) {
        if (c != '\0') clean += c;
    }
    if (needs_literal(clean)) return fmt::format("{{{}}}\r\n", clean.size()) + clean;
    std::string out = "\"";
    for (char c : clean) {
        if (c == '"' || c == '\\') out += '\\';  // RFC 9051 §9 quoted-specials
        out += c;
    }
    return out + "\"";
}

std::string imap_nstring(const std::optional<std::string>& text) {
    return text ? imap_string(*text) : std::string("NIL");
}

std::string envelope_to_imap(const Envelope& e) {
    return "(" + imap_nstring(e.date) + " " + imap_nstring(e.subject) + " " +
           address_list(e.from) + " " + address_list(e.sender) + " " + address_list(e.reply_to) +
           " " + address_list(e.to) + " " + address_list(e.cc) + " " + address_list(e.bcc) + " " +
           imap_nstring(e.in_reply_to) + " " + imap_nstring(e.message_id) + ")";
}

std::string bodystructure_to_imap(const MessageStructure& s, bool extensible, std::size_t part) {
    if (part >= s.parts.size()) return "";
    std::string out;
    std::vector<Frame> stack{{part}};
    while (!stack.empty()) {
        Frame& f = stack.back();
        const BodyPart& p = s.parts[f.part];
        if (f.next_child == 0) {  // entering the part
            out += "(";
            if (!p.is_multipart()) {
                out += imap_string(p.type) + " " + imap_string(p.subtype) + " " + body_fields(p);
                if (p.is_encapsulated()) {  // body-type-msg: envelope body lines
                    const BodyPart& inner = s.parts[p.children.front()];
                    out += " " + envelope_to_imap(inner.envelope.value_or(Envelope{})) + " ";
                }
            }
        }
        if (f.next_child < p.children.size()) {
            std::size_t child = p.children[f.next_child++];
            stack.push_back({child});
            continue;
        }
        if (p.is_multipart()) {  // body-type-mpart: 1*body SP media-subtype
            out += " " + imap_string(p.subtype);
        } else if (p.is_text() || p.is_encapsulated()) {
            out += " " + std::to_string(p.lines);
        }
        if (extensible) out += extension(p, p.is_multipart());
        out += ")";
        stack.pop_back();
    }
    return out;
}

}  // namespace postlab::mime
