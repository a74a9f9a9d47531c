// Builds a World from a lesson (lessons/README.md): domains with their server hosts, stores and
// services, the ISP network (RFC 5068 §3 port-25 block), devices, and the [[fault]]s; and turns
// lesson actions into the world's faults and device actions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/lesson/lesson.hpp"
#include "sim/world.hpp"

namespace postlab::sim {

// The lesson clock starts on a fixed weekday morning, so Date: headers look real and every run
// prints the same times.
inline constexpr TimeUs lesson_start_us = 1'772'442'000'000'000;  // 2026-03-02 09:00:00 UTC

// The world of a lesson before step 1 (faults of [[fault]] not yet applied); error text on failure.
std::variant<World, std::string> build_world(const lesson::LessonSpec& spec, std::uint64_t seed);

// A lesson [[device]] as the device layer's spec (password: the account's when not given).
DeviceSpec to_device_spec(const lesson::LessonSpec& spec, const lesson::Device& device);

// Hosts by the names lessons use: "isp", "mail.<domain>", and a device's host by its id.
std::optional<HostId> find_device_host(const World& world, std::string_view device);
std::optional<HostId> find_server_host(const World& world, std::string_view name);
// "<device>-isp" or "isp-mail.<domain>" (either order of the two ends).
std::optional<LinkId> find_link(const World& world, std::string_view name);
// The store holding an address's account (by its domain).
std::optional<std::size_t> store_for_address(const World& world, std::string_view address);

// A fault action turned into the world's Fault; or a wait (duration), or an error.
struct WaitFor {
    TimeUs duration_us = 0;
};
using FaultStep = std::variant<Fault, WaitFor, std::string>;
FaultStep to_fault(const World& world, const lesson::Action& action);

bool is_fault(const lesson::Action& action);

}  // namespace postlab::sim
