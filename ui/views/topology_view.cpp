// draw_topology(); see topology_view.hpp. Everything geometric comes from topology_model (cached
// layout, zoom/pan transform, flights, crash marks); this file only paints it with ImDrawList,
// culls what is off screen and merges overlapping packets into a badge with a count, so 1,000
// packets stay cheap on llvmpipe, and turns wheel/drag/double-click into zoom and pan.
#include "ui/views/topology_view.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <imgui.h>

#include "sim/world.hpp"
#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/views/timeline_model.hpp"
#include "ui/views/topology_model.hpp"
#include "ui/views/view_caches.hpp"

namespace postlab::ui {
namespace {

using topo::Flight;
using topo::FlightMark;
using topo::Vec2;

const char* device_icon(sim::DeviceKind kind) {
    switch (kind) {
        case sim::DeviceKind::phone: return icons::mobile;
        case sim::DeviceKind::tablet: return icons::tablet;
        case sim::DeviceKind::desktop:
        case sim::DeviceKind::webmail: return icons::desktop;
    }
    return icons::desktop;
}

bool same_hosts(const std::vector<topo::NodeInput>& a, const std::vector<topo::NodeInput>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const topo::NodeInput& x, const topo::NodeInput& y) { return x.host == y.host && x.kind == y.kind; });
}

void refresh_hosts(TopologyCache& c, const sim::World& world, std::uint64_t generation) {
    const auto& hosts = world.network().hosts();
    if (c.hosts_seen == hosts.size() && c.generation == generation) return;
    c.hosts_seen = hosts.size();
    c.generation = generation;
    auto inputs = topo::node_inputs(world);
    // Another picture (a different lesson): a zoom into the old one would point at nothing.
    if (!same_hosts(inputs, c.inputs)) c.transform = {};
    c.inputs = std::move(inputs);
    c.icon_of_host.assign(hosts.size(), icons::desktop);
    for (const auto& h : hosts) {
        const char* icon = h.kind == sim::HostKind::device ? icons::desktop : icons::server;
        if (h.kind == sim::HostKind::router) icon = icons::globe;
        c.icon_of_host[h.id.value] = icon;
    }
    for (const auto& d : world.devices()) {
        if (d.host.valid() && d.host.value < c.icon_of_host.size()) c.icon_of_host[d.host.value] = device_icon(d.kind);
    }
}

ImVec2 at(ImVec2 origin, Vec2 p) { return {origin.x + p.x, origin.y + p.y}; }

// Culling (llvmpipe pays per vertex, and a zoomed view leaves most of a big world outside).
bool point_visible(const topo::TopologyLayout& l, Vec2 p, float margin_x, float margin_y) {
    return topo::on_screen(l, p, margin_x, margin_y);
}

bool segment_visible(const topo::TopologyLayout& l, Vec2 a, Vec2 b) { return topo::segment_on_screen(l, a, b); }

// Lines grow with the zoom, but not into bars.
float line_px(const topo::TopologyLayout& l, float share, float least, float most_fonts) {
    return std::clamp(l.node_size * share, least, std::max(least, ImGui::GetFontSize() * most_fonts));
}

void draw_links(const sim::World& world, const topo::TopologyLayout& layout, ImVec2 o, const Theme& t) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float thick = line_px(layout, 0.04f, 1.0f, 0.2f);
    for (const auto& link : world.network().links()) {
        const auto* a = layout.node(link.a.value);
        const auto* b = layout.node(link.b.value);
        if (a == nullptr || b == nullptr || !segment_visible(layout, a->centre, b->centre)) continue;
        dl->AddLine(at(o, a->centre), at(o, b->centre), link.up ? imu32(t.border) : imu32(t.fail, 0.6f), thick);
    }
}

