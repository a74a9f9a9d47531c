// The one control surface over a World (DESIGN.md §1, §3): step, step back, seek to a step or a
// time, run until a condition, apply user actions (faults, new connections). It snapshots the
// world every N events; a seek, back or forward, restores the nearest snapshot at or before the
// target (unless the current position is nearer) and replays, which is exact because the World is deterministic and actions (faults, connections,
// device actions) are logged with the step they were applied at.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "sim/world.hpp"

namespace postlab::sim {

using UserAction = std::variant<Fault, ConnectRequest, DeviceAction, ClockTick>;

class SimControl {
public:
    explicit SimControl(World world, std::uint64_t snapshot_every = 256);

    const World& world() const { return m_world; }
    std::uint64_t position() const { return m_world.steps(); }  // events processed

    bool step();       // one event; false when nothing is pending
    bool step_back();  // false at step 0
    void seek(std::uint64_t step);     // to exactly that step (or the end if the world stops first)
    void seek_time(TimeUs time_us);    // to the last step whose event time is <= time_us
    template <class Predicate>
    std::size_t run_until(Predicate done, std::size_t max_steps = 1'000'000) {
        std::size_t n = 0;
        while (n < max_steps && !done(m_world) && step()) ++n;
        return n;
    }

    // Applied at the current position; the future that was computed before (later actions and
    // snapshots) is discarded, since it no longer follows from this past.
    void apply(const Fault& fault);
    void apply(const ClockTick& tick);
    ConnId connect(ConnectRequest request);
    // A user action on a device: empty on success, else why it could not start (logged either
    // way, so replay reproduces the same refusal).
    std::string apply(const DeviceAction& action);

    std::size_t snapshot_count() const { return m_snapshots.size(); }
    // Events the last seek or seek_time replayed (what it cost; the bench reports it).
    std::uint64_t last_seek_events() const { return m_last_seek_events; }
    std::uint64_t snapshot_every() const { return m_every; }

private:
    struct LoggedAction {
        std::uint64_t step = 0;
        UserAction action;
    };

    void log(UserAction action);
    ConnId perform(const UserAction& action);
    void perform_logged_at(std::uint64_t step);
    void restore(std::size_t snapshot_index);
    void maybe_snapshot();

    World m_world;
    std::uint64_t m_every;
    std::vector<World> m_snapshots;  // [i]: the world at step i * every, before that step's actions
    std::vector<LoggedAction> m_actions;
    std::uint64_t m_last_seek_events = 0;
};

}  // namespace postlab::sim
