// draw_inspector(); see inspector_view.hpp. The texts are computed once per selection (hex dumps
// of a 900 KB body are not rebuilt every frame) and the hex lines are drawn through a clipper.
#include "ui/views/inspector_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "sim/explain.hpp"
#include "sim/world.hpp"
#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/views/inspector_model.hpp"
#include "ui/views/view_caches.hpp"

namespace postlab::ui {
namespace {

std::optional<std::size_t> latest_message(const sim::Trace& trace) {
    for (std::size_t i = trace.size(), looked = 0; i-- > 0 && looked < 5000; ++looked) {
        const auto kind = trace[i].kind;
        if (kind == sim::TraceKind::command || kind == sim::TraceKind::reply || kind == sim::TraceKind::body) return i;
    }
    return std::nullopt;
}

void refresh(InspectorCache& c, const sim::World& world, std::size_t index, std::uint64_t generation) {
    if (c.entry == index && c.generation == generation) return;
    c.entry = index;
    c.generation = generation;
    const auto& e = world.trace()[index];
    std::vector<std::string> names;
    for (const auto& h : world.network().hosts()) names.push_back(h.name);
    c.visible = inspect::visible_text(e.bytes, 16 * 1024);
    c.hex = inspect::hex_dump(e.bytes, 4096);
    c.fields = inspect::decoded_fields(e, names);
    c.eavesdropper = inspect::eavesdropper_view(e);
    c.explanation = sim::explain(e.explain_key);
}

void draw_explanation(const InspectorCache& c, const sim::TraceEntry& e, const Theme& t) {
    ImGui::TextWrapped("%s", e.summary.c_str());
    if (c.explanation) {
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(t.text_dim));
        ImGui::TextWrapped("%s", c.explanation->meaning.c_str());
        ImGui::PopStyleColor();
        if (!c.explanation->source.empty()) ImGui::TextColored(imvec(t.accent), "Source: %s", c.explanation->source.c_str());
    }
}

void draw_eavesdropper(const InspectorCache& c, const ViewContext& ctx) {
    const Theme& t = ctx.theme;
    const auto& v = c.eavesdropper;
    if (v.encrypted) {
        ImGui::TextColored(imvec(t.ok), "%s Encrypted (TLS): someone on the path sees only this:", icons::lock);
    } else {
        ImGui::TextColored(imvec(t.warn), "%s Plain text: anyone on the path reads this:", icons::unlock);
    }
    for (const auto& cred : v.credentials) {
        ImGui::PushStyleColor(ImGuiCol_Text, imvec(t.fail));
        ImGui::TextWrapped("%s PASSWORD EXPOSED: user '%s', password '%s'", icons::warning, cred.user.c_str(),
                           cred.password.c_str());
        ImGui::PopStyleColor();
        ImGui::TextWrapped("%s", cred.how.c_str());
    }
    ImGui::PushFont(ctx.fonts.mono);
    for (const auto& line : v.lines) ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopFont();
}

void draw_hex(const InspectorCache& c, const ViewContext& ctx) {
    if (c.hex.empty()) {
        ImGui::TextDisabled("no payload bytes");
        return;
    }
    ImGui::PushFont(ctx.fonts.mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(c.hex.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) ImGui::TextUnformatted(c.hex[static_cast<std::size_t>(i)].c_str());
    }
    ImGui::PopFont();
}

void draw_fields(const InspectorCache& c, const Theme& t) {
    if (!ImGui::BeginTable("##fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    for (const auto& f : c.fields) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(imvec(t.text_dim), "%s", f.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", f.value.c_str());
    }
    ImGui::EndTable();
}

void draw_tabs(const InspectorCache& c, ViewContext& ctx, const sim::TraceEntry& e) {
    if (!ImGui::BeginTabBar("##inspector tabs")) return;
    if (ImGui::BeginTabItem("Eavesdropper")) {
        ImGui::BeginChild("##eve");
        draw_eavesdropper(c, ctx);
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Bytes")) {
        ImGui::BeginChild("##bytes");
        ImGui::TextDisabled("%zu bytes%s", e.bytes.size(), e.encrypted ? " (plaintext shown for teaching; sent encrypted)" : "");
        ImGui::PushFont(ctx.fonts.mono);
        ImGui::TextUnformatted(c.visible.c_str(), c.visible.c_str() + c.visible.size());
        ImGui::PopFont();
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Hex")) {
        ImGui::BeginChild("##hex");
        draw_hex(c, ctx);
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Fields")) {
        ImGui::BeginChild("##fields child");
        draw_fields(c, ctx.theme);
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

}  // namespace

void draw_inspector(ViewContext& ctx) {
    if (ctx.world == nullptr || ctx.caches == nullptr) return;
    const sim::World& world = *ctx.world;
    auto selected = ctx.views.ladder.selected_entry;
    if (!selected) {
        // Nothing picked: follow the playhead with the latest command or reply.
        selected = latest_message(world.trace());
        if (!selected) {
            ImGui::TextWrapped("Click an arrow in the sequence or a packet in the topology to see its bytes, "
                               "its meaning and what an eavesdropper sees.");
            return;
        }
        ImGui::TextColored(imvec(ctx.theme.text_dim), "Latest message (click an arrow or a packet to pick one):");
    }
    if (*selected >= world.trace().size()) {
        ImGui::TextWrapped("The selected entry (#%zu) lies after the current position: step forward to see it.", *selected);
        return;
    }
    InspectorCache& c = ctx.caches->inspector;
    refresh(c, world, *selected, ctx.views.world_generation);
    const auto& e = world.trace()[*selected];
    draw_explanation(c, e, ctx.theme);
    ImGui::Separator();
    draw_tabs(c, ctx, e);
}

}  // namespace postlab::ui