void draw_selected_route(topo::FlightIndex& flights, const sim::World& world, const topo::TopologyLayout& layout,
                         ImVec2 o, const ViewContext& ctx) {
    const auto sel = ctx.views.ladder.selected_entry;
    if (!sel || *sel >= world.trace().size()) return;
    const auto& e = world.trace()[*sel];
    if (!e.from.valid() || !e.to.valid()) return;
    const auto route = flights.route_between(world, e.from.value, e.to.value);
    if (!route) return;
    const auto& hosts = flights.routes()[*route].hosts;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 1; i < hosts.size(); ++i) {
        const auto* a = layout.node(hosts[i - 1]);
        const auto* b = layout.node(hosts[i]);
        if (a && b && segment_visible(layout, a->centre, b->centre)) {
            dl->AddLine(at(o, a->centre), at(o, b->centre), imu32(ctx.theme.accent), line_px(layout, 0.1f, 3.0f, 0.45f));
        }
    }
}

struct NodeBox {
    ImVec2 min, max;
};

// A node's icon square: with a label under it the square shrinks and moves up to make room
// (the geometry topo::label_node_size() assumes).
NodeBox node_box(const topo::TopologyLayout& layout, const topo::Node& n, ImVec2 o, bool labels) {
    const float half = layout.node_size * 0.5f;
    const ImVec2 p = at(o, n.centre);
    const float box = labels ? half * topo::k_label_box_share : half;
    const float up = labels ? half * topo::k_label_lift : 0.0f;
    return {ImVec2(p.x - box, p.y - box - up), ImVec2(p.x + box, p.y + box - up)};
}

bool node_labels(const topo::TopologyLayout& layout, const ViewContext& ctx) {
    return layout.room_for_labels && ctx.views.topology.show_labels;
}

float label_px() { return ImGui::GetFontSize() * k_small_text_share; }

float label_width_max(const topo::TopologyLayout& layout, const topo::Node& n) {
    return std::min(n.cell_w - 8.0f, layout.node_size * 3.5f);
}

void draw_label(ImDrawList* dl, ImFont* font, ImVec2 top_centre, float max_w, const std::string& text, ImU32 colour) {
    ImVec2 ts = font->CalcTextSizeA(label_px(), FLT_MAX, 0, text.c_str());
    const char* end = text.c_str() + text.size();
    while (ts.x > max_w && end > text.c_str() + 3) ts = font->CalcTextSizeA(label_px(), FLT_MAX, 0, text.c_str(), --end);
    dl->AddText(font, label_px(), ImVec2(top_centre.x - ts.x * 0.5f, top_centre.y), colour, text.c_str(), end);
}

// Draws the visible nodes; returns the host under the mouse, if any.
std::optional<std::uint32_t> draw_nodes(const TopologyCache& c, const sim::World& world,
                                        const topo::TopologyLayout& layout, ImVec2 o, const ViewContext& ctx) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& t = ctx.theme;
    const float font_px = ImGui::GetFontSize();
    // Icons follow a zoomed node up to twice the text's icon size (the atlas holds one size).
    const bool labels = node_labels(layout, ctx);
    // With a label the icon box is smaller than the node: the icon shrinks to stay inside it.
    const float icon_max = layout.node_size * (labels ? topo::k_label_box_share * 0.8f : 0.7f);
    const float icon_px = std::min(icon_max, std::max(font_px * 1.4f, std::min(layout.node_size * 0.35f, font_px * 2.8f)));
    ImFont* font = ImGui::GetFont();
    const float half = layout.node_size * 0.5f;
    const float margin_y = half + (labels ? label_px() * 2 + 4 : 0.0f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::optional<std::uint32_t> hovered;
    for (const auto& n : layout.nodes) {
        const float margin_x = std::max(half, labels ? label_width_max(layout, n) * 0.5f : 0.0f);
        if (!point_visible(layout, n.centre, margin_x, margin_y)) continue;
        const auto& host = world.network().host(sim::HostId{n.host});
        const NodeBox b = node_box(layout, n, o, labels);
        const float box = (b.max.x - b.min.x) * 0.5f;
        // Small nodes (crowded scenes) skip rounding and borders: llvmpipe pays per vertex.
        dl->AddRectFilled(b.min, b.max, imu32(t.panel_title), labels ? box * 0.25f : 0.0f);
        if (labels || !host.up) dl->AddRect(b.min, b.max, host.up ? imu32(t.border) : imu32(t.fail), box * 0.25f);
        const char* icon = c.icon_of_host[n.host];
        const ImVec2 size = font->CalcTextSizeA(icon_px, FLT_MAX, 0, icon);
        const ImVec2 centre((b.min.x + b.max.x) * 0.5f, (b.min.y + b.max.y) * 0.5f);
        dl->AddText(font, icon_px, ImVec2(centre.x - size.x * 0.5f, centre.y - size.y * 0.5f),
                    host.up ? imu32(t.text) : imu32(t.fail), icon);
        if (mouse.x >= b.min.x && mouse.x <= b.max.x && mouse.y >= b.min.y && mouse.y <= b.max.y) hovered = n.host;
        if (!labels) continue;
        draw_label(dl, font, ImVec2(centre.x, b.max.y + 2), label_width_max(layout, n), host.name, imu32(t.text_dim));
    }
    return hovered;
}

