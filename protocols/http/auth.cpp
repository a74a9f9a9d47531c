// HTTP authentication; see auth.hpp (RFC 9110 §11, RFC 7617, RFC 6750).
#include "protocols/http/auth.hpp"

#include <algorithm>

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"
#include "protocols/http/syntax.hpp"
#include "protocols/http/types.hpp"

namespace postlab::http {
namespace {

// RFC 9110 §11.2: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
bool is_token68(std::string_view text) {
    const auto body_end = text.find_last_not_of('=');
    if (body_end == std::string_view::npos) return false;
    return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(body_end) + 1, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("-._~+/").find(c) != std::string_view::npos;
    });
}

// Splits a list at the commas outside quoted strings (RFC 9110 §5.6.1); nullopt on a broken
// quoted string.
std::optional<std::vector<std::string_view>> split_list(std::string_view value) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i < value.size() && value[i] == '"') {
            const auto end = syntax::quoted_string_end(value, i);
            if (!end) return std::nullopt;
            i = *end - 1;
            continue;
        }
        if (i == value.size() || value[i] == ',') {
            const auto member = syntax::trim_ows(value.substr(start, i - start));
            if (!member.empty()) out.push_back(member);
            start = i + 1;
        }
    }
    return out;
}

// "name BWS = BWS (token / quoted-string)", the whole of `text`.
std::optional<AuthParam> parse_param(std::string_view text) {
    const std::size_t name_end = syntax::token_end(text, 0);
    if (name_end == 0) return std::nullopt;
    const std::size_t eq = syntax::skip_ows(text, name_end);
    if (eq >= text.size() || text[eq] != '=') return std::nullopt;
    const std::size_t v = syntax::skip_ows(text, eq + 1);
    AuthParam param{std::string(text.substr(0, name_end)), {}};
    if (v < text.size() && text[v] == '"') {
        const auto end = syntax::quoted_string_end(text, v);
        if (!end || *end != text.size()) return std::nullopt;
        param.value = syntax::unquote(text.substr(v));
        return param;
    }
    if (v == text.size() || syntax::token_end(text, v) != text.size()) return std::nullopt;
    param.value = std::string(text.substr(v));
    return param;
}

// One list member: "scheme", "scheme token68", "scheme param" or a further "param".
bool add_member(std::string_view member, std::vector<Challenge>& out) {
    if (auto param = parse_param(member)) {
        if (out.empty() || !out.back().token68.empty()) return false;
        out.back().params.push_back(std::move(*param));
        return true;
    }
    const std::size_t scheme_end = syntax::token_end(member, 0);
    if (scheme_end == 0) return false;
    Challenge c;
    c.scheme = std::string(member.substr(0, scheme_end));
    if (scheme_end < member.size()) {
        if (member[scheme_end] != ' ') return false;  // RFC 9110 §11.3: 1*SP after the scheme
        const std::string_view rest = syntax::trim_ows(member.substr(scheme_end));
        if (auto param = parse_param(rest)) {
            c.params.push_back(std::move(*param));
        } else if (is_token68(rest)) {
            c.token68 = std::string(rest);
        } else {
            return false;
        }
    }
    out.push_back(std::move(c));
    return true;
}

}  // namespace

const std::string* Challenge::param(std::string_view name) const {
    for (const AuthParam& p : params) {
        if (iequals(p.name, name)) return &p.value;
    }
    return nullptr;
}

std::optional<std::vector<Challenge>> parse_challenges(std::string_view value) {
    const auto members = split_list(value);
    if (!members) return std::nullopt;
    std::vector<Challenge> out;
    for (const std::string_view member : *members) {
        if (!add_member(member, out)) return std::nullopt;
    }
    return out;
}

std::optional<Credentials> parse_credentials(std::string_view value) {
    auto all = parse_challenges(value);
    if (!all || all->size() != 1) return std::nullopt;
    return std::move(all->front());
}

std::string write_challenge(const Challenge& challenge) {
    std::string out = challenge.scheme;
    if (!challenge.token68.empty()) return out + " " + challenge.token68;
    for (std::size_t i = 0; i < challenge.params.size(); ++i) {
        out += i == 0 ? " " : ", ";
        out += challenge.params[i].name + "=\"";
        for (const char c : challenge.params[i].value) {
            if (c == '"' || c == '\\') out += '\\';  // RFC 9110 §5.6.4: quoted-pair
            out += (c == '\r' || c == '\n' || c == '\0') ? ' ' : c;
        }
        out += '"';
    }
    return out;
}

std::string basic_authorization(std::string_view user, std::string_view password) {
    return "Basic " + base64_encode(std::string(user) + ":" + std::string(password));
}

std::optional<BasicCredentials> parse_basic(std::string_view authorization) {
    const auto c = parse_credentials(authorization);
    if (!c || !iequals(c->scheme, "Basic") || c->token68.empty()) return std::nullopt;
    const auto decoded = base64_decode(c->token68);
    if (!decoded) return std::nullopt;
    const auto colon = decoded->find(':');  // RFC 7617 §2: the user-id has no colon
    if (colon == std::string::npos) return std::nullopt;
    return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

Challenge basic_challenge(std::string_view realm) {
    return Challenge{"Basic", {}, {{"realm", std::string(realm)}, {"charset", "UTF-8"}}};
}

std::string bearer_authorization(std::string_view token) {
    return "Bearer " + std::string(token);
}

std::optional<std::string> parse_bearer(std::string_view authorization) {
    const auto c = parse_credentials(authorization);
    if (!c || !iequals(c->scheme, "Bearer") || c->token68.empty()) return std::nullopt;
    return c->token68;
}

Challenge bearer_challenge(std::string_view realm, std::string_view error, std::string_view description) {
    Challenge c{"Bearer", {}, {{"realm", std::string(realm)}}};
    if (!error.empty()) c.params.push_back({"error", std::string(error)});
    if (!description.empty()) c.params.push_back({"error_description", std::string(description)});
    return c;
}

}  // namespace postlab::http
