// capture-pane's renderer over history and screen lines.
#include "amux/term/capture.h"

#include <algorithm>

namespace amux {

std::string render_line(const Line& l, int width, bool escapes, bool trim, bool written_only) {
  int n = std::min(l.size(), width);
  if (written_only) n = std::min(n, l.used());
  if (trim)
    while (n > 0 && (l.glyph(n - 1) == 0 || l.glyph(n - 1) == ' ') && l.style(n - 1).is_default())
      n--;
  std::string out;
  const Style* current = nullptr;
  static const Style kDefault;
  for (int x = 0; x < n; x++) {
    if (escapes) {
      const Style& s = l.style(x);
      if (current == nullptr ? !s.is_default() : !(s == *current)) out += style_sgr(s);
      current = &s;
    }
    out += l.text(x);
  }
  if (escapes && current != nullptr && !(*current == kDefault)) out += "\033[0m";
  return out;
}

std::string capture_grid(const Grid& g, const CaptureOptions& opts) {
  long hist = static_cast<long>(g.history_size());
  long start = opts.range.from_history_start ? -hist : opts.range.start;
  long end = (opts.range.to_screen_end || opts.range.end_default) ? g.rows() - 1 : opts.range.end;
  start = std::clamp(start, -hist, static_cast<long>(g.rows() - 1));
  end = std::clamp(end, -hist, static_cast<long>(g.rows() - 1));
  if (end < start) std::swap(start, end);
  std::string out;
  for (long y = start; y <= end; y++) {
    const Line& l =
        y < 0 ? g.history_line(static_cast<size_t>(hist + y)) : g.line(static_cast<int>(y));
    bool joined = opts.join && l.wrapped && y < end;
    out +=
        render_line(l, g.cols(), opts.escapes, !joined && !opts.keep_trailing, opts.written_only);
    if (!joined) out += '\n';
  }
  return out;
}

}  // namespace amux
