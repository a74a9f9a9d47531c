// Worlds for the GUI's views without a lesson (developer option `postlab gui --demo-world NAME`,
// the view tests and the frame benchmark): "mail" is a small lesson-like scene (submission with
// STARTTLS, POP3 over TLS and in plain text, a blocked port 25); "big" is 200 devices with about
// 1,000 packets in flight at its chosen position (the first moment with at least that many).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sim/sim_control.hpp"

namespace postlab::bench {

struct GuiScene {
    sim::SimControl control;
    std::uint64_t start_position = 0;  // where the GUI opens (SimControl::seek)
    // The scene's parts play the role of lesson steps: where each starts (SimControl position
    // and world time) and a position in its middle, where packets are in flight (--goto N).
    std::vector<std::uint64_t> part_positions;
    std::vector<std::int64_t> part_times_us;
    std::vector<std::uint64_t> part_middles;
    std::int64_t end_time_us = 0;  // the world's clock when everything has run
};

// nullopt for an unknown name. Deterministic: the same name always gives the same trace.
std::optional<GuiScene> make_gui_scene(std::string_view name);
// The scene positioned where the GUI shows it: part N's middle for goto N (1-based), else the
// scene's start position.
std::optional<GuiScene> open_gui_scene(std::string_view name, std::optional<int> goto_part);

// The small scene's hosts, for tests that look for them by name.
inline constexpr const char* k_scene_mail_server = "mail.example.test";
inline constexpr const char* k_scene_router = "router.isp.test";

}  // namespace postlab::bench
