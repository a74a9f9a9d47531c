// draw_ladder(); see ladder_view.hpp. Rows come from the incremental LadderModel; only the rows
// ImGuiListClipper says are visible are drawn, so 100,000 rows cost as much as 30. A selection
// made in another view (topology, inspector, timeline, lesson panel) scrolls its row into view.
#include "ui/views/ladder_view.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <fmt/format.h>
#include <imgui.h>

#include "sim/world.hpp"
#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/layout.hpp"
#include "ui/views/ladder_model.hpp"
#include "ui/views/topology_model.hpp"
#include "ui/views/view_caches.hpp"

namespace postlab::ui {
namespace {

using ladder::Row;
using ladder::RowKind;

// Where the selection shows this frame, computed once (not per drawn row).
struct SelectionView {
    std::optional<ladder::SelectionRow> at;
    bool selected(std::size_t row) const { return at && !at->hidden && at->row == row; }
    bool marks(std::size_t row) const { return at && at->hidden && at->row == row; }
};

ladder::Options options_of(const LadderViewState& s) {
    return {s.collapse_transport, s.protocol_mask, s.device_filter};
}

void protocol_toggle(LadderViewState& s, const Theme& t, ProtocolKind kind, const char* name) {
    const unsigned bit = 1u << static_cast<unsigned>(kind);
    bool on = (s.protocol_mask & bit) != 0;
    ImGui::PushStyleColor(ImGuiCol_Text, imvec(t.protocol(kind)));
    if (ImGui::Checkbox(name, &on)) s.protocol_mask = on ? (s.protocol_mask | bit) : (s.protocol_mask & ~bit);
    ImGui::PopStyleColor();
    ImGui::SameLine();
}

void device_filter(LadderCache& c, LadderViewState& s, const sim::World& world) {
    const auto& hosts = world.network().hosts();
    if (c.devices_hosts != hosts.size()) {
        c.devices_hosts = hosts.size();
        c.devices.clear();
        for (const auto& h : hosts) {
            if (h.kind == sim::HostKind::device || h.kind == sim::HostKind::server) c.devices.emplace_back(h.id.value, h.name);
        }
    }
    std::string current = "all hosts";
    for (const auto& [id, name] : c.devices) {
        if (s.device_filter && *s.device_filter == id) current = name;
    }
    // As wide as the longest host name (up to 11 font sizes), so the filter bar fits presenter mode.
    float longest = ImGui::CalcTextSize("all hosts").x;
    for (const auto& [id, name] : c.devices) longest = std::max(longest, ImGui::CalcTextSize(name.c_str()).x);
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::SetNextItemWidth(std::min(ImGui::GetFontSize() * 11, longest + ImGui::GetFrameHeight() + style.FramePadding.x * 2));
    if (!ImGui::BeginCombo("##device", current.c_str())) return;
    if (ImGui::Selectable("all hosts", !s.device_filter)) s.device_filter.reset();
    for (const auto& [id, name] : c.devices) {
        if (ImGui::Selectable(name.c_str(), s.device_filter && *s.device_filter == id)) s.device_filter = id;
    }
    ImGui::EndCombo();
}

void draw_toolbar(LadderCache& c, LadderViewState& s, const Theme& t, const sim::World& world,
                  const SelectionView& sel) {
    ImGui::Checkbox("Collapse TCP/TLS", &s.collapse_transport);
    ImGui::SameLine();
    protocol_toggle(s, t, ProtocolKind::smtp, "SMTP");
    protocol_toggle(s, t, ProtocolKind::pop3, "POP3");
    protocol_toggle(s, t, ProtocolKind::imap, "IMAP");
    protocol_toggle(s, t, ProtocolKind::dns, "DNS");
    device_filter(c, s, world);
    ImGui::SameLine();
    ImGui::Checkbox("Follow", &s.follow_playhead);
    // The row count only when it fits (presenter mode has no room for it); the hidden-selection
    // warning matters, so it goes to the next line rather than be cut.
    const std::string rows = fmt::format("{} rows", c.model.rows().size());
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const auto fits = [right_edge](const char* text) {
        return ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(text).x <= right_edge;
    };
    if (fits(rows.c_str())) {
        ImGui::SameLine();
        ImGui::TextColored(imvec(t.text_dim), "%s", rows.c_str());
    }
    if (sel.at && sel.at->hidden) {
        const std::string warning = fmt::format("{} selected entry hidden by filter", icons::eye);
        if (fits(warning.c_str())) ImGui::SameLine();
        ImGui::TextColored(imvec(t.warn), "%s", warning.c_str());
        if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("The selected entry has no row under the current filters (protocol, host,\n"
                              "collapsed TCP/TLS steps). The line in the ladder marks where it would be.");
        }
    }
}

struct Strip {
    float x0 = 0, width = 0;  // where lifelines go (right of the time column)
    float time_w = 0;
};

float small_px() { return std::round(ImGui::GetFontSize() * k_small_text_share); }

void refresh_header(LadderCache& c, const Strip& strip, std::uint64_t generation, const ladder::Options& options) {
    const auto& m = c.model;
    if (c.header_generation == generation && c.header_options == options && c.header_lanes == m.lifelines().size() &&
        c.header_width == strip.width && c.header_font == ImGui::GetFontSize()) {
        return;
    }
    c.header_generation = generation;
    c.header_options = options;
    c.header_lanes = m.lifelines().size();
    c.header_width = strip.width;
    c.header_font = ImGui::GetFontSize();
    ImFont* font = ImGui::GetFont();
    const float px = small_px();
    const auto host_w = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
    const auto port_w = [font, px](std::string_view t) { return font->CalcTextSizeA(px, FLT_MAX, 0, t.data(), t.data() + t.size()).x; };
    c.header = ladder::lifeline_header(m.lifelines(), m.columns(), 0, strip.width, host_w, port_w, 3.0f);
}

// Two lines: each host named once over its adjacent lifelines (a rule joins them), then each
// lifeline's server port or "client" in small text. Texts are shortened to their columns by
// lifeline_header, so they never overlap; hovering gives the full names.
void draw_lifeline_header(LadderCache& c, const Strip& strip, const ViewContext& ctx) {
    const Theme& t = ctx.theme;
    const ladder::LadderModel& m = c.model;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const int n = static_cast<int>(m.columns().size());
    const float col_w = n > 0 ? strip.width / static_cast<float>(n) : strip.width;
    const float header_h = ladder_header_height(ImGui::GetFontSize());
    if (col_w < ImGui::GetFontSize() * 2) {
        ImGui::TextDisabled("%zu lifelines: too many to label; filter by host", m.lifelines().size());
        ImGui::Dummy(ImVec2(1, std::max(1.0f, header_h - ImGui::GetTextLineHeightWithSpacing())));
        return;
    }
    refresh_header(c, strip, ctx.views.world_generation, options_of(ctx.views.ladder));
    const float line_h = ImGui::GetFontSize();
    for (const auto& h : c.header.hosts) {
        if (h.last_column > h.first_column) {
            const float y = o.y + line_h + 0.5f;
            dl->AddLine(ImVec2(ladder::lane_x(h.first_column, n, strip.x0, strip.width), y),
                        ImVec2(ladder::lane_x(h.last_column, n, strip.x0, strip.width), y), imu32(t.border), 1.0f);
        }
        if (!h.text.empty()) dl->AddText(ImVec2(strip.x0 + h.x, o.y), imu32(t.text), h.text.c_str());
    }
    ImFont* font = ImGui::GetFont();
    for (const auto& p : c.header.ports) {
        if (!p.text.empty()) dl->AddText(font, small_px(), ImVec2(strip.x0 + p.x, o.y + line_h + 2), imu32(t.text_dim), p.text.c_str());
    }
    ImGui::Dummy(ImVec2(1, header_h));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (!ImGui::IsWindowHovered() || mouse.y < o.y || mouse.y >= o.y + header_h || mouse.x < strip.x0) return;
    const auto column = static_cast<std::size_t>((mouse.x - strip.x0) / col_w);
    if (column >= c.header.ports.size()) return;
    for (const auto& h : c.header.hosts) {
        if (static_cast<int>(column) < h.first_column || static_cast<int>(column) > h.last_column) continue;
        const bool client = c.header.ports[column].full == "client";
        ImGui::SetTooltip("%s %s", h.full.c_str(), client ? "(client side: a new port for every connection)" : c.header.ports[column].full.c_str());
    }
}

ProtocolKind row_protocol(const sim::World& world, const sim::TraceEntry& e) {
    if (e.kind == sim::TraceKind::dns_query || e.kind == sim::TraceKind::dns_response) return ProtocolKind::dns;
    if (e.kind >= sim::TraceKind::connect && e.kind <= sim::TraceKind::tls_established) return ProtocolKind::tcp_tls;
    if (e.conn.valid() && e.conn.value < world.connections().size()) return topo::protocol_kind(world.connection(e.conn).protocol);
    return ProtocolKind::tcp_tls;
}

void draw_arrow(ImDrawList* dl, float x_from, float x_to, float y, ImU32 colour, float head) {
    dl->AddLine(ImVec2(x_from, y), ImVec2(x_to, y), colour, 1.5f);
    const float dir = x_to >= x_from ? 1.0f : -1.0f;
    dl->AddTriangleFilled(ImVec2(x_to, y), ImVec2(x_to - dir * head, y - head * 0.5f),
                          ImVec2(x_to - dir * head, y + head * 0.5f), colour);
}

std::string arrow_text(const Row& row, const sim::TraceEntry& e) {
    std::string text = ladder::row_label(row, e);
    if (e.lost) text += "  (lost)";
    if (e.encrypted) text = std::string(icons::lock) + " " + text;
    return text;
}

// Where a hidden selected entry would be: a dashed line on the edge of its nearest row (dashed,
// so it does not read as one more arrow), with a pointer in the time column.
void draw_hidden_mark(const ladder::SelectionRow& at, ImVec2 top, const Strip& strip, float row_h, const Theme& t) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float y = at.after ? top.y + row_h : top.y;
    const float left = strip.x0 - strip.time_w;
    const float dash = std::round(ImGui::GetFontSize() * 0.5f);
    for (float x = left; x < strip.x0 + strip.width; x += dash * 1.6f) {
        dl->AddLine(ImVec2(x, y), ImVec2(std::min(x + dash, strip.x0 + strip.width), y), imu32(t.warn), 2.0f);
    }
    const float s = row_h * 0.25f;
    dl->AddTriangleFilled(ImVec2(left, y - s), ImVec2(left + s * 1.5f, y), ImVec2(left, y + s), imu32(t.warn));
}

