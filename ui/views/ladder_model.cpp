// Ladder rows, lifelines, filters and geometry; see ladder_model.hpp. Collapsing follows the
// handshakes' shapes: SYN, SYN-ACK, ACK (RFC 9293 §3.5) and ClientHello, the server's flight,
// the client's Finished (RFC 8446 §2).
#include "ui/views/ladder_model.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <tuple>
#include <unordered_map>

#include "sim/world.hpp"
#include "ui/views/topology_model.hpp"

namespace postlab::ui::ladder {
namespace {

int order_of(sim::HostKind kind) {
    switch (kind) {
        case sim::HostKind::device: return 0;
        case sim::HostKind::router:
        case sim::HostKind::dns: return 1;
        case sim::HostKind::server: return 2;
    }
    return 1;
}

bool is_dns(const sim::TraceEntry& e) {
    return e.kind == sim::TraceKind::dns_query || e.kind == sim::TraceKind::dns_response;
}

// Rows without an arrow: they happen at one place (or nowhere), not between two endpoints.
bool is_note_kind(sim::TraceKind kind) {
    using sim::TraceKind;
    return kind == TraceKind::connect || kind == TraceKind::app_event || kind == TraceKind::fault ||
           kind == TraceKind::note || kind == TraceKind::tcp_timeout;
}

}  // namespace

bool passes(const sim::World& world, const sim::TraceEntry& e, const Options& o) {
    if (o.device_filter) {
        const std::uint32_t h = *o.device_filter;
        if (!(e.from.valid() && e.from.value == h) && !(e.to.valid() && e.to.value == h)) return false;
    }
    std::optional<ProtocolKind> kind;
    if (is_dns(e) || e.protocol == ProtocolId::dns) {
        kind = ProtocolKind::dns;
    } else if (e.conn.valid() && e.conn.value < world.connections().size()) {
        kind = topo::protocol_kind(world.connection(e.conn).protocol);
    }
    return !kind || (o.protocol_mask >> static_cast<unsigned>(*kind) & 1u) != 0;
}

void LadderModel::reset() {
    m_synced = 0;
    m_rows.clear();
    m_lanes.clear();
    m_columns.clear();
    m_groups.clear();
    m_member_of_row.clear();
    m_lane_of_key.clear();
}

void LadderModel::sync(const sim::World& world, const Options& options, std::uint64_t generation) {
    const auto& trace = world.trace();
    if (!(options == m_options) || generation != m_generation || trace.size() < m_synced) {
        reset();
        m_options = options;
        m_generation = generation;
    }
    for (; m_synced < trace.size(); ++m_synced) add(world, trace[m_synced]);
}

std::uint16_t LadderModel::lane(const sim::World& world, std::uint32_t host, std::uint16_t port) {
    const std::uint64_t key = (std::uint64_t{host} << 16) | port;
    const auto it = std::lower_bound(m_lane_of_key.begin(), m_lane_of_key.end(),
                                     std::pair{key, std::uint16_t{0}});
    if (it != m_lane_of_key.end() && it->first == key) return it->second;
    if (m_lanes.size() >= k_no_lane) return k_no_lane;
    Lifeline l;
    l.host = host;
    l.port = port;
    const auto& hosts = world.network().hosts();
    const std::string name = host < hosts.size() ? hosts[host].name : fmt::format("host {}", host);
    l.order = host < hosts.size() ? order_of(hosts[host].kind) : 1;
    l.label = name;
    const auto id = static_cast<std::uint16_t>(m_lanes.size());
    m_lanes.push_back(std::move(l));
    m_lane_of_key.insert(it, {key, id});
    update_columns();
    return id;
}

// By kind (devices, routers and DNS, servers), then by the host's first lifeline, then by
// lifeline: a host's lifelines sit side by side so the header names the host once over them.
void LadderModel::update_columns() {
    std::unordered_map<std::uint32_t, std::size_t> first_of_host;
    for (std::size_t i = 0; i < m_lanes.size(); ++i) first_of_host.emplace(m_lanes[i].host, i);
    std::vector<std::size_t> by_order(m_lanes.size());
    for (std::size_t i = 0; i < by_order.size(); ++i) by_order[i] = i;
    std::sort(by_order.begin(), by_order.end(), [&](std::size_t a, std::size_t b) {
        const auto key = [&](std::size_t i) {
            return std::tuple{m_lanes[i].order, first_of_host.at(m_lanes[i].host), i};
        };
        return key(a) < key(b);
    });
    m_columns.assign(m_lanes.size(), 0);
    for (std::size_t c = 0; c < by_order.size(); ++c) m_columns[by_order[c]] = static_cast<int>(c);
}

bool LadderModel::absorb(const sim::TraceEntry& e) {
    using sim::TraceKind;
    if (!m_options.collapse_transport || !e.conn.valid()) return false;
    if (m_groups.size() <= e.conn.value) m_groups.resize(e.conn.value + 1);
    ConnGroups& g = m_groups[e.conn.value];
    const auto join = [this, &e](std::size_t row, bool counts) {
        if (counts) ++m_rows[row].count;
        m_member_of_row[row] = e.index;
        return true;
    };
    switch (e.kind) {
        case TraceKind::tcp_syn:
        case TraceKind::tcp_synack:
            return g.tcp_row && !g.tcp_done && join(*g.tcp_row, true);
        case TraceKind::tcp_ack:
            if (g.tcp_row && !g.tcp_done && m_rows[*g.tcp_row].count >= 2) {
                g.tcp_done = true;
                return join(*g.tcp_row, true);
            }
            return true;  // a bare ACK: hidden while transport is collapsed
        case TraceKind::tcp_data: return true;  // its bytes are the command/reply rows
        case TraceKind::app_event:
            // "TLS requested/established" repeat what the TLS handshake row shows.
            return e.explain_key == "event.tls_requested" || e.explain_key == "event.tls_established";
        case TraceKind::tls_server_flight:
        case TraceKind::tls_finished:
            return g.tls_row && !g.tls_done && join(*g.tls_row, true);
        case TraceKind::tls_established:
            if (!g.tls_row) return false;
            g.tls_done = true;
            return join(*g.tls_row, false);
        default: return false;
    }
}

void LadderModel::add(const sim::World& world, const sim::TraceEntry& e) {
    if (!passes(world, e, m_options)) return;
    if (absorb(e)) return;
    Row row;
    row.entry = e.index;
    if (m_options.collapse_transport && e.conn.valid()) {
        ConnGroups& g = m_groups[e.conn.value];
        if (e.kind == sim::TraceKind::tcp_syn) {
            row.kind = RowKind::tcp_handshake;
            g.tcp_row = m_rows.size();
        } else if (e.kind == sim::TraceKind::tls_client_hello && !g.tls_row) {
            row.kind = RowKind::tls_handshake;
            g.tls_row = m_rows.size();
        }
    }
    if (!is_note_kind(e.kind) && e.from.valid() && e.to.valid()) {
        std::uint32_t server_host = ~0u;
        std::uint16_t server_port = 53;
        if (e.conn.valid() && e.conn.value < world.connections().size()) {
            const auto& s = world.connection(e.conn).end(sim::Side::server);
            server_host = s.host.value;
            server_port = s.port;
        } else if (is_dns(e)) {
            server_host = e.kind == sim::TraceKind::dns_query ? e.to.value : e.from.value;
        }
        const auto lane_of = [&](sim::HostId h, std::uint16_t port) {
            const bool server = h.value == server_host && port == server_port;
            return lane(world, h.value, server ? port : std::uint16_t{0});
        };
        row.from_lane = lane_of(e.from, e.from_port);
        row.to_lane = lane_of(e.to, e.to_port);
    }
    m_rows.push_back(row);
    m_member_of_row.push_back(e.index);
}

std::optional<std::size_t> LadderModel::row_at_or_before(std::uint64_t entry) const {
    const auto it = std::upper_bound(m_rows.begin(), m_rows.end(), entry,
                                     [](std::uint64_t v, const Row& r) { return v < r.entry; });
    if (it == m_rows.begin()) return std::nullopt;
    return static_cast<std::size_t>(it - m_rows.begin()) - 1;
}

std::optional<std::size_t> LadderModel::row_of_entry(std::uint64_t entry) const {
    const auto row = row_at_or_before(entry);
    if (!row) return std::nullopt;
    if (m_rows[*row].entry == entry) return row;
    // Inside a collapsed row's span: look back a little for the group that holds it.
    for (std::size_t i = *row + 1, n = 0; i-- > 0 && n < 64; ++n) {
        if (m_rows[i].kind != RowKind::entry && m_member_of_row[i] >= entry) return i;
    }
    return std::nullopt;
}

// A collapsed handshake row ending at or after `entry`, of the entry's own connection, among the
// rows just before it (a handshake spans a few round trips, so a short look back suffices).
std::optional<std::size_t> LadderModel::collapsed_row_of(const sim::World& world, std::uint64_t entry) const {
    const auto at = row_at_or_before(entry);
    if (!at) return std::nullopt;
    const auto& trace = world.trace();
    const sim::ConnId conn = trace[entry].conn;
    if (!conn.valid()) return std::nullopt;
    for (std::size_t i = *at + 1, n = 0; i-- > 0 && n < 64; ++n) {
        if (m_rows[i].kind == RowKind::entry || m_member_of_row[i] < entry) continue;
        if (trace[m_rows[i].entry].conn == conn) return i;
    }
    return std::nullopt;
}

// The row closest in trace order to a hidden entry; on a tie the earlier one.
SelectionRow LadderModel::nearest_row(std::uint64_t entry) const {
    const auto before = row_at_or_before(entry);
    if (!before) return {0, true, false};
    const std::size_t after = *before + 1;
    const std::uint64_t last_member = std::max(m_rows[*before].entry, m_member_of_row[*before]);
    if (after >= m_rows.size()) return {*before, true, true};
    const std::uint64_t to_before = entry > last_member ? entry - last_member : 0;
    const std::uint64_t to_after = m_rows[after].entry - entry;
    if (to_after < to_before) return {after, true, false};
    return {*before, true, true};
}

std::optional<SelectionRow> LadderModel::locate(const sim::World& world, std::uint64_t entry) const {
    if (m_rows.empty() || entry >= m_synced || entry >= world.trace().size()) return std::nullopt;
    const auto at = row_at_or_before(entry);
    if (at && m_rows[*at].entry == entry) return SelectionRow{*at, false, false};
    if (const auto collapsed = collapsed_row_of(world, entry)) return SelectionRow{*collapsed, false, false};
    return nearest_row(entry);
}

std::string row_label(const Row& row, const sim::TraceEntry& first) {
    switch (row.kind) {
        case RowKind::tcp_handshake:
            if (row.count == 3) return "TCP handshake (SYN, SYN-ACK, ACK)";
            return fmt::format("TCP handshake ({} segment{})", row.count, row.count == 1 ? "" : "s");
        case RowKind::tls_handshake:
            return fmt::format("TLS handshake ({} flight{})", row.count, row.count == 1 ? "" : "s");
        case RowKind::entry: break;
    }
    // A FIN's summary is only numbers: say what it means (RFC 9293 §3.6).
    if (first.kind == sim::TraceKind::tcp_fin) return "FIN: no more data from this side  " + first.summary;
    if (first.kind == sim::TraceKind::tcp_rst) return "RST: connection refused or reset  " + first.summary;
    return first.summary;
}

RowRange visible_rows(float scroll_y, float view_h, float row_h, std::size_t row_count) {
    if (row_h <= 0 || row_count == 0 || view_h <= 0) return {};
    const double first = std::floor(std::max(0.0f, scroll_y) / row_h);
    const double last = std::ceil((std::max(0.0f, scroll_y) + view_h) / row_h);
    const auto clamp = [row_count](double v) {
        return static_cast<std::size_t>(std::clamp(v, 0.0, static_cast<double>(row_count)));
    };
    return {clamp(first), clamp(last)};
}

float scroll_to_show(std::size_t row, float scroll_y, float view_h, float row_h, std::size_t row_count) {
    if (row_h <= 0 || view_h <= 0) return std::max(0.0f, scroll_y);
    const float max_scroll = std::max(0.0f, static_cast<float>(row_count) * row_h - view_h);
    const float top = static_cast<float>(row) * row_h;
    const float bottom = top + row_h;
    float target = scroll_y;
    if (top >= scroll_y && bottom <= scroll_y + view_h) {
        target = scroll_y;  // wholly visible: stay
    } else if (row_h <= view_h && bottom > scroll_y && top < scroll_y + view_h) {
        target = top < scroll_y ? top : bottom - view_h;  // partly visible: the smallest move
    } else {
        target = top + row_h * 0.5f - view_h * 0.5f;  // off screen: centred
    }
    return std::clamp(target, 0.0f, max_scroll);
}

float lane_x(int column, int column_count, float x0, float width) {
    if (column_count <= 0) return x0;
    return x0 + width * (static_cast<float>(column) + 0.5f) / static_cast<float>(column_count);
}

Arrow arrow_geometry(const Row& row, std::size_t row_index, const std::vector<int>& columns,
                     float x0, float width, float y0, float row_h) {
    Arrow a;
    a.y = y0 + row_h * (static_cast<float>(row_index) + 0.5f);
    const int count = static_cast<int>(columns.size());
    if (row.from_lane < columns.size()) a.x_from = lane_x(columns[row.from_lane], count, x0, width);
    if (row.to_lane < columns.size()) a.x_to = lane_x(columns[row.to_lane], count, x0, width);
    return a;
}

// --- the lifeline header -------------------------------------------------------------------

namespace {

std::vector<std::string_view> split_labels(std::string_view name) {
    std::vector<std::string_view> out;
    for (std::size_t start = 0;;) {
        const std::size_t dot = name.find('.', start);
        out.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) return out;
        start = dot + 1;
    }
}

std::string join_labels(const std::vector<std::string_view>& labels, std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t i = first; i < last; ++i) {
        if (i > first) out += '.';
        out += labels[i];
    }
    return out;
}

