// Header fields, methods, reason phrases and persistence; see types.hpp (RFC 9110 §5, §9, §15;
// RFC 9112 §9.3).
#include "protocols/http/types.hpp"

#include <algorithm>
#include <array>

#include "protocols/core/text.hpp"

namespace postlab::http {
namespace {

constexpr std::array<std::string_view, method_count> k_methods = {"GET", "HEAD", "POST", "PUT", "DELETE",
                                                                  "OPTIONS"};

struct Reason {
    int status;
    std::string_view phrase;
};

// RFC 9110 §15 (and RFC 6585 §4-§5 for 428, 429, 431): the registered codes a lab meets.
constexpr std::array<Reason, 40> k_reasons = {{
    {100, "Continue"},           {101, "Switching Protocols"},
    {200, "OK"},                 {201, "Created"},
    {202, "Accepted"},           {203, "Non-Authoritative Information"},
    {204, "No Content"},         {205, "Reset Content"},
    {206, "Partial Content"},    {300, "Multiple Choices"},
    {301, "Moved Permanently"},  {302, "Found"},
    {303, "See Other"},          {304, "Not Modified"},
    {307, "Temporary Redirect"}, {308, "Permanent Redirect"},
    {400, "Bad Request"},        {401, "Unauthorized"},
    {403, "Forbidden"},          {404, "Not Found"},
    {405, "Method Not Allowed"}, {406, "Not Acceptable"},
    {408, "Request Timeout"},    {409, "Conflict"},
    {410, "Gone"},               {411, "Length Required"},
    {412, "Precondition Failed"}, {413, "Content Too Large"},
    {414, "URI Too Long"},       {415, "Unsupported Media Type"},
    {417, "Expectation Failed"}, {428, "Precondition Required"},
    {429, "Too Many Requests"},  {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"}, {501, "Not Implemented"},
    {502, "Bad Gateway"},        {503, "Service Unavailable"},
    {504, "Gateway Timeout"},    {505, "HTTP Version Not Supported"},
}};

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::string to_string(Version version) {
    return "HTTP/" + std::to_string(version.major) + "." + std::to_string(version.minor);
}

void Headers::add(std::string_view name, std::string_view value) {
    m_fields.push_back(Field{std::string(name), std::string(value)});
}

void Headers::set(std::string_view name, std::string_view value) {
    remove(name);
    add(name, value);
}

void Headers::remove(std::string_view name) {
    std::erase_if(m_fields, [&](const Field& f) { return iequals(f.name, name); });
}

void Headers::append_to_last(std::string_view more) {
    if (m_fields.empty()) return;
    std::string& value = m_fields.back().value;
    if (!value.empty() && !more.empty()) value += ' ';
    value += more;
}

const std::string* Headers::find(std::string_view name) const {
    for (const Field& f : m_fields) {
        if (iequals(f.name, name)) return &f.value;
    }
    return nullptr;
}

std::size_t Headers::count(std::string_view name) const {
    return static_cast<std::size_t>(
        std::count_if(m_fields.begin(), m_fields.end(), [&](const Field& f) { return iequals(f.name, name); }));
}

std::vector<std::string_view> Headers::list(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const Field& f : m_fields) {
        if (!iequals(f.name, name)) continue;
        std::string_view rest = f.value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto member = trim_ows(rest.substr(0, comma));
            if (!member.empty()) out.push_back(member);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

bool Headers::has_token(std::string_view name, std::string_view token) const {
    const auto members = list(name);
    return std::any_of(members.begin(), members.end(), [&](std::string_view m) { return iequals(m, token); });
}

std::string_view to_string(Method method) {
    return k_methods[static_cast<std::size_t>(method)];
}

std::optional<Method> parse_method(std::string_view token) {
    for (std::size_t i = 0; i < k_methods.size(); ++i) {
        if (token == k_methods[i]) return static_cast<Method>(i);
    }
    return std::nullopt;
}

std::string_view reason_phrase(int status) {
    for (const Reason& r : k_reasons) {
        if (r.status == status) return r.phrase;
    }
    return {};
}

bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

bool persists(Version version, const Headers& headers) {
    if (headers.has_token("Connection", "close")) return false;
    if (version.minor >= 1 || version.major > 1) return true;
    return headers.has_token("Connection", "keep-alive");  // RFC 9112 §9.3, RFC 9112 Appendix C.2.2
}

}  // namespace postlab::http
