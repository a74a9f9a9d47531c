// The HTTP explanation entries; see explain.hpp (RFC 9110 §9, §15; RFC 9112; RFC 6585).
#include "protocols/http/explain.hpp"

#include <array>
#include <string>

namespace postlab::http {
namespace {

constexpr std::array<ExplanationEntry, 49> k_entries = {{
    // Methods (RFC 9110 §9.3, RFC 5789).
    {"http.request.GET", "GET: the client asks for the current representation of the target (a page, a file, "
                         "an Autodiscover document).", "RFC 9110 §9.3.1"},
    {"http.request.HEAD", "HEAD: like GET, but the answer carries only the header fields, no content.",
     "RFC 9110 §9.3.2"},
    {"http.request.POST", "POST: the client sends content for the target to process; Exchange's ActiveSync, "
                          "MAPI over HTTP, EWS and Autodiscover all POST.", "RFC 9110 §9.3.3"},
    {"http.request.PUT", "PUT: create or replace the target with the enclosed content.", "RFC 9110 §9.3.4"},
    {"http.request.DELETE", "DELETE: remove the target.", "RFC 9110 §9.3.5"},
    {"http.request.OPTIONS", "OPTIONS: which methods and features does the target support? (ActiveSync "
                             "clients ask this first for the protocol versions.)", "RFC 9110 §9.3.7"},
    {"http.request.CONNECT", "CONNECT: ask a proxy for a tunnel to another host and port.", "RFC 9110 §9.3.6"},
    {"http.request.TRACE", "TRACE: the server echoes the request back (a loop-back test).", "RFC 9110 §9.3.8"},
    {"http.request.PATCH", "PATCH: apply a partial change to the target.", "RFC 5789 §2"},
    {"http.request.other", "A request with a method this lab does not describe; methods are extensible.",
     "RFC 9110 §9.1"},
    // Status codes (RFC 9110 §15, RFC 6585).
    {"http.response.100", "100 Continue: the server will take the content; the client may send it now.",
     "RFC 9110 §15.2.1"},
    {"http.response.101", "101 Switching Protocols: after this response the connection speaks another protocol.",
     "RFC 9110 §15.2.2"},
    {"http.response.200", "200 OK: the request succeeded; the content is the result.", "RFC 9110 §15.3.1"},
    {"http.response.201", "201 Created: a new resource was created (Location names it).", "RFC 9110 §15.3.2"},
    {"http.response.202", "202 Accepted: accepted for processing, not finished yet.", "RFC 9110 §15.3.3"},
    {"http.response.204", "204 No Content: success, and there is no content to send.", "RFC 9110 §15.3.5"},
    {"http.response.301", "301 Moved Permanently: the target has a new URI (Location); use it from now on.",
     "RFC 9110 §15.4.2"},
    {"http.response.302", "302 Found: the target is temporarily elsewhere (Location); Autodiscover uses "
                          "redirects to point a client at the right server.", "RFC 9110 §15.4.3"},
    {"http.response.303", "303 See Other: fetch the result with GET at Location.", "RFC 9110 §15.4.4"},
    {"http.response.304", "304 Not Modified: the client's cached copy is still good; no content.",
     "RFC 9110 §15.4.5"},
    {"http.response.307", "307 Temporary Redirect: repeat the same request, same method, at Location.",
     "RFC 9110 §15.4.8"},
    {"http.response.308", "308 Permanent Redirect: like 301, but the method must not change.", "RFC 9110 §15.4.9"},
    {"http.response.400", "400 Bad Request: the server could not parse the request (or it broke a framing "
                          "rule) and closes the connection.", "RFC 9110 §15.5.1, RFC 9112 §6.3"},
    {"http.response.401", "401 Unauthorized: credentials are missing or wrong; WWW-Authenticate says which "
                          "scheme to use (Basic, Bearer, NTLM...).", "RFC 9110 §15.5.2, §11.6.1"},
    {"http.response.403", "403 Forbidden: the server understood and refuses; new credentials will not help.",
     "RFC 9110 §15.5.4"},
    {"http.response.404", "404 Not Found: nothing here at that target.", "RFC 9110 §15.5.5"},
    {"http.response.405", "405 Method Not Allowed: the target does not support this method (Allow lists those "
                          "it does).", "RFC 9110 §15.5.6"},
    {"http.response.408", "408 Request Timeout: the request did not arrive in time; the server closes.",
     "RFC 9110 §15.5.9"},
    {"http.response.411", "411 Length Required: the server wants a Content-Length.", "RFC 9110 §15.5.12"},
    {"http.response.413", "413 Content Too Large: the body is over the server's limit; it closes the connection.",
     "RFC 9110 §15.5.14"},
    {"http.response.414", "414 URI Too Long: the request line is longer than the server will parse.",
     "RFC 9110 §15.5.15, RFC 9112 §3"},
    {"http.response.415", "415 Unsupported Media Type: the server does not take content of this type.",
     "RFC 9110 §15.5.16"},
    {"http.response.429", "429 Too Many Requests: slow down (Retry-After may say how long).", "RFC 6585 §4"},
    {"http.response.431", "431 Request Header Fields Too Large: one field, or all of them together, are over "
                          "the server's limit.", "RFC 6585 §5"},
    {"http.response.500", "500 Internal Server Error: the server failed while handling a valid request.",
     "RFC 9110 §15.6.1"},
    {"http.response.501", "501 Not Implemented: the server does not support what the request needs (a method, "
                          "a transfer coding).", "RFC 9110 §15.6.2, RFC 9112 §6.1"},
    {"http.response.502", "502 Bad Gateway: a proxy or front end got a bad answer from the server behind it.",
     "RFC 9110 §15.6.3"},
    {"http.response.503", "503 Service Unavailable: overloaded or down for maintenance; try later.",
     "RFC 9110 §15.6.4"},
    {"http.response.504", "504 Gateway Timeout: the server behind a proxy did not answer in time.",
     "RFC 9110 §15.6.5"},
    {"http.response.505", "505 HTTP Version Not Supported: the server will not speak the request's HTTP version.",
     "RFC 9110 §15.6.6"},
    // Families: any code of a class means what its class means (RFC 9110 §15).
    {"http.response.1xx", "Informational: an interim answer; the final response follows.", "RFC 9110 §15.2"},
    {"http.response.2xx", "Successful: the request was received, understood and accepted.", "RFC 9110 §15.3"},
    {"http.response.3xx", "Redirection: the client must go somewhere else (Location) to finish.", "RFC 9110 §15.4"},
    {"http.response.4xx", "Client error: the request is wrong (syntax, credentials, target) and retrying it "
                          "unchanged will not help.", "RFC 9110 §15.5"},
    {"http.response.5xx", "Server error: the server failed or cannot do it now.", "RFC 9110 §15.6"},
    // Bytes that are not a message.
    {"http.malformed", "Bytes that are not a well-formed HTTP/1.1 message (a bad start line, a field with a "
                       "space before its colon, Content-Length and Transfer-Encoding together, a bad chunk...). "
                       "A server answers 400 and closes: guessing could let a request be smuggled past a proxy.",
     "RFC 9112 §2.2, §5.1, §6.3, §11.2"},
    {"http.incomplete", "The connection closed before this message was complete.", "RFC 9112 §8"},
    {"http.credential.basic", "Basic authentication sends user and password base64-encoded, not encrypted: "
                              "anyone who sees the bytes without TLS reads the password.", "RFC 7617 §4"},
    {"http.credential.bearer", "A bearer token lets in whoever holds it; without TLS anyone on the path can "
                               "copy it.", "RFC 6750 §5.3"},
}};

const ExplanationEntry* find(std::string_view key) {
    for (const ExplanationEntry& e : k_entries) {
        if (e.key == key) return &e;
    }
    return nullptr;
}

}  // namespace

std::span<const ExplanationEntry> explanations() {
    return k_entries;
}

std::optional<std::string> explanation_family(std::string_view key) {
    constexpr std::string_view request = "http.request.";
    constexpr std::string_view response = "http.response.";
    if (key.starts_with(request) && key.size() > request.size()) return std::string("http.request.other");
    if (key.starts_with(response) && key.size() == response.size() + 3) {
        const char family = key[response.size()];
        if (family < '1' || family > '5') return std::nullopt;
        return std::string(response) + family + "xx";
    }
    return std::nullopt;
}

const ExplanationEntry* explain(std::string_view key) {
    if (const ExplanationEntry* e = find(key)) return e;
    const auto family = explanation_family(key);
    return family ? find(*family) : nullptr;
}

void add_explanations(core::ExplanationTable& table) {
    for (const ExplanationEntry& e : k_entries) table[std::string(e.key)] = {std::string(e.meaning), std::string(e.source)};
}

}  // namespace postlab::http
