// libFuzzer target: the format expander (#{var}, #{?cond,a,b}, #{==:a,b}, #{t:var},
// #{l:text}, ##, nesting) on arbitrary text with a set of variables, a parent context and
// a lookup function, as -F and the status line use it; what it gives is then drawn as a
// status line draws it (#[...] styles, align=).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "amux/base/format.h"
#include "amux/term/canvas.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  amux::FormatContext parent;
  parent.set("session_name", "main");
  parent.set("session_created", "1700000000");
  parent.set("empty", "");
  parent.set("zero", "0");
  amux::FormatContext ctx(&parent);
  ctx.set("window_name", "editor#{x}");
  ctx.set("pane_id", "%1");
  ctx.set_lookup([](std::string_view name) -> std::optional<std::string> {
    if (name == "lazy") return std::string("#{session_name}");
    return std::nullopt;
  });
  std::string fmt(reinterpret_cast<const char*>(data), size);
  std::string out = amux::format_expand(fmt, ctx);
  std::string_view drawn(out.data(), std::min<size_t>(out.size(), 64 * 1024));
  amux::Canvas cv(80, 1);
  int used = amux::print_styled(cv, 3, 0, drawn, amux::Style{}, 70);
  if (used < 0 || used > 77 || amux::styled_width(drawn) < 0) return 1;
  amux::frame_title(cv, 2, 0, 40, drawn, amux::Style{});
  (void)amux::strip_styles(drawn);
  return out.size() > (1u << 24) ? 1 : 0;
}
