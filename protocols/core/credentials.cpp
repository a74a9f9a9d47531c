// Decoding what SASL PLAIN and LOGIN expose (see credentials.hpp).
#include "protocols/core/credentials.hpp"

#include "protocols/core/base64.hpp"
#include "protocols/core/text.hpp"

namespace postlab::core {

std::optional<Credential> decode_plain(std::string_view b64) {
    const auto decoded = base64_decode(b64);
    if (!decoded) return std::nullopt;
    const auto first = decoded->find('\0');
    const auto second = first == std::string::npos ? first : decoded->find('\0', first + 1);
    if (second == std::string::npos) return std::nullopt;
    return Credential{std::string(plain_how), decoded->substr(first + 1, second - first - 1),
                      decoded->substr(second + 1)};
}

std::string decode_or_raw(std::string_view b64) {
    const auto d = base64_decode(b64);
    return d ? *d : std::string(b64);
}

std::optional<Credential> SaslExposure::start(std::string_view mechanism, std::string_view initial) {
    m_user.reset();
    m_mechanism = Mechanism::none;
    const bool has_initial = !initial.empty() && initial != "=";
    if (iequals(mechanism, "PLAIN")) {
        if (has_initial) return decode_plain(initial);
        m_mechanism = Mechanism::plain;
    } else if (iequals(mechanism, "LOGIN")) {
        m_mechanism = Mechanism::login;
        if (has_initial) m_user = decode_or_raw(initial);
    }
    return std::nullopt;
}

std::optional<Credential> SaslExposure::response(std::string_view line) {
    switch (m_mechanism) {
        case Mechanism::plain:
            m_mechanism = Mechanism::none;
            return decode_plain(line);
        case Mechanism::login:
            if (!m_user) {
                m_user = decode_or_raw(line);
                return std::nullopt;
            }
            m_mechanism = Mechanism::none;
            return Credential{std::string(login_how), *m_user, decode_or_raw(line)};
        case Mechanism::none: break;
    }
    return std::nullopt;
}

}  // namespace postlab::core
