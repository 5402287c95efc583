// send-keys: type keys into a pane: key names (Enter, C-c, M-x, F1, Up ...), anything
// else as literal text; -l sends every word literally, -H takes hex bytes, -N repeats. Keys reach
// the window's other panes too where synchronize-panes is on.
#include "amux/base/util.h"
#include "amux/server/server.h"
#include "amux/term/keys.h"

namespace amux {

static CmdStatus exec_send_keys(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('l') && args.has('H')) return ctx.error("-l and -H cannot be used together");
  long long repeat = 1;
  if (args.has('N')) {
    if (!parse_int(args.get('N'), INT64_MIN, INT64_MAX, &repeat))
      return ctx.error("repeat count invalid");
    if (repeat < 1) return ctx.error("repeat count too small");
    if (repeat > 10000) return ctx.error("repeat count too large");
  }
  const Target& t = ctx.target();
  std::string once, bytes;
  for (const auto& word : args.positional()) {
    if (args.has('H')) {
      if (!hex_bytes(word, &once)) return ctx.error("invalid hex byte: " + word);
    } else if (args.has('l')) {
      once += word;
    } else {
      once += key_bytes(word).value_or(word);
    }
  }
  for (long long i = 0; i < repeat; i++) bytes += once;
  std::string error;
  if (!t.pane->key_input(bytes, &error)) return ctx.error(error);
  // Keys (not -l or -H bytes, as tmux) go to the window's other synchronized panes too.
  Window& w = *t.window;
  if (args.has('l') || args.has('H') || !w.effective_options(*t.pane).flag("synchronize-panes"))
    return CmdStatus::kOk;
  for (auto& q : w.panes)
    if (q.get() != t.pane && !q->dead && w.effective_options(*q).flag("synchronize-panes"))
      q->key_input(bytes, &error);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdSendKeys("send-keys", "send", {"HlN:t:", 0, -1},
                                       "[-Hl] [-N repeat-count] [-t target-pane] key ...", 0,
                                       exec_send_keys, TargetKind::kPane);

}  // namespace amux
