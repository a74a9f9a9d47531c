// Framed messages (DESIGN.md §2): what one side of a connection wrote, cut into the units a
// reader thinks in (one command, one reply, one message body), each with its verb or code, a
// one-line summary, its explanation key and any credential its bytes expose. Each protocol
// frames its own byte stream (protocols/<name>/framer.*), so nothing above protocols/ parses
// protocol bytes again: the trace stores frames, and the views and checks read their fields.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postlab::core {

enum class Peer : std::uint8_t { client, server };

enum class FrameKind : std::uint8_t {
    command,  // a client's command line (or SASL response line)
    reply,    // a server's reply (a multi-line reply is one frame)
    data,     // a message body (SMTP DATA, POP3 RETR) or an IMAP literal
};

// A secret the bytes carry readably for anyone on the path (an eavesdropper's view).
struct Credential {
    std::string how;     // "POP3 PASS: the password in plain text"
    std::string user;
    std::string password;  // as anyone on the path reads it
    bool operator==(const Credential&) const = default;
};

struct Frame {
    FrameKind kind = FrameKind::command;
    std::string bytes;        // exactly the frame's bytes, in stream order
    std::string verb;         // command verb ("EHLO", "UID FETCH"), reply code or status ("250",
                              // "+OK", "OK", "EXISTS"); empty for SASL lines and data
    std::string summary;      // "C: EHLO laptop.example.test"
    std::string explain_key;  // "smtp.command.EHLO"
    std::optional<Credential> credential;
};

// Cuts one connection's two byte streams into frames. A subclass per protocol says where a frame
// ends (`next`); this base keeps what has not formed a frame yet. Framers are copied with the
// world (snapshots), so each is cloneable.
class Framer {
public:
    virtual ~Framer() = default;
    virtual std::unique_ptr<Framer> clone() const = 0;

    // Takes what one side wrote and returns the complete frames; partial ones wait.
    std::vector<Frame> feed(Peer from, std::string_view bytes);
    // At close: whatever is left of that side's output as one frame "(incomplete)".
    std::vector<Frame> flush(Peer from, std::string_view protocol_name);

protected:
    // The next frame(s) that side's pending bytes hold, or nothing while incomplete.
    virtual std::optional<std::vector<Frame>> from_client() = 0;
    virtual std::optional<std::vector<Frame>> from_server() = 0;

    std::string& pending(Peer from) { return m_pending[from == Peer::client ? 0 : 1]; }
    std::string take(Peer from, std::size_t n);

private:
    std::array<std::string, 2> m_pending;
};

// A protocol's framer: `class Framer final : public core::FramerOf<Framer>` copies itself.
template <class Derived>
class FramerOf : public Framer {
public:
    std::unique_ptr<Framer> clone() const override {
        return std::make_unique<Derived>(static_cast<const Derived&>(*this));
    }
};

// One line of `bytes` for a summary: the prefix, the first line made printable (at most 200
// characters) and " ..." when more lines follow.
std::string line_summary(std::string_view prefix, std::string_view bytes);
// A client's command ("C: " and its first line) and a server's reply ("S: ..."); a message body
// or literal with its own summary.
Frame command_frame(std::string bytes, std::string verb, std::string key, std::optional<Credential> credential = {});
Frame reply_frame(std::string bytes, std::string verb, std::string key);
Frame data_frame(std::string bytes, std::string summary, std::string key);

// Frames every write whole, for a protocol without a framer of its own (the trace still shows
// what was said). Kept here so that a new protocol works before its framer exists.
class WholeWriteFramer final : public FramerOf<WholeWriteFramer> {
protected:
    std::optional<std::vector<Frame>> from_client() override;
    std::optional<std::vector<Frame>> from_server() override;
};

// A Framer held by value: copies clone the protocol's framer (a World is a copyable value).
class AnyFramer {
public:
    AnyFramer() = default;
    explicit AnyFramer(std::unique_ptr<Framer> framer) : m_framer(std::move(framer)) {}
    AnyFramer(const AnyFramer& other) : m_framer(other.m_framer ? other.m_framer->clone() : nullptr) {}
    AnyFramer& operator=(const AnyFramer& other) {
        if (this != &other) m_framer = other.m_framer ? other.m_framer->clone() : nullptr;
        return *this;
    }
    AnyFramer(AnyFramer&&) noexcept = default;
    AnyFramer& operator=(AnyFramer&&) noexcept = default;

    explicit operator bool() const { return m_framer != nullptr; }
    Framer& operator*() const { return *m_framer; }
    Framer* operator->() const { return m_framer.get(); }

private:
    std::unique_ptr<Framer> m_framer;
};

}  // namespace postlab::core
