// HTTP authentication (RFC 9110 §11): writing and parsing Authorization credentials and
// WWW-Authenticate challenges, with the Basic scheme (RFC 7617: user and password in base64,
// readable by anyone on the path without TLS) and the Bearer scheme (RFC 6750: a token).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::http {

// RFC 9110 §11.2: auth-param = token BWS "=" BWS ( token / quoted-string ); the value unquoted.
struct AuthParam {
    std::string name;
    std::string value;
    bool operator==(const AuthParam&) const = default;
};

// RFC 9110 §11.3, §11.4: challenge / credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ].
struct Challenge {
    std::string scheme;   // case-insensitive ("Basic", "Bearer")
    std::string token68;  // set when the scheme carries a token68 instead of parameters
    std::vector<AuthParam> params;

    const std::string* param(std::string_view name) const;  // case-insensitive name
    bool operator==(const Challenge&) const = default;
};
using Credentials = Challenge;  // the same grammar in the other direction

// RFC 9110 §11.6.1: WWW-Authenticate = #challenge (several challenges, commas between them and
// between their parameters). nullopt when the value breaks the grammar.
std::optional<std::vector<Challenge>> parse_challenges(std::string_view value);
// RFC 9110 §11.6.2: Authorization = credentials.
std::optional<Credentials> parse_credentials(std::string_view value);
// Parameters are written as quoted strings (always allowed, RFC 9110 §11.2).
std::string write_challenge(const Challenge& challenge);

// RFC 7617 §2: "Basic " base64(user-id ":" password); the user-id cannot hold a colon.
std::string basic_authorization(std::string_view user, std::string_view password);
struct BasicCredentials {
    std::string user;
    std::string password;
    bool operator==(const BasicCredentials&) const = default;
};
std::optional<BasicCredentials> parse_basic(std::string_view authorization);
// RFC 7617 §2: realm is required; charset="UTF-8" (§2.1) says how to encode user and password.
Challenge basic_challenge(std::string_view realm);

// RFC 6750 §2.1: "Bearer " b64token.
std::string bearer_authorization(std::string_view token);
std::optional<std::string> parse_bearer(std::string_view authorization);
// RFC 6750 §3: realm, and after a failed attempt error="invalid_token" (§3.1) and a description.
Challenge bearer_challenge(std::string_view realm, std::string_view error = {}, std::string_view description = {});

}  // namespace postlab::http
