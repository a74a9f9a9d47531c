// IMAP sequence sets; see sequence_set.hpp. Grammar: RFC 9051 §9 "sequence-set", "seq-range".
#include "protocols/imap/sequence_set.hpp"

#include <algorithm>

namespace postlab::imap {
namespace {

// seq-number = nz-number / "*"; nz-number fits in 32 bits (RFC 9051 §9 "nz-number").
std::optional<std::uint32_t> parse_seq_number(std::string_view text) {
    if (text == "*") return 0u;
    if (text.empty() || text.size() > 10 || text[0] == '0') return std::nullopt;
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > 0xFFFFFFFFULL) return std::nullopt;
    return static_cast<std::uint32_t>(value);
}

std::string number_text(std::uint32_t n) { return n == 0 ? "*" : std::to_string(n); }

}  // namespace

std::optional<SequenceSet> SequenceSet::parse(std::string_view text) {
    SequenceSet set;
    if (text.empty()) return std::nullopt;
    while (true) {
        const auto comma = text.find(',');
        const std::string_view part = text.substr(0, comma);
        const auto colon = part.find(':');
        const auto first = parse_seq_number(part.substr(0, colon));
        if (!first) return std::nullopt;
        auto last = first;
        if (colon != std::string_view::npos) {
            last = parse_seq_number(part.substr(colon + 1));
            if (!last) return std::nullopt;
        }
        set.m_ranges.push_back(SeqRange{*first, *last});
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return set;
}

bool SequenceSet::contains(std::uint32_t n, std::uint32_t star) const {
    for (const auto& r : m_ranges) {
        const std::uint32_t a = r.first == 0 ? star : r.first;
        const std::uint32_t b = r.last == 0 ? star : r.last;
        if (n >= std::min(a, b) && n <= std::max(a, b)) return true;
    }
    return false;
}

std::uint32_t SequenceSet::max_explicit() const {
    std::uint32_t m = 0;
    for (const auto& r : m_ranges) m = std::max({m, r.first, r.last});
    return m;
}

bool SequenceSet::uses_star() const {
    return std::any_of(m_ranges.begin(), m_ranges.end(),
                       [](const SeqRange& r) { return r.first == 0 || r.last == 0; });
}

std::string SequenceSet::to_string() const {
    std::string out;
    for (const auto& r : m_ranges) {
        if (!out.empty()) out += ',';
        out += number_text(r.first);
        if (r.last != r.first) out += ':' + number_text(r.last);
    }
    return out;
}

std::string compress_numbers(const std::vector<std::uint32_t>& sorted) {
    std::string out;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(sorted[i]);
        if (j > i) out += ':' + std::to_string(sorted[j]);
        i = j + 1;
    }
    return out;
}

}  // namespace postlab::imap