// A red ban where the ISP blocks a port, with the port number: visible before anything is sent.
void draw_port_blocks(const sim::World& world, const topo::TopologyLayout& layout, ImVec2 o, const Theme& t) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float dy = 0;
    for (const auto& rule : world.network().port_blocks()) {
        const auto* n = layout.node(rule.router.value);
        if (!rule.enabled || n == nullptr || !point_visible(layout, n->centre, layout.node_size * 4, layout.node_size)) continue;
        const std::string text = fmt::format("{} blocks port {}", icons::ban, rule.port);
        const ImVec2 p = at(o, n->centre);
        dl->AddText(ImVec2(p.x + layout.node_size * 0.36f, p.y - layout.node_size * 0.5f + dy), imu32(t.fail), text.c_str());
        dy += ImGui::GetFontSize();
    }
}

// Where a flight is drawn at `now`, if anywhere: moving packets on their route, drop marks where
// they stopped, timeouts at the client that gave up.
std::optional<Vec2> flight_position(const topo::FlightIndex& flights, const topo::TopologyLayout& layout,
                                    const Flight& f, topo::TimeUs now) {
    const topo::Route& route = flights.routes()[f.route];
    if (f.mark == FlightMark::timed_out) {
        const auto* n = layout.node(route.hosts.front());
        if (n == nullptr) return std::nullopt;
        return Vec2{n->centre.x, n->centre.y - layout.node_size * 0.55f};
    }
    const bool dropped = f.mark == FlightMark::blocked || f.mark == FlightMark::lost;
    // A drop mark sits on the link just before the point of the drop, clear of the router icon.
    const topo::TimeUs t = dropped && now >= f.t1 ? f.t0 + (f.t1 - f.t0) * 4 / 5 : std::min(now, f.t1);
    const topo::TimeUs full_t1 = f.stop_fraction > 0 && f.stop_fraction < 1
                                     ? f.t0 + static_cast<topo::TimeUs>(static_cast<float>(f.t1 - f.t0) / f.stop_fraction)
                                     : f.t1;
    return topo::position_on_route(route, layout, f.t0, full_t1, t, 1.0f, layout.node_size * 0.45f);
}

void collect_packets(TopologyCache& c, const topo::FlightIndex& flights, const topo::TopologyLayout& layout,
                     topo::TimeUs now) {
    c.points.clear();
    c.point_flight.clear();
    for (const std::size_t i : c.active) {
        const auto p = flight_position(flights, layout, flights.flights()[i], now);
        // Culled: only what is inside the panel is drawn.
        if (!p || !point_visible(layout, *p, 0, 0)) continue;
        c.points.push_back(*p);
        c.point_flight.push_back(i);
    }
}

bool is_mark(const Flight& f, topo::TimeUs now) {
    return f.mark == FlightMark::timed_out || ((f.mark == FlightMark::blocked || f.mark == FlightMark::lost) && now >= f.t1);
}

// The flight a group shows: a drop or timeout mark first (they must not hide under a badge).
std::size_t representative(const TopologyCache& c, const topo::FlightIndex& flights,
                           const std::vector<std::size_t>& group, topo::TimeUs now) {
    for (const std::size_t p : group) {
        if (is_mark(flights.flights()[c.point_flight[p]], now)) return p;
    }
    return group.front();
}

