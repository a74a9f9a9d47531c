// What the inspector shows for the selected trace entry, computed without ImGui: the bytes as
// text with CR/LF visible and as a hex dump, the decoded fields (RFC 9293 §3.1 for segments),
// and what an eavesdropper on the wire sees: TLS record headers and sizes only for encrypted
// traffic (RFC 8446 §5.1, §5.2), the bytes for plaintext with exposed credentials decoded
// (USER/PASS RFC 1939 §7, LOGIN RFC 9051 §6.2.3 with its astrings: atom, quoted or literal
// §4.3, AUTH PLAIN RFC 4616 §2, AUTH LOGIN).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/frame.hpp"

namespace postlab::sim {
struct TraceEntry;
class Trace;
}

namespace postlab::ui::inspect {

// Printable ASCII as is, CR as "\r", LF as "\n" followed by a line break, other bytes as "\xNN".
// At most max_bytes of input; a note says how many were left out.
std::string visible_text(std::string_view bytes, std::size_t max_bytes = 4096);

// "00000000  45 48 4c 4f 20 6c 61 70  74 6f 70 0d 0a        |EHLO laptop..|", 16 bytes a line,
// at most max_lines lines (then a line saying how many bytes were left out).
std::vector<std::string> hex_dump(std::string_view bytes, std::size_t max_lines = 256);

struct Field {
    std::string name;
    std::string value;
};
std::vector<Field> decoded_fields(const sim::TraceEntry& entry,
                                  const std::vector<std::string>& host_names);

// A credential the bytes expose (core::Credential): how, user and password as anyone reads them.
using Credential = core::Credential;

struct EavesdropperView {
    bool encrypted = false;
    std::vector<std::string> lines;  // never any plaintext when encrypted
    std::vector<Credential> credentials;
};
// Credentials: the entry's own (USER/PASS, LOGIN with its literals, AUTH PLAIN / LOGIN), shown
// only when the entry is not encrypted.
EavesdropperView eavesdropper_view(const sim::TraceEntry& entry);

}  // namespace postlab::ui::inspect
