// The wall clock for real sockets. live/ is the only layer that reads a clock: protocol sessions
// get time through SessionContext::now_us (DESIGN.md §1), and this is where it comes from.
#pragma once

#include "protocols/core/session.hpp"

namespace postlab::live {

TimeUs system_now_us();  // microseconds since the Unix epoch, from std::chrono::system_clock

}  // namespace postlab::live
