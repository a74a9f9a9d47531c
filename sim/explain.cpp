// The explanation table for trace keys: TCP (RFC 9293), TLS 1.3 (RFC 8446), DNS (RFC 1035),
// SMTP (RFC 5321, 3207, 4954), POP3 (RFC 1939, 2449, 2595) and IMAP (RFC 9051).
#include "sim/explain.hpp"

#include <algorithm>
#include <map>

#include "protocols/imap/state_table.hpp"
#include "protocols/pop3/state_table.hpp"
#include "protocols/smtp/state_table.hpp"

namespace postlab::sim {

namespace {

using Table = std::map<std::string, Explanation, std::less<>>;

void add_transport(Table& t) {
    t["tcp.connect"] = {"An application asks its operating system to open a TCP connection.", "RFC 9293 §3.5"};
    t["tcp.syn"] = {"SYN: the client opens a connection and announces its initial sequence number.", "RFC 9293 §3.5"};
    t["tcp.synack"] = {"SYN-ACK: the server accepts and announces its own initial sequence number.", "RFC 9293 §3.5"};
    t["tcp.ack"] = {"ACK: acknowledges every byte up to the ack number (cumulative).", "RFC 9293 §3.4"};
    t["tcp.data"] = {"A segment of the byte stream, at most one MSS of payload; the receiver "
                     "reorders and acknowledges, the sender retransmits what is not acknowledged.",
                     "RFC 9293 §3.7.1, RFC 6298 §5"};
    t["tcp.fin"] = {"FIN: this side has nothing more to send; the other side may still send.", "RFC 9293 §3.6"};
    t["tcp.rst"] = {"RST: no connection here (nothing listens on that port) or the connection is aborted.",
                    "RFC 9293 §3.5.2"};
    t["tcp.end.closed"] = {"Both sides sent FIN and each FIN was acknowledged.", "RFC 9293 §3.6"};
    t["tcp.end.refused"] = {"The SYN was answered with RST: the host is up but refuses the port.", "RFC 9293 §3.5.2"};
    t["tcp.end.timed_out"] = {"No answer after the retransmissions (SYN: 1 s, 2 s, 4 s...): a firewall "
                              "dropped the packets, or a link or the host is down.",
                              "RFC 6298 §5, RFC 9293 §3.8.1"};
    t["tcp.end.reset"] = {"The connection was aborted by a RST.", "RFC 9293 §3.5.3"};
    t["tcp.end.tls_failed"] = {"The TLS handshake failed; the connection was closed after an alert.", "RFC 8446 §6.2"};
    t["tls.client_hello"] = {"ClientHello: the client offers TLS versions, cipher suites and a key share, and "
                             "names the server it wants (SNI).",
                             "RFC 8446 §4.1.2, RFC 6066 §3"};
    t["tls.server_flight"] = {"ServerHello, then encrypted EncryptedExtensions, Certificate, CertificateVerify "
                              "and Finished: the server proves it holds the certificate's key.",
                              "RFC 8446 §2, §4.4"};
    t["tls.client_finished"] = {"The client checked the certificate and sends its Finished: the handshake is "
                                "complete and keys are in use. Between mail servers (port 25) TLS is "
                                "opportunistic: encrypted, but the certificate is not checked.",
                                "RFC 8446 §4.4.4, RFC 6125 §6.4, RFC 7435"};
    t["tls.established"] = {"TLS is up: from here the bytes on the wire are encrypted records; an eavesdropper "
                            "sees sizes and timing, not content.",
                            "RFC 8446 §5.2"};
    t["tls.alert.bad_certificate"] = {"The client rejected the server's certificate (here: the name does not "
                                      "match the server it wanted) and aborted the handshake.",
                                      "RFC 8446 §6.2, RFC 6125 §6.4"};
    t["tls.alert.protocol_version"] = {"One side expected TLS and got something else (plaintext).", "RFC 8446 §6.2"};
    t["dns.query.mx"] = {"Which hosts accept mail for this domain? (MX lookup)", "RFC 5321 §5.1, RFC 1035 §3.3.9"};
    t["dns.query.a"] = {"What is the IPv4 address of this name? (A lookup)", "RFC 1035 §3.4.1"};
    // One key for A and MX answers (the world does not tell them apart), so the text covers both.
    t["dns.response"] = {"The DNS answer: an A record gives the host's IPv4 address; MX records list "
                         "the mail servers of a domain, tried lowest preference first.",
                         "RFC 1035 §3.4.1 (A), RFC 5321 §5.1 (MX)"};
    t["dns.response.none"] = {"No such record: for MX, RFC 5321 falls back to the domain's A record.",
                              "RFC 5321 §5.1"};
    t["fault"] = {"A fault changed the world (link, firewall, host, certificate).", ""};
}

void add_smtp(Table& t) {
    for (const auto& info : smtp::command_table()) {
        t["smtp.command." + std::string(info.verb)] = {"SMTP command " + std::string(info.verb), std::string(info.rfc)};
    }
    t["smtp.command.EHLO"].meaning = "EHLO: the client names itself and asks for the server's extensions.";
    t["smtp.command.MAIL"].meaning = "MAIL FROM: starts a transaction with the envelope sender (bounces go here).";
    t["smtp.command.RCPT"].meaning = "RCPT TO: one envelope recipient; the server accepts or refuses each.";
    t["smtp.command.DATA"].meaning = "DATA: the message text follows, ended by a line with a single dot.";
    t["smtp.command.STARTTLS"].meaning = "STARTTLS: upgrade this plaintext connection to TLS, then start over with EHLO.";
    t["smtp.command.AUTH"].meaning = "AUTH: log in with a SASL mechanism (PLAIN carries user and password in base64).";
    t["smtp.command.QUIT"].meaning = "QUIT: the client is done; the server answers 221 and closes.";
    t["smtp.command.unknown"] = {"A command the server does not know.", "RFC 5321 §4.2.4"};
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

void add_pop3(Table& t) {
    for (const auto& rule : pop3::command_rules()) {
        t["pop3.command." + std::string(pop3::keyword(rule.kind))] = {std::string(rule.summary), std::string(rule.rfc)};
    }
    t["pop3.greeting"] = {"+OK greeting: the server is ready (AUTHORIZATION state).", "RFC 1939 §4"};
    t["pop3.reply.+OK"] = {"Positive response.", "RFC 1939 §3"};
    t["pop3.reply.-ERR"] = {"Negative response; a [code] may say why.", "RFC 1939 §3, RFC 2449 §8"};
    t["pop3.reply.continuation"] = {"A SASL challenge; the client answers with a base64 line.", "RFC 1734 §2"};
    t["pop3.auth.response"] = {"The client's base64 answer to a SASL challenge.", "RFC 1734 §2"};
    t["pop3.body"] = {"The message, byte-stuffed, ended by a line with a single dot.", "RFC 1939 §3"};
}

void add_imap(Table& t) {
    for (const auto& rule : imap::command_rules()) {
        std::string name(rule.name);
        std::replace(name.begin(), name.end(), ' ', '_');
        t["imap.command." + name] = {"IMAP " + std::string(rule.syntax), std::string(rule.rfc)};
    }
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

void add_events(Table& t) {
    t["event.message_accepted"] = {"The server took responsibility for the message (it said 250 after DATA).",
                                   "RFC 5321 §6.1"};
    t["event.tls_requested"] = {"The session asked the transport to start TLS.", "RFC 3207 §4, RFC 2595 §4"};
    t["event.tls_established"] = {"The session learnt that TLS is up.", "RFC 8446 §2"};
    // Emitted by the SMTP, POP3 and IMAP sessions alike, so the source names all three.
    const std::string login_rules = "RFC 4954 §6 (SMTP AUTH), RFC 1939 §7 / RFC 5034 §4 (POP3), "
                                    "RFC 9051 §6.2.2-§6.2.3 (IMAP)";
    t["event.auth_succeeded"] = {"A login succeeded.", login_rules};
    t["event.auth_failed"] = {"A login failed.", login_rules};
    t["event.protocol_violation"] = {"The peer broke the protocol; see the event's RFC reference.", ""};
    // POP3 and IMAP clients both emit it (RETR; FETCH of a new message).
    t["event.message_retrieved"] = {"A mail client downloaded a message from the server: POP3 RETR, "
                                    "or an IMAP FETCH of a message it did not have yet.",
                                    "RFC 1939 §5 (RETR), RFC 9051 §6.4.5 (FETCH)"};
    t["event.messages_deleted"] = {"The server removed the messages marked with DELE (UPDATE state).", "RFC 1939 §6"};
    t["event.result"] = {"A client finished its job.", ""};
    t["event.session_closed"] = {"The session ended.", ""};
    t["device.crash"] = {"The device lost its mail app's local data (a reset or a lost phone). A POP3 app "
                         "that downloaded and deleted had the only copy: it is gone. An IMAP app only had "
                         "a cache of the server's mailbox and syncs it back.",
                         "RFC 1939 §1; RFC 9051 Abstract"};
}

const Table& table() {
    static const Table t = [] {
        Table built;
        add_transport(built);
        add_smtp(built);
        add_pop3(built);
        add_imap(built);
        add_events(built);
        return built;
    }();
    return t;
}

}  // namespace

std::optional<Explanation> explain(std::string_view key) {
    const Table& t = table();
    if (auto it = t.find(key); it != t.end()) return it->second;
    if (key.starts_with("smtp.reply.") && key.size() == 14) {
        std::string family = "smtp.reply." + std::string(1, key[11]) + "xx";
        if (auto it = t.find(family); it != t.end()) return it->second;
    }
    if (key.starts_with("imap.untagged.")) return t.find(std::string_view("imap.untagged"))->second;
    return std::nullopt;
}

std::vector<std::string> explanation_keys() {
    std::vector<std::string> keys;
    for (const auto& [key, value] : table()) keys.push_back(key);
    return keys;
}

}  // namespace postlab::sim
