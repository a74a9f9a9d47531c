// The services listening on the world's hosts (DESIGN.md §3 "Server hosts"): at most one
// listener per (host, port); each connection a listener accepts gets a copy of its prototype.
// A copyable value, like the World that holds it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/ids.hpp"
#include "sim/sessions.hpp"

namespace postlab::sim {

// A service on (host, port): each accepted connection gets a copy of `prototype`.
struct Listener {
    HostId host;
    std::uint16_t port = 0;
    AnySession prototype{smtp::Server(smtp::ServerConfig{})};
    std::optional<std::size_t> store;  // the MailStore its sessions use
    bool implicit_tls = false;         // 465, 993, 995: TLS before the first protocol byte
};

class Listeners {
public:
    // A new listener on a (host, port) replaces the old one.
    void add(Listener listener) {
        std::erase_if(m_listeners, [&](const Listener& l) { return l.host == listener.host && l.port == listener.port; });
        m_listeners.push_back(std::move(listener));
    }
    // Null when nothing listens there (a SYN is answered with RST).
    const Listener* find(HostId host, std::uint16_t port) const {
        for (const auto& l : m_listeners) {
            if (l.host == host && l.port == port) return &l;
        }
        return nullptr;
    }

private:
    std::vector<Listener> m_listeners;
};

}  // namespace postlab::sim
