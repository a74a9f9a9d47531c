// SASL PLAIN and LOGIN; see sasl.hpp.
#include "protocols/core/sasl.hpp"

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"

namespace postlab {
namespace {

// RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd
std::optional<SaslCredentials> parse_plain(const std::string& decoded) {
    const auto first = decoded.find('\0');
    if (first == std::string::npos) return std::nullopt;
    const auto second = decoded.find('\0', first + 1);
    if (second == std::string::npos || decoded.find('\0', second + 1) != std::string::npos) {
        return std::nullopt;
    }
    SaslCredentials c{decoded.substr(0, first), decoded.substr(first + 1, second - first - 1),
                      decoded.substr(second + 1)};
    if (c.authcid.empty() || c.authcid.size() > 255 || c.password.size() > 255) return std::nullopt;
    return c;
}

// The LOGIN mechanism's fixed prompts, base64 of "Username:" and "Password:".
constexpr std::string_view k_login_user_prompt = "VXNlcm5hbWU6";
constexpr std::string_view k_login_password_prompt = "UGFzc3dvcmQ6";

}  // namespace

std::optional<SaslMechanism> parse_sasl_mechanism(std::string_view name) {
    if (iequals(name, "PLAIN")) return SaslMechanism::plain;
    if (iequals(name, "LOGIN")) return SaslMechanism::login;
    return std::nullopt;
}

std::string_view to_string(SaslMechanism mechanism) {
    return mechanism == SaslMechanism::plain ? "PLAIN" : "LOGIN";
}

SaslServer::Step SaslServer::start(std::optional<std::string_view> initial_response) {
    m_round = 0;
    if (!initial_response) {
        m_round = 1;
        if (m_mechanism == SaslMechanism::plain) return {Status::challenge, "", std::nullopt};
        return {Status::challenge, std::string(k_login_user_prompt), std::nullopt};
    }
    return respond(*initial_response);
}

SaslServer::Step SaslServer::respond(std::string_view line) {
    if (line == "*") return {Status::cancelled, "", std::nullopt};
    std::optional<std::string> decoded =
        line == "=" ? std::optional<std::string>("") : base64_decode(line);
    if (!decoded) return {Status::malformed, "", std::nullopt};
    return accept_decoded(*decoded);
}

SaslServer::Step SaslServer::accept_decoded(const std::string& decoded) {
    if (m_mechanism == SaslMechanism::plain) {
        auto credentials = parse_plain(decoded);
        if (!credentials) return {Status::malformed, "", std::nullopt};
        return {Status::done, "", std::move(credentials)};
    }
    // LOGIN: the first answer is the user name, the second the password.
    if (m_login_user.empty()) {
        if (decoded.empty() || decoded.size() > 255) return {Status::malformed, "", std::nullopt};
        m_login_user = decoded;
        ++m_round;
        return {Status::challenge, std::string(k_login_password_prompt), std::nullopt};
    }
    if (decoded.size() > 255) return {Status::malformed, "", std::nullopt};
    return {Status::done, "", SaslCredentials{"", m_login_user, decoded}};
}

std::optional<std::string> SaslClient::initial_response() const {
    if (m_mechanism != SaslMechanism::plain) return std::nullopt;
    std::string message = m_credentials.authzid;
    message += '\0';
    message += m_credentials.authcid;
    message += '\0';
    message += m_credentials.password;
    return base64_encode(message);
}

std::string SaslClient::respond(std::string_view challenge) {
    if (m_mechanism == SaslMechanism::plain) return *initial_response();
    const auto decoded = base64_decode(challenge).value_or("");
    ++m_round;
    // Servers differ in prompt wording; the order (user, then password) is what counts.
    const bool asks_password = istarts_with(decoded, "password") || m_round > 1;
    return base64_encode(asks_password ? m_credentials.password : m_credentials.authcid);
}

}  // namespace postlab
