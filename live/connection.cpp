// Names for the ways a driven connection ends; see connection.hpp.
#include "live/connection.hpp"

namespace postlab::live {

const char* to_string(DriverEnd end) {
    switch (end) {
        case DriverEnd::session_closed: return "session closed";
        case DriverEnd::peer_closed: return "peer closed the connection";
        case DriverEnd::tls_unsupported: return "TLS requested (not supported by live/ yet)";
        case DriverEnd::io_error: return "I/O error";
        case DriverEnd::timed_out: return "timed out";
    }
    return "?";
}

}  // namespace postlab::live