void draw_row(const sim::World& world, const ladder::LadderModel& m, std::size_t i, const Strip& strip,
              float row_h, ViewContext& ctx, topo::TimeUs origin, LadderCache& c, const SelectionView& sel) {
    const Row& row = m.rows()[i];
    const auto& e = world.trace()[row.entry];
    const Theme& t = ctx.theme;
    ImGui::PushID(static_cast<int>(i));
    const ImVec2 top = ImGui::GetCursorScreenPos();
    if (ImGui::Selectable("##row", sel.selected(i), 0, ImVec2(0, row_h))) {
        ctx.views.ladder.selected_entry = static_cast<std::size_t>(row.entry);
        c.seen_selection = ctx.views.ladder.selected_entry;  // picked here: already in view
    }
    const bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string time = fmt::format("+{:.3f}", static_cast<double>(e.time_us - origin) / 1e6);
    dl->AddText(ImVec2(top.x + 2, top.y + (row_h - ImGui::GetFontSize()) * 0.5f), imu32(t.text_dim), time.c_str());
    const std::string text = arrow_text(row, e);
    if (row.from_lane == ladder::k_no_lane || row.to_lane == ladder::k_no_lane) {
        const Rgba colour = e.kind == sim::TraceKind::fault || e.kind == sim::TraceKind::tcp_timeout ? t.fail : t.text_dim;
        dl->AddText(ImVec2(strip.x0 + 4, top.y + (row_h - ImGui::GetFontSize()) * 0.5f), imu32(colour), text.c_str());
    } else {
        const ladder::Arrow a = ladder::arrow_geometry(row, 0, m.columns(), strip.x0, strip.width, top.y, row_h);
        const float y = top.y + row_h * 0.78f;
        const Rgba colour = e.lost || e.kind == sim::TraceKind::tcp_rst ? t.fail : t.protocol(row_protocol(world, e));
        draw_arrow(dl, a.x_from, a.x_to, y, imu32(colour), ImGui::GetFontSize() * 0.5f);
        const float left = std::min(a.x_from, a.x_to);
        const float span = std::max(std::fabs(a.x_to - a.x_from), ImGui::GetFontSize() * 6);
        const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        const float x = ts.x < span ? left + (span - ts.x) * 0.5f : left + 4;
        dl->PushClipRect(ImVec2(strip.x0, top.y), ImVec2(strip.x0 + strip.width, top.y + row_h), true);
        dl->AddText(ImVec2(x, top.y + 1), imu32(t.text), text.c_str());
        dl->PopClipRect();
    }
    if (sel.marks(i)) draw_hidden_mark(*sel.at, top, strip, row_h, t);
    if (hovered) ImGui::SetTooltip("%s\n%s", e.summary.c_str(), e.state.empty() ? "" : ("state after: " + e.state).c_str());
}

