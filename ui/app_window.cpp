// AppWindow; see app_window.hpp. Our GLFW callbacks are installed before ImGui's backend, which
// then chains to them, so ImGui and the shortcut queue both see every key event.
#include "ui/app_window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cstdlib>
#include <fmt/format.h>

namespace postlab::ui {
namespace {

std::string g_last_glfw_error;

void on_glfw_error(int code, const char* description) {
    g_last_glfw_error = fmt::format("GLFW error {:#x}: {}", code, description);
}

bool have_display_variable() {
    const char* x11 = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x11 != nullptr && *x11 != '\0') || (wayland != nullptr && *wayland != '\0');
}

constexpr std::size_t k_key_queue_max = 256;  // a stuck key repeat must not grow it forever

}  // namespace

AppWindow::~AppWindow() {
    if (m_imgui_initialised) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_window != nullptr) glfwDestroyWindow(m_window);
    if (m_glfw_initialised) glfwTerminate();
}

OpenResult AppWindow::open(const WindowOptions& options, std::string& error) {
    glfwSetErrorCallback(on_glfw_error);
    if (!have_display_variable()) {
        error = "neither DISPLAY nor WAYLAND_DISPLAY is set";
        return OpenResult::no_display;
    }
    if (glfwInit() == GLFW_FALSE) {
        error = g_last_glfw_error.empty() ? "glfwInit failed" : g_last_glfw_error;
        return OpenResult::no_display;
    }
    m_glfw_initialised = true;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    m_window = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (m_window == nullptr) {
        error = "cannot create an OpenGL 3.3 core window: " + g_last_glfw_error;
        return OpenResult::no_opengl;
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(options.vsync ? 1 : 0);
    glfwSetWindowUserPointer(m_window, this);
    glfwSetKeyCallback(m_window, on_key);
    glfwSetCursorPosCallback(m_window, on_activity);
    glfwSetScrollCallback(m_window, on_activity);
    glfwSetMouseButtonCallback(m_window, on_button);
    glfwSetWindowRefreshCallback(m_window, on_refresh);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the layout is computed, nothing to remember
    m_imgui_initialised = true;
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return OpenResult::ok;
}

float AppWindow::content_scale() const {
    float x = 1, y = 1;
    glfwGetWindowContentScale(m_window, &x, &y);
    return x > 0 ? x : 1.0f;
}

void AppWindow::framebuffer_size(int& width, int& height) const {
    glfwGetFramebufferSize(m_window, &width, &height);
}

void AppWindow::window_size(int& width, int& height) const {
    glfwGetWindowSize(m_window, &width, &height);
}

bool AppWindow::should_close() const { return glfwWindowShouldClose(m_window) != 0; }

void AppWindow::request_close() { glfwSetWindowShouldClose(m_window, GLFW_TRUE); }

void AppWindow::set_title(const std::string& title) { glfwSetWindowTitle(m_window, title.c_str()); }

bool AppWindow::process_events(double timeout_s) {
    m_activity = false;
    if (timeout_s > 0) {
        glfwWaitEventsTimeout(timeout_s);
    } else {
        glfwPollEvents();
    }
    return m_activity;
}

std::vector<KeyPress> AppWindow::take_key_presses() {
    std::vector<KeyPress> out;
    out.swap(m_keys);
    return out;
}

void AppWindow::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

ImDrawData* AppWindow::render(float r, float g, float b) {
    ImGui::Render();
    int width = 0, height = 0;
    framebuffer_size(width, height);
    glViewport(0, 0, width, height);
    glClearColor(r, g, b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImDrawData* data = ImGui::GetDrawData();
    ImGui_ImplOpenGL3_RenderDrawData(data);
    return data;
}

void AppWindow::finish() { glFinish(); }

void AppWindow::swap() { glfwSwapBuffers(m_window); }

void AppWindow::rebuild_font_texture() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

void AppWindow::on_key(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
    auto* self = static_cast<AppWindow*>(glfwGetWindowUserPointer(window));
    if (self == nullptr) return;
    self->m_activity = true;
    if (action == GLFW_PRESS && self->m_keys.size() < k_key_queue_max) {
        self->m_keys.push_back({key, mods});
    }
}

void AppWindow::on_activity(GLFWwindow* window, double /*x*/, double /*y*/) {
    auto* self = static_cast<AppWindow*>(glfwGetWindowUserPointer(window));
    if (self != nullptr) self->m_activity = true;
}

void AppWindow::on_button(GLFWwindow* window, int /*button*/, int /*action*/, int /*mods*/) {
    on_refresh(window);
}

void AppWindow::on_refresh(GLFWwindow* window) { on_activity(window, 0, 0); }

}  // namespace postlab::ui
