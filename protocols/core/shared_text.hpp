// Immutable text that copies share: a message body held by value in session configs and the
// mailbox store. The simulated world is copied whole for every time-travel snapshot
// (DESIGN.md §3), and bodies are most of its bytes; sharing them makes a copy cost pointers.
// It reads like a const std::string (implicit conversion), and assigning a new string replaces
// the text for this copy only, so value semantics hold.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace postlab {

class SharedText {
public:
    SharedText() = default;
    SharedText(std::string text)  // NOLINT(google-explicit-constructor): used like a string
        : m_text(text.empty() ? nullptr : std::make_shared<const std::string>(std::move(text))) {}
    SharedText(const char* text) : SharedText(std::string(text)) {}  // NOLINT(google-explicit-constructor)

    const std::string& str() const { return m_text ? *m_text : empty_string(); }
    operator const std::string&() const { return str(); }  // NOLINT(google-explicit-constructor)
    operator std::string_view() const { return str(); }     // NOLINT(google-explicit-constructor)
    std::size_t size() const { return str().size(); }
    bool empty() const { return str().empty(); }

    friend bool operator==(const SharedText& a, const SharedText& b) { return a.str() == b.str(); }
    friend bool operator==(const SharedText& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const SharedText& a, const char* b) { return a.str() == b; }

private:
    static const std::string& empty_string() {
        static const std::string empty;
        return empty;
    }
    std::shared_ptr<const std::string> m_text;
};

}  // namespace postlab