void draw_lifelines(const ladder::LadderModel& m, const Strip& strip, const Theme& t) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 wp = ImGui::GetWindowPos();
    const float h = ImGui::GetWindowHeight();
    const int n = static_cast<int>(m.columns().size());
    for (const int col : m.columns()) {
        const float x = ladder::lane_x(col, n, strip.x0, strip.width);
        dl->AddLine(ImVec2(x, wp.y), ImVec2(x, wp.y + h), imu32(t.border), 1.0f);
    }
}

// A reveal is due when the selection changed outside this view, or when the filters changed
// (the rows were renumbered, so the old scroll offset shows something else).
void notice_changes(LadderCache& c, const LadderViewState& s) {
    const ladder::Options now = options_of(s);
    if (s.selected_entry != c.seen_selection || !(now == c.seen_options)) {
        c.reveal_pending = s.selected_entry.has_value();
        c.seen_selection = s.selected_entry;
        c.seen_options = now;
    }
}

// Scrolls to the newest row when the trace changed (follow), then to a selection made elsewhere,
// which wins in a frame that has both. An entry not synced yet (after the current position)
// keeps its reveal pending until it arrives.
void keep_in_view(LadderCache& c, const ladder::LadderModel& m, const LadderViewState& s, std::size_t trace_size,
                  float row_h, const SelectionView& sel) {
    const float view_h = ImGui::GetWindowHeight();
    if (s.follow_playhead && (c.followed_trace != trace_size || c.followed_rows != m.rows().size())) {
        c.followed_trace = trace_size;
        c.followed_rows = m.rows().size();
        ImGui::SetScrollY(std::max(0.0f, static_cast<float>(m.rows().size()) * row_h - view_h + row_h));
    }
    if (c.reveal_pending && sel.at) {
        c.reveal_pending = false;
        ImGui::SetScrollY(ladder::scroll_to_show(sel.at->row, ImGui::GetScrollY(), view_h, row_h, m.rows().size()));
    }
}

}  // namespace

