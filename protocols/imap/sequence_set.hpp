// IMAP sequence sets (RFC 9051 §9 "sequence-set", §6.4.8 for UIDs): "1:3,5,7:*". Used for
// message sequence numbers and UIDs alike; "*" is the largest number in use, and a range may be
// given in either order ("5:2" is "2:5").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::imap {

struct SeqRange {
    std::uint32_t first = 0;  // 0 stands for "*"
    std::uint32_t last = 0;

    bool operator==(const SeqRange&) const = default;
};

class SequenceSet {
public:
    // nullopt on anything that breaks the grammar (0, overflow, empty parts, stray characters).
    static std::optional<SequenceSet> parse(std::string_view text);

    // Whether `n` is in the set when "*" means `star` (the largest number in use).
    bool contains(std::uint32_t n, std::uint32_t star) const;
    // The largest explicit number (ignoring "*"), 0 if only "*" is used.
    std::uint32_t max_explicit() const;
    bool uses_star() const;

    const std::vector<SeqRange>& ranges() const { return m_ranges; }
    std::string to_string() const;

    bool operator==(const SequenceSet&) const = default;

private:
    std::vector<SeqRange> m_ranges;
};

// Writes sorted numbers compactly: {1,2,3,5} -> "1:3,5" (ESEARCH ALL, COPYUID).
std::string compress_numbers(const std::vector<std::uint32_t>& sorted);

}  // namespace postlab::imap
