// draw_timeline(); see timeline_view.hpp. Playback moves an animation playhead at the chosen
// speed and steps the world whenever the playhead passes the next event, so packets glide
// between events; stepping back is SimControl::step_back (a snapshot and a short replay).
#include "ui/views/timeline_view.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <imgui.h>

#include "sim/sim_control.hpp"
#include "ui/icons.hpp"
#include "ui/views/timeline_model.hpp"
#include "ui/views/topology_view.hpp"

namespace postlab::ui {
namespace {

using timeline::TimeUs;

ImU32 u32(Rgba c, float alpha = 1.0f) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a * alpha));
}

constexpr int k_max_steps_per_frame = 4000;  // keeps a frame short when playing at 16x

struct TimelineCache {
    std::uint64_t generation = ~0ull;
    std::size_t lesson_steps = ~std::size_t{0};
    std::size_t connections = ~std::size_t{0};
    std::vector<TimeUs> markers;
    std::vector<std::uint64_t> marker_positions;  // lesson steps only
    bool lesson_markers = false;
};

TimelineCache& cache() {
    static TimelineCache c;
    return c;
}

// Lesson step starts (positions and times the lesson wiring puts in the view state), else
// connection starts.
void refresh_markers(TimelineCache& c, const ViewContext& ctx) {
    const auto& tl = ctx.views.timeline;
    const std::size_t steps = tl.lesson_step_positions.size();
    const std::size_t conns = ctx.world->connections().size();
    if (c.generation == ctx.views.world_generation && c.lesson_steps == steps &&
        (c.lesson_markers || c.connections == conns)) {
        return;
    }
    c.generation = ctx.views.world_generation;
    c.lesson_steps = steps;
    c.connections = conns;
    c.marker_positions.clear();
    if (steps > 0 && tl.lesson_step_times_us.size() == steps) {
        c.markers = tl.lesson_step_times_us;
        c.marker_positions = tl.lesson_step_positions;
    } else {
        c.markers = timeline::connection_starts(*ctx.world);
    }
    c.lesson_markers = !c.marker_positions.empty();
}

// Without a LessonSession (which takes lesson-step requests itself, before the views draw):
// seek to the previous/next marker.
void lesson_step(ViewContext& ctx, TimelineCache& c, int direction) {
    sim::SimControl& control = *ctx.control;
    if (c.lesson_markers) {
        const std::uint64_t at = control.position();
        if (direction > 0) {
            const auto it = std::upper_bound(c.marker_positions.begin(), c.marker_positions.end(), at);
            if (it != c.marker_positions.end()) control.seek(*it);
        } else {
            const auto it = std::lower_bound(c.marker_positions.begin(), c.marker_positions.end(), at);
            if (it != c.marker_positions.begin()) control.seek(*std::prev(it));
        }
        return;
    }
    if (const auto m = timeline::marker_from(c.markers, control.world().now_us(), direction)) control.seek_time(c.markers[*m]);
}

void carry_out_requests(ViewContext& ctx, TimelineCache& c) {
    auto& tl = ctx.views.timeline;
    if (tl.pending_steps == 0 && tl.pending_lesson_steps == 0) return;
    for (; tl.pending_steps > 0; --tl.pending_steps) ctx.control->step();
    for (; tl.pending_steps < 0; ++tl.pending_steps) ctx.control->step_back();
    for (; tl.pending_lesson_steps > 0; --tl.pending_lesson_steps) lesson_step(ctx, c, 1);
    for (; tl.pending_lesson_steps < 0; ++tl.pending_lesson_steps) lesson_step(ctx, c, -1);
    tl.playhead_us.reset();
}

void play(ViewContext& ctx) {
    auto& tl = ctx.views.timeline;
    sim::SimControl& control = *ctx.control;
    const sim::World& world = control.world();
    const TimeUs shown = timeline::display_time(tl.playhead_us, world);
    const bool in_flight = topology_packets_in_flight(world, ctx.views.world_generation, shown);
    const auto advance = timeline::advance_playhead(shown, ImGui::GetIO().DeltaTime, tl.speed,
                                                    world.next_event_time_us(), in_flight);
    for (int n = 0; n < k_max_steps_per_frame; ++n) {
        const auto next = world.next_event_time_us();
        if (!next || *next > advance.playhead_us) break;
        control.step();
    }
    tl.playhead_us = advance.playhead_us;
    if (world.idle() && !in_flight) {
        tl.playing = false;  // the end of what the world has to do
        tl.playhead_us.reset();
    }
}

