// Small ASCII text helpers shared by the protocol parsers: case-insensitive comparison (commands
// and keywords are case-insensitive in SMTP, POP3 and IMAP) and splitting on spaces.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postlab {

char ascii_upper(char c);
std::string ascii_upper(std::string_view text);
std::string ascii_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view text, std::string_view prefix);

// Splits at the first space: {"MAIL", "FROM:<a@b>"}; the rest is empty when there is no space.
std::pair<std::string_view, std::string_view> split_first_word(std::string_view line);
std::vector<std::string_view> split_words(std::string_view line);  // on runs of spaces

// Makes bytes printable for a one-line summary: CR, LF, NUL and other controls as \r \n \x00.
std::string printable(std::string_view bytes, std::size_t length_max = 200);

}  // namespace postlab
