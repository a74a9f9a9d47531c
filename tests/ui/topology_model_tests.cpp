// The topology view's model (ui/views/topology_model.hpp): deterministic layout inside the region
// without overlaps, the layout cache, packet positions along routes, packets in flight and
// drop marks from a real world's trace, grouping of overlapping packets, zoom/pan math and
// culling, and which devices carry the "crashed" mark (RFC 1939 §1: a POP3 client owns its copy).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "sim/sim_control.hpp"
#include "ui/views/topology_model.hpp"
#include "mail_scene_fixture.hpp"

using namespace postlab;
using namespace postlab::ui;
using namespace postlab::ui::topo;

namespace {

std::vector<NodeInput> campus(int devices) {
    std::vector<NodeInput> hosts;
    std::uint32_t id = 0;
    hosts.push_back({id++, NodeKind::router});
    hosts.push_back({id++, NodeKind::server});
    hosts.push_back({id++, NodeKind::server});
    hosts.push_back({id++, NodeKind::dns});
    for (int i = 0; i < devices; ++i) hosts.push_back({id++, NodeKind::device});
    return hosts;
}

void check_inside_and_apart(const TopologyLayout& l) {
    const float half = l.node_size / 2;
    REQUIRE(l.node_size > 0);
    for (const auto& n : l.nodes) {
        CHECK(n.centre.x - half >= -0.01f);
        CHECK(n.centre.y - half >= -0.01f);
        CHECK(n.centre.x + half <= l.width + 0.01f);
        CHECK(n.centre.y + half <= l.height + 0.01f);
    }
    for (std::size_t i = 0; i < l.nodes.size(); ++i) {
        for (std::size_t j = i + 1; j < l.nodes.size(); ++j) {
            const bool apart = std::fabs(l.nodes[i].centre.x - l.nodes[j].centre.x) >= l.node_size ||
                               std::fabs(l.nodes[i].centre.y - l.nodes[j].centre.y) >= l.node_size;
            if (!apart) FAIL("nodes " << i << " and " << j << " overlap");
        }
    }
}

}  // namespace

TEST_CASE("topology layout: devices left, ISP middle, servers right, inside, no overlap") {
    const auto hosts = campus(3);
    const TopologyLayout l = compute_topology_layout(hosts, 900, 400, 15);
    check_inside_and_apart(l);
    CHECK(l.room_for_labels);
    const float router_x = l.node(0)->centre.x;
    CHECK(l.node(4)->centre.x < router_x);
    CHECK(l.node(1)->centre.x > router_x);
    CHECK(l.node(3)->centre.x == router_x);  // DNS shares the ISP column
    const TopologyLayout again = compute_topology_layout(hosts, 900, 400, 15);
    for (std::size_t i = 0; i < l.nodes.size(); ++i) {
        CHECK(l.nodes[i].centre.x == again.nodes[i].centre.x);
        CHECK(l.nodes[i].centre.y == again.nodes[i].centre.y);
    }
}

TEST_CASE("topology layout: 200 devices become a grid of smaller nodes without overlaps") {
    const TopologyLayout l = compute_topology_layout(campus(200), 700, 350, 15);
    check_inside_and_apart(l);
    CHECK_FALSE(l.room_for_labels);
    CHECK(l.nodes.size() == 204);
    for (std::size_t i = 4; i < l.nodes.size(); ++i) CHECK(l.nodes[i].centre.x < 700.0f / 3);
}

TEST_CASE("topology layout cache recomputes only for a new host set or region size") {
    LayoutCache cache;
    const auto hosts = campus(5);
    cache.get(hosts, 800, 400, 15);
    cache.get(hosts, 800, 400, 15);
    CHECK(cache.computations() == 1);
    cache.get(hosts, 800, 420, 15);
    CHECK(cache.computations() == 2);
    cache.get(campus(6), 800, 420, 15);
    CHECK(cache.computations() == 3);
}

