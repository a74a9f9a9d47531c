// The Mailboxes view (DESIGN.md §4): the server's copy of each account next to every device that
// reads it, folders and messages with flag icons, differences and this step's changes marked
// (compute_mailbox_rows), device state (offline, last error, outbox) and a gear that opens the
// account settings dialog. A tab switches to the Stats view.
#include "ui/views/mailboxes_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>

#include "sim/world.hpp"
#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/lesson_session.hpp"
#include "ui/views/mailboxes_model.hpp"
#include "ui/views/settings_dialog.hpp"
#include "ui/views/stats_view.hpp"

namespace postlab::ui {
namespace {

const char* column_icon(const MailboxColumn& c) {
    if (c.kind == ColumnKind::server) return icons::server;
    if (c.device_kind == "phone") return icons::mobile;
    if (c.device_kind == "tablet") return icons::tablet;
    if (c.device_kind == "webmail") return icons::globe;
    return icons::desktop;
}

bool column_is_empty(const ColumnRows& c) {
    return std::all_of(c.folders.begin(), c.folders.end(), [](const FolderRows& f) { return f.rows.empty(); });
}

// Server accounts first, each followed by the devices that read it; empty server accounts that
// no device reads are left out (they only take width).
std::vector<const ColumnRows*> ordered(const std::vector<ColumnRows>& rows, std::size_t& hidden) {
    std::vector<const ColumnRows*> out;
    std::vector<bool> placed(rows.size(), false);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].column.kind != ColumnKind::server) continue;
        std::vector<std::size_t> readers;
        for (std::size_t j = 0; j < rows.size(); ++j) {
            const ColumnKind k = rows[j].column.kind;
            const bool reads = k == ColumnKind::pop3_device || k == ColumnKind::imap_device;
            if (reads && rows[j].column.account == rows[i].column.account) readers.push_back(j);
        }
        placed[i] = true;
        if (readers.empty() && column_is_empty(rows[i])) {
            ++hidden;
            continue;
        }
        out.push_back(&rows[i]);
        for (std::size_t j : readers) {
            out.push_back(&rows[j]);
            placed[j] = true;
        }
    }
    for (std::size_t j = 0; j < rows.size(); ++j) {
        if (!placed[j]) out.push_back(&rows[j]);
    }
    return out;
}

void open_settings(ViewContext& ctx, const std::string& device) {
    if (ctx.lesson == nullptr) return;
    const auto form = ctx.lesson->form_for(device);
    if (!form) return;
    ctx.views.settings.form = *form;
    ctx.views.settings.original = *form;
    ctx.views.settings.problems.clear();
    ctx.views.settings.open_requested = true;
}

void draw_column_header(ViewContext& ctx, const ColumnRows& c) {
    const MailboxColumn& col = c.column;
    ImGui::Text("%s %s", column_icon(col), col.title.c_str());
    if (col.kind != ColumnKind::server && ctx.lesson != nullptr && ctx.lesson->loaded()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(fmt::format("{}##settings-{}", icons::cog, col.id).c_str())) open_settings(ctx, col.id);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Account settings of %s", col.title.c_str());
    }
    ImGui::TextColored(imvec(ctx.theme.text_dim), "%s", column_kind_label(col.kind));
    if (col.device_kind == "webmail") {
        // Teaching subset, said where it shows: DESIGN.md asks the UI to name simplifications.
        ImGui::TextColored(imvec(ctx.theme.text_dim), "webmail: simplified");
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("A webmail keeps nothing on the device: the provider's web server reads the mailbox\n"
                              "(often by IMAP, RFC 9051) and the browser shows it over HTTPS. PostLab simulates\n"
                              "only the IMAP side, from this device; the HTTPS traffic is not simulated.");
        }
    }
    if (col.kind != ColumnKind::server && !col.account.empty()) ImGui::TextColored(imvec(ctx.theme.text_dim), "%s", col.account.c_str());
    if (!col.online) ImGui::TextColored(imvec(ctx.theme.fail), "%s offline", icons::ban);
    if (col.crashed) ImGui::TextColored(imvec(ctx.theme.fail), "%s crashed: local data lost", icons::warning);
    if (col.outbox_count > 0) ImGui::TextColored(imvec(ctx.theme.warn), "%s outbox: %zu", icons::envelope, col.outbox_count);
    if (!col.last_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.fail));
        ImGui::TextWrapped("%s %s", icons::warning, col.last_error.c_str());
        ImGui::PopStyleColor();
    }
    if (c.differences > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.warn));
        ImGui::TextWrapped("%zu difference(s) from the server", c.differences);
        ImGui::PopStyleColor();
    }
}

