#include "app/heatmap_legend.h"

#include <algorithm>
#include <cstdint>

namespace tessera {
namespace {

// 3x5 glyphs, one row of three bits per entry (the high bit is the left pixel).
struct Glyph {
  char c;
  uint8_t rows[5];
};
constexpr Glyph kFont[] = {
    {'0', {7, 5, 5, 5, 7}}, {'1', {2, 6, 2, 2, 7}}, {'2', {7, 1, 7, 4, 7}}, {'3', {7, 1, 7, 1, 7}},
    {'4', {5, 5, 7, 1, 1}}, {'5', {7, 4, 7, 1, 7}}, {'6', {7, 4, 7, 5, 7}}, {'7', {7, 1, 1, 1, 1}},
    {'8', {7, 5, 7, 5, 7}}, {'9', {7, 5, 7, 1, 7}}, {'.', {0, 0, 0, 0, 2}}, {'-', {0, 0, 7, 0, 0}},
    {'+', {0, 2, 7, 2, 0}}, {'e', {7, 4, 7, 4, 7}}, {'/', {1, 1, 2, 4, 4}}, {'a', {0, 6, 3, 5, 7}},
    {'p', {0, 7, 5, 7, 4}}, {'r', {0, 5, 6, 4, 4}}, {'s', {0, 3, 6, 3, 6}}, {'u', {0, 5, 5, 5, 7}},
    {'x', {0, 5, 2, 5, 5}}, {'y', {0, 5, 7, 1, 7}}, {' ', {0, 0, 0, 0, 0}},
};

const Glyph* glyph(char c) {
  for (const Glyph& g : kFont)
    if (g.c == c) return &g;
  return nullptr;
}

int legend_scale(int width) { return width >= 240 ? 2 : 1; }

}  // namespace

int tiny_text_width(const std::string& text, int scale) {
  return text.empty() ? 0 : (int(text.size()) * 4 - 1) * scale;  // 3 pixels and a gap per character
}

int draw_tiny_text(Image& image, int x, int y, const std::string& text, int scale, const Vec3& colour) {
  int pen = x;
  for (char c : text) {
    if (const Glyph* g = glyph(c))
      for (int row = 0; row < 5; ++row)
        for (int col = 0; col < 3; ++col)
          if (g->rows[row] & (4 >> col))
            for (int dy = 0; dy < scale; ++dy)
              for (int dx = 0; dx < scale; ++dx) {
                const int px = pen + col * scale + dx, py = y + row * scale + dy;
                if (px >= 0 && py >= 0 && px < image.width() && py < image.height()) image.set_pixel(px, py, colour);
              }
    pen += 4 * scale;
  }
  return tiny_text_width(text, scale);
}

int heatmap_legend_height(int width) { return 12 * legend_scale(width); }

void draw_heatmap_legend(Image& image, int top, const std::function<Vec3(float)>& colour,
                         const std::string& max_label, const std::string& unit) {
  const int s = legend_scale(image.width()), height = heatmap_legend_height(image.width());
  const Vec3 background(0.02f), ink(1.0f);
  for (int y = top; y < std::min(image.height(), top + height); ++y)
    for (int x = 0; x < image.width(); ++x) image.set_pixel(x, y, background);
  // The bar: 4 font pixels tall, one font pixel in from each side.
  const int x0 = s, x1 = std::max(x0 + 1, image.width() - s), bar_top = top + s;
  for (int x = x0; x < x1; ++x) {
    const Vec3 c = colour(x1 - x0 > 1 ? float(x - x0) / float(x1 - x0 - 1) : 1.0f);
    for (int y = bar_top; y < std::min(image.height(), bar_top + 4 * s); ++y) image.set_pixel(x, y, c);
  }
  // Labels under the bar: 0 at the left, the largest value at the right, the unit between.
  const int text_top = bar_top + 5 * s;
  const int left = draw_tiny_text(image, x0, text_top, "0", s, ink);
  const int right_width = tiny_text_width(max_label, s), right_x = std::max(x0, x1 - right_width);
  if (right_x > x0 + left + 2 * s) draw_tiny_text(image, right_x, text_top, max_label, s, ink);
  const int unit_width = tiny_text_width(unit, s), unit_x = (x0 + x1 - unit_width) / 2;
  if (unit_x > x0 + left + 2 * s && unit_x + unit_width + 2 * s < right_x)
    draw_tiny_text(image, unit_x, text_top, unit, s, ink);
}

}  // namespace tessera
