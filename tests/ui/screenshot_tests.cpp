// Screenshot helpers (ui/screenshot.hpp) without a window: row flipping and a PNG round trip
// through stb_image.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>

#include "ui/screenshot.hpp"

using namespace postlab::ui;

namespace {

Image gradient(int width, int height) {
    Image image{width, height, {}};
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            image.rgba.push_back(static_cast<std::uint8_t>(x * 7));
            image.rgba.push_back(static_cast<std::uint8_t>(y * 11));
            image.rgba.push_back(static_cast<std::uint8_t>(x + y));
            image.rgba.push_back(255);
        }
    }
    return image;
}

}  // namespace

TEST_CASE("flip_rows reverses rows and twice is identity") {
    const Image original = gradient(5, 4);
    Image flipped = original;
    flip_rows(flipped);
    CHECK(flipped.rgba[1] == 3 * 11);  // first row is now the former last row
    CHECK(flipped.rgba[(3 * 5) * 4 + 1] == 0);
    CHECK(flipped.rgba != original.rgba);
    flip_rows(flipped);
    CHECK(flipped.rgba == original.rgba);
    Image odd = gradient(3, 3);  // the middle row stays
    flip_rows(odd);
    CHECK(odd.rgba[(1 * 3) * 4 + 1] == 11);
}

TEST_CASE("write_png writes an image stb_image reads back identically") {
    const Image image = gradient(31, 17);
    const auto path = (std::filesystem::temp_directory_path() / "postlab_ui_png_test.png").string();
    std::string error;
    REQUIRE(write_png(path, image, error));
    int width = 0, height = 0, channels = 0;
    stbi_uc* pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
    REQUIRE(pixels != nullptr);
    CHECK(width == 31);
    CHECK(height == 17);
    CHECK(std::vector<std::uint8_t>(pixels, pixels + 31 * 17 * 4) == image.rgba);
    stbi_image_free(pixels);
    std::remove(path.c_str());
}

TEST_CASE("write_png refuses empty images and unwritable paths") {
    std::string error;
    CHECK_FALSE(write_png("/tmp/never.png", Image{}, error));
    CHECK_FALSE(error.empty());
    error.clear();
    CHECK_FALSE(write_png("/nonexistent-dir/x.png", gradient(2, 2), error));
    CHECK(error.find("cannot write") != std::string::npos);
}