std::string flags_text(MailFlags flags) {
    std::string s = has(flags, MailFlag::seen) ? "seen" : "unread";
    if (has(flags, MailFlag::flagged)) s += ", flagged";
    if (has(flags, MailFlag::deleted)) s += ", deleted";
    if (has(flags, MailFlag::answered)) s += ", answered";
    return s;
}

// A tag after the subject saying why the row is marked; background colour for differences.
void draw_row(ViewContext& ctx, const MailboxRow& r, bool highlight) {
    const Theme& t = ctx.theme;
    const bool diff = highlight && (r.missing_here || r.stale || r.flags_differ);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    const float w = ImGui::GetContentRegionAvail().x;
    if (diff) ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + h), imu32(t.diff_highlight));
    if (r.added_in_step || r.flags_changed_in_step) ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + 3, p.y + h), imu32(t.ok));
    if (r.removed_in_step) ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + 3, p.y + h), imu32(t.fail));
    ImGui::Dummy(ImVec2(4, h));
    ImGui::SameLine(0, 2);
    const Rgba text = r.ghost ? t.text_dim : t.text;
    ImGui::TextColored(imvec(has(r.flags, MailFlag::seen) ? t.text_dim : t.accent), "%s",
                       has(r.flags, MailFlag::seen) ? icons::envelope_open : icons::envelope);
    if (has(r.flags, MailFlag::flagged)) {
        ImGui::SameLine(0, 3);
        ImGui::TextColored(imvec(t.warn), "%s", icons::flag);
    }
    if (has(r.flags, MailFlag::deleted)) {
        ImGui::SameLine(0, 3);
        ImGui::TextColored(imvec(t.fail), "%s", icons::trash);
    }
    ImGui::SameLine();
    ImGui::TextColored(imvec(text), "%s", r.subject.empty() ? "(no subject)" : r.subject.c_str());
    // Short tags: columns are narrow; the tooltip says it in full.
    const char* tag = r.missing_here ? "missing" : r.removed_in_step ? "removed"
                    : r.added_in_step ? "new" : r.flags_changed_in_step ? "changed"
                    : r.stale ? "stale" : r.flags_differ ? "flags" : nullptr;
    if (tag != nullptr) {
        const Rgba colour = r.missing_here || r.stale || r.flags_differ ? t.warn : r.removed_in_step ? t.fail
                          : r.only_here ? t.text_dim : t.ok;
        ImGui::SameLine();
        ImGui::TextColored(imvec(colour), "%s", tag);
    }
    if (ImGui::IsMouseHoveringRect(p, ImVec2(p.x + w, p.y + h))) {
        const std::string why = r.missing_here ? "\nOn the server, not on this device."
                              : r.removed_in_step ? "\nRemoved during this step."
                              : r.added_in_step ? "\nArrived during this step."
                              : r.flags_changed_in_step ? "\nIts flags changed during this step."
                              : r.stale ? "\nOnly in this device's cache: the server no longer has it; the next\n"
                                          "sync removes it here too (RFC 9051 §7.5.1 EXPUNGE)."
                              : r.only_here ? "\nOnly on this device: no longer on the server." : "";
        const std::string server = r.flags_differ ? "\nOn the server: " + flags_text(r.server_flags) : "";
        ImGui::SetTooltip("%s\nFrom: %s\nFlags: %s%s%s", r.subject.c_str(), r.from.c_str(),
                          flags_text(r.flags).c_str(), server.c_str(), why.c_str());
    }
}