// How many trailing labels every dotted name shares (".test", ".example.test"), leaving each at
// least one label of its own; 0 with fewer than two dotted names.
std::size_t shared_suffix_labels(const std::vector<std::string>& names) {
    std::vector<std::vector<std::string_view>> dotted;
    for (const auto& n : names) {
        if (n.find('.') != std::string::npos) dotted.push_back(split_labels(n));
    }
    if (dotted.size() < 2) return 0;
    std::size_t shared = 0;
    for (;; ++shared) {
        for (const auto& d : dotted) {
            if (d.size() <= shared + 1 || d[d.size() - 1 - shared] != dotted[0][dotted[0].size() - 1 - shared]) return shared;
        }
    }
}

// The name without the shared suffix, as labels.
std::vector<std::string_view> stripped_labels(const std::string& name, std::size_t suffix) {
    auto labels = split_labels(name);
    if (name.find('.') != std::string::npos && labels.size() > suffix) labels.resize(labels.size() - suffix);
    return labels;
}

HeaderText fitted(std::vector<std::string> candidates, int first, int last, float x0, float x1, float padding,
                  const MeasureText& measure) {
    HeaderText h;
    h.first_column = first;
    h.last_column = last;
    h.full = candidates.front();
    h.span_x0 = x0;
    h.span_x1 = x1;
    const float room = std::max(0.0f, x1 - x0 - 2 * padding);
    for (const auto& c : candidates) {
        const float w = measure(c);
        if (w <= room) {
            h.text = c;
            h.width = w;
            break;
        }
    }
    if (h.text.empty()) {
        h.text = elide_middle(candidates.back(), room, measure);
        h.width = h.text.empty() ? 0.0f : measure(h.text);
    }
    h.x = (x0 + x1 - h.width) * 0.5f;
    return h;
}

}  // namespace

