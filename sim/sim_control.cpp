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

void SimControl::restore(std::size_t index) {
    m_world = m_snapshots[index];
    perform_logged_at(m_world.steps());
}

void SimControl::seek(std::uint64_t target) {
    // Snapshots after the current position exist after a step back; they are still the future
    // of this past (log() drops them when an action changes it), so a forward seek uses them.
    if (!m_snapshots.empty()) {
        const auto index = static_cast<std::size_t>(std::min<std::uint64_t>(target / m_every, m_snapshots.size() - 1));
        if (target < m_world.steps() || m_snapshots[index].steps() > m_world.steps()) restore(index);
    }
    m_last_seek_events = 0;
    while (m_world.steps() < target && step()) ++m_last_seek_events;
}

bool SimControl::step_back() {
    if (m_world.steps() == 0 || m_snapshots.empty()) return false;
    seek(m_world.steps() - 1);
    return true;
}

void SimControl::seek_time(TimeUs time_us) {
    // The newest snapshot not later than the target (the first one for a time before the start),
    // when it is nearer than where we are.
    if (!m_snapshots.empty()) {
        std::size_t index = 0;
        while (index + 1 < m_snapshots.size() && m_snapshots[index + 1].now_us() <= time_us) ++index;
        if (m_world.now_us() > time_us || m_snapshots[index].steps() > m_world.steps()) restore(index);
    }
    m_last_seek_events = 0;
    while (m_world.next_event_time_us() && *m_world.next_event_time_us() <= time_us && step()) ++m_last_seek_events;
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
    if (const auto* tick = std::get_if<ClockTick>(&action)) {
        m_world.apply(*tick);
        return invalid_conn;
    }
    return m_world.connect(std::get<ConnectRequest>(action));
}

void SimControl::apply(const Fault& fault) {
    log(fault);
    perform(m_actions.back().action);
}

void SimControl::apply(const ClockTick& tick) {
    log(tick);
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