void draw_ladder(ViewContext& ctx) {
    if (ctx.world == nullptr || ctx.caches == nullptr) return;
    const sim::World& world = *ctx.world;
    LadderCache& c = ctx.caches->ladder;
    LadderViewState& s = ctx.views.ladder;
    c.model.sync(world, options_of(s), ctx.views.world_generation);
    notice_changes(c, s);
    SelectionView sel;
    if (s.selected_entry) sel.at = c.model.locate(world, *s.selected_entry);
    draw_toolbar(c, s, ctx.theme, world, sel);
    // Wide enough for the longest elapsed time in the trace ("+90005.452" after a day's wait).
    const auto& trace = world.trace();
    const topo::TimeUs span_us = trace.empty() ? 0 : std::max<topo::TimeUs>(0, trace.back().time_us - trace[0].time_us);
    const std::size_t time_chars = std::max<std::size_t>(9, fmt::format("+{:.3f}", static_cast<double>(span_us) / 1e6).size());
    const float time_w = ImGui::CalcTextSize(std::string(time_chars, '0').c_str()).x + 8;
    Strip strip;
    strip.time_w = time_w;
    strip.x0 = ImGui::GetCursorScreenPos().x + time_w;
    strip.width = std::max(1.0f, ImGui::GetContentRegionAvail().x - time_w - ImGui::GetStyle().ScrollbarSize);
    draw_lifeline_header(c, strip, ctx);
    const auto& rows = c.model.rows();
    const float row_h = ladder_row_height(ImGui::GetFontSize());
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
    ImGui::BeginChild("##ladder rows", ImVec2(0, 0), false);
    draw_lifelines(c.model, strip, ctx.theme);
    const topo::TimeUs origin = world.trace().size() > 0 ? world.trace()[0].time_us : 0;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()), row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            draw_row(world, c.model, static_cast<std::size_t>(i), strip, row_h, ctx, origin, c, sel);
        }
    }
    clipper.End();
    keep_in_view(c, c.model, s, world.trace().size(), row_h, sel);
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

}  // namespace postlab::ui
