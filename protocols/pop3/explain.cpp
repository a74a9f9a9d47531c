// POP3 explanations: commands from the state table, then status lines and bodies (RFC 1939 §3).
#include "protocols/pop3/explain.hpp"

#include "protocols/pop3/state_table.hpp"

namespace postlab::pop3 {

void add_explanations(core::ExplanationTable& t) {
    core::add_command_explanations(t, "pop3", "POP3", state_table());
    t["pop3.greeting"] = {"+OK greeting: the server is ready (AUTHORIZATION state).", "RFC 1939 §4"};
    t["pop3.reply.+OK"] = {"Positive response.", "RFC 1939 §3"};
    t["pop3.reply.-ERR"] = {"Negative response; a [code] may say why.", "RFC 1939 §3, RFC 2449 §8"};
    t["pop3.reply.continuation"] = {"A SASL challenge; the client answers with a base64 line.", "RFC 1734 §2"};
    t["pop3.auth.response"] = {"The client's base64 answer to a SASL challenge.", "RFC 1734 §2"};
    t["pop3.body"] = {"The message, byte-stuffed, ended by a line with a single dot.", "RFC 1939 §3"};
}

}  // namespace postlab::pop3
