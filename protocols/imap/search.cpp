// SEARCH criteria parsing and matching; see search.hpp. Keys: RFC 9051 §6.4.4 and §9
// "search-key", plus RFC 3501's NEW, OLD, RECENT, UNDRAFT... and RFC 7162 §3.1.5 MODSEQ.
#include "protocols/imap/search.hpp"

#include <algorithm>
#include <array>

#include "protocols/core/text.hpp"
#include "protocols/imap/date_time.hpp"
#include "protocols/imap/message_text.hpp"
#include "protocols/imap/parser.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

constexpr std::size_t k_depth_max = 64;  // NOT NOT NOT ... chains recurse

struct FlagKey {
    std::string_view word;
    std::string_view flag;
    bool set;
};

constexpr std::array<FlagKey, 10> k_flag_keys{{
    {"ANSWERED", "\\Answered", true}, {"UNANSWERED", "\\Answered", false},
    {"DELETED", "\\Deleted", true},   {"UNDELETED", "\\Deleted", false},
    {"FLAGGED", "\\Flagged", true},   {"UNFLAGGED", "\\Flagged", false},
    {"SEEN", "\\Seen", true},         {"UNSEEN", "\\Seen", false},
    {"DRAFT", "\\Draft", true},       {"UNDRAFT", "\\Draft", false},
}};

struct StringKey {
    std::string_view word;
    SearchKind kind;
    std::string_view header;
};

constexpr std::array<StringKey, 7> k_string_keys{{
    {"FROM", SearchKind::header, "From"}, {"TO", SearchKind::header, "To"},
    {"CC", SearchKind::header, "Cc"},     {"BCC", SearchKind::header, "Bcc"},
    {"SUBJECT", SearchKind::header, "Subject"}, {"BODY", SearchKind::body, ""},
    {"TEXT", SearchKind::text, ""},
}};

struct DateKey {
    std::string_view word;
    SearchKind kind;
};

constexpr std::array<DateKey, 6> k_date_keys{{
    {"BEFORE", SearchKind::before}, {"ON", SearchKind::on}, {"SINCE", SearchKind::since},
    {"SENTBEFORE", SearchKind::sent_before}, {"SENTON", SearchKind::sent_on},
    {"SENTSINCE", SearchKind::sent_since},
}};

SearchKey make_key(SearchKind kind) {
    SearchKey k;
    k.kind = kind;
    return k;
}

class KeyParser {
public:
    KeyParser(const std::vector<Token>& tokens, std::size_t start, std::string& error)
        : m_tokens(tokens), m_pos(start), m_error(error) {}

    std::optional<SearchKey> key(std::size_t depth);
    bool done() const { return m_pos >= m_tokens.size(); }

private:
    const Token* next() { return m_pos < m_tokens.size() ? &m_tokens[m_pos++] : nullptr; }
    std::optional<std::string> string_arg();
    std::optional<SearchKey> fail(std::string why) {
        m_error = std::move(why);
        return std::nullopt;
    }
    enum class Match { no, yes, error };
    Match failed(std::string why) {
        m_error = std::move(why);
        return Match::error;
    }
    std::optional<SearchKey> word_key(const std::string& word, std::size_t depth);
    Match table_key(const std::string& word, SearchKey& k);     // flags, strings, dates
    Match argument_key(const std::string& word, SearchKey& k);  // other keys with arguments

    const std::vector<Token>& m_tokens;
    std::size_t m_pos;
    std::string& m_error;
};

std::optional<std::string> KeyParser::string_arg() {
    const Token* t = next();
    if (!t || !t->is_astring()) return std::nullopt;
    return t->text;
}

std::optional<SearchKey> KeyParser::key(std::size_t depth) {
    if (depth > k_depth_max) return fail("Search keys nested too deeply");
    const Token* t = next();
    if (!t) return fail("Missing search key");
    if (t->is_list()) {
        if (t->children.empty()) return fail("Empty parenthesised search key");
        KeyParser inner(t->children, 0, m_error);
        SearchKey all = make_key(SearchKind::and_);
        while (!inner.done()) {
            auto k = inner.key(depth + 1);
            if (!k) return std::nullopt;
            all.children.push_back(std::move(*k));
        }
        return all;
    }
    if (!t->is_atom()) return fail("Search key expected");
    return word_key(ascii_upper(t->text), depth);
}

KeyParser::Match KeyParser::table_key(const std::string& word, SearchKey& k) {
    for (const auto& f : k_flag_keys) {
        if (word == f.word) {
            k.kind = f.set ? SearchKind::flag_set : SearchKind::flag_unset;
            k.name = std::string(f.flag);
            return Match::yes;
        }
    }
    for (const auto& s : k_string_keys) {
        if (word == s.word) {
            auto value = string_arg();
            if (!value) return failed(word + " needs a string");
            k.kind = s.kind;
            k.name = std::string(s.header);
            k.value = std::move(*value);
            return Match::yes;
        }
    }
    for (const auto& d : k_date_keys) {
        if (word == d.word) {
            auto text = string_arg();
            auto day = text ? parse_date(*text) : std::nullopt;
            if (!day) return failed(word + " needs a date like 1-Feb-1994");
            k.kind = d.kind;
            k.day = *day;
            return Match::yes;
        }
    }
    return Match::no;
}

