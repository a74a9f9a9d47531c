// The sequence (ladder) view's model (ui/views/ladder_model.hpp): visible rows of a 100,000-row
// ladder, arrow endpoints between lifelines, collapsing TCP/TLS handshakes, protocol and device
// filters, incremental sync and rebuild after a step back.
#include <catch2/catch.hpp>

#include "ui/views/ladder_model.hpp"
#include "views_a_fixture.hpp"

using namespace postlab;
using namespace postlab::ui;
using namespace postlab::ui::ladder;

namespace {

std::size_t count_kind(const LadderModel& m, RowKind kind) {
    std::size_t n = 0;
    for (const auto& r : m.rows()) n += r.kind == kind ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("visible rows of a 100,000-row ladder are only the ones on screen") {
    const std::size_t rows = 100'000;
    const RowRange top = visible_rows(0, 300, 20, rows);
    CHECK(top.first == 0);
    CHECK(top.last == 15);
    const RowRange middle = visible_rows(1'000'010, 300, 20, rows);
    CHECK(middle.first == 50'000);
    CHECK(middle.last == 50'016);
    const RowRange bottom = visible_rows(20.0f * rows - 300, 300, 20, rows);
    CHECK(bottom.last == rows);
    CHECK(bottom.last - bottom.first == 15);
    const RowRange past = visible_rows(5e7f, 300, 20, rows);
    CHECK(past.first == rows);
    CHECK(past.last == rows);
    CHECK(visible_rows(0, 300, 20, 0).last == 0);
}

TEST_CASE("collapsed ladder: one TCP and one TLS handshake row per connection, no bare ACKs") {
    const sim::World& w = test::mail_world();
    LadderModel m;
    m.sync(w, Options{}, 1);
    const std::size_t connections = w.connections().size();
    CHECK(count_kind(m, RowKind::tcp_handshake) == connections);
    // Submission (STARTTLS) and POP3 on 995 use TLS; plain POP3 and the blocked port 25 do not.
    CHECK(count_kind(m, RowKind::tls_handshake) == 2);
    for (const auto& r : m.rows()) {
        const auto& e = w.trace()[r.entry];
        CHECK(e.kind != sim::TraceKind::tcp_data);
        CHECK(e.kind != sim::TraceKind::tcp_ack);
        if (r.kind == RowKind::tls_handshake) {
            CHECK(r.count == 3);
            CHECK(row_label(r, e) == "TLS handshake (3 flights)");
        }
    }
    bool complete_tcp = false;
    for (const auto& r : m.rows()) complete_tcp |= r.kind == RowKind::tcp_handshake && r.count == 3;
    CHECK(complete_tcp);

    Options expanded;
    expanded.collapse_transport = false;
    LadderModel all;
    all.sync(w, expanded, 1);
    CHECK(all.rows().size() == w.trace().size());
    CHECK(count_kind(all, RowKind::tcp_handshake) == 0);
    CHECK(m.rows().size() < all.rows().size());
}

TEST_CASE("arrows go from the sender's lifeline to the receiver's") {
    const sim::World& w = test::mail_world();
    LadderModel m;
    m.sync(w, Options{}, 1);
    const auto* user = test::first_plain_command(w, "AUTH PLAIN");  // the phone, port 110
    REQUIRE(user);
    const auto row = m.row_of_entry(user->index);
    REQUIRE(row);
    const Row& r = m.rows()[*row];
    REQUIRE(r.from_lane != k_no_lane);
    CHECK(m.lifelines()[r.from_lane].label == "phone.example.test");
    CHECK(m.lifelines()[r.from_lane].port == 0);
    CHECK(m.lifelines()[r.to_lane].label == "mail.example.test");
    CHECK(m.lifelines()[r.to_lane].port == 110);
    const Arrow a = arrow_geometry(r, *row, m.columns(), 100, 600, 40, 20);
    CHECK(a.right());  // devices are left of servers
    CHECK(a.y == Approx(40 + 20 * (static_cast<float>(*row) + 0.5f)));
    CHECK(a.x_from == Approx(lane_x(m.columns()[r.from_lane], static_cast<int>(m.columns().size()), 100, 600)));
    // The reply to USER comes back: a left-pointing arrow on the same two lifelines.
    for (std::size_t i = *row + 1; i < m.rows().size(); ++i) {
        const auto& e = w.trace()[m.rows()[i].entry];
        if (e.kind != sim::TraceKind::reply || e.conn != user->conn) continue;
        const Arrow back = arrow_geometry(m.rows()[i], i, m.columns(), 100, 600, 40, 20);
        CHECK_FALSE(back.right());
        CHECK(back.x_from == Approx(a.x_to));
        break;
    }
}

TEST_CASE("protocol and device filters keep only matching rows") {
    const sim::World& w = test::mail_world();
    Options only_smtp;
    only_smtp.protocol_mask = 1u << static_cast<unsigned>(ProtocolKind::smtp);
    LadderModel m;
    m.sync(w, only_smtp, 1);
    REQUIRE_FALSE(m.rows().empty());
    for (const auto& r : m.rows()) {
        const auto& e = w.trace()[r.entry];
        if (e.conn.valid()) CHECK(w.connection(e.conn).protocol == "smtp");
    }
    Options phone;
    phone.device_filter = test::host_id(w, "phone.example.test");
    LadderModel p;
    p.sync(w, phone, 1);
    REQUIRE_FALSE(p.rows().empty());
    for (const auto& r : p.rows()) {
        const auto& e = w.trace()[r.entry];
        CHECK((e.from.value == *phone.device_filter || e.to.value == *phone.device_filter));
    }
}

TEST_CASE("the ladder syncs incrementally and rebuilds after a step back") {
    const auto& scene = test::mail_scene();
    sim::SimControl control = scene.control;
    control.seek(scene.part_middles[2]);
    LadderModel m;
    m.sync(control.world(), Options{}, 1);
    const std::size_t middle_rows = m.rows().size();
    control.seek(scene.start_position);
    m.sync(control.world(), Options{}, 1);
    LadderModel fresh;
    fresh.sync(control.world(), Options{}, 1);
    REQUIRE(m.rows().size() == fresh.rows().size());
    CHECK(m.rows().size() > middle_rows);
    for (std::size_t i = 0; i < m.rows().size(); ++i) {
        CHECK(m.rows()[i].entry == fresh.rows()[i].entry);
        CHECK(m.rows()[i].count == fresh.rows()[i].count);
    }
    control.seek(scene.part_middles[2]);
    m.sync(control.world(), Options{}, 1);
    CHECK(m.rows().size() == middle_rows);
    const auto at = m.row_at_or_before(control.world().trace().size() - 1);
    REQUIRE(at);
    CHECK(*at == m.rows().size() - 1);
}

TEST_CASE("scrolling to a selection: stay when visible, least move when partly visible, else centre") {
    const float row_h = 20, view_h = 300;
    const std::size_t rows = 1000;
    const float max_scroll = 20.0f * rows - view_h;
    // Wholly visible (a click inside the ladder): no jump, at the top edge, middle and bottom edge.
    CHECK(scroll_to_show(10, 200, view_h, row_h, rows) == 200);
    CHECK(scroll_to_show(12, 200, view_h, row_h, rows) == 200);
    CHECK(scroll_to_show(24, 200, view_h, row_h, rows) == 200);
    // Partly visible: just enough to show it whole.
    CHECK(scroll_to_show(25, 205, view_h, row_h, rows) == Approx(220));
    CHECK(scroll_to_show(10, 205, view_h, row_h, rows) == Approx(200));
    // Off screen, below or above: centred.
    CHECK(scroll_to_show(100, 200, view_h, row_h, rows) == Approx(100 * 20 + 10 - 150));
    CHECK(scroll_to_show(500, 15'000, view_h, row_h, rows) == Approx(500 * 20 + 10 - 150));
    // Centring never scrolls past either end.
    CHECK(scroll_to_show(0, 5'000, view_h, row_h, rows) == 0);
    CHECK(scroll_to_show(rows - 1, 0, view_h, row_h, rows) == Approx(max_scroll));
    CHECK(scroll_to_show(3, 0, view_h, row_h, 5) == 0);  // everything fits
    // A scroll left past the end (the rows shrank) comes back into range.
    CHECK(scroll_to_show(999, 50'000, view_h, row_h, rows) == Approx(max_scroll));
    // A viewport lower than one row: centred on the row.
    CHECK(scroll_to_show(50, 0, 10, row_h, rows) == Approx(50 * 20 + 10 - 5));
    // Whatever the start, the row ends up inside the visible range.
    for (std::size_t row : {0u, 1u, 14u, 15u, 333u, 998u, 999u}) {
        for (float scroll : {0.0f, 290.0f, 6'000.0f, max_scroll}) {
            const float to = scroll_to_show(row, scroll, view_h, row_h, rows);
            const RowRange seen = visible_rows(to, view_h, row_h, rows);
            CHECK(seen.first <= row);
            CHECK(row < seen.last);
            CHECK(static_cast<float>(row + 1) * row_h <= to + view_h + 0.01f);  // wholly, not cut
        }
    }
}

TEST_CASE("locating a selection: its own row, the handshake row it was folded into, or the nearest") {
    const sim::World& w = test::mail_world();
    LadderModel m;
    m.sync(w, Options{}, 1);
    const auto* cmd = test::first_plain_command(w, "AUTH PLAIN");
    REQUIRE(cmd);
    const auto at = m.locate(w, cmd->index);
    REQUIRE(at);
    CHECK_FALSE(at->hidden);
    CHECK(m.rows()[at->row].entry == cmd->index);
    // A SYN-ACK shows inside its connection's collapsed TCP handshake row.
    const auto* synack = test::first_entry(w, sim::TraceKind::tcp_synack);
    REQUIRE(synack);
    const auto hs = m.locate(w, synack->index);
    REQUIRE(hs);
    CHECK_FALSE(hs->hidden);
    CHECK(m.rows()[hs->row].kind == RowKind::tcp_handshake);
    CHECK(w.trace()[m.rows()[hs->row].entry].conn == synack->conn);
    // Segment payloads are hidden while transport is collapsed: the nearest row stands in.
    const auto* data = test::first_entry(w, sim::TraceKind::tcp_data);
    REQUIRE(data);
    const auto near = m.locate(w, data->index);
    REQUIRE(near);
    CHECK(near->hidden);
    // An entry after the synced trace (a step back happened) has no place yet.
    CHECK_FALSE(m.locate(w, w.trace().size()));
    LadderModel empty;
    CHECK_FALSE(empty.locate(w, 0));
}

TEST_CASE("every entry locates to a row that shows it, or to the nearest row when filtered out") {
    const sim::World& w = test::mail_world();
    Options only_smtp;
    only_smtp.protocol_mask = 1u << static_cast<unsigned>(ProtocolKind::smtp);
    for (const Options& o : {Options{}, only_smtp}) {
        LadderModel m;
        m.sync(w, o, 1);
        REQUIRE_FALSE(m.rows().empty());
        std::size_t hidden = 0;
        for (const auto& e : w.trace()) {
            const auto at = m.locate(w, e.index);
            REQUIRE(at);
            REQUIRE(at->row < m.rows().size());
            const Row& r = m.rows()[at->row];
            if (!at->hidden) {
                // Its own row, or a handshake row of its own connection.
                const bool own = r.entry == e.index;
                CHECK((own || (r.kind != RowKind::entry && w.trace()[r.entry].conn == e.conn)));
                continue;
            }
            ++hidden;
            bool has_row = false;
            for (const auto& any : m.rows()) has_row |= any.entry == e.index;
            CHECK_FALSE(has_row);
            // One of its two neighbours in trace order, and `after` says on which side it lies.
            const auto before = m.row_at_or_before(e.index);
            if (at->after) {
                REQUIRE(before);
                CHECK(at->row == *before);
            } else {
                CHECK(at->row == (before ? *before + 1 : 0));
                CHECK(r.entry > e.index);
                // The later neighbour only when it is strictly closer than the earlier one.
                if (before) CHECK(r.entry - e.index < e.index - m.rows()[*before].entry);
            }
        }
        CHECK(hidden > 0);
    }
}