std::string packet_label(const Flight& f) {
    std::string label = fmt::format(":{}", f.port);
    if (f.mark == FlightMark::refused) label += " RST";
    if (f.encrypted) label += std::string(" ") + icons::lock;
    return label;
}

void draw_mark(ImDrawList* dl, ImVec2 p, const Flight& f, const Theme& t) {
    const float px = ImGui::GetFontSize() * 1.3f;
    ImFont* font = ImGui::GetFont();
    const ImVec2 size = font->CalcTextSizeA(px, FLT_MAX, 0, icons::ban);
    dl->AddText(font, px, ImVec2(p.x - size.x * 0.5f, p.y - size.y * 0.5f), imu32(t.fail), icons::ban);
    const char* what = f.mark == FlightMark::blocked ? "blocked" : f.mark == FlightMark::lost ? "lost" : "timed out";
    const std::string text = fmt::format("{} :{}", what, f.port);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddText(ImVec2(p.x - ts.x * 0.5f, p.y + size.y * 0.5f), imu32(t.fail), text.c_str());
}

struct Hover {
    std::optional<std::uint64_t> entry;
    std::size_t more = 0;
};

Hover draw_packets(TopologyCache& c, const topo::FlightIndex& flights, const topo::TopologyLayout& layout, ImVec2 o,
                   const ViewContext& ctx,
                   topo::TimeUs now) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& t = ctx.theme;
    const float r = std::clamp(ImGui::GetFontSize() * 0.42f, 3.0f, std::max(3.0f, layout.node_size * 0.25f));
    const auto groups = topo::group_overlapping(c.points, r * 2.4f);
    const bool labels = groups.size() <= 40 && layout.room_for_labels;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered_area = ImGui::IsItemHovered();
    Hover hover;
    for (const auto& g : groups) {
        const std::size_t rep = representative(c, flights, g, now);
        const Flight& f = flights.flights()[c.point_flight[rep]];
        const ImVec2 p = at(o, c.points[rep]);
        if (is_mark(f, now)) {
            draw_mark(dl, p, f, t);
        } else {
            const Rgba colour = f.mark == FlightMark::refused ? t.fail : t.protocol(f.protocol);
            dl->AddCircleFilled(p, r, imu32(colour), 12);
            if (labels && g.size() == 1) dl->AddText(ImVec2(p.x + r + 2, p.y - r * 2.2f), imu32(t.text), packet_label(f).c_str());
        }
        if (ctx.views.ladder.selected_entry && *ctx.views.ladder.selected_entry == f.entry) {
            dl->AddCircle(p, r + 3, imu32(t.accent), 16, 2.0f);
        }
        if (g.size() > 1) {
            const std::string n = std::to_string(g.size());
            const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
            const ImVec2 b(p.x + r * 0.6f, p.y - r * 0.6f - ts.y);
            dl->AddRectFilled(ImVec2(b.x - 2, b.y), ImVec2(b.x + ts.x + 2, b.y + ts.y), imu32(t.accent), 3.0f);
            dl->AddText(b, imu32(Rgba::hex(0xffffff)), n.c_str());
        }
        const float dx = mouse.x - p.x, dy = mouse.y - p.y;
        if (hovered_area && dx * dx + dy * dy <= r * r * 4) hover = {f.entry, g.size() - 1};
    }
    return hover;
}

