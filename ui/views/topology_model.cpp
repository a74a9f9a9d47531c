// Topology layout, packet positions along their routes, overlap grouping, zoom/pan, crash marks;
// see topology_model.hpp. Which packets there are, their routes and where drops stop come from
// sim/in_flight.hpp; this file adds the protocol colour and port a trainer reads on each.
#include "ui/views/topology_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "protocols/registry.hpp"
#include "sim/world.hpp"

namespace postlab::ui::topo {
namespace {

// Which of the three columns a host goes into: devices left, the ISP in the middle, servers right.
int column_of(NodeKind kind) {
    switch (kind) {
        case NodeKind::device: return 0;
        case NodeKind::router:
        case NodeKind::dns: return 1;
        case NodeKind::server: return 2;
    }
    return 1;
}

struct Grid {
    int cols = 1, rows = 1;
    float cell_w = 0, cell_h = 0;
};

// The fewest sub-columns whose rows are tall enough for a labelled node (or as tall as the cells
// are wide, when nodes must shrink): a column of a few hosts stays one column, since a second
// sub-column puts hosts on the links of their neighbours.
Grid grid_for(std::size_t count, float band_w, float height, float row_h) {
    Grid g;
    const int n = static_cast<int>(std::max<std::size_t>(count, 1));
    for (g.cols = 1; g.cols < n; ++g.cols) {
        g.rows = (n + g.cols - 1) / g.cols;
        const float wanted = std::min(band_w / static_cast<float>(g.cols), row_h);
        if (height / static_cast<float>(g.rows) >= wanted) break;
    }
    g.rows = (n + g.cols - 1) / g.cols;
    g.cell_w = band_w / static_cast<float>(g.cols);
    g.cell_h = height / static_cast<float>(g.rows);
    return g;
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

NodeKind node_kind(sim::HostKind kind) {
    switch (kind) {
        case sim::HostKind::device: return NodeKind::device;
        case sim::HostKind::router: return NodeKind::router;
        case sim::HostKind::dns: return NodeKind::dns;
        case sim::HostKind::server: return NodeKind::server;
    }
    return NodeKind::device;
}

}  // namespace

// Under the icon box (its bottom at half * (share - lift) below the centre) a 2 px gap and one
// line of small text must end inside the square: half * (1 - share + lift) >= 2 + small text.
float label_node_size(float font_px) {
    const float below_box = 1.0f - k_label_box_share + k_label_lift;
    return 2.0f * (2.0f + font_px * k_small_text_share) / below_box;
}

bool labels_fit(float node_size, float label_node) { return node_size >= label_node * 0.99f; }

std::vector<NodeInput> node_inputs(const sim::World& world) {
    std::vector<NodeInput> out;
    out.reserve(world.network().hosts().size());
    for (const auto& h : world.network().hosts()) out.push_back({h.id.value, node_kind(h.kind)});
    return out;
}

TopologyLayout compute_topology_layout(const std::vector<NodeInput>& hosts, float width,
                                       float height, float font_px) {
    TopologyLayout out;
    out.width = std::max(0.0f, width);
    out.height = std::max(0.0f, height);
    std::uint32_t max_host = 0;
    for (const auto& h : hosts) max_host = std::max(max_host, h.host + 1);
    out.node_of_host.assign(max_host, -1);
    std::array<std::vector<std::size_t>, 3> columns;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        columns[static_cast<std::size_t>(column_of(hosts[i].kind))].push_back(i);
    }
    const float band_w = out.width / 3.0f;
    const float preferred = font_px * 4.0f;  // an icon with its label under it
    // A node takes 0.8 of its cell: rows this tall keep nodes big enough for labels.
    const float row_for_labels = label_node_size(font_px) / 0.8f;
    float node = preferred;
    std::array<Grid, 3> grids;
    for (std::size_t c = 0; c < 3; ++c) {
        grids[c] = grid_for(columns[c].size(), band_w, out.height, row_for_labels);
        if (!columns[c].empty()) node = std::min({node, grids[c].cell_w * 0.8f, grids[c].cell_h * 0.8f});
    }
    out.node_size = std::max(0.0f, node);
    out.label_node_size = label_node_size(font_px);
    out.room_for_labels = labels_fit(out.node_size, out.label_node_size);
    out.nodes.resize(hosts.size());
    for (std::size_t c = 0; c < 3; ++c) {
        const Grid& g = grids[c];
        for (std::size_t k = 0; k < columns[c].size(); ++k) {
            const std::size_t i = columns[c][k];
            // In two sub-columns the 1st, 3rd, ... host goes next to the middle column and the
            // others outside: an outer host's link then passes between two inner ones.
            const bool inner = k % 2 == 0;
            const int col = g.cols != 2 ? static_cast<int>(k) % g.cols : (inner == (c == 0) ? 1 : 0);
            const int row = static_cast<int>(k) / g.cols;
            Node& n = out.nodes[i];
            n.host = hosts[i].host;
            n.kind = hosts[i].kind;
            // ... and every host gets a height of its own (a zig-zag from top to bottom), so no
            // link runs through a neighbour. Hosts of one sub-column stay 2 steps apart, at least
            // a node (node <= 0.8 h / rows); more sub-columns keep a plain grid.
            const float step = columns[c].size() > 1
                                   ? (out.height - out.node_size) / static_cast<float>(columns[c].size() - 1)
                                   : 0.0f;
            const float y = g.cols == 2 ? out.node_size * 0.5f + step * static_cast<float>(k)
                                        : g.cell_h * (static_cast<float>(row) + 0.5f);
            n.centre = {band_w * static_cast<float>(c) + g.cell_w * (static_cast<float>(col) + 0.5f), y};
            n.cell_w = g.cell_w;
            out.node_of_host[hosts[i].host] = static_cast<int>(i);
        }
    }
    return out;
}

const TopologyLayout& LayoutCache::get(const std::vector<NodeInput>& hosts, float width,
                                       float height, float font_px) {
    std::uint64_t key = mix(0, hosts.size());
    for (const auto& h : hosts) key = mix(key, (std::uint64_t{h.host} << 8) | static_cast<std::uint64_t>(h.kind));
    key = mix(key, static_cast<std::uint64_t>(std::lround(width)));
    key = mix(key, static_cast<std::uint64_t>(std::lround(height)));
    key = mix(key, static_cast<std::uint64_t>(std::lround(font_px * 16)));
    if (!m_valid || key != m_key) {
        m_layout = compute_topology_layout(hosts, width, height, font_px);
        m_key = key;
        m_valid = true;
        ++m_computations;
    }
    return m_layout;
}

Vec2 to_screen(const ViewTransform& t, Vec2 p) {
    return {t.offset.x + p.x * t.scale, t.offset.y + p.y * t.scale};
}

Vec2 to_layout(const ViewTransform& t, Vec2 p) {
    const float s = std::max(t.scale, k_zoom_min);
    return {(p.x - t.offset.x) / s, (p.y - t.offset.y) / s};
}

bool is_fitted(const ViewTransform& t) {
    return t.scale <= k_zoom_min && t.offset.x == 0.0f && t.offset.y == 0.0f;
}

ViewTransform clamp_transform(ViewTransform t, Vec2 region) {
    // NaN fails every comparison: it becomes the fitted value instead of spreading.
    if (!(t.scale >= k_zoom_min)) t.scale = k_zoom_min;
    t.scale = std::min(t.scale, k_zoom_max);
    // Rounding after a zoom in and out again must still give back the exact fitted view.
    if (t.scale - k_zoom_min < 1e-3f) t.scale = k_zoom_min;
    // The drawing is region * scale big; its edges may not come inside the region's edges.
    const float min_x = std::min(0.0f, region.x - region.x * t.scale);
    const float min_y = std::min(0.0f, region.y - region.y * t.scale);
    t.offset.x = t.offset.x >= min_x ? std::min(t.offset.x, 0.0f) : min_x;
    t.offset.y = t.offset.y >= min_y ? std::min(t.offset.y, 0.0f) : min_y;
    return t;
}

ViewTransform zoom_at(const ViewTransform& t, Vec2 p, float factor, Vec2 region) {
    const ViewTransform from = clamp_transform(t, region);
    if (!(factor > 0.0f) || !std::isfinite(factor)) return from;
    const float scale = std::clamp(from.scale * factor, k_zoom_min, k_zoom_max);
    const float k = scale / from.scale;
    // Keep the layout point under p where it is: p = offset + q * scale before and after.
    ViewTransform out{scale, {p.x - (p.x - from.offset.x) * k, p.y - (p.y - from.offset.y) * k}};
    return clamp_transform(out, region);
}

ViewTransform pan_by(const ViewTransform& t, Vec2 delta, Vec2 region) {
    ViewTransform out = t;
    out.offset.x += std::isfinite(delta.x) ? delta.x : 0.0f;
    out.offset.y += std::isfinite(delta.y) ? delta.y : 0.0f;
    return clamp_transform(out, region);
}

VisibleRect visible_rect(const ViewTransform& t, Vec2 region) {
    return {to_layout(t, {0, 0}), to_layout(t, region)};
}

bool on_screen(const TopologyLayout& l, Vec2 p, float margin_x, float margin_y) {
    return p.x >= -margin_x && p.y >= -margin_y && p.x <= l.width + margin_x && p.y <= l.height + margin_y;
}

bool segment_on_screen(const TopologyLayout& l, Vec2 a, Vec2 b) {
    return std::max(a.x, b.x) >= 0 && std::max(a.y, b.y) >= 0 && std::min(a.x, b.x) <= l.width &&
           std::min(a.y, b.y) <= l.height;
}

void transform_layout(const TopologyLayout& layout, const ViewTransform& t, TopologyLayout& out) {
    out.nodes.assign(layout.nodes.begin(), layout.nodes.end());
    out.node_of_host.assign(layout.node_of_host.begin(), layout.node_of_host.end());
    for (auto& n : out.nodes) {
        n.centre = to_screen(t, n.centre);
        n.cell_w *= t.scale;
    }
    out.node_size = layout.node_size * t.scale;
    out.label_node_size = layout.label_node_size;
    // The same rule as the layout's, applied to what the trainer sees.
    out.room_for_labels = labels_fit(out.node_size, layout.label_node_size);
    out.width = layout.width;
    out.height = layout.height;
}

std::optional<Vec2> position_on_route(const Route& route, const TopologyLayout& layout, TimeUs t0,
                                      TimeUs t1, TimeUs now, float stop_fraction, float inset) {
    if (now < t0 || now > t1 || route.hosts.size() < 2) return std::nullopt;
    const float travelled = t1 > t0 ? static_cast<float>(now - t0) / static_cast<float>(t1 - t0) : 1.0f;
    const float p = std::clamp(travelled, 0.0f, 1.0f) * std::clamp(stop_fraction, 0.0f, 1.0f);
    for (std::size_t i = 1; i < route.hosts.size(); ++i) {
        const float a = route.arrival_fraction[i - 1];
        const float b = route.arrival_fraction[i];
        if (p > b && i + 1 < route.hosts.size()) continue;
        const Node* from = layout.node(route.hosts[i - 1]);
        const Node* to = layout.node(route.hosts[i]);
        if (from == nullptr || to == nullptr) return std::nullopt;
        const float f = b > a ? std::clamp((p - a) / (b - a), 0.0f, 1.0f) : 1.0f;
        const float dx = to->centre.x - from->centre.x, dy = to->centre.y - from->centre.y;
        const float len = std::sqrt(dx * dx + dy * dy);
        const float cut = len > 0 ? std::min(inset, len * 0.45f) / len : 0.0f;
        const float g = cut + f * (1.0f - 2.0f * cut);
        return Vec2{from->centre.x + dx * g, from->centre.y + dy * g};
    }
    return std::nullopt;
}

ProtocolKind protocol_kind(ProtocolId protocol) { return descriptor(protocol).colour; }

std::optional<std::uint32_t> FlightIndex::route_between(const sim::World& world, std::uint32_t from,
                                                        std::uint32_t to) {
    return m_packets.route_between(world, from, to);
}

void FlightIndex::add_entry(const sim::World& world, const sim::Flight& packet) {
    using sim::TraceKind;
    const sim::TraceEntry& e = world.trace()[packet.entry];
    const bool dns = e.kind == TraceKind::dns_query || e.kind == TraceKind::dns_response;
    Flight f;
    static_cast<sim::Flight&>(f) = packet;
    if (dns) {
        f.protocol = ProtocolKind::dns;
        f.port = 53;
    } else if (e.conn.valid() && e.conn.value < world.connections().size()) {
        const auto& c = world.connection(e.conn);
        // Handshakes, bare ACKs and FINs are transport; payload carries the application's bytes.
        f.protocol = e.kind == TraceKind::tcp_data ? protocol_kind(c.protocol) : ProtocolKind::tcp_tls;
        f.port = c.end(sim::Side::server).port;
    }
    m_flights.push_back(f);
}

void FlightIndex::sync(const sim::World& world, std::uint64_t generation) {
    if (generation != m_generation) {
        m_flights.clear();
        m_generation = generation;
    }
    m_packets.sync(world, generation);
    const auto& packets = m_packets.flights();
    // A step back dropped the latest packets; the ones before are the same (the world is
    // deterministic).
    if (m_flights.size() > packets.size()) m_flights.resize(packets.size());
    for (std::size_t i = m_flights.size(); i < packets.size(); ++i) add_entry(world, packets[i]);
}

std::vector<std::vector<std::size_t>> group_overlapping(const std::vector<Vec2>& points, float cell) {
    std::vector<std::vector<std::size_t>> groups;
    if (points.empty()) return groups;
    const float size = std::max(cell, 1.0f);
    std::vector<std::pair<std::uint64_t, std::size_t>> keyed;
    keyed.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto cx = static_cast<std::uint32_t>(static_cast<std::int32_t>(std::floor(points[i].x / size)));
        const auto cy = static_cast<std::uint32_t>(static_cast<std::int32_t>(std::floor(points[i].y / size)));
        keyed.emplace_back((std::uint64_t{cx} << 32) | cy, i);
    }
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t i = 0; i < keyed.size(); ++i) {
        if (i == 0 || keyed[i].first != keyed[i - 1].first) groups.emplace_back();
        groups.back().push_back(keyed[i].second);
    }
    return groups;
}

