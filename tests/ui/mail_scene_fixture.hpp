// A small world for the view-model tests (topology, ladder, inspector, timeline): the GUI's
// "mail" scene (bench/gui_scenes.hpp) built once and shared, plus lookups into its trace.
#pragma once

#include <string_view>

#include "bench/gui_scenes.hpp"
#include "sim/world.hpp"

namespace postlab::ui::test {

inline const bench::GuiScene& mail_scene() {
    static const bench::GuiScene scene = *bench::make_gui_scene("mail");
    return scene;
}

inline const sim::World& mail_world() { return mail_scene().control.world(); }

inline const sim::TraceEntry* first_entry(const sim::World& w, sim::TraceKind kind,
                                          std::string_view summary_part = {}) {
    for (const auto& e : w.trace()) {
        if (e.kind == kind && e.summary.find(summary_part) != std::string::npos) return &e;
    }
    return nullptr;
}

// The first command sent without TLS whose summary contains `part`.
inline const sim::TraceEntry* first_plain_command(const sim::World& w, std::string_view part) {
    for (const auto& e : w.trace()) {
        if (e.kind == sim::TraceKind::command && !e.encrypted && e.summary.find(part) != std::string::npos) return &e;
    }
    return nullptr;
}

inline std::uint32_t host_id(const sim::World& w, std::string_view name) {
    return w.network().find_host(name)->value;
}

}  // namespace postlab::ui::test
