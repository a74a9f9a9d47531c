// The sequence (ladder) view's model (ui/views/ladder_model.hpp): visible rows of a 100,000-row
// ladder, arrow endpoints between lifelines, collapsing TCP/TLS handshakes, protocol and device
// filters, incremental sync and rebuild after a step back.
#include <catch2/catch.hpp>

#include "ui/views/ladder_model.hpp"
#include "mail_scene_fixture.hpp"

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
        if (e.conn.valid()) CHECK(w.connection(e.conn).protocol == ProtocolId::smtp);
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

namespace {

// A stand-in for ImGui's text width: 10 px per character.
float ten_per_char(std::string_view text) { return 10.0f * static_cast<float>(text.size()); }

Lifeline lane(std::uint32_t host, std::uint16_t port, const char* name) {
    Lifeline l;
    l.host = host;
    l.port = port;
    l.label = name;
    return l;
}

void check_disjoint_inside(const std::vector<HeaderText>& texts, float x0, float width, float padding) {
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const HeaderText& t = texts[i];
        INFO(t.full << " -> '" << t.text << "'");
        CHECK(t.width == Approx(ten_per_char(t.text)));
        if (!t.text.empty()) {
            CHECK(t.x >= t.span_x0 + padding - 0.01f);
            CHECK(t.x + t.width <= t.span_x1 - padding + 0.01f);
        }
        CHECK(t.span_x0 >= x0 - 0.01f);
        CHECK(t.span_x1 <= x0 + width + 0.01f);
        if (i > 0) {
            CHECK(t.first_column == texts[i - 1].last_column + 1);
            CHECK(t.span_x0 >= texts[i - 1].span_x1 - 0.01f);
            // The texts themselves never overlap.
            if (!t.text.empty() && !texts[i - 1].text.empty()) CHECK(t.x >= texts[i - 1].x + texts[i - 1].width);
        }
    }
}

// The pop3-leave-on-server lifelines, in column order.
std::vector<Lifeline> lesson_lanes() {
    return {lane(0, 0, "bob"),
            lane(1, 0, "laptop"),
            lane(2, 0, "phone"),
            lane(3, 53, "dns"),
            lane(4, 587, "mail.remote.test"),
            lane(4, 0, "mail.remote.test"),
            lane(5, 25, "mail.example.test"),
            lane(5, 995, "mail.example.test"),
            lane(5, 993, "mail.example.test")};
}

std::vector<int> identity_columns(std::size_t n) {
    std::vector<int> c(n);
    for (std::size_t i = 0; i < n; ++i) c[i] = static_cast<int>(i);
    return c;
}

}  // namespace

TEST_CASE("host name candidates: shared domain dropped, then leading labels while still unique") {
    const std::vector<std::string> lesson{"bob", "laptop", "phone", "dns", "mail.remote.test", "mail.example.test"};
    CHECK(host_name_candidates("mail.remote.test", lesson) ==
          std::vector<std::string>{"mail.remote.test", "mail.remote", "remote"});
    CHECK(host_name_candidates("laptop", lesson) == std::vector<std::string>{"laptop"});
    const std::vector<std::string> one_domain{"laptop.example.test", "phone.example.test", "mail.example.test"};
    CHECK(host_name_candidates("phone.example.test", one_domain) == std::vector<std::string>{"phone.example.test", "phone"});
    // "mail.a" cannot become "a": "smtp.a" ends the same way.
    const std::vector<std::string> clash{"mail.a.test", "smtp.a.test", "mail.b.test"};
    CHECK(host_name_candidates("mail.a.test", clash) == std::vector<std::string>{"mail.a.test", "mail.a"});
    CHECK(host_name_candidates("mail.b.test", clash) == std::vector<std::string>{"mail.b.test", "mail.b", "b"});
    // A single dotted name shares its domain with nobody: it stays whole.
    CHECK(host_name_candidates("mail.example.test", {"bob", "mail.example.test"}) ==
          std::vector<std::string>{"mail.example.test", "example.test", "test"});
}

