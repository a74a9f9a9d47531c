// Prints three bounces of the simulated MTA (sim/mta.cpp) for dsn_python_test.py, which parses
// them with Python's email package: a rejection with an SMTP reply, a give-up whose last attempt
// got a reply, and a give-up that never got one. Each message is followed by a line "=====".
#include <cstdio>
#include <string>

#include "sim/mta.hpp"

int main() {
    postlab::sim::MtaItem item;
    item.id = 42;
    item.reverse_path = "carol@example.test";
    item.recipient = "alice@remote.test";
    item.message_id = "<m42@example.test>";
    const postlab::TimeUs now = 1'767'225'600'000'000;  // 2026-01-01
    const struct {
        const char* reason;
        bool permanent;
    } cases[] = {
        {"552 5.2.2 mailbox full (over quota)", true},
        {"gave up after 6 attempts over 240 minutes; last: 451 4.3.0 try later", false},
        {"gave up after 6 attempts over 240 minutes; last: connection refused", false},
    };
    for (const auto& c : cases) {
        const std::string m = postlab::sim::make_bounce(item, "mail.example.test", c.reason, now, c.permanent);
        std::fwrite(m.data(), 1, m.size(), stdout);
        std::fputs("=====\n", stdout);
    }
    return 0;
}
