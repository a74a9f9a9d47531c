// The topology view's model (ui/views/topology_model.hpp): deterministic layout inside the region
// without overlaps, the layout cache, packet positions along routes, packets in flight and
// drop marks from a real world's trace, grouping of overlapping packets.
#include <catch2/catch.hpp>

#include <cmath>

#include "ui/views/topology_model.hpp"
#include "views_a_fixture.hpp"

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
