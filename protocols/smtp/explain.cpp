// SMTP explanations: commands from the state table, replies by code (RFC 5321 §4.2.2-§4.2.3).
#include "protocols/smtp/explain.hpp"

#include <utility>

#include "protocols/smtp/state_table.hpp"

namespace postlab::smtp {

void add_explanations(core::ExplanationTable& t) {
    core::add_command_explanations(t, "smtp", "SMTP", state_table());
    t["smtp.command.unknown"] = {std::string(command_info(Command::unknown).summary), std::string(command_info(Command::unknown).rfc)};
    t["smtp.auth.response"] = {"The client's base64 answer to a 334 challenge.", "RFC 4954 §4"};
    t["smtp.body"] = {"The message itself (headers and body), dot-stuffed, ended by CRLF.CRLF.",
                      "RFC 5321 §4.1.1.4, §4.5.2"};
    const std::pair<const char*, const char*> replies[] = {
        {"220", "Service ready (greeting), or ready to start TLS after STARTTLS."},
        {"221", "Closing the connection."},
        {"235", "Authentication succeeded."},
        {"250", "Requested action OK (after EHLO: the list of extensions)."},
        {"334", "A SASL challenge (base64); the client answers with one line."},
        {"354", "Start the message; end it with <CRLF>.<CRLF>."},
        {"421", "Service not available, closing the connection."},
        {"450", "Mailbox unavailable right now: try again later."},
        {"451", "Local error in processing: try again later."},
        {"452", "Insufficient storage or too many recipients: try again later."},
        {"454", "TLS or temporary authentication failure."},
        {"500", "Syntax error, command unrecognized."},
        {"501", "Syntax error in parameters."},
        {"502", "Command not implemented."},
        {"503", "Bad sequence of commands."},
        {"504", "Parameter not implemented."},
        {"530", "Must issue STARTTLS first / authentication required."},
        {"535", "Authentication credentials invalid."},
        {"550", "Mailbox unavailable (no such user, or relaying denied)."},
        {"552", "Exceeded storage allocation (message too big)."},
        {"553", "Mailbox name not allowed."},
        {"554", "Transaction failed."},
    };
    for (const auto& [code, meaning] : replies) t[std::string("smtp.reply.") + code] = {meaning, "RFC 5321 §4.2.2, §4.2.3"};
    t["smtp.reply.530"].source = "RFC 3207 §4, RFC 4954 §6";
    t["smtp.reply.235"].source = t["smtp.reply.334"].source = t["smtp.reply.535"].source = "RFC 4954 §6";
    t["smtp.reply.2xx"] = {"Positive completion.", "RFC 5321 §4.2.1"};
    t["smtp.reply.3xx"] = {"Positive intermediate: send more.", "RFC 5321 §4.2.1"};
    t["smtp.reply.4xx"] = {"Transient failure: the client should retry later.", "RFC 5321 §4.2.1"};
    t["smtp.reply.5xx"] = {"Permanent failure: do not retry.", "RFC 5321 §4.2.1"};
}

std::optional<std::string> explanation_family(std::string_view key) {
    constexpr std::string_view prefix = "smtp.reply.";
    if (!key.starts_with(prefix) || key.size() != prefix.size() + 3) return std::nullopt;
    return std::string(prefix) + key[prefix.size()] + "xx";
}

}  // namespace postlab::smtp
