// draw_timeline(); see timeline_view.hpp. The controls share the panel's title strip. Playback
// moves an animation playhead at the chosen speed and steps the world whenever the playhead
// passes the next event, so packets glide between events; stepping back is SimControl::step_back
// (a snapshot and a short replay). The scrubber's axis is compressed: idle gaps between bursts
// are drawn short, with a break mark and their length (timeline_model.hpp), unless "linear time"
// is on.
#include "ui/views/timeline_view.hpp"

#include <algorithm>
#include <cfloat>
#include <fmt/format.h>
#include <imgui.h>

#include "sim/sim_control.hpp"
#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/views/timeline_model.hpp"
#include "ui/views/view_caches.hpp"

namespace postlab::ui {
namespace {

using timeline::TimeUs;

constexpr int k_max_steps_per_frame = 4000;  // keeps a frame short when playing at 16x

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
    topo::FlightIndex& flights = ctx.caches->flights;  // the packets the topology view draws
    flights.sync(world, ctx.views.world_generation);
    const bool in_flight = flights.moving(shown);
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

// Compressed is the default; the toggle shows gaps to scale (and only appears when there are
// gaps, since without them both axes are the same).
void draw_linear_toggle(TimelineCache& c, const Theme& t) {
    if (c.axis.gap_count() == 0 && !c.linear_time) return;
    ImGui::SameLine();
    // On the title strip a frame in the strip's own colour would vanish: a darker box, bordered.
    ImGui::PushStyleColor(ImGuiCol_FrameBg, imvec(with_alpha(t.background, 1)));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
    ImGui::Checkbox("linear time", &c.linear_time);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip(c.linear_time ? "Time drawn to scale: long idle waits take most of the scrubber"
                                        : "Idle gaps are drawn short (the marks with dots) so the bursts of\n"
                                          "packets between them stay wide enough to see and scrub");
    }
}

// The axis break of an idle gap: the bar stops at a slanted stroke on each side, and between
// them "⋯ 4 min 58 s", or "⋯ 5 min" when narrow, or the dots alone (the tooltip always has the
// length). The font has no U+22EF, so the ellipsis is three dots drawn here; the label is a
// little smaller than the text so it fits a short mark in presenter mode too.
void draw_gap(ImDrawList* dl, const timeline::AxisSegment& g, float mid, const Theme& t, bool played) {
    const auto x0 = static_cast<float>(g.x0), x1 = static_cast<float>(g.x1);
    const float font_px = ImGui::GetFontSize();
    const float h = font_px * 0.4f;
    const ImU32 mark = imu32(played ? t.accent : t.text_dim);
    const bool strokes = x1 - x0 >= 12;  // else too narrow: the dots alone say it
    if (strokes) {
        for (const float x : {x0 + 3, x1 - 3}) dl->AddLine(ImVec2(x - h * 0.4f, mid + h), ImVec2(x + h * 0.4f, mid - h), mark, 1.5f);
    }
    const float dot = std::max(1.5f, font_px * 0.09f), step = dot * 3;
    const float dots_w = step * 2 + dot * 2, space = font_px * 0.3f;
    const float room = strokes ? x1 - x0 - 12 - dots_w - space : 0.0f;
    ImFont* font = ImGui::GetFont();
    const float label_px = std::round(font_px * 0.85f);
    const auto width_of = [&](const std::string& s) { return font->CalcTextSizeA(label_px, FLT_MAX, 0, s.c_str()).x; };
    std::string text = timeline::idle_text(g.end_us - g.begin_us);
    if (width_of(text) > room) text = timeline::idle_text_short(g.end_us - g.begin_us);
    if (width_of(text) > room) text.clear();
    const float text_w = text.empty() ? 0.0f : width_of(text);
    const float left = (x0 + x1 - dots_w - (text.empty() ? 0.0f : space + text_w)) * 0.5f;
    for (int i = 0; i < 3; ++i) dl->AddCircleFilled(ImVec2(left + dot + step * static_cast<float>(i), mid), dot, mark, 8);
    if (!text.empty()) dl->AddText(font, label_px, ImVec2(left + dots_w + space, mid - label_px * 0.55f), imu32(t.text_dim), text.c_str());
}

void draw_track(const TimelineCache& c, ImVec2 p0, ImVec2 p1, const ViewContext& ctx, TimeUs shown) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& t = ctx.theme;
    const timeline::TimeAxis& axis = c.axis;
    const float mid = (p0.y + p1.y) * 0.5f;
    const float played_x = axis.x_of(shown);
    for (const auto& seg : axis.segments()) {
        if (seg.gap) {
            // Many gaps share the axis thinly: a plain break in the bar then, not a mark each.
            if (seg.x1 - seg.x0 >= 8) draw_gap(dl, seg, mid, t, played_x >= static_cast<float>(seg.x1));
            continue;
        }
        const auto x0 = static_cast<float>(seg.x0), x1 = static_cast<float>(seg.x1);
        if (x1 - x0 < 0.5f) continue;  // a lone entry between two gaps: where their marks meet
        // The border colour: the track lies on the title strip, which has the panel_title colour.
        dl->AddRectFilled(ImVec2(x0, mid - 3), ImVec2(x1, mid + 3), imu32(t.border), 3.0f);
        if (played_x > x0) dl->AddRectFilled(ImVec2(x0, mid - 3), ImVec2(std::min(x1, played_x), mid + 3), imu32(t.accent, 0.6f), 3.0f);
    }
    for (const TimeUs m : c.markers) {
        const float x = axis.x_of(m);
        dl->AddLine(ImVec2(x, p0.y + 2), ImVec2(x, p1.y - 2), c.lesson_markers ? imu32(t.warn) : imu32(t.text_dim), c.lesson_markers ? 2.0f : 1.0f);
    }
    const auto sel = ctx.views.ladder.selected_entry;
    if (sel && *sel < ctx.world->trace().size()) {
        const float x = axis.x_of(ctx.world->trace()[*sel].time_us);
        dl->AddTriangleFilled(ImVec2(x, mid + 2), ImVec2(x - 5, p1.y), ImVec2(x + 5, p1.y), imu32(t.ok));
    }
    dl->AddLine(ImVec2(played_x, p0.y), ImVec2(played_x, p1.y), imu32(t.text), 2.0f);
    dl->AddCircleFilled(ImVec2(played_x, mid), 6.0f, imu32(t.accent), 12);
}