TEST_CASE("a packet moves along its route at each link's pace") {
    TopologyLayout l = compute_topology_layout({{0, NodeKind::device}, {1, NodeKind::router}, {2, NodeKind::server}},
                                               900, 300, 15);
    Route r{{0, 1, 2}, {0.0f, 0.2f, 1.0f}};
    const Vec2 a = l.node(0)->centre, b = l.node(1)->centre, c = l.node(2)->centre;
    CHECK_FALSE(position_on_route(r, l, 1000, 2000, 999));
    CHECK_FALSE(position_on_route(r, l, 1000, 2000, 2001));
    const auto start = *position_on_route(r, l, 1000, 2000, 1000);
    CHECK(start.x == Approx(a.x));
    const auto at_router = *position_on_route(r, l, 1000, 2000, 1200);
    CHECK(at_router.x == Approx(b.x));
    const auto halfway_first = *position_on_route(r, l, 1000, 2000, 1100);
    CHECK(halfway_first.x == Approx((a.x + b.x) / 2));
    const auto later = *position_on_route(r, l, 1000, 2000, 1600);
    CHECK(later.x == Approx(b.x + (c.x - b.x) * 0.5f));
    const auto end = *position_on_route(r, l, 1000, 2000, 2000);
    CHECK(end.x == Approx(c.x));
    // A dropped packet stops where it was dropped.
    const auto stopped = *position_on_route(r, l, 1000, 2000, 2000, 0.2f);
    CHECK(stopped.x == Approx(b.x));
}

TEST_CASE("packets in flight come from the trace; a blocked SYN stops at the ISP router") {
    const auto& scene = test::mail_scene();
    sim::SimControl control = scene.control;
    control.seek(scene.part_middles[0]);
    FlightIndex index;
    index.sync(control.world(), 1);
    std::vector<std::size_t> active;
    index.active(control.world().now_us(), active);
    REQUIRE_FALSE(active.empty());
    for (const std::size_t i : active) {
        const Flight& f = index.flights()[i];
        CHECK(f.t0 <= control.world().now_us());
        CHECK(control.world().now_us() <= f.t1 + k_mark_linger_us);
    }
    // Part 2 tries port 25 from the laptop: the ISP drops the SYN.
    control.seek(scene.part_positions[1] + 2);
    index.sync(control.world(), 1);
    const Flight* blocked = nullptr;
    for (const auto& f : index.flights()) if (f.mark == FlightMark::blocked) blocked = &f;
    REQUIRE(blocked);
    CHECK(blocked->port == 25);
    const Route& route = index.routes()[blocked->route];
    const std::uint32_t router = test::host_id(control.world(), bench::k_scene_router);
    REQUIRE(route.hosts.size() == 3);
    CHECK(route.hosts[1] == router);
    CHECK(blocked->stop_fraction == Approx(route.arrival_fraction[1]));
    // Stepping back truncates what the index holds.
    const std::size_t before = index.flights().size();
    control.seek(scene.part_positions[1] - 1);
    index.sync(control.world(), 1);
    CHECK(index.flights().size() < before);
    for (const auto& f : index.flights()) CHECK(f.entry < control.world().trace().size());
}

TEST_CASE("overlapping packets share a group; distant ones do not") {
    const std::vector<Vec2> points{{10, 10}, {12, 11}, {100, 10}, {13, 12}, {300, 300}};
    const auto groups = group_overlapping(points, 16);
    REQUIRE(groups.size() == 3);
    std::size_t biggest = 0;
    for (const auto& g : groups) biggest = std::max(biggest, g.size());
    CHECK(biggest == 3);
    CHECK(group_overlapping({}, 16).empty());
}

// --- zoom and pan -----------------------------------------------------------------------------

namespace {

constexpr Vec2 k_region{900, 400};

void check_fixed(const ViewTransform& before, const ViewTransform& after, Vec2 screen_point) {
    const Vec2 a = to_layout(before, screen_point), b = to_layout(after, screen_point);
    CHECK(a.x == Approx(b.x).margin(1e-3));
    CHECK(a.y == Approx(b.y).margin(1e-3));
}

// The drawing covers the region: no empty band shows beside it, so it cannot be lost.
void check_covers(const ViewTransform& t, Vec2 region) {
    const VisibleRect r = visible_rect(t, region);
    CHECK(r.min.x >= -1e-3f);
    CHECK(r.min.y >= -1e-3f);
    CHECK(r.max.x <= region.x + 1e-2f);
    CHECK(r.max.y <= region.y + 1e-2f);
    CHECK(t.scale >= k_zoom_min);
    CHECK(t.scale <= k_zoom_max);
}

}  // namespace

