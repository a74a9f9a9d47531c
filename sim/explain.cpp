// The explanation table for trace keys: TCP (RFC 9293), TLS 1.3 (RFC 8446), DNS (RFC 1035) and
// session events here; each protocol's own keys from its descriptor (protocols/registry.hpp).
#include "sim/explain.hpp"

#include <algorithm>
#include <map>

#include "protocols/registry.hpp"

namespace postlab::sim {

namespace {

using Table = core::ExplanationTable;

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
        for (const ProtocolDescriptor& p : all_protocols()) {
            if (p.add_explanations) p.add_explanations(built);
        }
        add_events(built);
        return built;
    }();
    return t;
}

}  // namespace

std::optional<Explanation> explain(std::string_view key) {
    const Table& t = table();
    if (auto it = t.find(key); it != t.end()) return it->second;
    // A key with a variable tail: its protocol (the key's first word) names its family.
    const auto protocol = protocol_from_name(key.substr(0, key.find('.')));
    const auto family_of = protocol ? descriptor(*protocol).explanation_family : nullptr;
    if (!family_of) return std::nullopt;
    const auto family = family_of(key);
    if (!family) return std::nullopt;
    if (auto it = t.find(*family); it != t.end()) return it->second;
    return std::nullopt;
}

std::vector<std::string> explanation_keys() {
    std::vector<std::string> keys;
    for (const auto& [key, value] : table()) keys.push_back(key);
    return keys;
}

}  // namespace postlab::sim
