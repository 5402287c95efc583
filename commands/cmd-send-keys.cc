// send-keys: type keys into a pane: key names (Enter, C-c, M-x, F1, Up ...), anything
// else as literal text; -l sends every word literally, -H takes hex bytes, -N repeats, -R
// resets the pane's terminal first, -X runs a copy-mode command, -M passes a mouse
// binding's event on to the program under it. Keys reach the window's
// other panes too where synchronize-panes is on.
#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/term/keys.h"

namespace amux {

// -X: a copy-mode command for the copy mode open on the target pane (the command's own
// client's first), -N times; -F expands its arguments as formats.
static CmdStatus mode_command(CmdContext& ctx, const Target& t, int repeat) {
  const Args& args = ctx.args();
  Server& server = *ctx.server();
  ClientConn* own = own_client(ctx);
  CopyMode* copy = nullptr;
  ClientConn* holder = nullptr;
  auto consider = [&](ClientConn* c) {
    auto* m =
        c != nullptr && c->attached ? dynamic_cast<CopyMode*>(c->attached->mode.get()) : nullptr;
    if (copy == nullptr && m != nullptr && m->pane_id() == t.pane->id) copy = m, holder = c;
  };
  if (!args.has('t') && own != nullptr && own->attached)  // its own mode, whatever its pane
    if (auto* m = dynamic_cast<CopyMode*>(own->attached->mode.get())) copy = m, holder = own;
  consider(own);
  for (ClientConn* c : server.renderer().attached_clients()) consider(c);
  if (copy == nullptr) return ctx.error("not in a mode");
  if (args.count() == 0) return ctx.error("no command given");
  std::vector<std::string> rest(args.positional().begin() + 1, args.positional().end());
  if (args.has('F')) {
    FormatContext fc;
    server.pane_formats(fc, *t.pane);
    for (auto& word : rest) word = format_expand(word, fc);
  }
  // From a mouse binding (not the wheel), the cursor goes to the mouse's cell first, and
  // begin-selection starts a selection a drag then extends, as tmux's copy mode does.
  const MouseEvent& m = holder->attached->mouse;
  Pane* mp = m.valid ? server.sessions().find_pane(m.pane) : nullptr;
  KeyCode kind = m.key & ~kKeyMods;
  bool wheel = kind == mouse_key(MouseKind::kWheelUp, 0, m.where) ||
               kind == mouse_key(MouseKind::kWheelDown, 0, m.where);
  if (mp != nullptr && mp->id == copy->pane_id() && m.where == MouseWhere::kPane && !wheel) {
    if (args.at(0) == "begin-selection" && server.renderer().mouse_select(*holder, *mp)) {
      server.renderer().redraw(t.window->session);
      return CmdStatus::kOk;
    }
    copy->set_cursor(m.x - mp->xoff, m.y - mp->yoff);
  }
  std::string error;
  CopyMode::Result r = copy->command(args.at(0), rest, repeat, &error);
  if (r == CopyMode::Result::kUnknown) return ctx.error(error);
  if (r == CopyMode::Result::kLeave) holder->attached->mode.reset();
  server.renderer().redraw(t.window->session);
  return CmdStatus::kOk;
}

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
  if (args.has('X')) return mode_command(ctx, t, static_cast<int>(repeat));
  if (args.has('M')) {  // the mouse event of the binding, to the program under it
    ClientConn* own = own_client(ctx);
    if (own == nullptr || !own->attached || !own->attached->mouse.valid)
      return ctx.error("no mouse target");
    ctx.server()->renderer().mouse_send(*own);
    return CmdStatus::kOk;
  }
  if (args.has('R')) {  // reset the terminal's state, as tmux: modes, colours, the screen
    if (t.pane->term) t.pane->term->write("\033c", 2);
    ctx.server()->renderer().redraw(t.window->session);
  }
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

extern const CommandEntry kCmdSendKeys("send-keys", "send", {"FHlMN:Rt:X", 0, -1},
                                       "[-FHlMRX] [-N repeat-count] [-t target-pane] key ...", 0,
                                       exec_send_keys, TargetKind::kPane);

}  // namespace amux
