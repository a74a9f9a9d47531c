// IMAP server: LIST and LSUB (RFC 9051 §6.3.9, RFC 3501 §6.3.9) with the SPECIAL-USE attributes
// (RFC 6154 §2), the basic LIST-EXTENDED options (RFC 5258 §3: SUBSCRIBED, SPECIAL-USE, RETURN)
// and \HasChildren / \HasNoChildren (RFC 9051 §7.3.1), plus STATUS (RFC 9051 §6.3.11).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/imap/writer.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

constexpr char k_delimiter = '/';

bool wildcard_match(std::string_view pattern, std::string_view name) {
    // RFC 9051 §6.3.9: "*" matches anything, "%" anything but the hierarchy delimiter.
    if (pattern.empty()) return name.empty();
    if (pattern[0] == '*' || pattern[0] == '%') {
        for (std::size_t i = 0; i <= name.size(); ++i) {
            if (wildcard_match(pattern.substr(1), name.substr(i))) return true;
            if (i < name.size() && pattern[0] == '%' && name[i] == k_delimiter) return false;
        }
        return false;
    }
    return !name.empty() && pattern[0] == name[0] &&
           wildcard_match(pattern.substr(1), name.substr(1));
}

bool list_match(std::string_view pattern, std::string_view name) {
    if (name == "INBOX") return wildcard_match(ascii_upper(pattern), name);  // RFC 9051 §5.1
    return wildcard_match(pattern, name);
}

struct ListOptions {
    bool only_subscribed = false;  // selection SUBSCRIBED, or LSUB
    bool only_special = false;     // selection SPECIAL-USE (RFC 6154 §3)
    bool show_subscribed = false;  // RETURN (SUBSCRIBED)
    std::vector<std::string> patterns;
};

std::optional<ListOptions> parse_list(const std::vector<Token>& args) {
    ListOptions o;
    std::size_t i = 0;
    if (i < args.size() && args[i].is_list()) {
        for (const auto& opt : args[i].children) {
            if (iequals(opt.text, "SUBSCRIBED")) o.only_subscribed = o.show_subscribed = true;
            else if (iequals(opt.text, "SPECIAL-USE")) o.only_special = true;
            else if (!iequals(opt.text, "REMOTE") && !iequals(opt.text, "RECURSIVEMATCH")) {
                return std::nullopt;
            }
        }
        ++i;
    }
    if (args.size() < i + 2 || !args[i].is_astring()) return std::nullopt;
    const std::string reference = args[i].text;
    const Token& pattern = args[i + 1];
    if (pattern.is_list() && !pattern.children.empty()) {
        for (const auto& p : pattern.children) o.patterns.push_back(reference + p.text);
    } else if (pattern.is_astring()) {
        o.patterns.push_back(reference + pattern.text);
    } else {
        return std::nullopt;
    }
    i += 2;
    if (i < args.size()) {
        if (i + 2 != args.size() || !iequals(args[i].text, "RETURN") || !args[i + 1].is_list()) {
            return std::nullopt;
        }
        for (const auto& opt : args[i + 1].children) {
            if (iequals(opt.text, "SUBSCRIBED")) o.show_subscribed = true;
        }
    }
    return o;
}

}  // namespace

void Server::cmd_list(const Command& c, bool lsub, const SessionContext& ctx) {
    auto options = parse_list(c.args);
    if (!options || (lsub && c.args.size() != 2)) {
        return reply(c.tag, Reply::bad, "Expected reference and mailbox pattern");
    }
    const char* word = lsub ? "LSUB" : "LIST";
    if (lsub) options->only_subscribed = true;
    if (options->patterns.size() == 1 && options->patterns[0].empty() && !lsub) {
        // RFC 9051 §6.3.9: an empty pattern asks for the delimiter only.
        untagged("LIST (\\Noselect) \"/\" \"\"");
        return complete(c, "LIST completed", ctx);
    }
    const Account* a = account(ctx);
    for (const auto& f : a ? a->folders : std::vector<Folder>{}) {
        const bool matched = std::any_of(options->patterns.begin(), options->patterns.end(),
                                         [&](const std::string& p) { return list_match(p, f.name); });
        if (!matched || (options->only_subscribed && !f.subscribed) ||
            (options->only_special && f.special_use.empty())) {
            continue;
        }
        std::vector<std::string> attributes;
        if (!lsub) {
            const std::string prefix = f.name + k_delimiter;
            const bool children = std::any_of(a->folders.begin(), a->folders.end(),
                                              [&](const Folder& g) { return g.name.starts_with(prefix); });
            attributes.push_back(children ? "\\HasChildren" : "\\HasNoChildren");
            if (!f.special_use.empty()) attributes.push_back(f.special_use);
            if (options->show_subscribed && f.subscribed) attributes.push_back("\\Subscribed");
        }
        std::string attrs;
        for (const auto& at : attributes) attrs += (attrs.empty() ? "" : " ") + at;
        untagged(fmt::format("{} ({}) \"/\" {}", word, attrs, astring(f.name)));
    }
    complete(c, lsub ? "LSUB completed" : "LIST completed", ctx);
}

void Server::cmd_status(const Command& c, const SessionContext& ctx) {
    if (c.args.size() != 2 || !c.args[0].is_astring() || !c.args[1].is_list() ||
        c.args[1].children.empty()) {
        return reply(c.tag, Reply::bad, "STATUS needs a mailbox and a list of items");
    }
    Account* a = account(ctx);
    const Folder* f = a ? a->folder(c.args[0].text) : nullptr;
    if (!f) return reply(c.tag, Reply::no, "[NONEXISTENT] No such mailbox");
    std::string items;
    for (const auto& item : c.args[1].children) {
        const std::string name = ascii_upper(item.text);
        std::uint64_t value = 0;
        auto count = [&](std::string_view flag, bool with) {
            return static_cast<std::uint64_t>(std::count_if(
                f->messages.begin(), f->messages.end(),
                [&](const StoredMessage& m) { return m.has_flag(flag) == with; }));
        };
        if (name == "MESSAGES") value = f->messages.size();
        else if (name == "UIDNEXT") value = f->uid_next;
        else if (name == "UIDVALIDITY") value = f->uid_validity;
        else if (name == "UNSEEN") value = count("\\Seen", false);
        else if (name == "DELETED") value = count("\\Deleted", true);
        else if (name == "SIZE") value = f->total_size();
        else if (name == "RECENT") value = 0;  // RFC 3501 only; no \Recent in IMAP4rev2
        else if (name == "HIGHESTMODSEQ") value = f->highest_modseq;  // RFC 7162 §3.1.6
        else return reply(c.tag, Reply::bad, "Unknown STATUS item");
        if (name == "HIGHESTMODSEQ") m_condstore = true;
        items += fmt::format("{}{} {}", items.empty() ? "" : " ", name, value);
    }
    untagged(fmt::format("STATUS {} ({})", astring(f->name), items));
    complete(c, "STATUS completed", ctx);
}

}  // namespace postlab::imap
