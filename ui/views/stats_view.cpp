// The Stats view (DESIGN.md §4): bytes and round trips per protocol, connections by outcome,
// bytes per device and server storage per account, from compute_stats over the trace up to the
// current position (kept in ViewCaches::stats until the world moves). A tab of the Mailboxes panel.
#include "ui/views/stats_view.hpp"

#include <fmt/format.h>
#include <imgui.h>

#include "sim/world.hpp"
#include "ui/colour.hpp"
#include "ui/views/stats_model.hpp"
#include "ui/views/view_caches.hpp"

namespace postlab::ui {
namespace {

constexpr ImGuiTableFlags k_table = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;

void header_row(std::initializer_list<const char*> names) {
    for (const char* n : names) ImGui::TableSetupColumn(n);
    ImGui::TableHeadersRow();
}

void cell(const std::string& text) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(text.c_str());
}

void draw_protocols(const Stats& s) {
    if (!ImGui::BeginTable("stats-protocols", 4, k_table)) return;
    header_row({"Protocol", "Bytes", "Round trips", "Connections"});
    for (const ProtocolStats& p : s.protocols) {
        ImGui::TableNextRow();
        cell(p.protocol);
        cell(format_bytes(p.bytes));
        cell(std::to_string(p.round_trips));
        cell(std::to_string(p.connections));
    }
    ImGui::EndTable();
}

void draw_devices(const Stats& s) {
    if (s.devices.empty() || !ImGui::BeginTable("stats-devices", 3, k_table)) return;
    header_row({"Device", "Sent", "Received"});
    for (const HostBytes& d : s.devices) {
        ImGui::TableNextRow();
        cell(d.host);
        cell(format_bytes(d.sent));
        cell(format_bytes(d.received));
    }
    ImGui::EndTable();
}

void draw_storage(const Stats& s) {
    if (s.storage.empty() || !ImGui::BeginTable("stats-storage", 4, k_table)) return;
    header_row({"Account (server)", "Messages", "Size", "Quota"});
    for (const AccountStorage& a : s.storage) {
        ImGui::TableNextRow();
        cell(a.account);
        cell(std::to_string(a.messages));
        cell(format_bytes(a.bytes));
        cell(a.quota_bytes == 0 ? "none" : format_bytes(a.quota_bytes));
    }
    ImGui::EndTable();
}

// compute_stats reads the whole trace: only when the world has moved since the last frame.
const Stats& cached_stats(StatsCache& c, const sim::World& world, std::uint64_t generation) {
    if (c.generation == generation && c.trace_size == world.trace().size() && c.steps == world.steps()) return c.stats;
    c.generation = generation;
    c.trace_size = world.trace().size();
    c.steps = world.steps();
    std::vector<std::string> names;
    std::vector<bool> is_device;
    for (const sim::Host& h : world.network().hosts()) {
        names.push_back(h.name);
        is_device.push_back(h.kind == sim::HostKind::device);
    }
    c.stats = compute_stats(world.trace(), world.trace().size(), names, is_device, world.stores());
    return c.stats;
}

}  // namespace

void draw_stats(ViewContext& ctx) {
    if (ctx.world == nullptr || ctx.caches == nullptr) {
        ImGui::TextColored(imvec(ctx.theme.text_dim), "No lesson loaded.");
        return;
    }
    const Stats& s = cached_stats(ctx.caches->stats, *ctx.world, ctx.views.world_generation);
    ImGui::PushStyleColor(ImGuiCol_Text, imvec(ctx.theme.text_dim));
    ImGui::TextWrapped("Up to the current position. Bytes are TCP payload (TLS records included); a "
                       "round trip is a TCP or TLS handshake or a command answered by a reply.");
    ImGui::PopStyleColor();
    draw_protocols(s);
    ImGui::Spacing();
    ImGui::Text("Connections:");
    ImGui::SameLine();
    ImGui::TextColored(imvec(ctx.theme.ok), "%llu ok", static_cast<unsigned long long>(s.connections.ok));
    ImGui::SameLine();
    ImGui::TextColored(imvec(ctx.theme.fail), "%llu refused", static_cast<unsigned long long>(s.connections.refused));
    ImGui::SameLine();
    ImGui::TextColored(imvec(ctx.theme.warn), "%llu timed out", static_cast<unsigned long long>(s.connections.timed_out));
    if (s.connections.pending > 0) {
        ImGui::SameLine();
        ImGui::TextColored(imvec(ctx.theme.text_dim), "%llu connecting", static_cast<unsigned long long>(s.connections.pending));
    }
    ImGui::Text("DNS queries: %llu", static_cast<unsigned long long>(s.dns_queries));
    ImGui::Spacing();
    draw_devices(s);
    ImGui::Spacing();
    draw_storage(s);
}

}  // namespace postlab::ui
