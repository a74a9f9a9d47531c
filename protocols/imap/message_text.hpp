// The few views of a stored RFC 5322 message that FETCH and SEARCH need at the top level:
// header/body split (RFC 5322 §2.1), HEADER.FIELDS selection (RFC 9051 §6.4.5) and unfolded
// field values (RFC 5322 §2.2.3), and the day of the Date: field (RFC 5322 §3.3) for SENT*.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::imap {

// Bytes of the header including the empty line that ends it; the whole message if none.
std::size_t header_length(std::string_view message);

// The fields of `header` named in `names` (or all others when `exclude`), each with its folded
// continuation lines, followed by the empty line (RFC 9051 §6.4.5 HEADER.FIELDS).
std::string select_header_fields(std::string_view header, const std::vector<std::string>& names,
                                 bool exclude);

// Unfolded values of every field called `name` (case-insensitive), in message order.
std::vector<std::string> header_values(std::string_view message, std::string_view name);

// Days since 1970-01-01 of the Date: field's date, ignoring time and zone (RFC 9051 §6.4.4
// SENTBEFORE: "disregarding time and timezone").
std::optional<std::int64_t> sent_day(std::string_view message);

// ASCII case-insensitive substring test (RFC 9051 §6.4.4: searches are case-insensitive).
bool icontains(std::string_view haystack, std::string_view needle);

}  // namespace postlab::imap
