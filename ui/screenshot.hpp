// Screenshots of the rendered frame (DESIGN.md §4: `postlab gui --screenshot out.png`): read the
// back buffer after rendering, flip it (OpenGL's rows run bottom-up) and write a PNG.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace postlab::ui {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;  // width * height * 4, top row first
};

// Reads the current context's back buffer (call after rendering, before swapping).
Image read_back_buffer(int width, int height);

// Reverses the row order in place.
void flip_rows(Image& image);

// Writes `image` as PNG; false with a reason in `error` when it cannot.
bool write_png(const std::string& path, const Image& image, std::string& error);

}  // namespace postlab::ui
