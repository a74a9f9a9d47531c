// IMAP explanations: commands from the state table, then responses (RFC 9051 §7) and literals.
#include "protocols/imap/explain.hpp"

#include "protocols/imap/state_table.hpp"

namespace postlab::imap {

void add_explanations(core::ExplanationTable& t) {
    core::add_command_explanations(t, "imap", "IMAP", state_table());
    t["imap.command.DONE"] = {"Ends IDLE.", "RFC 9051 §6.3.13"};
    t["imap.greeting"] = {"Untagged OK greeting: not authenticated yet.", "RFC 9051 §7.1.1"};
    t["imap.continuation"] = {"Command continuation request (+): send the literal or the SASL response.", "RFC 9051 §7.5"};
    t["imap.continuation_response"] = {"The client's answer to a continuation request.", "RFC 9051 §6.2.2"};
    t["imap.literal"] = {"A literal: exactly the announced number of octets (e.g. a message in APPEND).", "RFC 9051 §4.3"};
    t["imap.tagged.OK"] = {"The command with this tag completed successfully.", "RFC 9051 §7.1.1"};
    t["imap.tagged.NO"] = {"The command failed (operational error).", "RFC 9051 §7.1.2"};
    t["imap.tagged.BAD"] = {"The command was not understood (protocol error).", "RFC 9051 §7.1.3"};
    t["imap.untagged"] = {"Untagged data: state the server reports (EXISTS, FETCH, ...).", "RFC 9051 §7"};
}

std::optional<std::string> explanation_family(std::string_view key) {
    if (key.starts_with("imap.untagged.")) return std::string("imap.untagged");
    return std::nullopt;
}

}  // namespace postlab::imap
