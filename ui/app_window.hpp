// The GLFW window with an OpenGL 3.3 core context and Dear ImGui 1.86 (its GLFW and OpenGL3
// backends from Debian's libimgui.a): opening, HiDPI content scale, frames, key presses queued
// from GLFW callbacks (so a press and release inside one frame is not lost), font rebuilds.
#pragma once

#include <string>
#include <vector>

struct GLFWwindow;
struct ImDrawData;

namespace postlab::ui {

struct WindowOptions {
    int width = 1600;
    int height = 900;
    std::string title = "PostLab";
    bool vsync = true;  // off when benchmarking or taking screenshots
};

enum class OpenResult { ok, no_display, no_opengl };

struct KeyPress {
    int key = 0;   // GLFW_KEY_*
    int mods = 0;  // GLFW_MOD_*
};

class AppWindow {
public:
    AppWindow() = default;
    ~AppWindow();
    AppWindow(const AppWindow&) = delete;
    AppWindow& operator=(const AppWindow&) = delete;

    // Opens the window and initialises ImGui; `error` says why when the result is not ok.
    OpenResult open(const WindowOptions& options, std::string& error);

    float content_scale() const;  // glfwGetWindowContentScale (1 on Xvfb)
    void framebuffer_size(int& width, int& height) const;
    void window_size(int& width, int& height) const;
    bool should_close() const;
    void request_close();
    void set_title(const std::string& title);

    // Waits up to `timeout_s` for input (0: just poll). True when something arrived.
    bool process_events(double timeout_s);
    std::vector<KeyPress> take_key_presses();

    void begin_frame();               // backends' NewFrame + ImGui::NewFrame
    ImDrawData* render(float r, float g, float b);  // ImGui::Render, clear, draw; before swap
    void finish();                    // glFinish: wait until the GPU (llvmpipe) is done
    void swap();

    // Re-uploads the font atlas after load_fonts() changed it (between frames only).
    void rebuild_font_texture();

private:
    static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
    static void on_activity(GLFWwindow* window, double x, double y);
    static void on_button(GLFWwindow* window, int button, int action, int mods);
    static void on_refresh(GLFWwindow* window);

    GLFWwindow* m_window = nullptr;
    bool m_glfw_initialised = false;
    bool m_imgui_initialised = false;
    std::vector<KeyPress> m_keys;
    bool m_activity = false;
};

}  // namespace postlab::ui
