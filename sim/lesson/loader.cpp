// The lesson loader's entry points, the [lesson] header, [[domain]] and [network] tables
// (lessons/README.md). toml++ parse errors become diagnostics like every other mistake.
#include "sim/lesson/loader.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "protocols/registry.hpp"
#include "sim/lesson/loader_impl.hpp"

namespace postlab::lesson {
namespace detail {

bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 32 || !(text[0] >= 'a' && text[0] <= 'z')) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_domain_name(std::string_view text) {
    if (text.empty() || text.size() > 253 || text.front() == '.' || text.back() == '.' ||
        text.find('.') == std::string_view::npos || text.find("..") != std::string_view::npos) {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.';
    });
}

void LessonLoader::load(const toml::table& root) {
    m_r.check_keys(root, "the lesson file", {"lesson", "domain", "network", "device", "fault", "step"});
    load_header(root);
    load_domains(root);
    load_network(root);
    load_devices(root);
    load_faults(root);
    load_steps(root);
}

void LessonLoader::load_header(const toml::table& root) {
    const auto* t = m_r.table(root, "lesson", "the lesson file", true);
    if (!t) return;
    const std::string what = "[lesson]";
    m_r.check_keys(*t, what, {"id", "title", "minutes", "summary", "seed", "level",
                              "default_password"});
    if (auto v = m_r.text(*t, "id", what, true)) {
        m_spec.id = *v;
        const bool ok = !v->value.empty() && std::all_of(v->value.begin(), v->value.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        });
        if (!ok) m_r.error(v->pos, fmt::format("lesson id \"{}\" is not a file-name-like id", v->value),
                           "use lower-case letters, digits and '-', e.g. pop3-two-devices");
    }
    if (auto v = m_r.text(*t, "title", what, true)) m_spec.title = *v;
    if (auto v = m_r.integer(*t, "minutes", what, true, 1)) m_spec.minutes = *v;
    if (auto v = m_r.text(*t, "summary", what, true)) m_spec.summary = *v;
    if (auto v = m_r.integer(*t, "seed", what, false, 0)) m_spec.seed = *v;
    else m_spec.seed.value = 1;
    if (auto v = m_r.text(*t, "default_password", what, false)) m_spec.default_password = *v;
    m_spec.level = m_r.choice<Level>(*t, "level", what, false,
                                     {{"beginner", Level::beginner},
                                      {"intermediate", Level::intermediate},
                                      {"advanced", Level::advanced}});
}

void LessonLoader::load_domains(const toml::table& root) {
    const auto* list = m_r.array(root, "domain", "the lesson file", true);
    if (!list) return;
    for (const auto& node : *list) {
        if (const auto* t = node.as_table()) {
            load_domain(*t);
        } else {
            m_r.error(Reader::pos(node), "each domain must be a [[domain]] table");
        }
    }
    if (list->empty()) m_r.error(Reader::pos(*list), "a lesson needs at least one [[domain]]");
}

void LessonLoader::load_domain(const toml::table& t) {
    Domain domain;
    domain.pos = Reader::pos(t);
    m_r.check_keys(t, "[[domain]]", {"name", "services", "users", "certificate_name", "quota_kb"});
    const auto name = m_r.text(t, "name", "[[domain]]", true);
    if (!name) return;
    domain.name = *name;
    const std::string what = fmt::format("[[domain]] {}", name->value);
    if (!is_domain_name(name->value)) {
        m_r.error(name->pos, fmt::format("\"{}\" is not a domain name", name->value),
                  "write a name like example.test (RFC 2606 reserves .test for examples)");
    }
    if (const auto* other = m_spec.find_domain(name->value)) {
        m_r.error(name->pos, fmt::format("duplicate domain \"{}\"", name->value),
                  fmt::format("first defined at line {}", other->name.pos.line));
        return;
    }
    for (const auto& s : m_r.texts(t, "services", what, true)) {
        std::vector<std::pair<std::string_view, Service>> names;
        for (const auto& d : all_services()) names.emplace_back(d.name, d.id);
        auto service = m_r.choice_in<Service>(s, "service", names);
        if (!service) continue;
        if (domain.offers(service->value)) {
            m_r.error(s.pos, fmt::format("service \"{}\" is listed twice", s.value));
        } else {
            domain.services.push_back(*service);
        }
    }
    domain.certificate_name = LString{domain.host(), {}};
    if (auto v = m_r.text(t, "certificate_name", what, false)) domain.certificate_name = *v;
    if (auto v = m_r.integer(t, "quota_kb", what, false, 1)) domain.quota_kb = *v;
    load_users(t, domain);
    m_spec.domains.push_back(std::move(domain));
}

