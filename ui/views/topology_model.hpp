// What the topology view draws, computed without ImGui (DESIGN.md §4): a deterministic layout of
// the hosts (devices left, ISP router and DNS in the middle, servers right), the packets in flight
// from the trace (RFC 9293 segments, RFC 1035 DNS messages) with their position at a given time,
// the aggregation of overlapping packets into one badge with a count, the zoom/pan transform and
// which devices carry a "crashed" mark (local data lost: RFC 1939 §1, RFC 9051 Abstract).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/in_flight.hpp"
#include "ui/layout.hpp"
#include "ui/theme.hpp"

namespace postlab::sim {
class World;
struct TraceEntry;
}  // namespace postlab::sim

namespace postlab::ui::topo {

using TimeUs = std::int64_t;

struct Vec2 {
    float x = 0, y = 0;
};

enum class NodeKind { device, router, dns, server };

struct NodeInput {
    std::uint32_t host = 0;  // HostId value
    NodeKind kind = NodeKind::device;
};

struct Node {
    std::uint32_t host = 0;
    NodeKind kind = NodeKind::device;
    Vec2 centre;       // relative to the region's top-left corner
    float cell_w = 0;  // the width of the grid cell it sits in: how wide its label may be
};

// With a label, a node's square holds the icon box (k_label_box_share of the square's side,
// lifted by k_label_lift of half the side) and under it one line of label text at
// k_small_text_share of the font (topology_view.cpp draws exactly this).
inline constexpr float k_label_box_share = 0.62f;
inline constexpr float k_label_lift = 0.3f;
// The node size whose square holds the icon box and the label line: from it on, labels stay
// inside their own square, so they never reach another node (squares never overlap).
float label_node_size(float font_px);
// A node of `node_size` (on screen) has room for its label; also used after zooming.
bool labels_fit(float node_size, float label_node_size);

struct TopologyLayout {
    std::vector<Node> nodes;     // in input order
    std::vector<int> node_of_host;  // HostId value -> index into nodes, -1 when absent
    float node_size = 0;         // the square each node's icon fits in; nodes never overlap
    float label_node_size = 0;   // label_node_size(font_px): from it on a label fits under the icon
    bool room_for_labels = false;
    float width = 0, height = 0;

    const Node* node(std::uint32_t host) const {
        return host < node_of_host.size() && node_of_host[host] >= 0
                   ? &nodes[static_cast<std::size_t>(node_of_host[host])]
                   : nullptr;
    }
};

// The world's hosts in id order.
std::vector<NodeInput> node_inputs(const sim::World& world);

// Deterministic: the same hosts and size give the same layout. Every node square lies inside
// [0, width] x [0, height] and no two squares overlap (crowded columns become grids of smaller
// nodes). font_px sizes nodes (4 fonts preferred) and decides whether labels fit: they stay on
// while nodes shrink down to label_node_size (icons shrink, labels use the small text).
TopologyLayout compute_topology_layout(const std::vector<NodeInput>& hosts, float width,
                                       float height, float font_px);

// Recomputes only when the host set, the region size or the font changes.
class LayoutCache {
public:
    const TopologyLayout& get(const std::vector<NodeInput>& hosts, float width, float height,
                              float font_px);
    int computations() const { return m_computations; }

private:
    std::uint64_t m_key = 0;
    bool m_valid = false;
    int m_computations = 0;
    TopologyLayout m_layout;
};

// The zoom and pan of the topology view: screen = offset + layout * scale, in pixels relative to
// the region's top-left corner. scale 1 with offset 0 is the fitted view (the whole layout fills
// the region); the pan is clamped so the drawing always covers the region and cannot be lost.
inline constexpr float k_zoom_min = 1.0f;
inline constexpr float k_zoom_max = 8.0f;

struct ViewTransform {
    float scale = 1.0f;
    Vec2 offset;
};

struct VisibleRect {
    Vec2 min, max;  // layout coordinates
};

Vec2 to_screen(const ViewTransform& t, Vec2 layout_point);
Vec2 to_layout(const ViewTransform& t, Vec2 screen_point);
bool is_fitted(const ViewTransform& t);
// Scale within [k_zoom_min, k_zoom_max] and an offset that keeps the region covered.
ViewTransform clamp_transform(ViewTransform t, Vec2 region);
// Zooms by `factor` around `screen_point`: the layout point under it stays under it (unless the
// pan clamp must move the drawing back to cover the region, which only happens when zooming out).
ViewTransform zoom_at(const ViewTransform& t, Vec2 screen_point, float factor, Vec2 region);
ViewTransform pan_by(const ViewTransform& t, Vec2 delta, Vec2 region);
// The part of the layout the region shows.
VisibleRect visible_rect(const ViewTransform& t, Vec2 region);
// Culling on the on-screen layout (transform_layout): whether a point, with margins for what is
// drawn around it, or a segment's bounding box meets the region [0, width] x [0, height].
bool on_screen(const TopologyLayout& screen, Vec2 p, float margin_x, float margin_y);
bool segment_on_screen(const TopologyLayout& screen, Vec2 a, Vec2 b);
// The layout as it appears on screen: centres, node size and cell widths transformed, width and
// height the region's (so [0, width] x [0, height] is what is visible), and room_for_labels
// decided by the on-screen node size. `out` is reused to avoid allocating every frame.
void transform_layout(const TopologyLayout& layout, const ViewTransform& t, TopologyLayout& out);

// A packet's route with the share of the travel time at which each host is reached.
using Route = sim::FlightRoute;

// Where a packet is at time `now` on `route` (sent at t0, arriving at t1), stopping at
// `stop_fraction` of the way (a dropped packet); nullopt when it is not in flight at `now`.
// `inset` pixels are kept free at both ends of every link, so packets leave and reach a host's
// border instead of covering its icon.
std::optional<Vec2> position_on_route(const Route& route, const TopologyLayout& layout, TimeUs t0,
                                      TimeUs t1, TimeUs now, float stop_fraction = 1.0f,
                                      float inset = 0.0f);

using FlightMark = sim::FlightMark;

// A packet as the topology view draws it: where and when it travels (sim/in_flight.hpp), and
// what a trainer reads on it.
struct Flight : sim::Flight {
    ProtocolKind protocol = ProtocolKind::tcp_tls;
    std::uint16_t port = 0;   // the server's port: what a trainer talks about
};

using sim::k_mark_linger_us;

ProtocolKind protocol_kind(ProtocolId protocol);  // its descriptor's colour

// The packets of a world's trace (sim::FlightIndex: incremental, truncated by a step back,
// time-ordered), each with the protocol and port it is drawn with, kept one for one with it.
class FlightIndex {
public:
    void sync(const sim::World& world, std::uint64_t generation);
    const std::vector<Flight>& flights() const { return m_flights; }
    const std::vector<Route>& routes() const { return m_packets.routes(); }
    // Flights in the air at `now`, and marks still lingering; appends indexes into flights().
    void active(TimeUs now, std::vector<std::size_t>& out) const { m_packets.active(now, out); }
    // Whether a packet is still on its way at `now` (lingering marks do not count).
    bool moving(TimeUs now) const { return m_packets.moving(now); }
    // The route between two hosts (computed on first use); nullopt when unreachable.
    std::optional<std::uint32_t> route_between(const sim::World& world, std::uint32_t from,
                                               std::uint32_t to);

private:
    void add_entry(const sim::World& world, const sim::Flight& packet);