void draw_buttons(ViewContext& ctx) {
    auto& tl = ctx.views.timeline;
    if (ImGui::Button(icons::step_backward)) --tl.pending_steps;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step back one event (Left)\nShift+Left: previous lesson step");
    ImGui::SameLine();
    if (ImGui::Button(tl.playing ? icons::pause : icons::play)) {
        tl.playing = !tl.playing;
        if (!tl.playing) tl.playhead_us.reset();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play / pause (Space)");
    ImGui::SameLine();
    if (ImGui::Button(icons::step_forward)) ++tl.pending_steps;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step one event (Right)\nShift+Right: next lesson step");
    ImGui::SameLine();
    if (ImGui::Button("-")) tl.speed = timeline::next_speed(tl.speed, -1);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%gx", static_cast<double>(tl.speed));
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("1x = the network slowed down %.0f times; idle gaps are skipped",
                          timeline::k_slow_motion);
    }
    ImGui::SameLine();
    if (ImGui::Button("+")) tl.speed = timeline::next_speed(tl.speed, 1);
}

void draw_track(const TimelineCache& c, const timeline::TimeMap& map, ImVec2 p0, ImVec2 p1,
                const ViewContext& ctx, TimeUs shown) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& t = ctx.theme;
    const float mid = (p0.y + p1.y) * 0.5f;
    dl->AddRectFilled(ImVec2(p0.x, mid - 3), ImVec2(p1.x, mid + 3), u32(t.panel_title), 3.0f);
    dl->AddRectFilled(ImVec2(p0.x, mid - 3), ImVec2(map.x_of(shown), mid + 3), u32(t.accent, 0.6f), 3.0f);
    for (const TimeUs m : c.markers) {
        const float x = map.x_of(m);
        dl->AddLine(ImVec2(x, p0.y + 2), ImVec2(x, p1.y - 2), c.lesson_markers ? u32(t.warn) : u32(t.text_dim), c.lesson_markers ? 2.0f : 1.0f);
    }
    const auto sel = ctx.views.ladder.selected_entry;
    if (sel && *sel < ctx.world->trace().size()) {
        const float x = map.x_of(ctx.world->trace()[*sel].time_us);
        dl->AddTriangleFilled(ImVec2(x, mid + 2), ImVec2(x - 5, p1.y), ImVec2(x + 5, p1.y), u32(t.ok));
    }
    const float x = map.x_of(shown);
    dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), u32(t.text), 2.0f);
    dl->AddCircleFilled(ImVec2(x, mid), 6.0f, u32(t.accent), 12);
}

void draw_scrubber(ViewContext& ctx, TimelineCache& c) {
    auto& tl = ctx.views.timeline;
    const sim::World& world = *ctx.world;
    const TimeUs shown = timeline::display_time(tl.playhead_us, world);
    const TimeUs begin = world.trace().size() > 0 ? world.trace()[0].time_us : world.now_us();
    tl.furthest_time_us = std::max({tl.furthest_time_us, world.now_us(), begin + 1});
    const std::string now_text = fmt::format("+{:.3f} s", static_cast<double>(shown - begin) / 1e6);
    const float text_w = ImGui::CalcTextSize("+00000.000 s").x;
    const float width = std::max(10.0f, ImGui::GetContentRegionAvail().x - text_w - ImGui::GetStyle().ItemSpacing.x);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 size(width, ImGui::GetFrameHeight());
    ImGui::InvisibleButton("##scrubber", size);
    const timeline::TimeMap map{begin, tl.furthest_time_us, p0.x + 6, width - 12};
    if (ImGui::IsItemActive()) {
        const TimeUs t = map.t_of(ImGui::GetIO().MousePos.x);
        if (t != shown) {
            ctx.control->seek_time(t);
            tl.playhead_us = t;
            tl.playing = false;
        }
    } else if (ImGui::IsItemHovered()) {
        const TimeUs t = map.t_of(ImGui::GetIO().MousePos.x);
        ImGui::SetTooltip("+%.3f s  (drag to scrub; %s)", static_cast<double>(t - begin) / 1e6,
                          c.lesson_markers ? "marks: lesson steps" : "marks: connection starts");
    }
    draw_track(c, map, p0, ImVec2(p0.x + size.x, p0.y + size.y), ctx, shown);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(now_text.c_str());
}

}  // namespace

void draw_timeline(ViewContext& ctx) {
    if (ctx.world == nullptr || ctx.control == nullptr) return;
    TimelineCache& c = cache();
    // A new world (lesson reload, replay): its run has its own length. The first world keeps
    // whatever end its opener knew.
    if (c.generation != ~0ull && c.generation != ctx.views.world_generation) ctx.views.timeline.furthest_time_us = 0;
    refresh_markers(c, ctx);
    carry_out_requests(ctx, c);
    if (ctx.views.timeline.playing) play(ctx);
    draw_buttons(ctx);
    ImGui::SameLine();
    draw_scrubber(ctx, c);
}

}  // namespace postlab::ui