std::vector<std::string> host_name_candidates(const std::string& name, const std::vector<std::string>& all_names) {
    std::vector<std::string> out{name};
    if (name.find('.') == std::string::npos) return out;
    std::vector<std::string> names = all_names;
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const std::size_t suffix = shared_suffix_labels(names);
    const auto own = stripped_labels(name, suffix);
    if (suffix > 0) out.push_back(join_labels(own, 0, own.size()));
    // Drop leading labels while no other host ends the same way ("mail.remote" -> "remote").
    for (std::size_t drop = 1; drop < own.size(); ++drop) {
        const std::size_t keep = own.size() - drop;
        const std::string tail = join_labels(own, drop, own.size());
        const bool unique = std::none_of(names.begin(), names.end(), [&](const std::string& other) {
            if (other == name) return false;
            const auto labels = stripped_labels(other, other.find('.') != std::string::npos ? suffix : 0);
            return labels.size() >= keep && join_labels(labels, labels.size() - keep, labels.size()) == tail;
        });
        if (!unique) break;
        out.push_back(tail);
    }
    return out;
}

LifelineHeader lifeline_header(const std::vector<Lifeline>& lanes, const std::vector<int>& columns, float x0,
                               float width, const MeasureText& host_width, const MeasureText& port_width,
                               float padding) {
    LifelineHeader out;
    const std::size_t n = std::min(lanes.size(), columns.size());
    if (n == 0) return out;
    std::vector<std::size_t> lane_at(n, 0);
    std::vector<std::string> names;
    for (std::size_t lane = 0; lane < n; ++lane) {
        const auto c = static_cast<std::size_t>(columns[lane]);
        if (c < n) lane_at[c] = lane;
        names.push_back(lanes[lane].label);
    }
    const float col_w = width / static_cast<float>(n);
    const auto edge = [&](std::size_t c) { return x0 + col_w * static_cast<float>(c); };
    for (std::size_t first = 0; first < n;) {
        std::size_t last = first;
        while (last + 1 < n && lanes[lane_at[last + 1]].host == lanes[lane_at[first]].host) ++last;
        const std::string& name = lanes[lane_at[first]].label;
        out.hosts.push_back(fitted(host_name_candidates(name, names), static_cast<int>(first), static_cast<int>(last),
                                   edge(first), edge(last + 1), padding, host_width));
        first = last + 1;
    }
    for (std::size_t c = 0; c < n; ++c) {
        const std::uint16_t port = lanes[lane_at[c]].port;
        std::vector<std::string> candidates{"client"};
        if (port != 0) candidates = {fmt::format("port {}", port), fmt::format(":{}", port)};
        out.ports.push_back(fitted(std::move(candidates), static_cast<int>(c), static_cast<int>(c), edge(c), edge(c + 1),
                                   padding, port_width));
    }
    return out;
}

}  // namespace postlab::ui::ladder
