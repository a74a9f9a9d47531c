// RFC 5322 §3.4 address-list parsing over a small tokenizer (§3.2: atoms, quoted strings,
// comments, domain literals), and the RFC 9051 §7.5.2 ENVELOPE built from a header.
#include "protocols/mime/address.hpp"

#include "protocols/mime/encoded_word.hpp"

namespace postlab::mime {
namespace {

enum class TokKind { word, quoted, special, literal };

struct Tok {
    TokKind kind;
    std::string text;
    bool space_before = false;
};

constexpr std::string_view specials = "()<>[]:;@\\,\"";  // RFC 5322 §3.2.3, '.' kept in atoms

void skip_comment(std::string_view s, std::size_t& i) {
    std::size_t depth = 0;
    while (i < s.size()) {
        char c = s[i++];
        if (c == '\\') {
            ++i;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return;
        }
    }
}

std::string read_delimited(std::string_view s, std::size_t& i, char close) {
    std::string out;
    ++i;
    while (i < s.size()) {
        char c = s[i++];
        if (c == close) return out;
        if (c == '\\' && i < s.size()) c = s[i++];
        if (c != '\r' && c != '\n') out += c;
    }
    return out;
}

std::vector<Tok> tokenize(std::string_view s) {
    std::vector<Tok> toks;
    bool space = false;
    for (std::size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            ++i;
        } else if (c == '(') {
            skip_comment(s, i);
            space = true;
        } else if (c == '"') {
            toks.push_back({TokKind::quoted, read_delimited(s, i, '"'), space});
            space = false;
        } else if (c == '[') {
            toks.push_back({TokKind::literal, "[" + read_delimited(s, i, ']') + "]", space});
            space = false;
        } else if (specials.find(c) != std::string_view::npos) {
            toks.push_back({TokKind::special, std::string(1, c), space});
            space = false;
            ++i;
        } else {
            std::size_t start = i;
            while (i < s.size() && specials.find(s[i]) == std::string_view::npos && s[i] != ' ' &&
                   s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
                ++i;
            toks.push_back({TokKind::word, std::string(s.substr(start, i - start)), space});
            space = false;
        }
    }
    return toks;
}

bool is_special(const Tok& t, char c) { return t.kind == TokKind::special && t.text[0] == c; }

// A phrase (display name): words joined by single spaces (RFC 5322 §3.2.5).
std::string join_phrase(const std::vector<Tok>& toks, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t k = from; k < to; ++k) {
        if (toks[k].kind == TokKind::special) continue;
        if (!out.empty() && (toks[k].space_before || toks[k].kind == TokKind::quoted)) out += ' ';
        out += toks[k].text;
    }
    return out;
}

// An addr-spec in toks[from, to): the local part before the last '@', the domain after it.
Address make_addr_spec(const std::vector<Tok>& toks, std::size_t from, std::size_t to) {
    Address a;
    std::size_t at = to;
    for (std::size_t k = from; k < to; ++k) {
        if (is_special(toks[k], '@')) at = k;
    }
    for (std::size_t k = from; k < at; ++k) {
        if (toks[k].kind != TokKind::special) a.mailbox += toks[k].text;
    }
    for (std::size_t k = at + 1; k < to; ++k) {
        if (toks[k].kind != TokKind::special || toks[k].text == ".") a.host += toks[k].text;
    }
    return a;
}

// Parses `<[route:]addr-spec>` starting after '<'; returns the index after '>'.
std::size_t parse_angle(const std::vector<Tok>& toks, std::size_t k, Address& out) {
    std::size_t close = k;
    while (close < toks.size() && !is_special(toks[close], '>')) ++close;
    std::size_t spec_from = k;
    for (std::size_t j = k; j < close; ++j) {
        if (is_special(toks[j], ':')) {  // RFC 5322 §4.4 obs-route ends with ':'
            for (std::size_t r = k; r < j; ++r) out.route += toks[r].text;
            spec_from = j + 1;
        }
    }
    Address spec = make_addr_spec(toks, spec_from, close);
    out.mailbox = std::move(spec.mailbox);
    out.host = std::move(spec.host);
    return close < toks.size() ? close + 1 : close;
}

}  // namespace

std::string Address::display_name() const { return decode_encoded_words(name); }

std::string Address::addr_spec() const { return host.empty() ? mailbox : mailbox + "@" + host; }

std::vector<Address> parse_address_list(std::string_view value) {
    std::vector<Tok> toks = tokenize(value);
    std::vector<Address> out;
    bool in_group = false;
    std::size_t i = 0;
    while (i < toks.size()) {
        std::size_t j = i;
        while (j < toks.size() && !is_special(toks[j], ',') && !is_special(toks[j], ';') &&
               !is_special(toks[j], ':') && !is_special(toks[j], '<'))
            ++j;
        if (j < toks.size() && is_special(toks[j], ':')) {
            if (!in_group) {  // RFC 5322 §3.4: group = display-name ":" [group-list] ";"
                out.push_back({AddressKind::group_start, "", "", join_phrase(toks, i, j), ""});
                in_group = true;
            }
            i = j + 1;
            continue;
        }
        if (j < toks.size() && is_special(toks[j], '<')) {
            Address a;
            a.name = join_phrase(toks, i, j);
            j = parse_angle(toks, j + 1, a);
            out.push_back(std::move(a));
            while (j < toks.size() && !is_special(toks[j], ',') && !is_special(toks[j], ';')) ++j;
        } else if (j > i) {
            out.push_back(make_addr_spec(toks, i, j));
        }
        if (j < toks.size() && is_special(toks[j], ';') && in_group) {
            out.push_back({AddressKind::group_end, "", "", "", ""});
            in_group = false;
        }
        i = j + 1;
    }
    if (in_group) out.push_back({AddressKind::group_end, "", "", "", ""});
    return out;
}

Envelope make_envelope(const HeaderBlock& header) {
    Envelope env;
    env.date = header.value("Date");
    env.subject = header.value("Subject");
    auto addresses = [&](std::string_view name) {
        auto v = header.value(name);
        return v ? parse_address_list(*v) : std::vector<Address>{};
    };
    env.from = addresses("From");
    env.sender = addresses("Sender");
    env.reply_to = addresses("Reply-To");
    env.to = addresses("To");
    env.cc = addresses("Cc");
    env.bcc = addresses("Bcc");
    if (env.sender.empty()) env.sender = env.from;
    if (env.reply_to.empty()) env.reply_to = env.from;
    env.in_reply_to = header.value("In-Reply-To");
    env.message_id = header.value("Message-ID");
    return env;
}

}  // namespace postlab::mime
