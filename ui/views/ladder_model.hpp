// What the sequence (ladder) view draws, computed without ImGui (DESIGN.md §4): one lifeline per
// endpoint, one row per trace entry (or per collapsed TCP handshake, RFC 9293 §3.5, and TLS
// handshake, RFC 8446 §2), filtered by protocol and device, built incrementally so a 100,000-row
// trace costs only its new entries per frame; plus the visible-row range, arrow geometry and
// where to scroll so a selection made in another view shows, and the lifeline header's texts
// (shortened to their columns, never overlapping).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/text_fit.hpp"
#include "ui/theme.hpp"

namespace postlab::sim {
class World;
struct TraceEntry;
}  // namespace postlab::sim

namespace postlab::ui::ladder {

inline constexpr std::uint16_t k_no_lane = 0xffff;

// A lifeline: a server endpoint is host:port ("mail.example.test:995"); a client is its host
// alone, since every connection takes a new ephemeral port and one lifeline per port would
// spread one laptop over dozens of columns.
struct Lifeline {
    std::uint32_t host = 0;
    std::uint16_t port = 0;  // 0: the host's client side
    int order = 0;           // 0 devices, 1 routers and DNS, 2 servers: left to right
    std::string label;       // the host name (the header shows the port under it)
};

enum class RowKind : std::uint8_t { entry, tcp_handshake, tls_handshake };

// Where the ladder shows a selected trace entry: its own row (a collapsed handshake row counts
// for its members), or, when the filters hide it, the nearest row.
struct SelectionRow {
    std::size_t row = 0;
    bool hidden = false;  // the entry has no row: `row` is the nearest one
    bool after = false;   // hidden: the entry lies after `row` (else before it)
};

struct Row {
    std::uint64_t entry = 0;       // the (first) trace entry the row stands for
    RowKind kind = RowKind::entry;
    std::uint16_t from_lane = k_no_lane, to_lane = k_no_lane;  // k_no_lane: a note, no arrow
    std::uint16_t count = 1;       // collapsed rows: segments (TCP) or flights (TLS) inside
};

struct Options {
    bool collapse_transport = true;
    std::uint32_t protocol_mask = ~0u;           // bit i: ProtocolKind i
    std::optional<std::uint32_t> device_filter;  // a HostId value
    bool operator==(const Options&) const = default;
};

// The rows and lifelines of a world's trace under some options. sync() appends rows for new
// entries; it rebuilds from scratch when the options or the generation change or the trace
// shrank (a step back).
class LadderModel {
public:
    void sync(const sim::World& world, const Options& options, std::uint64_t generation);
    const std::vector<Row>& rows() const { return m_rows; }
    const std::vector<Lifeline>& lifelines() const { return m_lanes; }
    // Lifeline index -> column, left to right (devices, then ISP and DNS, then servers); the
    // lifelines of one host are adjacent, so the header names the host once over them.
    const std::vector<int>& columns() const { return m_columns; }
    // The row showing trace entry `entry` (a collapsed row shows its members); nullopt if hidden.
    std::optional<std::size_t> row_of_entry(std::uint64_t entry) const;
    // The last row whose entry is at or before `entry` (to follow the playhead).
    std::optional<std::size_t> row_at_or_before(std::uint64_t entry) const;
    // Where the selected entry shows; nullopt when there are no rows or the entry was not synced
    // (it lies after the current position). Unlike row_of_entry, a collapsed row counts only for
    // entries of its own connection, so interleaved handshakes do not claim each other's steps.
    std::optional<SelectionRow> locate(const sim::World& world, std::uint64_t entry) const;

private:
    struct ConnGroups {
        std::optional<std::size_t> tcp_row, tls_row;
        bool tcp_done = false, tls_done = false;
    };
    void reset();
    void add(const sim::World& world, const sim::TraceEntry& e);
    bool absorb(const sim::TraceEntry& e);  // into a collapsed row: true when absorbed
    std::uint16_t lane(const sim::World& world, std::uint32_t host, std::uint16_t port);
    void update_columns();
    std::optional<std::size_t> collapsed_row_of(const sim::World& world, std::uint64_t entry) const;
    SelectionRow nearest_row(std::uint64_t entry) const;

