// The wall clock for real sockets; see clock.hpp.
#include "live/clock.hpp"

#include <chrono>

namespace postlab::live {

TimeUs system_now_us() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
}

}  // namespace postlab::live
