// Lookups over a protocol's state table (see state_table.hpp).
#include "protocols/core/state_table.hpp"

namespace postlab::core {

namespace {

char fold(char c) {
    if (c == '_') return ' ';
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool same_verb(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (fold(a[i]) != fold(b[i])) return false;
    }
    return true;
}

}  // namespace

const CommandRow* StateTable::find_command(std::string_view verb) const {
    for (const CommandRow& row : commands) {
        if (same_verb(row.verb, verb)) return &row;
    }
    return nullptr;
}

}  // namespace postlab::core