KeyParser::Match KeyParser::argument_key(const std::string& word, SearchKey& k) {
    if (word == "KEYWORD" || word == "UNKEYWORD") {
        const Token* t = next();
        if (!t || !t->is_atom()) return failed(word + " needs a flag keyword");
        k.kind = word == "KEYWORD" ? SearchKind::flag_set : SearchKind::flag_unset;
        k.name = t->text;
        return Match::yes;
    }
    if (word == "HEADER") {
        auto name = string_arg();
        auto value = name ? string_arg() : std::nullopt;
        if (!value) return failed("HEADER needs a field name and a string");
        k.kind = SearchKind::header;
        k.name = std::move(*name);
        k.value = std::move(*value);
        return Match::yes;
    }
    if (word == "LARGER" || word == "SMALLER" || word == "MODSEQ") {
        // RFC 7162 §3.1.5: MODSEQ [entry-name entry-type-req] mod-sequence-valzer
        if (word == "MODSEQ" && m_pos + 2 < m_tokens.size() && !parse_number(m_tokens[m_pos])) {
            m_pos += 2;
        }
        const Token* t = next();
        auto n = t ? parse_number(*t) : std::nullopt;
        if (!n) return failed(word + " needs a number");
        k.kind = word == "LARGER"    ? SearchKind::larger
                 : word == "SMALLER" ? SearchKind::smaller
                                     : SearchKind::modseq;
        k.number = *n;
        return Match::yes;
    }
    if (word == "UID") {
        const Token* t = next();
        k.set = t && t->is_atom() ? SequenceSet::parse(t->text) : std::nullopt;
        if (!k.set) return failed("UID needs a sequence set");
        k.kind = SearchKind::uid;
        return Match::yes;
    }
    return Match::no;
}

std::optional<SearchKey> KeyParser::word_key(const std::string& word, std::size_t depth) {
    SearchKey k;
    Match match = table_key(word, k);
    if (match == Match::no) match = argument_key(word, k);
    if (match != Match::no) return match == Match::yes ? std::optional<SearchKey>(k) : std::nullopt;
    if (word == "ALL" || word == "OLD") return make_key(SearchKind::all);
    // \Recent does not exist in IMAP4rev2 (RFC 9051 §2.3.2), so no message is recent or new.
    if (word == "NEW" || word == "RECENT") return make_key(SearchKind::none);
    if (word == "NOT") {
        auto inner = key(depth + 1);
        if (!inner) return std::nullopt;
        k.kind = SearchKind::not_;
        k.children.push_back(std::move(*inner));
        return k;
    }
    if (word == "OR") {
        auto a = key(depth + 1);
        auto b = a ? key(depth + 1) : std::nullopt;
        if (!b) return std::nullopt;
        k.kind = SearchKind::or_;
        k.children.push_back(std::move(*a));
        k.children.push_back(std::move(*b));
        return k;
    }
    if ((k.set = SequenceSet::parse(word))) {
        k.kind = SearchKind::seq;
        return k;
    }
    return fail("Unknown search key " + word);
}

bool day_matches(SearchKind kind, std::int64_t day, std::int64_t wanted) {
    switch (kind) {
        case SearchKind::before:
        case SearchKind::sent_before: return day < wanted;
        case SearchKind::on:
        case SearchKind::sent_on: return day == wanted;
        default: return day >= wanted;
    }
}

}  // namespace

std::optional<SearchKey> parse_search_keys(const std::vector<Token>& tokens, std::size_t start,
                                           std::string& error) {
    KeyParser parser(tokens, start, error);
    SearchKey all = make_key(SearchKind::and_);
    if (parser.done()) {
        error = "Missing search criteria";
        return std::nullopt;
    }
    while (!parser.done()) {
        auto k = parser.key(0);
        if (!k) return std::nullopt;
        all.children.push_back(std::move(*k));
    }
    return all;
}

bool search_matches(const SearchKey& key, const SearchTarget& t) {
    const StoredMessage& m = t.message;
    switch (key.kind) {
        case SearchKind::all: return true;
        case SearchKind::none: return false;
        case SearchKind::flag_set: return m.has_flag(key.name);
        case SearchKind::flag_unset: return !m.has_flag(key.name);
        case SearchKind::header: {
            const auto values = header_values(m.data, key.name);
            return std::any_of(values.begin(), values.end(),
                               [&](const std::string& v) { return icontains(v, key.value); });
        }
        case SearchKind::body:
            return icontains(std::string_view(m.data).substr(header_length(m.data)), key.value);
        case SearchKind::text: return icontains(m.data, key.value);
        case SearchKind::larger: return m.size() > key.number;
        case SearchKind::smaller: return m.size() < key.number;
        case SearchKind::before:
        case SearchKind::on:
        case SearchKind::since: return day_matches(key.kind, day_of(m.internal_date_us), key.day);
        case SearchKind::sent_before:
        case SearchKind::sent_on:
        case SearchKind::sent_since: {
            const auto day = sent_day(m.data);
            return day && day_matches(key.kind, *day, key.day);
        }
        case SearchKind::uid: return key.set->contains(m.uid, t.max_uid);
        case SearchKind::seq: return key.set->contains(t.seq, t.max_seq);
        case SearchKind::not_: return !search_matches(key.children[0], t);
        case SearchKind::or_:
            return search_matches(key.children[0], t) || search_matches(key.children[1], t);
        case SearchKind::and_:
            return std::all_of(key.children.begin(), key.children.end(),
                               [&](const SearchKey& k) { return search_matches(k, t); });
        case SearchKind::modseq: return m.modseq >= key.number;
    }
    return false;
}

bool uses_modseq(const SearchKey& key) {
    if (key.kind == SearchKind::modseq) return true;
    return std::any_of(key.children.begin(), key.children.end(),
                       [](const SearchKey& k) { return uses_modseq(k); });
}

}  // namespace postlab::imap