void draw_folders(ViewContext& ctx, const ColumnRows& c) {
    if (c.column.kind == ColumnKind::device && column_is_empty(c)) return;  // nothing to read
    std::string empty_folders;
    for (const FolderRows& f : c.folders) {
        if (f.rows.empty() && f.name != "INBOX") {
            empty_folders += (empty_folders.empty() ? "" : ", ") + f.name;
            continue;
        }
        ImGui::Spacing();
        ImGui::Text("%s (%zu)", f.name.c_str(), f.count);
        if (f.rows.empty()) ImGui::TextColored(imvec(ctx.theme.text_dim), "  empty");
        for (const MailboxRow& r : f.rows) draw_row(ctx, r, ctx.views.mailboxes.highlight_differences);
    }
    if (!empty_folders.empty()) ImGui::TextColored(imvec(ctx.theme.text_dim), "%s: empty", empty_folders.c_str());
}

void draw_columns(ViewContext& ctx) {
    const MailboxesSnapshot now = mailboxes_of(*ctx.world);
    const MailboxesSnapshot* start = ctx.lesson != nullptr ? ctx.lesson->step_start_mailboxes() : nullptr;
    const auto rows = compute_mailbox_rows(now, start);
    std::size_t hidden = 0;
    const auto columns = ordered(rows, hidden);
    ImGui::Checkbox("Highlight differences", &ctx.views.mailboxes.highlight_differences);
    if (start != nullptr) {
        // Beside the checkbox when it fits, else wrapped under it: never cut at the edge.
        const char* key = "| = changed in this step";
        const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(key).x <= right_edge) {
            ImGui::SameLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.ok));
        ImGui::TextWrapped("%s", key);
        ImGui::PopStyleColor();
    }

    if (columns.empty()) {
        ImGui::TextColored(imvec(ctx.theme.text_dim), "No accounts or devices in this lesson.");
        return;
    }
    // Side by side as far as the width allows, then wrapped onto further rows: no column hides
    // behind a horizontal scrollbar.
    const float min_w = ImGui::GetFontSize() * 11;
    const float avail = ImGui::GetContentRegionAvail().x;
    const int fit = std::max(1, static_cast<int>(avail / min_w));
    const int per_row = std::min(fit, static_cast<int>(columns.size()));
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("mailbox-columns", per_row, flags)) return;
    for (const ColumnRows* c : columns) {
        ImGui::TableNextColumn();
        ImGui::PushID(c->column.id.c_str());
        draw_column_header(ctx, *c);
        draw_folders(ctx, *c);
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (hidden > 0) ImGui::TextColored(imvec(ctx.theme.text_dim), "%zu empty server account(s) not shown", hidden);
}

}  // namespace

void draw_mailboxes(ViewContext& ctx) {
    // show_stats set before the first frame (--show-stats) selects the tab once; afterwards the
    // tab bar's own selection decides.
    const bool select_stats = ctx.views.mailboxes.show_stats && ImGui::GetFrameCount() <= 1;
    if (ImGui::BeginTabBar("mailboxes-tabs")) {
        if (ImGui::BeginTabItem("Mailboxes")) {
            ctx.views.mailboxes.show_stats = false;
            if (ctx.world == nullptr) {
                ImGui::TextColored(imvec(ctx.theme.text_dim), "No lesson loaded.");
            } else {
                draw_columns(ctx);
            }
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Stats", nullptr, select_stats ? ImGuiTabItemFlags_SetSelected : 0)) {
            ctx.views.mailboxes.show_stats = true;
            draw_stats(ctx);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    draw_settings_dialog(ctx);
}

}  // namespace postlab::ui
