// read_back_buffer, flip_rows, write_png; see screenshot.hpp. stb_image_write's implementation
// is compiled here, static (STB_IMAGE_WRITE_STATIC), because libstb (pulled in by libimgui for
// stb_truetype) already exports a copy of stbi_write_png: ours must not clash with it.
#include "ui/screenshot.hpp"

#include <GL/gl.h>
#include <algorithm>
#include <cstring>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace postlab::ui {

Image read_back_buffer(int width, int height) {
    Image image;
    if (width <= 0 || height <= 0) return image;
    image.width = width;
    image.height = height;
    image.rgba.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);  // rows are width*4 bytes: no padding
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    flip_rows(image);
    // The default framebuffer's alpha is whatever blending left there; a screenshot is opaque.
    for (std::size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
    return image;
}

void flip_rows(Image& image) {
    const auto row = static_cast<std::size_t>(image.width) * 4;
    if (row == 0 || image.rgba.size() < row * static_cast<std::size_t>(image.height)) return;
    std::vector<std::uint8_t> scratch(row);
    for (int top = 0, bottom = image.height - 1; top < bottom; ++top, --bottom) {
        auto* a = image.rgba.data() + static_cast<std::size_t>(top) * row;
        auto* b = image.rgba.data() + static_cast<std::size_t>(bottom) * row;
        std::memcpy(scratch.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, scratch.data(), row);
    }
}

bool write_png(const std::string& path, const Image& image, std::string& error) {
    const auto expected = static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4;
    if (image.width <= 0 || image.height <= 0 || image.rgba.size() != expected) {
        error = "empty or inconsistent image";
        return false;
    }
    if (stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(),
                       image.width * 4) == 0) {
        error = "cannot write '" + path + "'";
        return false;
    }
    return true;
}

}  // namespace postlab::ui
