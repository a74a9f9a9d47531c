// draw_topology(); see topology_view.hpp. Everything geometric comes from topology_model (cached
// layout, flights); this file only paints it with ImDrawList, culls what is off screen and merges
// overlapping packets into a badge with a count, so 1,000 packets stay cheap on llvmpipe.
#include "ui/views/topology_view.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <imgui.h>

#include "sim/world.hpp"
#include "ui/icons.hpp"
#include "ui/views/timeline_model.hpp"
#include "ui/views/topology_model.hpp"

namespace postlab::ui {
namespace {

using topo::Flight;
using topo::FlightMark;
using topo::Vec2;

ImU32 u32(Rgba c, float alpha = 1.0f) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a * alpha));
}

struct TopologyCache {
    topo::LayoutCache layout;
    topo::FlightIndex flights;
    std::vector<topo::NodeInput> inputs;
    std::vector<const char*> icon_of_host;  // kind icons, refreshed with the host set
    std::size_t hosts_seen = ~std::size_t{0};
    std::uint64_t generation = ~0ull;
    // Scratch, reused every frame.
    std::vector<std::size_t> active;
    std::vector<Vec2> points;
    std::vector<std::size_t> point_flight;
};

TopologyCache& cache() {
    static TopologyCache c;
    return c;
}

const char* device_icon(sim::DeviceKind kind) {
    switch (kind) {
        case sim::DeviceKind::phone: return icons::mobile;
        case sim::DeviceKind::tablet: return icons::tablet;
        case sim::DeviceKind::desktop:
        case sim::DeviceKind::webmail: return icons::desktop;
    }
    return icons::desktop;
}

void refresh_hosts(TopologyCache& c, const sim::World& world, std::uint64_t generation) {
    const auto& hosts = world.network().hosts();
    if (c.hosts_seen == hosts.size() && c.generation == generation) return;
    c.hosts_seen = hosts.size();
    c.generation = generation;
    c.inputs = topo::node_inputs(world);
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

void draw_links(const sim::World& world, const topo::TopologyLayout& layout, ImVec2 o, const Theme& t) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float thick = std::max(1.0f, layout.node_size * 0.04f);
    for (const auto& link : world.network().links()) {
        const auto* a = layout.node(link.a.value);
        const auto* b = layout.node(link.b.value);
        if (a == nullptr || b == nullptr) continue;
        dl->AddLine(at(o, a->centre), at(o, b->centre), link.up ? u32(t.border) : u32(t.fail, 0.6f), thick);
    }
}

void draw_selected_route(TopologyCache& c, const sim::World& world, const topo::TopologyLayout& layout,
                         ImVec2 o, const ViewContext& ctx) {
    const auto sel = ctx.views.ladder.selected_entry;
    if (!sel || *sel >= world.trace().size()) return;
    const auto& e = world.trace()[*sel];
    if (!e.from.valid() || !e.to.valid()) return;
    const auto route = c.flights.route_between(world, e.from.value, e.to.value);
    if (!route) return;
    const auto& hosts = c.flights.routes()[*route].hosts;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 1; i < hosts.size(); ++i) {
        const auto* a = layout.node(hosts[i - 1]);
        const auto* b = layout.node(hosts[i]);
        if (a && b) dl->AddLine(at(o, a->centre), at(o, b->centre), u32(ctx.theme.accent), std::max(3.0f, layout.node_size * 0.1f));
    }
}

void draw_nodes(const TopologyCache& c, const sim::World& world, const topo::TopologyLayout& layout,
                ImVec2 o, const ViewContext& ctx) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& t = ctx.theme;
    const float half = layout.node_size * 0.5f;
    const float icon_px = std::min(ImGui::GetFontSize() * 1.4f, layout.node_size * 0.7f);
    ImFont* font = ImGui::GetFont();
    const bool labels = layout.room_for_labels && ctx.views.topology.show_labels;
    for (const auto& n : layout.nodes) {
        const auto& host = world.network().host(sim::HostId{n.host});
        const ImVec2 p = at(o, n.centre);
        const float box = labels ? half * 0.62f : half;
        const ImVec2 top_left(p.x - box, p.y - box - (labels ? half * 0.3f : 0));
        const ImVec2 bottom_right(p.x + box, p.y + box - (labels ? half * 0.3f : 0));
        // Small nodes (crowded scenes) skip rounding and borders: llvmpipe pays per vertex.
        dl->AddRectFilled(top_left, bottom_right, u32(t.panel_title), labels ? box * 0.25f : 0.0f);
        if (labels || !host.up) dl->AddRect(top_left, bottom_right, host.up ? u32(t.border) : u32(t.fail), box * 0.25f);
        const char* icon = c.icon_of_host[n.host];
        const ImVec2 size = font->CalcTextSizeA(icon_px, FLT_MAX, 0, icon);
        const ImVec2 centre((top_left.x + bottom_right.x) * 0.5f, (top_left.y + bottom_right.y) * 0.5f);
        dl->AddText(font, icon_px, ImVec2(centre.x - size.x * 0.5f, centre.y - size.y * 0.5f),
                    host.up ? u32(t.text) : u32(t.fail), icon);
        if (!labels) continue;
        const float label_px = ImGui::GetFontSize() * 0.85f;
        const float max_w = std::min(layout.width / 3.0f - 8.0f, layout.node_size * 3.5f);
        const std::string& name = host.name;
        ImVec2 ts = font->CalcTextSizeA(label_px, FLT_MAX, 0, name.c_str());
        const char* end = name.c_str() + name.size();
        while (ts.x > max_w && end > name.c_str() + 3) ts = font->CalcTextSizeA(label_px, FLT_MAX, 0, name.c_str(), --end);
        dl->AddText(font, label_px, ImVec2(p.x - ts.x * 0.5f, bottom_right.y + 2), u32(t.text_dim), name.c_str(), end);
    }
}

