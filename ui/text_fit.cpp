// Label shortening: see text_fit.hpp.
#include "ui/text_fit.hpp"

namespace postlab::ui {

std::string elide_middle(const std::string& text, float max_w, const TextWidth& measure) {
    if (measure(text) <= max_w) return text;
    for (std::size_t keep = text.size() - 1; keep >= 1 && keep < text.size(); --keep) {
        const std::size_t head = (keep * 3 + 4) / 5;  // about 60 %, at least one
        const std::string s = text.substr(0, head) + ".." + text.substr(text.size() - (keep - head));
        if (measure(s) <= max_w) return s;
    }
    return "";
}

std::string elide_end(const std::string& text, float max_w, const TextWidth& measure) {
    if (measure(text) <= max_w) return text;
    std::size_t cut = text.size();
    while (cut > 0) {
        --cut;
        // Never inside a UTF-8 sequence: step back over continuation bytes (10xxxxxx).
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        std::size_t end = cut;
        while (end > 0 && text[end - 1] == ' ') --end;
        const std::string s = text.substr(0, end) + "...";
        if (measure(s) <= max_w) return s;
    }
    return "";
}

}  // namespace postlab::ui
