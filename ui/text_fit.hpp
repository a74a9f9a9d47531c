// Shortening a label to fit a width, measured by the caller (ImGui's CalcTextSize in views, a
// fixed width per character in tests): lifeline names in the ladder, the lesson title in the top bar.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace postlab::ui {

// Text width in pixels.
using TextWidth = std::function<float(std::string_view)>;

// The longest "head..tail" of `text` no wider than `max_w` (the head gets the larger share); ""
// when not even ".." fits. For ASCII names (host names).
std::string elide_middle(const std::string& text, float max_w, const TextWidth& measure);

// The longest prefix of `text` plus "..." no wider than `max_w`, cut between UTF-8 characters
// and without trailing spaces; `text` itself when it fits; "" when not even "..." fits.
std::string elide_end(const std::string& text, float max_w, const TextWidth& measure);

}  // namespace postlab::ui