// The gap under the mouse, if any: its tooltip names the idle time the mark stands for.
const timeline::AxisSegment* gap_at(const timeline::TimeAxis& axis, float x) {
    for (const auto& seg : axis.segments()) {
        if (seg.gap && x >= static_cast<float>(seg.x0) && x <= static_cast<float>(seg.x1)) return &seg;
    }
    return nullptr;
}

void scrubber_tooltip(const TimelineCache& c, float mouse_x, TimeUs begin) {
    const TimeUs t = c.axis.t_of(mouse_x);
    const char* marks = c.lesson_markers ? "marks: lesson steps" : "marks: connection starts";
    if (const auto* g = gap_at(c.axis, mouse_x)) {
        ImGui::SetTooltip("+%.3f s\nidle for %s: nothing on the wire, drawn shortened\n(tick \"linear time\" to see it to scale; %s)",
                          static_cast<double>(t - begin) / 1e6, timeline::idle_text(g->end_us - g->begin_us).c_str(), marks);
        return;
    }
    ImGui::SetTooltip("+%.3f s  (drag to scrub; %s)", static_cast<double>(t - begin) / 1e6, marks);
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
    c.activity.sync(world.trace(), ctx.views.world_generation);
    timeline::AxisStyle style;
    style.compress = !c.linear_time;
    style.gap_px = std::round(ImGui::GetFontSize() * 7.0f);  // room for "⋯ 4 min 58 s"
    c.axis.update(c.activity, begin, tl.furthest_time_us, p0.x + 6, width - 12, style);
    if (ImGui::IsItemActive()) {
        const TimeUs t = c.axis.t_of(ImGui::GetIO().MousePos.x);
        if (t != shown) {
            ctx.control->seek_time(t);
            tl.playhead_us = t;
            tl.playing = false;
        }
    } else if (ImGui::IsItemHovered()) {
        scrubber_tooltip(c, ImGui::GetIO().MousePos.x, begin);
    }
    draw_track(c, p0, ImVec2(p0.x + size.x, p0.y + size.y), ctx, shown);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(now_text.c_str());
}

}  // namespace

void draw_timeline(ViewContext& ctx) {
    if (ctx.world == nullptr || ctx.control == nullptr || ctx.caches == nullptr) return;
    TimelineCache& c = ctx.caches->timeline;
    // A new world (lesson reload, replay): its run has its own length. The first world keeps
    // whatever end its opener knew.
    if (c.generation != ~0ull && c.generation != ctx.views.world_generation) ctx.views.timeline.furthest_time_us = 0;
    refresh_markers(c, ctx);
    carry_out_requests(ctx, c);
    if (ctx.views.timeline.playing) play(ctx);
    // One line of controls does not need a band of its own: they go on the panel's title strip,
    // right after the shell's "Timeline" title (the last item drawn), at the strip's top so the
    // buttons fill it. The layout sizes the panel to that strip (ui/layout.cpp timeline_height);
    // the scroll stays at 0, since the shell's cursor below the strip counts as content.
    ImGui::SetScrollY(0.0f);
    ImGui::SameLine(0, ImGui::GetFontSize());
    ImGui::SetCursorPosY(0.0f);
    draw_buttons(ctx);
    draw_linear_toggle(c, ctx.theme);
    ImGui::SameLine();
    draw_scrubber(ctx, c);
}

}  // namespace postlab::ui