// users = ["alice", { name = "bob", password = "hunter2" }]: a local part or a full address in
// this domain; the password defaults to [lesson] default_password.
void LessonLoader::load_users(const toml::table& t, Domain& domain) {
    const std::string what = fmt::format("users of [[domain]] {}", domain.name.value);
    const auto* list = m_r.array(t, "users", what, false);
    if (!list) return;
    for (const auto& node : *list) {
        Account account;
        account.password = m_spec.default_password;
        std::optional<LString> name;
        if (const auto* entry = node.as_table()) {
            m_r.check_keys(*entry, what, {"name", "password"});
            name = m_r.text(*entry, "name", "a user table", true);
            if (auto p = m_r.text(*entry, "password", what, false)) account.password = *p;
        } else if (node.is_string()) {
            name = m_r.text_of(node, "a user");
        } else {
            m_r.error(Reader::pos(node), fmt::format("each of {} must be a name like \"alice\" or "
                                                     "{{ name = \"alice\", password = \"...\" }}",
                                                     what));
        }
        if (!name) continue;
        std::string address = name->value;
        const auto at = address.find('@');
        if (at == std::string::npos) address += "@" + domain.name.value;
        const bool valid = at != 0 && !address.empty() && address.find('@') != 0 &&
                           address.substr(address.find('@') + 1) == domain.name.value &&
                           address.find_first_of(" \t<>,\"") == std::string::npos;
        if (!valid) {
            m_r.error(name->pos, fmt::format("user \"{}\" is not an address in {}", name->value,
                                             domain.name.value),
                      fmt::format("write the local part, e.g. \"alice\" for alice@{}",
                                  domain.name.value));
            continue;
        }
        const auto duplicate = std::find_if(domain.accounts.begin(), domain.accounts.end(),
                                            [&](const Account& a) { return a.address.value == address; });
        if (duplicate != domain.accounts.end()) {
            m_r.error(name->pos, fmt::format("duplicate user \"{}\"", address),
                      fmt::format("first defined at line {}", duplicate->address.pos.line));
            continue;
        }
        account.address = LString{address, name->pos};
        domain.accounts.push_back(std::move(account));
    }
}

void LessonLoader::load_network(const toml::table& root) {
    const auto* t = m_r.table(root, "network", "the lesson file", false);
    if (!t) return;
    const std::string what = "[network]";
    m_r.check_keys(*t, what, {"isp_blocks_port_25", "latency_ms", "bandwidth_kbps"});
    if (auto v = m_r.boolean(*t, "isp_blocks_port_25", what, false)) m_spec.network.isp_blocks_port_25 = *v;
    if (auto v = m_r.integer(*t, "latency_ms", what, false, 0)) m_spec.network.latency_ms = *v;
    if (auto v = m_r.integer(*t, "bandwidth_kbps", what, false, 1)) m_spec.network.bandwidth_kbps = *v;
}

}  // namespace detail

std::size_t LoadResult::error_count() const {
    return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t LoadResult::warning_count() const { return diagnostics.size() - error_count(); }

LoadResult load_lesson(std::string_view text, std::string file_name) {
    LoadResult result;
    if (text.size() > lesson_file_size_max) {
        result.diagnostics.push_back(Diagnostic{
            Severity::error, file_name, {}, fmt::format("file is {} bytes; the limit is {}",
                                                        text.size(), lesson_file_size_max), {}});
        return result;
    }
    toml::table root;
    try {
        root = toml::parse(text, std::string_view(file_name));
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        result.diagnostics.push_back(Diagnostic{Severity::error, file_name,
                                                SourcePos{begin.line, begin.column},
                                                std::string(e.description()),
                                                "this is TOML syntax: see lessons/README.md"});
        return result;
    }
    detail::Reader reader(file_name, text);
    LessonSpec spec;
    spec.file_name = file_name;
    detail::LessonLoader(reader, spec).load(root);
    const bool failed = reader.has_errors();
    result.diagnostics = reader.take_diagnostics();
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::pair(a.pos.line, a.pos.column) < std::pair(b.pos.line, b.pos.column);
                     });
    if (!failed) result.lesson = std::move(spec);
    return result;
}

LoadResult load_lesson_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        LoadResult result;
        result.diagnostics.push_back(
            Diagnostic{Severity::error, path, {}, "cannot open the file", {}});
        return result;
    }
    std::string text(lesson_file_size_max + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return load_lesson(text, path);
}

}  // namespace postlab::lesson