// A red burst with a warning sign on the corner of a crashed device, a red frame around it and,
// when labels fit, what it means under the name. Returns the crash under the mouse, if any.
std::optional<topo::CrashMark> draw_crash_marks(const TopologyCache& c, const topo::TopologyLayout& layout,
                                                ImVec2 o, const ViewContext& ctx) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& t = ctx.theme;
    const float font_px = ImGui::GetFontSize();
    const bool labels = node_labels(layout, ctx);
    const float r = std::clamp(layout.node_size * 0.28f, font_px * 0.6f, font_px * 1.1f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::optional<topo::CrashMark> hovered;
    for (const auto& m : c.marks) {
        const auto* n = layout.node(m.host);
        if (n == nullptr || !point_visible(layout, n->centre, layout.node_size + r, layout.node_size + r + label_px() * 2)) continue;
        const NodeBox b = node_box(layout, *n, o, labels);
        dl->AddRect(ImVec2(b.min.x - 1, b.min.y - 1), ImVec2(b.max.x + 1, b.max.y + 1), imu32(t.fail), 0.0f, 0, 2.0f);
        // On the box's top-right corner, but slid along the box into the panel when the zoom cuts
        // that corner off: a partly visible crashed device still shows its mark.
        const float cx = std::clamp(b.max.x, o.x + r, o.x + layout.width - r);
        const float cy = std::clamp(b.min.y, o.y + r, o.y + layout.height - r);
        const ImVec2 centre(std::clamp(cx, b.min.x, b.max.x), std::clamp(cy, b.min.y, b.max.y));
        constexpr int spikes = 10;
        constexpr float pi = 3.14159265f;
        for (int i = 0; i < spikes; ++i) {
            const float a = 2.0f * pi * static_cast<float>(i) / spikes, w = pi / spikes;
            dl->AddTriangleFilled(ImVec2(centre.x + r * std::cos(a), centre.y + r * std::sin(a)),
                                  ImVec2(centre.x + r * 0.62f * std::cos(a + w), centre.y + r * 0.62f * std::sin(a + w)),
                                  ImVec2(centre.x + r * 0.62f * std::cos(a - w), centre.y + r * 0.62f * std::sin(a - w)), imu32(t.fail));
        }
        dl->AddCircleFilled(centre, r * 0.68f, imu32(t.fail), 16);
        ImFont* font = ImGui::GetFont();
        const float icon_px = r * 0.95f;
        const ImVec2 is = font->CalcTextSizeA(icon_px, FLT_MAX, 0, icons::warning);
        dl->AddText(font, icon_px, ImVec2(centre.x - is.x * 0.5f, centre.y - is.y * 0.5f), imu32(Rgba::hex(0xffffff)), icons::warning);
        if (ctx.views.ladder.selected_entry && *ctx.views.ladder.selected_entry == m.entry) {
            dl->AddCircle(centre, r + 3, imu32(t.accent), 20, 2.0f);
        }
        if (labels) {
            // The font has no em dash; the second line under the host name.
            const std::string full = "crashed: local data lost";
            const bool fits = ImGui::GetFont()->CalcTextSizeA(label_px(), FLT_MAX, 0, full.c_str()).x <= label_width_max(layout, *n);
            draw_label(dl, font, ImVec2((b.min.x + b.max.x) * 0.5f, b.max.y + 2 + label_px()), label_width_max(layout, *n),
                       fits ? full : std::string("crashed"), imu32(t.fail));
        }
        const float dx = mouse.x - centre.x, dy = mouse.y - centre.y;
        if (dx * dx + dy * dy <= r * r * 1.44f) hovered = m;
    }
    return hovered;
}

// Status line: time and packets, then the hint when it fits (else in the tooltip), and on the
// right the zoom level with a Fit button while zoomed (on the next line when the panel is narrow).
// Returns true when Fit was pressed.
bool draw_status(const ViewContext& ctx, const sim::World& world, topo::TimeUs now, std::size_t packets,
                 const topo::ViewTransform& transform) {
    const auto& trace = world.trace();
    const topo::TimeUs origin = trace.size() > 0 ? trace[0].time_us : now;
    const Rgba& dim = ctx.theme.text_dim;
    const ImVec4 dim4 = imvec(with_alpha(dim, 1));
    const bool fitted = topo::is_fitted(transform);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const auto fits = [&](float w) { return ImGui::GetItemRectMax().x + style.ItemSpacing.x + w <= right_edge; };
    ImGui::TextColored(dim4, "t = +%.3f s   %zu packet%s in flight", static_cast<double>(now - origin) / 1e6, packets,
                       packets == 1 ? "" : "s");
    const char* hint = fitted ? "(click a packet to inspect it, wheel to zoom)" : "(drag to pan, double-click to fit)";
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", hint);
    if (fits(ImGui::CalcTextSize(hint).x + style.ItemSpacing.x)) {
        ImGui::SameLine(0, style.ItemSpacing.x * 2);
        ImGui::TextColored(dim4, "%s", hint);
    }
    if (fitted) return false;
    const std::string zoom = fmt::format("zoom {:.1f}x", static_cast<double>(transform.scale));
    const float w = ImGui::CalcTextSize(zoom.c_str()).x + style.ItemSpacing.x + ImGui::CalcTextSize("Fit").x + style.FramePadding.x * 2;
    if (fits(w)) {
        ImGui::SameLine();
        ImGui::SetCursorPosX(std::max(ImGui::GetWindowContentRegionMax().x - w, ImGui::GetCursorPosX()));
    }
    ImGui::TextColored(dim4, "%s", zoom.c_str());
    ImGui::SameLine();
    return ImGui::SmallButton("Fit");
}

