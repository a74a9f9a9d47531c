// Writes a capture of a simulated world (sim/pcap_export.hpp) for sim_world_capture_test.py:
// SMTP submission with STARTTLS + AUTH on 587, an SMTP relay on 25, POP3 over implicit TLS on
// 995 and plaintext POP3 on 110, over links with 5 % loss so retransmissions appear.
#include <cstdio>
#include <fstream>

#include "sim/pcap_export.hpp"
#include "sim/pcap_writer.hpp"  // after pcap_export.hpp (see there)
#include "sim_fixture.hpp"

using namespace postlab;
using namespace postlab::sim;
using namespace postlab::sim::test;

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <out.pcap>\n", argv[0]);
        return 2;
    }
    TestNet n = make_net(41, 0.05);
    World& w = n.world;
    const ConnId submit = w.connect(smtp_request(n, 587, submission_config(test_message(3000))));
    run_to_finish(w, submit);
    const ConnId relay = w.connect(smtp_request(n, 25, relay_config(test_message(12000))));
    run_to_finish(w, relay);
    pop3::ClientConfig pop;
    pop.user = "bob@example.test";
    pop.password = "hunter2";
    pop.leave_on_server = true;
    ConnectRequest plain;
    plain.from = n.laptop;
    plain.to = n.mail;
    plain.port = 110;
    plain.client = pop3::Client(pop);
    run_to_finish(w, w.connect(plain));
    pop.security = Security::implicit_tls;
    ConnectRequest tls = plain;
    tls.port = 995;
    tls.implicit_tls = true;
    tls.client = pop3::Client(pop);
    run_to_finish(w, w.connect(tls));
    const std::vector<PcapPacket> packets = pcap_packets(w);
    for (const auto& problem : pcap_problems(packets)) std::fprintf(stderr, "pcap problem: %s\n", problem.c_str());
    std::ofstream(argv[1], std::ios::binary) << write_pcap(packets);
    return pcap_problems(packets).empty() ? 0 : 1;
}
