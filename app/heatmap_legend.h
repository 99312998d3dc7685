#pragma once
// The legend under a --heatmap: a colour bar from 0 to the largest value, its
// two ends labelled in a tiny built-in 3x5 pixel font, and the unit.

#include "core/image/image.h"
#include "core/math/vec3.h"

#include <functional>
#include <string>

namespace tessera {

// Height in pixels of the legend strip for an image `width` wide.
int heatmap_legend_height(int width);

// Draw the legend into rows [top, top + heatmap_legend_height(width)) of
// `image`: `colour(t)` for t in [0, 1] along the bar, "0" under its left end,
// `max_label` under its right end and `unit` between them when there is room.
void draw_heatmap_legend(Image& image, int top, const std::function<Vec3(float)>& colour,
                         const std::string& max_label, const std::string& unit);

// Draw `text` with its top-left corner at (x, y), each font pixel `scale`
// pixels wide, clipped to the image. Characters outside the font
// ("0-9 . - e / a p r s u x y" and space) are left blank. Returns the width drawn.
int draw_tiny_text(Image& image, int x, int y, const std::string& text, int scale, const Vec3& colour);
int tiny_text_width(const std::string& text, int scale);

}  // namespace tessera
