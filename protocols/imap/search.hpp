// SEARCH criteria (RFC 9051 §6.4.4, RFC 3501 §6.4.4 keys, RFC 7162 §3.1.5 MODSEQ), pure: parse
// the key list into a tree and test one message against it. Searches are case-insensitive
// substring matches on the raw header and body text (no charset or transfer decoding yet).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocols/imap/sequence_set.hpp"
#include "protocols/imap/types.hpp"

namespace postlab {
struct StoredMessage;
}

namespace postlab::imap {

enum class SearchKind {
    all, none, flag_set, flag_unset, header, body, text, larger, smaller,
    before, on, since, sent_before, sent_on, sent_since, uid, seq, not_, or_, and_, modseq,
};

struct SearchKey {
    SearchKind kind = SearchKind::all;
    std::string name;   // flag, or header field name
    std::string value;  // string to look for
    std::uint64_t number = 0;  // LARGER / SMALLER / MODSEQ
    std::int64_t day = 0;      // date keys: days since 1970-01-01
    std::optional<SequenceSet> set;
    std::vector<SearchKey> children;
};

// Parses tokens[start..] as an implicit AND of search keys; nullopt with `error` on bad input.
std::optional<SearchKey> parse_search_keys(const std::vector<Token>& tokens, std::size_t start,
                                           std::string& error);

struct SearchTarget {
    const StoredMessage& message;
    std::uint32_t seq;      // its sequence number in the session's view
    std::uint32_t max_seq;  // "*" for sequence sets
    std::uint32_t max_uid;  // "*" for UID sets
};

bool search_matches(const SearchKey& key, const SearchTarget& target);
bool uses_modseq(const SearchKey& key);

}  // namespace postlab::imap