TEST_CASE("zoom: the point under the cursor stays put") {
    const ViewTransform fitted;
    CHECK(is_fitted(fitted));
    const Vec2 cursor{300, 150};
    const ViewTransform twice = zoom_at(fitted, cursor, 2.0f, k_region);
    CHECK(twice.scale == Approx(2.0f));
    CHECK_FALSE(is_fitted(twice));
    check_fixed(fitted, twice, cursor);
    CHECK(to_screen(twice, {300, 150}).x == Approx(300));
    // A second zoom elsewhere keeps that other point.
    const Vec2 other{820, 40};
    const ViewTransform more = zoom_at(twice, other, 1.7f, k_region);
    check_fixed(twice, more, other);
    check_covers(more, k_region);
    // world <-> screen are inverse.
    const Vec2 q{123.5f, 321.25f};
    const Vec2 back = to_layout(more, to_screen(more, q));
    CHECK(back.x == Approx(q.x));
    CHECK(back.y == Approx(q.y));
}

TEST_CASE("zoom is clamped to 1x..8x; the cursor point holds at the upper clamp") {
    const Vec2 cursor{450, 200};
    const ViewTransform deep = zoom_at(ViewTransform{}, cursor, 100.0f, k_region);
    CHECK(deep.scale == Approx(k_zoom_max));
    check_fixed(ViewTransform{}, deep, cursor);
    const ViewTransform deeper = zoom_at(deep, {100, 100}, 1.5f, k_region);
    CHECK(deeper.scale == Approx(k_zoom_max));
    CHECK(deeper.offset.x == Approx(deep.offset.x));  // nothing to do: no jump
    const ViewTransform out = zoom_at(deep, {10, 390}, 0.001f, k_region);
    CHECK(is_fitted(out));
    // Nonsense factors change nothing, nonsense transforms become valid.
    const ViewTransform same = zoom_at(deep, cursor, std::nanf(""), k_region);
    CHECK(same.scale == deep.scale);
    CHECK(zoom_at(deep, cursor, -2.0f, k_region).scale == deep.scale);
    const ViewTransform repaired = clamp_transform({std::nanf(""), {std::nanf(""), 5e9f}}, k_region);
    CHECK(is_fitted(repaired));
}

TEST_CASE("pan is clamped so the drawing always covers the region") {
    // At 1x there is nothing to pan.
    CHECK(is_fitted(pan_by(ViewTransform{}, {250, -80}, k_region)));
    const ViewTransform z = zoom_at(ViewTransform{}, {450, 200}, 2.0f, k_region);
    const ViewTransform right = pan_by(z, {5000, 5000}, k_region);
    CHECK(right.offset.x == 0.0f);  // the layout's left edge sits on the region's left edge
    CHECK(right.offset.y == 0.0f);
    const ViewTransform left = pan_by(z, {-5000, -5000}, k_region);
    CHECK(left.offset.x == Approx(k_region.x - k_region.x * 2));
    CHECK(left.offset.y == Approx(k_region.y - k_region.y * 2));
    CHECK(visible_rect(left, k_region).max.x == Approx(k_region.x));
    // A small pan inside the limits moves by exactly the drag.
    const ViewTransform nudged = pan_by(z, {-30, 12}, k_region);
    CHECK(nudged.offset.x == Approx(z.offset.x - 30));
    CHECK(nudged.offset.y == Approx(z.offset.y + 12));
    // Zooming out near an edge pulls the drawing back instead of showing emptiness.
    ViewTransform t{4.0f, {0, 0}};
    t = pan_by(t, {-3000, -1000}, k_region);
    for (const Vec2 p : {Vec2{0, 0}, Vec2{900, 400}, Vec2{10, 390}, Vec2{450, 0}}) {
        const ViewTransform o = zoom_at(t, p, 0.6f, k_region);
        check_covers(o, k_region);
    }
    // A smaller region (the window shrank) re-clamps an offset that was fine before.
    check_covers(clamp_transform(left, {450, 200}), {450, 200});
}

