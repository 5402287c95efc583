// capture-pane: a pane's screen (and, with negative -S or -S -, its history) as text;
// -p prints it, otherwise it becomes a paste buffer (-b name). -N keeps trailing spaces,
// -T then only those a program wrote.
#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"
#include "amux/term/capture.h"

namespace amux {

static bool read_line_number(CmdContext& ctx, char flag, long* out, bool* dash) {
  const std::string& v = ctx.args().get(flag);
  if (v == "-") return *dash = true;
  long long n;
  if (!parse_int(v, -100000000, 100000000, &n))
    return ctx.error(std::string(flag == 'S' ? "invalid start line: " : "invalid end line: ") + v),
           false;
  *out = static_cast<long>(n);
  return true;
}

static CmdStatus exec_capture_pane(CmdContext& ctx) {
  const Args& args = ctx.args();
  const Target& t = ctx.target();
  if (ctx.client().read_only && !args.has('p'))  // into a paste buffer: a change
    return ctx.error("access denied: read-only");
  CaptureOptions opts;
  opts.join = args.has('J');
  opts.escapes = args.has('e');
  opts.keep_trailing = args.has('N');
  opts.written_only = args.has('T');
  if (args.has('S') &&
      !read_line_number(ctx, 'S', &opts.range.start, &opts.range.from_history_start))
    return CmdStatus::kError;
  if (args.has('E')) {
    opts.range.end_default = false;
    if (!read_line_number(ctx, 'E', &opts.range.end, &opts.range.to_screen_end))
      return CmdStatus::kError;
  }
  std::string text = capture_grid(t.pane->term->grid(), opts);
  if (args.has('p')) {
    ctx.out += text;
    return CmdStatus::kOk;
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  ctx.server()->paste().add(std::move(text), args.get('b'));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdCapturePane(
    "capture-pane", "capturep", {"b:eE:JNpS:t:T", 0, 0},
    "[-eJNpT] [-b buffer-name] [-E end-line] [-S start-line] [-t target-pane]", kFlagReadOnly,
    exec_capture_pane, TargetKind::kPane);

}  // namespace amux
