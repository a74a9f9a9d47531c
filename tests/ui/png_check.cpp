// png_check FILE RRGGBB: decodes a `postlab gui --screenshot` PNG with stb_image and
// prints what the Xvfb tests judge: size, distinct colours, pixels of the background colour, and
// the first row made only of background (the gap under the top bar). Exit 1 when unreadable.
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>

namespace {

unsigned long pixel_at(const stbi_uc* pixels, int width, int x, int y) {
    const stbi_uc* p = pixels + (static_cast<long>(y) * width + x) * 4;
    return (static_cast<unsigned long>(p[0]) << 16) | (static_cast<unsigned long>(p[1]) << 8) | p[2];
}

int first_background_row(const stbi_uc* pixels, int width, int height, unsigned long background) {
    for (int y = 0; y < height; ++y) {
        bool all = true;
        for (int x = 0; x < width && all; ++x) all = pixel_at(pixels, width, x, y) == background;
        if (all) return y;
    }
    return -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: png_check FILE RRGGBB\n");
        return 2;
    }
    const unsigned long background = std::strtoul(argv[2], nullptr, 16);
    int width = 0, height = 0, channels = 0;
    stbi_uc* pixels = stbi_load(argv[1], &width, &height, &channels, 4);
    if (pixels == nullptr) {
        std::fprintf(stderr, "png_check: cannot decode %s: %s\n", argv[1], stbi_failure_reason());
        return 1;
    }
    std::set<unsigned long> colours;
    long background_pixels = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const unsigned long c = pixel_at(pixels, width, x, y);
            colours.insert(c);
            if (c == background) ++background_pixels;
        }
    }
    std::printf("size %dx%d\ndistinct_colours %zu\nbackground_pixels %ld\nfirst_background_row %d\n",
                width, height, colours.size(), background_pixels,
                first_background_row(pixels, width, height, background));
    stbi_image_free(pixels);
    return 0;
}
