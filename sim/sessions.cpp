// Names and states of the sessions a connection carries, for the trace and the UI.
#include "sim/sessions.hpp"

#include <type_traits>

namespace postlab::sim {

std::string_view protocol_of(const AnySession& session) {
    switch (session.index()) {
        case 0:
        case 1: return "smtp";
        case 2:
        case 3: return "pop3";
        default: return "imap";
    }
}

namespace {

std::string_view pop3_step_name(pop3::Client::Step step) {
    using S = pop3::Client::Step;
    switch (step) {
        case S::greeting: return "greeting";
        case S::capa: return "capa";
        case S::stls: return "stls";
        case S::auth: return "auth";
        case S::user: return "user";
        case S::pass: return "pass";
        case S::stat: return "stat";
        case S::uidl: return "uidl";
        case S::retr: return "retr";
        case S::dele: return "dele";
        case S::quit: return "quit";
        case S::done: return "done";
    }
    return "?";
}

std::string_view imap_phase_name(imap::Client::Phase phase) {
    using P = imap::Client::Phase;
    switch (phase) {
        case P::greeting: return "greeting";
        case P::capability: return "capability";
        case P::starttls: return "starttls";
        case P::authenticate: return "authenticate";
        case P::enable: return "enable";
        case P::list: return "list";
        case P::replay: return "replay";
        case P::sync: return "sync";
        case P::idle: return "idle";
        case P::logout: return "logout";
        case P::done: return "done";
    }
    return "?";
}

}  // namespace

std::string state_of(const AnySession& session) {
    return std::visit(
        [](const auto& s) -> std::string {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, pop3::Client>) {
                return std::string(pop3_step_name(s.step()));
            } else if constexpr (std::is_same_v<T, imap::Client>) {
                return std::string(imap_phase_name(s.phase()));
            } else {
                return std::string(to_string(s.state()));
            }
        },
        session);
}

bool is_server(const AnySession& session) {
    return std::holds_alternative<smtp::Server>(session) || std::holds_alternative<pop3::Server>(session) ||
           std::holds_alternative<imap::Server>(session);
}

}  // namespace postlab::sim
