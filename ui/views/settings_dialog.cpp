// The account settings dialog (DESIGN.md §4), opened by a device column's gear: incoming POP3 /
// IMAP server, port, security (None / STARTTLS / SSL-TLS) with port presets as real mail apps
// have them (RFC 8314 §3), leave a copy on the server and remove after N days (RFC 1939 §7 UIDL),
// outgoing server, port, security and authentication (RFC 6409 §3.1, RFC 4954). Apply sends the
// changed settings to LessonRun::change_setting, which replays the lesson from step 1.
#include "ui/views/settings_dialog.hpp"

#include <fmt/format.h>
#include <imgui.h>
#include <imgui_stdlib.h>  // after imgui.h: it needs IMGUI_API

#include "ui/colour.hpp"
#include "ui/icons.hpp"
#include "ui/lesson_session.hpp"

namespace postlab::ui {
namespace {

constexpr const char* k_popup = "Account settings";

template <class Enum>
bool combo(const char* label, Enum& value, std::initializer_list<std::pair<Enum, const char*>> items,
           float width_em = 12) {
    const char* current = "";
    for (const auto& [v, name] : items) {
        if (v == value) current = name;
    }
    bool changed = false;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * width_em);
    if (ImGui::BeginCombo(label, current)) {
        for (const auto& [v, name] : items) {
            if (ImGui::Selectable(name, v == value) && v != value) {
                value = v;
                changed = true;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool security_combo(const char* label, FormSecurity& security) {
    return combo(label, security, {{FormSecurity::none, security_label(FormSecurity::none)},
                                   {FormSecurity::starttls, security_label(FormSecurity::starttls)},
                                   {FormSecurity::ssl_tls, security_label(FormSecurity::ssl_tls)}});
}

void port_field(const char* label, int& port) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputInt(label, &port, 0);
}

void host_field(const char* label, std::string& host) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ImGui::InputText(label, &host);
}

void section(const char* title) {
    ImGui::Spacing();
    ImGui::TextUnformatted(title);
    ImGui::Separator();
}

void draw_incoming(AccountForm& f) {
    section("Incoming mail");
    FormProtocol protocol = f.protocol;
    if (combo("Protocol##in", protocol, {{FormProtocol::pop3, "POP3"}, {FormProtocol::imap, "IMAP"}})) {
        set_incoming_protocol(f, protocol);
    }
    host_field("Server##in", f.incoming_host);
    FormSecurity security = f.incoming_security;
    if (security_combo("Security##in", security)) set_incoming_security(f, security);
    port_field("Port##in", f.incoming_port);
    if (f.protocol != FormProtocol::pop3) {
        ImGui::TextDisabled("IMAP keeps mail on the server; devices hold a cache.");
        return;
    }
    ImGui::Checkbox("Leave a copy of messages on the server", &f.leave_on_server);
    ImGui::BeginDisabled(!f.leave_on_server);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputInt("Remove from server after N days (0: never)", &f.remove_after_days, 0);
    ImGui::EndDisabled();
}

void draw_outgoing(AccountForm& f) {
    section("Outgoing mail (SMTP)");
    host_field("Server##out", f.outgoing_host);
    FormSecurity security = f.outgoing_security;
    if (security_combo("Security##out", security)) set_outgoing_security(f, security);
    port_field("Port##out", f.outgoing_port);
    combo("Authentication##out", f.outgoing_auth,
          {{FormOutgoingAuth::none, "None"}, {FormOutgoingAuth::plain, "Normal password (PLAIN)"},
           {FormOutgoingAuth::login, "Normal password (LOGIN)"}},
          16);
}

void draw_buttons(ViewContext& ctx, SettingsDialogState& state) {
    state.problems = validate(state.form);
    for (const std::string& p : state.problems) ImGui::TextColored(imvec(ctx.theme.fail), "%s %s", icons::warning, p.c_str());
    const auto changes = form_changes(state.original, state.form);
    ImGui::Spacing();
    ImGui::BeginDisabled(!state.problems.empty() || changes.empty() || ctx.lesson == nullptr);
    if (ImGui::Button("Apply")) {
        ctx.lesson->apply_settings(state.form.device, changes);
        state.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
        state.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    ImGui::TextDisabled(changes.empty() ? "no changes" : "Apply replays the lesson from step 1");
}

}  // namespace

void draw_settings_dialog(ViewContext& ctx) {
    SettingsDialogState& state = ctx.views.settings;
    if (state.open_requested) {
        ImGui::OpenPopup(k_popup);
        state.open_requested = false;
        state.open = true;
    }
    if (!ImGui::BeginPopupModal(k_popup, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        state.open = false;
        return;
    }
    ImGui::Text("%s  %s", icons::cog, state.form.device.c_str());
    if (state.form.has_incoming) draw_incoming(state.form);
    if (state.form.has_outgoing) draw_outgoing(state.form);
    if (!state.form.has_incoming && !state.form.has_outgoing) ImGui::TextDisabled("This device has no mail account settings.");
    draw_buttons(ctx, state);
    ImGui::EndPopup();
}

}  // namespace postlab::ui