TEST_CASE("lifeline header: each host named once over its columns, ports under them") {
    const auto lanes = lesson_lanes();
    const auto columns = identity_columns(lanes.size());
    // Wide: every name whole.
    const LifelineHeader wide = lifeline_header(lanes, columns, 100, 1800, ten_per_char, ten_per_char, 3);
    REQUIRE(wide.hosts.size() == 6);
    REQUIRE(wide.ports.size() == 9);
    CHECK(wide.hosts[4].text == "mail.remote.test");
    CHECK(wide.hosts[4].first_column == 4);
    CHECK(wide.hosts[4].last_column == 5);
    CHECK(wide.hosts[5].text == "mail.example.test");
    CHECK(wide.hosts[5].last_column == 8);
    CHECK(wide.ports[3].text == "port 53");
    CHECK(wide.ports[5].text == "client");
    check_disjoint_inside(wide.hosts, 100, 1800, 3);
    check_disjoint_inside(wide.ports, 100, 1800, 3);
    // Narrow: 80 px columns (8 characters). The two-column host loses its shared domain, the
    // three-column one stays whole; "port 587" needs 8 characters plus padding: ":587".
    const LifelineHeader narrow = lifeline_header(lanes, columns, 0, 720, ten_per_char, ten_per_char, 3);
    CHECK(narrow.hosts[4].text == "mail.remote");
    CHECK(narrow.hosts[5].text == "mail.example.test");
    CHECK(narrow.ports[4].text == ":587");
    CHECK(narrow.hosts[4].full == "mail.remote.test");
    CHECK(narrow.ports[5].text == "client");
    check_disjoint_inside(narrow.hosts, 0, 720, 3);
    check_disjoint_inside(narrow.ports, 0, 720, 3);
    // Very narrow: 30 px columns; elided or empty, still inside their spans.
    const LifelineHeader tiny = lifeline_header(lanes, columns, 0, 270, ten_per_char, ten_per_char, 3);
    CHECK(tiny.hosts[5].text == "example");  // 90 px, less padding: the distinguishing label
    CHECK(tiny.hosts[0].text.empty());        // "bob" needs 30 px of a 24 px room
    check_disjoint_inside(tiny.hosts, 0, 270, 3);
    check_disjoint_inside(tiny.ports, 0, 270, 3);
}

TEST_CASE("lifeline header texts never overlap, however many lanes share the width") {
    const auto lanes = lesson_lanes();
    for (int n = 1; n <= 40; ++n) {
        std::vector<Lifeline> many;
        for (int i = 0; i < n; ++i) {
            Lifeline l = lanes[static_cast<std::size_t>(i) % lanes.size()];
            l.host += static_cast<std::uint32_t>(10 * (i / static_cast<int>(lanes.size())));
            many.push_back(l);
        }
        for (const float width : {120.0f, 333.0f, 955.0f, 1600.0f}) {
            INFO(n << " lanes in " << width << " px");
            const LifelineHeader h = lifeline_header(many, identity_columns(many.size()), 40, width, ten_per_char,
                                                     ten_per_char, 2);
            CHECK(h.ports.size() == many.size());
            check_disjoint_inside(h.hosts, 40, width, 2);
            check_disjoint_inside(h.ports, 40, width, 2);
        }
    }
}

TEST_CASE("a host's lifelines are adjacent columns") {
    const sim::World& w = test::mail_world();
    LadderModel m;
    m.sync(w, Options{}, 1);
    const auto& lanes = m.lifelines();
    REQUIRE(lanes.size() >= 4);
    std::vector<std::size_t> lane_at(lanes.size());
    for (std::size_t i = 0; i < lanes.size(); ++i) lane_at[static_cast<std::size_t>(m.columns()[i])] = i;
    // Once the columns leave a host, they never come back to it.
    std::vector<std::uint32_t> left;
    for (std::size_t c = 0; c < lane_at.size(); ++c) {
        const std::uint32_t host = lanes[lane_at[c]].host;
        if (c > 0 && host == lanes[lane_at[c - 1]].host) continue;
        CHECK(std::find(left.begin(), left.end(), host) == left.end());
        left.push_back(host);
        if (c > 0) CHECK(lanes[lane_at[c - 1]].order <= lanes[lane_at[c]].order);
    }
    CHECK(left.size() < lanes.size());  // some host has more than one lifeline
}
