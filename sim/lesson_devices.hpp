// The lesson runner's bridge to the device layer (mail apps on devices, DESIGN.md §3): lesson
// user actions -> DeviceAction, "idle" as the world's quiescence, device paths for checks.
#pragma once

#include <string>

#include "sim/lesson/lesson.hpp"
#include "sim/sim_control.hpp"

namespace postlab::sim {

// Applies a user action (or the wrong_password / over_quota faults) through the control surface;
// "" on success, else why it could not start.
std::string apply_device_action(SimControl& control, const lesson::Action& action);

// What lessons call "idle": nothing pending except periodic check timers and IDLE sessions.
bool lesson_idle(const World& world);

}  // namespace postlab::sim