    sim::FlightIndex m_packets;
    std::uint64_t m_generation = ~0ull;
    std::vector<Flight> m_flights;  // m_packets.flights() with protocol and port
};

// Overlapping packets become one badge: positions closer than `cell` share a group. Returns,
// for each group, the indexes (into `points`) it holds, first the one drawn.
std::vector<std::vector<std::size_t>> group_overlapping(const std::vector<Vec2>& points, float cell);

// A device whose mail app crashed and lost its local data (sim CrashDevice: a trace note from the
// device with explain_key "device.crash"). The crash is an instant; the mark stays while it is
// fresh (k_crash_mark_us of simulated time) or while nothing has involved the device since (no
// later trace entry from or to it after the crash's instant), so an idle device keeps it.
inline constexpr TimeUs k_crash_mark_us = 30'000'000;

struct CrashMark {
    std::uint32_t host = 0;     // HostId value of the device
    std::uint64_t entry = 0;    // the crash's trace index: what a click on the mark selects
    TimeUs time_us = 0;
};

// The crashes of a world's trace, built incrementally like FlightIndex.
class CrashIndex {
public:
    void sync(const sim::World& world, std::uint64_t generation);
    // The devices marked when the trace holds its first `position` entries and the time is `now`:
    // per device its latest crash before `position` if it is at most `window_us` old or no entry
    // after its instant (and before `position`) involves the device. Ordered by host.
    std::vector<CrashMark> marked(std::size_t position, TimeUs now, TimeUs window_us = k_crash_mark_us) const;

private:
    struct Crash {
        CrashMark mark;
        std::uint64_t next_activity = ~0ull;  // the first entry from or to the device after the crash's instant
    };
    void add_entry(const sim::TraceEntry& entry);

    std::uint64_t m_generation = ~0ull;
    std::size_t m_synced = 0;
    std::vector<Crash> m_crashes;                 // trace order
    std::vector<std::size_t> m_open;              // indexes into m_crashes still without next_activity
};

// Convenience for one-off questions (tests, tools): the devices marked at the world's current
// position and `now`.
std::vector<CrashMark> crashed_devices(const sim::World& world, TimeUs now, TimeUs window_us = k_crash_mark_us);

bool is_crash_entry(const sim::TraceEntry& entry);

}  // namespace postlab::ui::topo