TEST_CASE("fit resets; zooming in and out again comes back to exactly fitted") {
    ViewTransform t;
    const std::vector<Vec2> cursors{{100, 50}, {800, 390}, {450, 10}, {30, 300}, {600, 200}};
    for (const Vec2 c : cursors) t = zoom_at(t, c, 1.25f, k_region);
    t = pan_by(t, {-77, 33}, k_region);
    CHECK_FALSE(is_fitted(t));
    for (const Vec2 c : cursors) t = zoom_at(t, {c.y, c.x}, 1.0f / 1.25f, k_region);
    CHECK(is_fitted(t));
    CHECK(t.scale == k_zoom_min);
    CHECK(is_fitted(ViewTransform{}));
}

TEST_CASE("the on-screen layout: transformed nodes, labels by on-screen size, culling") {
    const TopologyLayout l = compute_topology_layout(campus(200), 700, 350, 15);
    REQUIRE_FALSE(l.room_for_labels);
    REQUIRE(l.label_node_size == Approx(label_node_size(15)));
    const Vec2 region{700, 350};
    TopologyLayout screen;
    transform_layout(l, ViewTransform{}, screen);
    CHECK_FALSE(screen.room_for_labels);
    std::size_t all_visible = 0;
    for (const auto& n : screen.nodes) all_visible += on_screen(screen, n.centre, 0, 0) ? 1 : 0;
    CHECK(all_visible == screen.nodes.size());
    // Zoom into the devices' corner until nodes are big enough for labels.
    const float needed = l.label_node_size / l.node_size;
    REQUIRE(needed <= k_zoom_max);
    const ViewTransform t = zoom_at(ViewTransform{}, {0, 0}, needed * 1.01f, region);
    transform_layout(l, t, screen);
    CHECK(screen.room_for_labels);
    CHECK(screen.node_size == Approx(l.node_size * t.scale));
    const ViewTransform just_below = zoom_at(ViewTransform{}, {0, 0}, needed * 0.95f, region);
    TopologyLayout below;
    transform_layout(l, just_below, below);
    CHECK_FALSE(below.room_for_labels);
    // Centres and cell widths are transformed; what is on screen is what the visible rect holds.
    const VisibleRect r = visible_rect(t, region);
    std::size_t shown = 0;
    for (std::size_t i = 0; i < l.nodes.size(); ++i) {
        const Vec2 s = to_screen(t, l.nodes[i].centre);
        CHECK(screen.nodes[i].centre.x == Approx(s.x));
        CHECK(screen.nodes[i].centre.y == Approx(s.y));
        CHECK(screen.nodes[i].cell_w == Approx(l.nodes[i].cell_w * t.scale));
        const Vec2 c = l.nodes[i].centre;
        const bool inside = c.x >= r.min.x && c.x <= r.max.x && c.y >= r.min.y && c.y <= r.max.y;
        CHECK(on_screen(screen, screen.nodes[i].centre, 0, 0) == inside);
        shown += inside ? 1 : 0;
    }
    CHECK(shown > 0);
    CHECK(shown < l.nodes.size() / 2);  // most of the picture is culled (labels fit from ~2.8x)
    // The ISP and servers are off to the right: their links are culled too.
    const Node* router = screen.node(0);
    const Node* server = screen.node(1);
    CHECK_FALSE(segment_on_screen(screen, router->centre, server->centre));
    CHECK(segment_on_screen(screen, screen.nodes[4].centre, router->centre));  // from a visible device
}

// --- crashed devices --------------------------------------------------------------------------

