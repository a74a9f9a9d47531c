// Validation of SMTP paths and reply texts; see types.hpp for the grammar (RFC 5321 §4.1.2,
// §4.1.3) and the limits (§4.5.3.1).
#include "protocols/smtp/types.hpp"

namespace postlab::smtp {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_let_dig(char c) { return is_alpha(c) || is_digit(c); }

// RFC 5322 §3.2.3 atext
bool is_atext(char c) {
    return is_let_dig(c) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_dot_string(std::string_view s) {
    if (s.empty() || s.front() == '.' || s.back() == '.') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '.') {
            if (s[i - 1] == '.') return false;  // empty Atom
        } else if (!is_atext(s[i])) {
            return false;
        }
    }
    return true;
}

// RFC 5321 §4.1.2: qtextSMTP = %d32-33 / %d35-91 / %d93-126; quoted-pairSMTP = "\" %d32-126
bool is_quoted_string(std::string_view s) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        const char c = s[i];
        if (c == '\\') {
            if (i + 2 >= s.size() || s[i + 1] < 32 || s[i + 1] > 126) return false;
            ++i;
        } else if (c < 32 || c > 126 || c == '"') {
            return false;
        }
    }
    return true;
}

bool is_sub_domain(std::string_view s) {
    if (s.empty() || !is_let_dig(s.front()) || !is_let_dig(s.back())) return false;
    for (char c : s) {
        if (!is_let_dig(c) && c != '-') return false;
    }
    return true;
}

bool is_address_literal(std::string_view s) {
    if (s.size() < 3 || s.front() != '[' || s.back() != ']') return false;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        const char c = s[i];
        if (c < 33 || c > 126 || c == '[' || c == '\\' || c == ']') return false;
    }
    return true;
}

}  // namespace

std::string Reply::text() const {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += ' ';
        out += line;
    }
    return out;
}

bool is_valid_local_part(std::string_view local_part) {
    if (local_part.size() > k_local_part_length_max) return false;
    return is_dot_string(local_part) || is_quoted_string(local_part);
}

bool is_valid_domain(std::string_view domain) {
    if (domain.empty() || domain.size() > k_domain_length_max) return false;
    if (domain.front() == '[') return is_address_literal(domain);
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = domain.find('.', start);
        if (!is_sub_domain(domain.substr(start, dot - start))) return false;
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

std::optional<Path> Path::make(std::string_view local_part, std::string_view domain) {
    if (!is_valid_local_part(local_part) || !is_valid_domain(domain)) return std::nullopt;
    // "<" local "@" domain ">"
    if (local_part.size() + domain.size() + 3 > k_path_length_max) return std::nullopt;
    return Path(std::string(local_part), std::string(domain));
}

std::optional<Path> Path::from_address(std::string_view address) {
    if (address.empty()) return null();
    const std::size_t at = address.rfind('@');
    if (at == std::string_view::npos) return std::nullopt;
    return make(address.substr(0, at), address.substr(at + 1));
}

std::string Path::address() const {
    if (is_null() || is_postmaster()) return m_local_part;
    return m_local_part + "@" + m_domain;
}

std::string Path::wire() const { return "<" + address() + ">"; }

}  // namespace postlab::smtp