// A red ban where the ISP blocks a port, with the port number: visible before anything is sent.
void draw_port_blocks(const sim::World& world, const topo::TopologyLayout& layout, ImVec2 o, const Theme& t) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float dy = 0;
    for (const auto& rule : world.network().port_blocks()) {
        const auto* n = layout.node(rule.router.value);
        if (!rule.enabled || n == nullptr) continue;
        const std::string text = fmt::format("{} blocks port {}", icons::ban, rule.port);
        const ImVec2 p = at(o, n->centre);
        dl->AddText(ImVec2(p.x + layout.node_size * 0.36f, p.y - layout.node_size * 0.5f + dy), u32(t.fail), text.c_str());
        dy += ImGui::GetFontSize();
    }
}

// Where a flight is drawn at `now`, if anywhere: moving packets on their route, drop marks where
// they stopped, timeouts at the client that gave up.
std::optional<Vec2> flight_position(const TopologyCache& c, const topo::TopologyLayout& layout,
                                    const Flight& f, topo::TimeUs now) {
    const topo::Route& route = c.flights.routes()[f.route];
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

void collect_packets(TopologyCache& c, const topo::TopologyLayout& layout, topo::TimeUs now) {
    c.points.clear();
    c.point_flight.clear();
    for (const std::size_t i : c.active) {
        const auto p = flight_position(c, layout, c.flights.flights()[i], now);
        // Culled: only what is inside the panel is drawn.
        if (!p || p->x < 0 || p->y < 0 || p->x > layout.width || p->y > layout.height) continue;
        c.points.push_back(*p);
        c.point_flight.push_back(i);
    }
}

bool is_mark(const Flight& f, topo::TimeUs now) {
    return f.mark == FlightMark::timed_out || ((f.mark == FlightMark::blocked || f.mark == FlightMark::lost) && now >= f.t1);
}

// The flight a group shows: a drop or timeout mark first (they must not hide under a badge).
std::size_t representative(const TopologyCache& c, const std::vector<std::size_t>& group, topo::TimeUs now) {
    for (const std::size_t p : group) {
        if (is_mark(c.flights.flights()[c.point_flight[p]], now)) return p;
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
    dl->AddText(font, px, ImVec2(p.x - size.x * 0.5f, p.y - size.y * 0.5f), u32(t.fail), icons::ban);
    const char* what = f.mark == FlightMark::blocked ? "blocked" : f.mark == FlightMark::lost ? "lost" : "timed out";
    const std::string text = fmt::format("{} :{}", what, f.port);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    dl->AddText(ImVec2(p.x - ts.x * 0.5f, p.y + size.y * 0.5f), u32(t.fail), text.c_str());
}

struct Hover {
    std::optional<std::uint64_t> entry;
    std::size_t more = 0;
};

Hover draw_packets(TopologyCache& c, const topo::TopologyLayout& layout, ImVec2 o, const ViewContext& ctx,
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
        const std::size_t rep = representative(c, g, now);
        const Flight& f = c.flights.flights()[c.point_flight[rep]];
        const ImVec2 p = at(o, c.points[rep]);
        if (is_mark(f, now)) {
            draw_mark(dl, p, f, t);
        } else {
            const Rgba colour = f.mark == FlightMark::refused ? t.fail : t.protocol(f.protocol);
            dl->AddCircleFilled(p, r, u32(colour), 12);
            if (labels && g.size() == 1) dl->AddText(ImVec2(p.x + r + 2, p.y - r * 2.2f), u32(t.text), packet_label(f).c_str());
        }
        if (ctx.views.ladder.selected_entry && *ctx.views.ladder.selected_entry == f.entry) {
            dl->AddCircle(p, r + 3, u32(t.accent), 16, 2.0f);
        }
        if (g.size() > 1) {
            const std::string n = std::to_string(g.size());
            const ImVec2 ts = ImGui::CalcTextSize(n.c_str());
            const ImVec2 b(p.x + r * 0.6f, p.y - r * 0.6f - ts.y);
            dl->AddRectFilled(ImVec2(b.x - 2, b.y), ImVec2(b.x + ts.x + 2, b.y + ts.y), u32(t.accent), 3.0f);
            dl->AddText(b, u32(Rgba::hex(0xffffff)), n.c_str());
        }
        const float dx = mouse.x - p.x, dy = mouse.y - p.y;
        if (hovered_area && dx * dx + dy * dy <= r * r * 4) hover = {f.entry, g.size() - 1};
    }
    return hover;
}

void draw_status(const ViewContext& ctx, const sim::World& world, topo::TimeUs now, std::size_t packets) {
    const auto& trace = world.trace();
    const topo::TimeUs origin = trace.size() > 0 ? trace[0].time_us : now;
    ImGui::TextColored(ImVec4(ctx.theme.text_dim.r, ctx.theme.text_dim.g, ctx.theme.text_dim.b, 1),
                       "t = +%.3f s   %zu packet%s in flight   (click a packet to inspect it)",
                       static_cast<double>(now - origin) / 1e6, packets, packets == 1 ? "" : "s");
}

void draw_legend(const Theme& t) {
    static constexpr const char* names[k_protocol_kind_count] = {"SMTP", "POP3", "IMAP", "Exchange", "DNS", "TCP/TLS"};
    for (std::size_t i = 0; i < k_protocol_kind_count; ++i) {
        if (i == 3) continue;  // Exchange arrives later
        if (i > 0) ImGui::SameLine();
        const Rgba c = t.protocols[i];
        ImGui::TextColored(ImVec4(c.r, c.g, c.b, 1), "%s %s", icons::circle, names[i]);
    }
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(t.text_dim.r, t.text_dim.g, t.text_dim.b, 1), "  %s TLS   ", icons::lock);
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(t.fail.r, t.fail.g, t.fail.b, 1), "%s blocked / refused", icons::ban);
}