namespace {

sim::DeviceSpec pop3_device(std::string id, sim::DeviceKind kind) {
    sim::IncomingSettings in;
    in.protocol = sim::IncomingProtocol::pop3;
    in.host = "mail.example.test";
    in.port = 995;
    in.security = Security::implicit_tls;
    in.check_interval_minutes = 0;
    in.push = false;
    return {std::move(id), kind, "alice@example.test", "secret", in, std::nullopt};
}

sim::World crash_world() {
    sim::World w(5, {}, 1'767'225'600'000'000);  // 2026-01-01
    w.configure_network({});
    w.add_domain({"example.test", {ServiceId::smtp, ServiceId::submission, ServiceId::pop3, ServiceId::pop3s}, {{"alice@example.test", "secret"}}, "", 0});
    w.add_device(pop3_device("laptop", sim::DeviceKind::desktop));
    w.add_device(pop3_device("phone", sim::DeviceKind::phone));
    return w;
}

void settle(sim::SimControl& ctl) {
    ctl.run_until([](const sim::World& w) { return w.quiescent(); }, 200'000);
}

const sim::TraceEntry* last_crash(const sim::World& w) {
    const sim::TraceEntry* found = nullptr;
    for (const auto& e : w.trace()) {
        if (is_crash_entry(e)) found = &e;
    }
    return found;
}

std::vector<std::uint32_t> hosts_of(const std::vector<CrashMark>& marks) {
    std::vector<std::uint32_t> out;
    for (const auto& m : marks) out.push_back(m.host);
    return out;
}

constexpr TimeUs k_second = 1'000'000;

}  // namespace

TEST_CASE("crash marks: the crashed device, from its crash entry on, fresh or idle since") {
    sim::SimControl ctl(crash_world(), 64);
    const std::uint32_t laptop = test::host_id(ctl.world(), "laptop");
    const std::uint32_t phone = test::host_id(ctl.world(), "phone");
    REQUIRE(ctl.apply(sim::DeviceAction{sim::CheckMail{"laptop"}}).empty());
    settle(ctl);
    CHECK(crashed_devices(ctl.world(), ctl.world().now_us()).empty());
    const std::size_t before = ctl.world().trace().size();

    REQUIRE(ctl.apply(sim::DeviceAction{sim::CrashDevice{"laptop"}}).empty());
    const std::uint64_t crash_position = ctl.position();
    const sim::TraceEntry* crash = last_crash(ctl.world());
    REQUIRE(crash != nullptr);
    CHECK(crash->index >= before);
    CHECK(crash->from.value == laptop);
    const std::uint64_t crash_entry = crash->index;
    const TimeUs t = crash->time_us;
    auto marks = crashed_devices(ctl.world(), ctl.world().now_us());
    REQUIRE(marks.size() == 1);
    CHECK(marks[0].host == laptop);
    CHECK(marks[0].entry == crash_entry);  // what a click on the mark selects
    CHECK(marks[0].time_us == t);

    CrashIndex index;
    index.sync(ctl.world(), 1);
    CHECK(index.marked(crash_entry, t).empty());  // a position before the crash entry
    CHECK(hosts_of(index.marked(crash_entry + 1, t)) == std::vector<std::uint32_t>{laptop});
    CHECK(index.marked(crash_entry + 1, t - 1).empty());  // a time before the crash

    // A minute passes and nothing involves the laptop: the crash is still the last thing it did.
    ctl.apply(sim::ClockTick{t + 60 * k_second});
    ctl.run_until([&](const sim::World& w) { return w.now_us() >= t + 60 * k_second; }, 200'000);
    REQUIRE(ctl.world().now_us() >= t + 60 * k_second);
    index.sync(ctl.world(), 1);
    CHECK(hosts_of(index.marked(ctl.world().trace().size(), ctl.world().now_us())) == std::vector<std::uint32_t>{laptop});

    // The phone's traffic does not involve the laptop.
    REQUIRE(ctl.apply(sim::DeviceAction{sim::CheckMail{"phone"}}).empty());
    settle(ctl);
    index.sync(ctl.world(), 1);
    CHECK(hosts_of(index.marked(ctl.world().trace().size(), ctl.world().now_us())) == std::vector<std::uint32_t>{laptop});
    // The laptop checks mail again: the mark lasts the 30 s window from the crash, then goes.
    REQUIRE(ctl.apply(sim::DeviceAction{sim::CheckMail{"laptop"}}).empty());
    settle(ctl);
    index.sync(ctl.world(), 1);
    const std::size_t size = ctl.world().trace().size();
    const TimeUs now = ctl.world().now_us();
    CHECK(index.marked(size, now).empty());
    CHECK(crashed_devices(ctl.world(), now).empty());  // the one-off answer agrees
    CHECK(hosts_of(index.marked(size, t + k_crash_mark_us)) == std::vector<std::uint32_t>{laptop});
    CHECK(index.marked(size, t + k_crash_mark_us + 1).empty());
    CHECK(hosts_of(index.marked(size, now, now - t)) == std::vector<std::uint32_t>{laptop});

    // The phone crashes too: two marks, by host; the laptop's old crash stays unmarked.
    REQUIRE(ctl.apply(sim::DeviceAction{sim::CrashDevice{"phone"}}).empty());
    index.sync(ctl.world(), 1);
    marks = index.marked(ctl.world().trace().size(), ctl.world().now_us());
    CHECK(hosts_of(marks) == std::vector<std::uint32_t>{phone});
    REQUIRE(ctl.apply(sim::DeviceAction{sim::CrashDevice{"laptop"}}).empty());
    index.sync(ctl.world(), 1);
    marks = index.marked(ctl.world().trace().size(), ctl.world().now_us());
    REQUIRE(hosts_of(marks) == (laptop < phone ? std::vector<std::uint32_t>{laptop, phone} : std::vector<std::uint32_t>{phone, laptop}));
    const auto second = std::find_if(marks.begin(), marks.end(), [&](const CrashMark& m) { return m.host == laptop; });
    CHECK(second->entry == last_crash(ctl.world())->index);  // the latest crash, not the first

    // Stepping back to just after the first crash: the check that followed is gone, so the
    // laptop is idle since the crash again.
    ctl.seek(crash_position);
    index.sync(ctl.world(), 1);
    REQUIRE(ctl.world().trace().size() > crash_entry);
    marks = index.marked(ctl.world().trace().size(), t + 60 * k_second);
    REQUIRE(marks.size() == 1);
    CHECK(marks[0].host == laptop);
    CHECK(marks[0].entry == crash_entry);
    // And forward on this new timeline: a later check mail still ends the idle mark.
    ctl.apply(sim::ClockTick{t + 40 * k_second});
    ctl.run_until([&](const sim::World& w) { return w.now_us() >= t + 40 * k_second; }, 200'000);
    index.sync(ctl.world(), 1);
    CHECK(hosts_of(index.marked(ctl.world().trace().size(), ctl.world().now_us())) == std::vector<std::uint32_t>{laptop});
    REQUIRE(ctl.apply(sim::DeviceAction{sim::CheckMail{"laptop"}}).empty());
    settle(ctl);
    index.sync(ctl.world(), 1);
    CHECK(index.marked(ctl.world().trace().size(), ctl.world().now_us()).empty());
    // Exactly from the laptop's first entry after the crash (earlier in this timeline than in the
    // first one, which had the phone's traffic in between).
    std::uint64_t first_activity = 0;
    for (std::size_t i = crash_entry + 1; i < ctl.world().trace().size() && first_activity == 0; ++i) {
        const auto& e = ctl.world().trace()[i];
        if (e.time_us > t && (e.from.value == laptop || e.to.value == laptop)) first_activity = i;
    }
    REQUIRE(first_activity > crash_entry);
    CHECK(index.marked(first_activity, ctl.world().now_us()).size() == 1);
    CHECK(index.marked(first_activity + 1, ctl.world().now_us()).empty());
    // A new generation (another world) starts over.
    index.sync(crash_world(), 2);
    CHECK(index.marked(ctl.world().trace().size(), t).empty());
}

TEST_CASE("a label fits inside its node's square from label_node_size on, well below the preferred size") {
    for (const float font : {15.0f, 26.0f}) {
        INFO("font " << font);
        const float node = label_node_size(font);
        const float half = node / 2;
        // The view's geometry: icon box bottom, a 2 px gap, one line of small text.
        CHECK(half * (k_label_box_share - k_label_lift) + 2 + font * k_small_text_share <= half + 0.01f);
        CHECK(node <= font * 4 * 0.75f);  // labels survive nodes a quarter smaller than preferred
        CHECK(node * k_label_box_share >= font * 1.2f);  // the icon box still holds a text-sized icon
        CHECK(labels_fit(node, node));
        CHECK_FALSE(labels_fit(node * 0.95f, node));
    }
}

TEST_CASE("nodes a little smaller than preferred keep their labels; much smaller ones lose them") {
    const float font = 26;
    const TopologyLayout a_little = compute_topology_layout(campus(3), 900, 3 * font * 4, font);
    check_inside_and_apart(a_little);
    CHECK(a_little.node_size < font * 4);
    CHECK(a_little.room_for_labels);
    const TopologyLayout much = compute_topology_layout(campus(3), 300, 3 * font * 2.2f, font);
    CHECK(much.node_size < label_node_size(font));
    CHECK_FALSE(much.room_for_labels);
}

TEST_CASE("a lesson's hosts keep labels, one column each, in the layout's topology panel") {
    // pop3-leave-on-server: laptop, phone and bob; the ISP router and DNS; two mail servers.
    const std::vector<NodeInput> hosts{{0, NodeKind::device}, {1, NodeKind::device}, {2, NodeKind::device},
                                       {3, NodeKind::router}, {4, NodeKind::dns},    {5, NodeKind::server},
                                       {6, NodeKind::server}};
    const auto [width, height, presenter] = GENERATE(table<float, float, bool>(
        {{1600, 900, true}, {1920, 1080, true}, {1600, 900, false}, {1280, 720, false}}));
    const float font = presenter ? 26.0f : 15.0f;
    INFO(width << "x" << height << " presenter " << presenter);
    const Rect panel = compute_layout({width, height, font, presenter})[Region::topology];
    // The canvas: the panel less its title strip, the status line, a legend wrapped onto two lines
    // and the window padding (ImGui's style in font units, as ui/layout.cpp counts it).
    const float line = font * (1 + 4.0f / 15), padding = font * 8.0f / 15;
    const TopologyLayout l = compute_topology_layout(hosts, panel.w - 2 * padding,
                                                     panel.h - font * 1.4f - 3 * line - padding, font);
    check_inside_and_apart(l);
    CHECK(l.room_for_labels);
    // A second sub-column would put a device on its neighbour's link to the ISP.
    CHECK(l.node(0)->centre.x == l.node(1)->centre.x);
    CHECK(l.node(1)->centre.x == l.node(2)->centre.x);
}

TEST_CASE("in two sub-columns no device's link to the ISP runs through another device's icon") {
    const std::vector<NodeInput> hosts{{0, NodeKind::device}, {1, NodeKind::device}, {2, NodeKind::device},
                                       {3, NodeKind::router}, {4, NodeKind::dns},    {5, NodeKind::server},
                                       {6, NodeKind::server}};
    // Presenter mode at 1280x720: the panel is too short for three labelled rows (canvas as in
    // the test above).
    const float font = 26;
    const Rect panel = compute_layout({1280, 720, font, true})[Region::topology];
    const float line = font * (1 + 4.0f / 15), padding = font * 8.0f / 15;
    const TopologyLayout l = compute_topology_layout(hosts, panel.w - 2 * padding,
                                                     panel.h - font * 1.4f - 3 * line - padding, font);
    check_inside_and_apart(l);
    REQUIRE(l.node(0)->centre.x != l.node(1)->centre.x);  // the case under test: two sub-columns
    const Vec2 isp = l.node(3)->centre;
    const float half_box = l.node_size * k_label_box_share / 2;
    for (std::uint32_t from = 0; from < 3; ++from) {
        for (std::uint32_t other = 0; other < 3; ++other) {
            if (other == from) continue;
            const Vec2 a = l.node(from)->centre;
            // The icon box sits above the centre by k_label_lift of half the side.
            const Vec2 box{l.node(other)->centre.x, l.node(other)->centre.y - k_label_lift * l.node_size / 2};
            for (int s = 0; s <= 200; ++s) {
                const float t = static_cast<float>(s) / 200;
                const float x = a.x + (isp.x - a.x) * t, y = a.y + (isp.y - a.y) * t;
                const bool inside = std::fabs(x - box.x) < half_box && std::fabs(y - box.y) < half_box;
                if (inside) FAIL("the link of device " << from << " crosses the icon of device " << other);
            }
        }
    }
}
