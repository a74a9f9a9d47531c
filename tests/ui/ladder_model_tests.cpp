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
