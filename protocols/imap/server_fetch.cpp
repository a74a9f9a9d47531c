// IMAP server: FETCH and UID FETCH (RFC 9051 §6.4.5, §7.5.2; RFC 7162 §3.1.4 CHANGEDSINCE and
// MODSEQ). Top-level sections are cut here; ENVELOPE, BODYSTRUCTURE and part sections come from
// protocols/mime (RFC 5322 / MIME parsing).
#include <algorithm>

#include <fmt/format.h>

#include "protocols/core/text.hpp"
#include "protocols/imap/message_text.hpp"
#include "protocols/imap/server.hpp"
#include "protocols/imap/writer.hpp"
#include "protocols/mime/imap_format.hpp"
#include "protocols/mime/section.hpp"
#include "protocols/mime/structure.hpp"
#include "protocols/store/mail_store.hpp"

namespace postlab::imap {
namespace {

bool sets_seen(const FetchItem& item) {
    // RFC 9051 §6.4.5: BODY[...] and RFC822(.TEXT) set \Seen; BODY.PEEK and RFC822.HEADER do not.
    return (item.kind == FetchKind::section && !item.peek) || item.kind == FetchKind::rfc822 ||
           item.kind == FetchKind::rfc822_text;
}

bool needs_structure(const FetchItem& item) {
    return item.kind == FetchKind::envelope || item.kind == FetchKind::body_structure ||
           item.kind == FetchKind::body ||
           (item.kind == FetchKind::section && !item.section.part.empty());
}

mime::SectionSpec to_mime(const Section& section) {
    mime::SectionSpec spec;
    spec.parts = section.part;
    spec.fields = section.fields;
    if (section.text == "HEADER") spec.text = mime::SectionText::header;
    else if (section.text == "HEADER.FIELDS") spec.text = mime::SectionText::header_fields;
    else if (section.text == "HEADER.FIELDS.NOT") spec.text = mime::SectionText::header_fields_not;
    else if (section.text == "TEXT") spec.text = mime::SectionText::text;
    else if (section.text == "MIME") spec.text = mime::SectionText::mime;
    return spec;
}

// The bytes of a top-level section (no part number): the whole message, HEADER, TEXT or
// HEADER.FIELDS[.NOT] (RFC 9051 §6.4.5).
std::string top_level_section(std::string_view data, const Section& section) {
    const std::size_t header = header_length(data);
    if (section.text.empty()) return std::string(data);
    if (section.text == "HEADER") return std::string(data.substr(0, header));
    if (section.text == "TEXT") return std::string(data.substr(header));
    return select_header_fields(data.substr(0, header), section.fields,
                                section.text == "HEADER.FIELDS.NOT");
}

struct FetchModifiers {
    std::optional<std::uint64_t> changed_since;
};

std::optional<FetchModifiers> parse_modifiers(const std::vector<Token>& args) {
    FetchModifiers mods;
    if (args.size() == 2) return mods;
    if (args.size() != 3 || !args[2].is_list()) return std::nullopt;
    const auto& list = args[2].children;
    if (list.size() != 2 || !iequals(list[0].text, "CHANGEDSINCE")) return std::nullopt;
    mods.changed_since = parse_number(list[1]);
    if (!mods.changed_since) return std::nullopt;
    return mods;
}

}  // namespace

void Server::cmd_fetch(const Command& c, bool uid, const SessionContext& ctx) {
    const auto items = c.args.size() >= 2 ? parse_fetch_items(c.args[1]) : std::nullopt;
    const auto mods = items ? parse_modifiers(c.args) : std::nullopt;
    if (!items || !mods) return reply(c.tag, Reply::bad, "Invalid FETCH arguments");
    const auto indexes = resolve(c.args[0], uid, c.tag);
    if (!indexes) return;
    const auto has = [&](FetchKind kind) {
        return std::any_of(items->begin(), items->end(),
                           [&](const FetchItem& i) { return i.kind == kind; });
    };
    // RFC 7162 §3.1: MODSEQ and CHANGEDSINCE are CONDSTORE-enabling.
    if (mods->changed_since || has(FetchKind::modseq)) m_condstore = true;
    const bool seen = std::any_of(items->begin(), items->end(), sets_seen) && !m_read_only;
    const bool structure = std::any_of(items->begin(), items->end(), needs_structure);
    Folder* f = selected_folder(ctx);
    for (std::size_t index : *indexes) {
        StoredMessage* m = f ? f->find_uid(m_view[index].uid) : nullptr;
        if (!m) continue;  // expunged elsewhere; reported at the next allowed point
        if (mods->changed_since && m->modseq <= *mods->changed_since) continue;
        bool flags_changed = false;
        if (seen && !m->has_flag("\\Seen")) {
            auto with_seen = m->flags;
            with_seen.push_back("\\Seen");
            flags_changed = ctx.store->set_flags(m_user, f->name, m->uid, std::move(with_seen));
        }
        const mime::MessageStructure parsed =
            structure ? mime::parse_structure(m->data) : mime::MessageStructure{};
        std::vector<std::string> parts;
        // RFC 9051 §6.4.9: UID FETCH always returns the UID.
        if (uid || has(FetchKind::uid)) parts.push_back(fmt::format("UID {}", m->uid));
        bool flags_sent = false;
        for (const auto& item : *items) {
            if (item.kind == FetchKind::uid) continue;
            if (item.kind == FetchKind::flags) flags_sent = true;
            auto text = fetch_item(item, *m, parsed);
            if (!text) return reply(c.tag, Reply::no, "[CANNOT] Cannot fetch " + item.name);
            parts.push_back(std::move(*text));
        }
        // \Seen changed as a side effect: the client learns it in the same response.
        if (flags_changed && !flags_sent) {
            parts.push_back("FLAGS " + flag_list(m->flags));
            flags_sent = true;
        }
        if (m_condstore && !has(FetchKind::modseq) && (flags_sent || mods->changed_since)) {
            parts.push_back(fmt::format("MODSEQ ({})", m->modseq));
        }
        std::string joined;
        for (const auto& p : parts) joined += (joined.empty() ? "" : " ") + p;
        untagged(fmt::format("{} FETCH ({})", index + 1, joined));
        if (flags_sent) remember(index, *m);
    }
    complete(c, "FETCH completed", ctx);
}

std::optional<std::string> Server::fetch_item(const FetchItem& item, const StoredMessage& m,
                                              const mime::MessageStructure& parsed) const {
    const std::string_view data = m.data;
    switch (item.kind) {
        case FetchKind::flags: return "FLAGS " + flag_list(m.flags);
        case FetchKind::uid: return fmt::format("UID {}", m.uid);
        case FetchKind::internal_date:
            return "INTERNALDATE " + format_date_time(m.internal_date_us);
        case FetchKind::rfc822_size: return fmt::format("RFC822.SIZE {}", m.size());
        case FetchKind::modseq: return fmt::format("MODSEQ ({})", m.modseq);
        case FetchKind::envelope:
            if (parsed.parts.empty() || !parsed.root().envelope) return std::nullopt;
            return "ENVELOPE " + mime::envelope_to_imap(*parsed.root().envelope);
        case FetchKind::body_structure:
            if (parsed.parts.empty()) return std::nullopt;
            return "BODYSTRUCTURE " + mime::bodystructure_to_imap(parsed, true);
 case FetchKind::body:
            if (parsed.parts.empty()) return std::nullopt;
            return "BODY " + mime::bodystructure_to_imap(parsed, false);
        case FetchKind::rfc822: return "RFC822 " + literal_of(data);
        case FetchKind::rfc822_header:
            return "RFC822.HEADER " + literal_of(data.substr(0, header_length(data)));
        case FetchKind::rfc822_text:
            return "RFC822.TEXT " + literal_of(data.substr(header_length(data)));
        case FetchKind::section: break;
    }
    std::string bytes;
    if (item.section.part.empty()) {
        bytes = top_level_section(data, item.section);
    } else {
        // A part that does not exist is empty, as deployed servers answer (RFC 9051 §6.4.5
        // leaves it open); the client sees NIL-free, well-formed output either way.
        bytes = mime::section_bytes(data, parsed, to_mime(item.section)).value_or(std::string{});
    }
    if (item.partial_start) {
        bytes = std::string(mime::partial(bytes, *item.partial_start, item.partial_length));
    }
    return item.name + " " + literal_of(bytes);
}

}  // namespace postlab::imap