struct LegendItem {
    std::string text;
    Rgba colour;
};

std::vector<LegendItem> legend_items(const Theme& t) {
    static constexpr const char* names[k_protocol_kind_count] = {"SMTP", "POP3", "IMAP", "Exchange", "DNS", "TCP/TLS"};
    std::vector<LegendItem> items;
    for (std::size_t i = 0; i < k_protocol_kind_count; ++i) {
        if (i == 3) continue;  // Exchange arrives later
        items.push_back({fmt::format("{} {}", icons::circle, names[i]), t.protocols[i]});
    }
    items.push_back({fmt::format("{} TLS", icons::lock), t.text_dim});
    items.push_back({fmt::format("{} blocked / refused", icons::ban), t.fail});
    return items;
}

// The legend flows left to right and wraps where the next item would not fit, so nothing is cut
// at the panel's edge; legend_lines() says how many lines to keep free for it.
float legend_spacing() { return std::round(ImGui::GetStyle().ItemSpacing.x * 1.5f); }

int legend_lines(const std::vector<LegendItem>& items, float width) {
    const float spacing = legend_spacing();
    int lines = 1;
    float x = 0;
    for (const auto& item : items) {
        const float w = ImGui::CalcTextSize(item.text.c_str()).x;
        if (x > 0 && x + spacing + w > width) {
            ++lines;
            x = 0;
        }
        x += (x > 0 ? spacing : 0.0f) + w;
    }
    return lines;
}

void draw_legend(const std::vector<LegendItem>& items) {
    const float spacing = legend_spacing();
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& item = items[i];
        if (i > 0 && ImGui::GetItemRectMax().x + spacing + ImGui::CalcTextSize(item.text.c_str()).x <= right_edge) {
            ImGui::SameLine(0, spacing);
        }
        ImGui::TextColored(imvec(with_alpha(item.colour, 1)), "%s", item.text.c_str());
    }
}

TopologyCache& synced(ViewCaches& caches, const sim::World& world, std::uint64_t generation) {
    TopologyCache& c = caches.topology;
    refresh_hosts(c, world, generation);
    caches.flights.sync(world, generation);
    c.crashes.sync(world, generation);
    return c;
}

// Wheel zoom around the cursor and drag-to-pan, applied before drawing so this frame shows them.
void apply_zoom_and_pan(TopologyCache& c, ViewContext& ctx, ImVec2 o, Vec2 region, bool hovered, bool active) {
    auto& state = ctx.views.topology;
    // Someone else (a shortcut, presenter mode) set the zoom: zoom around the middle to it.
    if (std::fabs(state.zoom - c.transform.scale) > 1e-4f) {
        c.transform = topo::zoom_at(c.transform, {region.x * 0.5f, region.y * 0.5f}, state.zoom / c.transform.scale, region);
    }
    c.transform = topo::clamp_transform(c.transform, region);  // the region may have been resized
    const ImGuiIO& io = ImGui::GetIO();
    const Vec2 mouse{io.MousePos.x - o.x, io.MousePos.y - o.y};
    if (hovered && io.MouseWheel != 0.0f) c.transform = topo::zoom_at(c.transform, mouse, std::pow(1.25f, io.MouseWheel), region);
    if (!active) c.panning = false;
    if (c.panning) {
        c.transform = topo::pan_by(c.transform, {io.MouseDelta.x, io.MouseDelta.y}, region);
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
    }
}

