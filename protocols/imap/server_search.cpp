// IMAP server: SEARCH and UID SEARCH (RFC 9051 §6.4.4), answered as "* SEARCH" for IMAP4rev1
// clients and as ESEARCH (RFC 9051 §7.3.4, RFC 4731) with RETURN options or once IMAP4rev2 is
// enabled; CONDSTORE adds the highest MODSEQ of the matches (RFC 7162 §3.1.5).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/search.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/imap/writer.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

struct ReturnOptions {
    bool esearch = false;
    bool min = false, max = false, count = false, all = false;
};

std::optional<ReturnOptions> parse_return(const Token& list) {
    ReturnOptions r;
    r.esearch = true;
    for (const auto& o : list.children) {
        const std::string word = ascii_upper(o.text);
        if (word == "MIN") r.min = true;
        else if (word == "MAX") r.max = true;
        else if (word == "COUNT") r.count = true;
        else if (word == "ALL") r.all = true;
        else return std::nullopt;  // SAVE (RFC 5182) is not offered
    }
    if (!r.min && !r.max && !r.count) r.all = true;  // RFC 4731 §3.1: () means ALL
    return r;
}

}  // namespace

void Server::cmd_search(const Command& c, bool uid, const SessionContext& ctx) {
    std::size_t i = 0;
    ReturnOptions options;
    if (c.args.size() > 1 && iequals(c.args[0].text, "RETURN") && c.args[0].is_atom() &&
        c.args[1].is_list()) {
        auto parsed = parse_return(c.args[1]);
        if (!parsed) return reply(c.tag, Reply::bad, "Unsupported RETURN option");
        options = *parsed;
        i = 2;
    }
    if (c.args.size() > i + 1 && c.args[i].is_atom() && iequals(c.args[i].text, "CHARSET")) {
        const std::string& charset = c.args[i + 1].text;
        if (!iequals(charset, "UTF-8") && !iequals(charset, "US-ASCII")) {
            return reply(c.tag, Reply::no, "[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset");
        }
        i += 2;
    }
    std::string error;
    const auto key = parse_search_keys(c.args, i, error);
    if (!key) return reply(c.tag, Reply::bad, error);
    if (!options.esearch && m_rev2) options = ReturnOptions{true, false, false, false, true};
    const bool modseq = uses_modseq(*key);
    if (modseq) m_condstore = true;
    Folder* f = selected_folder(ctx);
    std::vector<std::uint32_t> found;
    std::uint64_t highest = 0;
    const auto max_seq = static_cast<std::uint32_t>(m_view.size());
    const std::uint32_t max_uid = m_view.empty() ? 0 : m_view.back().uid;
    for (std::size_t n = 0; n < m_view.size(); ++n) {
        const StoredMessage* m = f ? f->find_uid(m_view[n].uid) : nullptr;
        if (!m) continue;
        if (!search_matches(*key, SearchTarget{*m, static_cast<std::uint32_t>(n + 1), max_seq, max_uid})) {
            continue;
        }
        found.push_back(uid ? m->uid : static_cast<std::uint32_t>(n + 1));
        highest = std::max(highest, m->modseq);
    }
    if (!options.esearch) {
        std::string line = "SEARCH";
        for (auto n : found) line += fmt::format(" {}", n);
        if (modseq && !found.empty()) line += fmt::format(" (MODSEQ {})", highest);
        untagged(line);
        return complete(c, "SEARCH completed", ctx);
    }
    std::string line = fmt::format("ESEARCH (TAG {}){}", quote(c.tag), uid ? " UID" : "");
    if (options.min && !found.empty()) line += fmt::format(" MIN {}", found.front());
    if (options.max && !found.empty()) line += fmt::format(" MAX {}", found.back());
    if (options.count) line += fmt::format(" COUNT {}", found.size());
    if (options.all && !found.empty()) line += " ALL " + compress_numbers(found);
    if (modseq && !found.empty()) line += fmt::format(" MODSEQ {}", highest);
    untagged(line);
    complete(c, "SEARCH completed", ctx);
}

}  // namespace postlab::imap
