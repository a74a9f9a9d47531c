// Snapshots and time travel for a World (DESIGN.md §3): restore the nearest snapshot, replay
// events and the logged user actions at the steps where they happened.
#include "sim/sim_control.hpp"

#include <algorithm>

namespace postlab::sim {

SimControl::SimControl(World world, std::uint64_t snapshot_every)
    : m_world(std::move(world)), m_every(std::max<std::uint64_t>(1, snapshot_every)) {
    // Snapshot i is the world at step i * every; a world handed over mid-run cannot go back
    // before where it was handed over (no snapshots are taken then).
    if (m_world.steps() == 0) m_snapshots.push_back(m_world);
}

void SimControl::maybe_snapshot() {
    const std::uint64_t s = m_world.steps();
    if (s % m_every == 0 && m_snapshots.size() == s / m_every) m_snapshots.push_back(m_world);
}

void SimControl::perform_logged_at(std::uint64_t step) {
    for (const auto& logged : m_actions) {
        if (logged.step == step) perform(logged.action);
    }
}

bool SimControl::step() {
    if (!m_world.step()) return false;
    maybe_snapshot();
    perform_logged_at(m_world.steps());
    return true;
}

void SimControl::restore_at_or_before(std::uint64_t step) {
    if (m_snapshots.empty()) return;  // nothing to go back to
    const auto index = std::min<std::uint64_t>(step / m_every, m_snapshots.size() - 1);
    m_world = m_snapshots[static_cast<std::size_t>(index)];
    perform_logged_at(m_world.steps());
}

void SimControl::seek(std::uint64_t target) {
    if (target < m_world.steps()) restore_at_or_before(target);
    while (m_world.steps() < target && step()) {
    }
}

bool SimControl::step_back() {
    if (m_world.steps() == 0 || m_snapshots.empty()) return false;
    seek(m_world.steps() - 1);
    return true;
}

void SimControl::seek_time(TimeUs time_us) {
    if (m_world.now_us() > time_us && !m_snapshots.empty()) {
        std::size_t index = 0;  // the newest snapshot not later than the target
        for (std::size_t i = 0; i < m_snapshots.size(); ++i) {
            if (m_snapshots[i].now_us() <= time_us) index = i;
        }
        m_world = m_snapshots[index];
        perform_logged_at(m_world.steps());
    }
    while (m_world.next_event_time_us() && *m_world.next_event_time_us() <= time_us && step()) {
    }
}

void SimControl::log(UserAction action) {
    const std::uint64_t now = m_world.steps();
    std::erase_if(m_actions, [now](const LoggedAction& a) { return a.step > now; });
    const auto keep = static_cast<std::size_t>(now / m_every + 1);
    if (m_snapshots.size() > keep) m_snapshots.resize(keep);
    m_actions.push_back({now, std::move(action)});
}

ConnId SimControl::perform(const UserAction& action) {
    if (const auto* fault = std::get_if<Fault>(&action)) {
        m_world.apply(*fault);
        return invalid_conn;
    }
    if (const auto* device = std::get_if<DeviceAction>(&action)) {
        m_world.apply(*device);
        return invalid_conn;
    }
    return m_world.connect(std::get<ConnectRequest>(action));
}

void SimControl::apply(const Fault& fault) {
    log(fault);
    perform(m_actions.back().action);
}

std::string SimControl::apply(const DeviceAction& action) {
    log(action);
    return m_world.apply(std::get<DeviceAction>(m_actions.back().action));
}

ConnId SimControl::connect(ConnectRequest request) {
    log(std::move(request));
    return perform(m_actions.back().action);
}

}  // namespace postlab::sim