struct Target {
    std::optional<std::uint64_t> entry;  // a packet or a crash mark: a click selects it
    std::string tooltip;
    bool on_node = false;
};

Target target_under_mouse(const sim::World& world, const Hover& packet, const std::optional<topo::CrashMark>& crash,
                          const std::optional<std::uint32_t>& node, bool labels_shown) {
    Target t;
    if (crash) {
        const auto& host = world.network().host(sim::HostId{crash->host});
        t.entry = crash->entry;
        t.tooltip = fmt::format("{} crashed: its mail app lost its local data\n(click for the explanation)", host.name);
    } else if (packet.entry) {
        const auto& e = world.trace()[*packet.entry];
        t.entry = packet.entry;
        t.tooltip = packet.more > 0 ? fmt::format("{}\n(+{} more here)", e.summary, packet.more) : e.summary;
    } else if (node) {
        t.on_node = true;
        // The name is the label; crowded nodes have none, so the tooltip gives it.
        if (!labels_shown) t.tooltip = world.network().host(sim::HostId{*node}).name;
    }
    return t;
}

}  // namespace

void draw_topology(ViewContext& ctx) {
    if (ctx.world == nullptr || ctx.caches == nullptr) return;
    const sim::World& world = *ctx.world;
    TopologyCache& c = synced(*ctx.caches, world, ctx.views.world_generation);
    topo::FlightIndex& flights = ctx.caches->flights;
    const topo::TimeUs now = timeline::display_time(ctx.views.timeline.playhead_us, world);
    c.active.clear();
    flights.active(now, c.active);
    c.marks = c.crashes.marked(world.trace().size(), now);
    const bool fit_pressed = draw_status(ctx, world, now, c.active.size(), c.transform);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const auto legend = legend_items(ctx.theme);
    const float legend_h = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(legend_lines(legend, avail.x));
    const ImVec2 size(std::max(1.0f, avail.x), std::max(1.0f, avail.y - legend_h));
    ImGui::InvisibleButton("##topology", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonMiddle);
    const bool hovered = ImGui::IsItemHovered();
    const bool pressed_left = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    const bool pressed_middle = ImGui::IsItemClicked(ImGuiMouseButton_Middle);
    const bool double_click = hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
    const Vec2 region{size.x, size.y};
    if (fit_pressed) c.transform = {};
    apply_zoom_and_pan(c, ctx, o, region, hovered, ImGui::IsItemActive());
    const auto& fitted = c.layout.get(c.inputs, size.x, size.y, ImGui::GetFontSize());
    topo::transform_layout(fitted, c.transform, c.screen);
    const auto& layout = c.screen;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(o, ImVec2(o.x + size.x, o.y + size.y), true);  // a zoomed picture stays in its panel
    draw_links(world, layout, o, ctx.theme);
    draw_selected_route(flights, world, layout, o, ctx);
    const auto node = draw_nodes(c, world, layout, o, ctx);
    draw_port_blocks(world, layout, o, ctx.theme);
    collect_packets(c, flights, layout, now);
    const Hover packet = draw_packets(c, flights, layout, o, ctx, now);
    const auto crash = draw_crash_marks(c, layout, o, ctx);
    dl->PopClipRect();
    const Target target = hovered ? target_under_mouse(world, packet, crash, node, node_labels(layout, ctx)) : Target{};
    if (!target.tooltip.empty() && !c.panning) ImGui::SetTooltip("%s", target.tooltip.c_str());
    if (pressed_left && target.entry) ctx.views.ladder.selected_entry = static_cast<std::size_t>(*target.entry);
    // Panning starts on empty space only, so a click on a node, packet or mark stays a click.
    if (pressed_middle || (pressed_left && !target.entry && !target.on_node)) c.panning = true;
    if (double_click && !target.entry && !target.on_node) {
        c.transform = {};
        c.panning = false;
    }
    ctx.views.topology.zoom = c.transform.scale;
    draw_legend(legend);
}

}  // namespace postlab::ui