    Options m_options;
    std::uint64_t m_generation = ~0ull;
    std::size_t m_synced = 0;
    std::vector<Row> m_rows;
    std::vector<Lifeline> m_lanes;
    std::vector<int> m_columns;
    std::vector<ConnGroups> m_groups;              // by ConnId value
    std::vector<std::uint64_t> m_member_of_row;    // for collapsed rows: last member entry
    std::vector<std::pair<std::uint64_t, std::uint16_t>> m_lane_of_key;  // sorted
};

// Whether the entry belongs to the protocol set (the connection's application protocol; DNS;
// entries of no connection always pass) and to the device filter.
bool passes(const sim::World& world, const sim::TraceEntry& e, const Options& options);

// The text of a row: the entry's summary, or "TCP handshake" / "TLS handshake (3 flights)".
std::string row_label(const Row& row, const sim::TraceEntry& first);

// Rows [first, last) that intersect a viewport scrolled by `scroll_y` of height `view_h`, the
// same range ImGuiListClipper yields (one row of margin is not added: it is exact).
struct RowRange {
    std::size_t first = 0, last = 0;
};
RowRange visible_rows(float scroll_y, float view_h, float row_h, std::size_t row_count);

// The scroll offset that shows `row` in a viewport of height `view_h` scrolled by `scroll_y`:
// unchanged when the row is wholly visible (so a click inside the ladder never makes it jump),
// the smallest move when it is partly visible, else the row centred; always within
// [0, row_count * row_h - view_h].
float scroll_to_show(std::size_t row, float scroll_y, float view_h, float row_h, std::size_t row_count);

struct Arrow {
    float x_from = 0, x_to = 0, y = 0;
    bool right() const { return x_to >= x_from; }
};
// The x of a lifeline column in a strip of `width` starting at x0, columns evenly spread.
float lane_x(int column, int column_count, float x0, float width);
Arrow arrow_geometry(const Row& row, std::size_t row_index, const std::vector<int>& columns,
                     float x0, float width, float y0, float row_h);

// The lifeline header: a first line naming each host once, centred over its adjacent columns,
// and a second line per column with the server port ("port 995") or "client". A text that does
// not fit its span is shortened: the domain all dotted names share dropped ("mail.example"), then
// leading labels while the rest still tells the hosts apart ("example"), then the middle elided
// ("exa..le"), then nothing (the view's tooltip always gives the full name). Each text stays
// inside its own span and spans do not overlap, so texts never overlap.
struct HeaderText {
    int first_column = 0, last_column = 0;  // inclusive
    std::string text;                       // what is drawn; may be empty
    std::string full;                       // the host name, or "port 995" / "client"
    float x = 0, width = 0;                 // where the text starts and its measured width
    float span_x0 = 0, span_x1 = 0;         // the columns' extent: the text stays inside
};
struct LifelineHeader {
    std::vector<HeaderText> hosts;  // line 1, left to right
    std::vector<HeaderText> ports;  // line 2, one per column
};
// Text width in pixels (the view passes ImGui's measure; tests a fixed width per character).
using MeasureText = TextWidth;
// `padding` pixels stay free at both ends of every span.
LifelineHeader lifeline_header(const std::vector<Lifeline>& lanes, const std::vector<int>& columns, float x0,
                               float width, const MeasureText& host_width, const MeasureText& port_width,
                               float padding);
// The shortened forms tried, in order, for `name` among all header names (see lifeline_header).
std::vector<std::string> host_name_candidates(const std::string& name, const std::vector<std::string>& all_names);

}  // namespace postlab::ui::ladder
