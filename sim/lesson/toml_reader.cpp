// Typed TOML access with diagnostics for the lesson loader (see toml_reader.hpp).
#include "sim/lesson/toml_reader.hpp"

#include <fmt/format.h>

namespace postlab::lesson::detail {
namespace {

std::string quoted_list(const std::vector<std::string_view>& names) {
    std::string out;
    for (auto name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t utf8_length(std::uint32_t code_point) {
    if (code_point < 0x80) return 1;
    if (code_point < 0x800) return 2;
    if (code_point < 0x10000) return 3;
    return 4;
}

}  // namespace

std::string_view type_name(toml::node_type type) {
    switch (type) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a decimal number";
    case toml::node_type::boolean: return "true or false";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date or time";
    default: return "nothing";
    }
}

Reader::Reader(std::string file, std::string_view text) : m_file(std::move(file)) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            m_lines.push_back(text.substr(start));
            break;
        }
        m_lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

SourcePos Reader::pos(const toml::node& node) {
    return SourcePos{node.source().begin.line, node.source().begin.column};
}

SourcePos Reader::pos(const toml::key& key) {
    return SourcePos{key.source().begin.line, key.source().begin.column};
}

void Reader::error(SourcePos p, std::string message, std::string hint) {
    m_diagnostics.push_back(
        Diagnostic{Severity::error, m_file, p, std::move(message), std::move(hint)});
}

void Reader::warning(SourcePos p, std::string message, std::string hint) {
    m_diagnostics.push_back(
        Diagnostic{Severity::warning, m_file, p, std::move(message), std::move(hint)});
}

bool Reader::has_errors() const {
    for (const auto& d : m_diagnostics) {
        if (d.severity == Severity::error) return true;
    }
    return false;
}

std::vector<Diagnostic> Reader::take_diagnostics() { return std::move(m_diagnostics); }

void Reader::check_keys(const toml::table& table, std::string_view what,
                        std::initializer_list<std::string_view> allowed) {
    const std::vector<std::string_view> names(allowed);
    for (const auto& [key, value] : table) {
        bool known = false;
        for (auto name : names) known = known || name == key.str();
        if (known) continue;
        const auto guess = closest(key.str(), names);
        error(pos(key), fmt::format("unknown key \"{}\" in {}", key.str(), what),
              guess.empty() ? fmt::format("the keys of {} are {}", what, quoted_list(names))
                            : fmt::format("did you mean {}?", guess));
    }
}

void Reader::missing(const toml::table& table, std::string_view key, std::string_view what) {
    error(pos(table), fmt::format("{} is missing the required key \"{}\"", what, key));
}

const toml::node* Reader::typed(const toml::table& t, std::string_view key, std::string_view what,
                                bool required, toml::node_type type) {
    const toml::node* node = t.get(key);
    if (!node) {
        if (required) missing(t, key, what);
        return nullptr;
    }
    if (node->type() != type) {
        // [domain] instead of [[domain]] is the classic slip with arrays of tables.
        const bool one_bracket = type == toml::node_type::array && node->is_table() &&
                                 (key == "domain" || key == "device" || key == "step" ||
                                  key == "fault");
        error(pos(*node), fmt::format("\"{}\" in {} must be {}, not {}", key, what,
                                      type_name(type), type_name(node->type())),
              one_bracket ? fmt::format("write [[{}]] with two brackets, once per {}", key, key)
                          : std::string());
        return nullptr;
    }
    return node;
}

std::optional<LString> Reader::text(const toml::table& t, std::string_view key,
                                    std::string_view what, bool required) {
    const auto* node = typed(t, key, what, required, toml::node_type::string);
    if (!node) return std::nullopt;
    return LString{node->as_string()->get(), pos(*node)};
}

std::optional<LInt> Reader::integer(const toml::table& t, std::string_view key,
                                    std::string_view what, bool required,
                                    std::int64_t min_value) {
    const auto* node = typed(t, key, what, required, toml::node_type::integer);
    if (!node) return std::nullopt;
    const std::int64_t value = node->as_integer()->get();
    if (value < min_value) {
        error(pos(*node), fmt::format("\"{}\" in {} must be at least {}, not {}", key, what,
                                      min_value, value));
        return std::nullopt;
    }
    return LInt{value, pos(*node)};
}

std::optional<LBool> Reader::boolean(const toml::table& t, std::string_view key,
                                     std::string_view what, bool required) {
    const auto* node = typed(t, key, what, required, toml::node_type::boolean);
    if (!node) return std::nullopt;
    return LBool{node->as_boolean()->get(), pos(*node)};
}

const toml::table* Reader::table(const toml::table& t, std::string_view key,
                                 std::string_view what, bool required) {
    const auto* node = typed(t, key, what, required, toml::node_type::table);
    return node ? node->as_table() : nullptr;
}

const toml::array* Reader::array(const toml::table& t, std::string_view key,
                                 std::string_view what, bool required) {
    const auto* node = typed(t, key, what, required, toml::node_type::array);
    return node ? node->as_array() : nullptr;
}

std::optional<LString> Reader::text_of(const toml::node& node, std::string_view what) {
    if (const auto* s = node.as_string()) return LString{s->get(), pos(node)};
    error(pos(node), fmt::format("{} must be a string, not {}", what, type_name(node.type())));
    return std::nullopt;
}

std::vector<LString> Reader::texts(const toml::table& t, std::string_view key,
                                   std::string_view what, bool required) {
    std::vector<LString> out;
    const toml::node* node = t.get(key);
    if (!node) {
        if (required) missing(t, key, what);
        return out;
    }
    if (const auto* s = node->as_string()) {
        out.push_back(LString{s->get(), pos(*node)});
        return out;
    }
    const auto* list = node->as_array();
    if (!list) {
        error(pos(*node), fmt::format("\"{}\" in {} must be a string or an array of strings, "
                                      "not {}", key, what, type_name(node->type())));
        return out;
    }
    for (const auto& element : *list) {
        if (auto s = text_of(element, fmt::format("each entry of \"{}\"", key))) {
            out.push_back(std::move(*s));
        }
    }
    return out;
}

void Reader::report_choice(const LString& value, std::string_view key,
                           const std::vector<std::string_view>& spellings) {
    const auto guess = closest(value.value, spellings);
    error(value.pos, fmt::format("unknown {} \"{}\"", key, value.value),
          guess.empty() ? fmt::format("choose one of {}", quoted_list(spellings))
                        : fmt::format("did you mean {}?", guess));
}

// Walks the raw TOML string from its opening quote, decoding escapes, until `offset` decoded
// bytes are behind; columns count characters as toml++ does. Multi-line strings map to their
// start (their escapes and line breaks make a single column meaningless).
SourcePos Reader::position_in_string(const toml::node& node, std::size_t offset) const {
    const SourcePos start = pos(node);
    if (start.line == 0 || start.line > m_lines.size()) return start;
    const std::string_view line = m_lines[start.line - 1];
    std::size_t i = 0;
    for (std::uint32_t column = 1; column < start.column && i < line.size(); ++column) {
        ++i;
        while (i < line.size() && is_continuation(line[i])) ++i;
    }
    if (i >= line.size() || (line[i] != '"' && line[i] != '\'')) return start;
    const char quote = line[i];
    if (line.substr(i, 3) == std::string(3, quote)) return start;
    SourcePos out{start.line, start.column + 1};
    std::size_t decoded = 0;
    for (++i; i < line.size() && decoded < offset && line[i] != quote; ++out.column) {
        if (quote == '"' && line[i] == '\\' && i + 1 < line.size()) {
            const char kind = line[i + 1];
            const std::size_t digits = kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
            std::uint32_t code_point = 0;
            for (std::size_t k = 0; k < digits && i + 2 + k < line.size(); ++k) {
                const char h = line[i + 2 + k];
                const auto v = h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10;
                code_point = code_point * 16 + static_cast<std::uint32_t>(v);
            }
            decoded += digits ? utf8_length(code_point) : 1;
            out.column += static_cast<std::uint32_t>(1 + digits);
            i += 2 + digits;
            continue;
        }
        ++i;
        ++decoded;
        while (i < line.size() && is_continuation(line[i])) {
            ++i;
            ++decoded;
        }
    }
    return out;
}

}  // namespace postlab::lesson::detail