TopologyCache& synced(const sim::World& world, std::uint64_t generation) {
    TopologyCache& c = cache();
    refresh_hosts(c, world, generation);
    c.flights.sync(world, generation);
    return c;
}

}  // namespace

bool topology_packets_in_flight(const sim::World& world, std::uint64_t generation, std::int64_t now_us) {
    TopologyCache& c = synced(world, generation);
    c.active.clear();
    c.flights.active(now_us, c.active);
    for (const std::size_t i : c.active) {
        if (c.flights.flights()[i].mark == FlightMark::none || now_us <= c.flights.flights()[i].t1) return true;
    }
    return false;
}

void draw_topology(ViewContext& ctx) {
    if (ctx.world == nullptr) return;
    const sim::World& world = *ctx.world;
    TopologyCache& c = synced(world, ctx.views.world_generation);
    const topo::TimeUs now = timeline::display_time(ctx.views.timeline.playhead_us, world);
    c.active.clear();
    c.flights.active(now, c.active);
    draw_status(ctx, world, now, c.active.size());
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float legend_h = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 size(std::max(1.0f, avail.x), std::max(1.0f, avail.y - legend_h));
    ImGui::InvisibleButton("##topology", size);
    const auto& layout = c.layout.get(c.inputs, size.x, size.y, ImGui::GetFontSize());
    draw_links(world, layout, o, ctx.theme);
    draw_selected_route(c, world, layout, o, ctx);
    draw_nodes(c, world, layout, o, ctx);
    draw_port_blocks(world, layout, o, ctx.theme);
    collect_packets(c, layout, now);
    const Hover hover = draw_packets(c, layout, o, ctx, now);
    if (hover.entry) {
        const auto& e = world.trace()[*hover.entry];
        if (hover.more > 0) {
            ImGui::SetTooltip("%s\n(+%zu more here)", e.summary.c_str(), hover.more);
        } else {
            ImGui::SetTooltip("%s", e.summary.c_str());
        }
        if (ImGui::IsItemClicked()) ctx.views.ladder.selected_entry = static_cast<std::size_t>(*hover.entry);
    }
    draw_legend(ctx.theme);
}

}  // namespace postlab::ui