bool is_crash_entry(const sim::TraceEntry& e) {
    return e.kind == sim::TraceKind::note && e.explain_key == "device.crash" && e.from.valid();
}

void CrashIndex::add_entry(const sim::TraceEntry& e) {
    // Anything from or to a crashed device after its crash: it is no longer "what happened last".
    // Entries of the crash's own instant are its consequences (the connections it reset) or
    // actions given with it; the fresh-mark window covers those.
    for (std::size_t k = 0; k < m_open.size();) {
        Crash& c = m_crashes[m_open[k]];
        const bool involved = (e.from.valid() && e.from.value == c.mark.host) || (e.to.valid() && e.to.value == c.mark.host);
        if (involved && e.time_us > c.mark.time_us) {
            c.next_activity = e.index;
            m_open.erase(m_open.begin() + static_cast<std::ptrdiff_t>(k));
        } else {
            ++k;
        }
    }
    if (!is_crash_entry(e)) return;
    m_crashes.push_back({{e.from.value, e.index, e.time_us}, ~0ull});
    m_open.push_back(m_crashes.size() - 1);
}

void CrashIndex::sync(const sim::World& world, std::uint64_t generation) {
    const auto& trace = world.trace();
    if (generation != m_generation) {
        *this = CrashIndex{};
        m_generation = generation;
    }
    if (trace.size() < m_synced) {
        // A step back: forget what lies beyond the shorter trace, reopen what it had closed.
        while (!m_crashes.empty() && m_crashes.back().mark.entry >= trace.size()) m_crashes.pop_back();
        m_open.clear();
        for (std::size_t i = 0; i < m_crashes.size(); ++i) {
            if (m_crashes[i].next_activity >= trace.size()) {
                m_crashes[i].next_activity = ~0ull;
                m_open.push_back(i);
            }
        }
        m_synced = trace.size();
    }
    for (; m_synced < trace.size(); ++m_synced) add_entry(trace[m_synced]);
}

std::vector<CrashMark> CrashIndex::marked(std::size_t position, TimeUs now, TimeUs window_us) const {
    std::vector<CrashMark> out;
    std::vector<std::uint32_t> seen;  // hosts whose latest crash was looked at (crashes are few)
    for (auto it = m_crashes.rbegin(); it != m_crashes.rend(); ++it) {
        const CrashMark& m = it->mark;
        if (m.entry >= position || m.time_us > now) continue;
        if (std::find(seen.begin(), seen.end(), m.host) != seen.end()) continue;
        seen.push_back(m.host);
        const bool fresh = now - m.time_us <= window_us;
        const bool last_thing = it->next_activity >= position;
        if (fresh || last_thing) out.push_back(m);
    }
    std::sort(out.begin(), out.end(), [](const CrashMark& a, const CrashMark& b) { return a.host < b.host; });
    return out;
}

std::vector<CrashMark> crashed_devices(const sim::World& world, TimeUs now, TimeUs window_us) {
    CrashIndex index;
    index.sync(world, 0);
    return index.marked(world.trace().size(), now, window_us);
}

}  // namespace postlab::ui::topo
