// display-popup: a program (shell-command, else the default shell) in a box over the
// client's window, taking the client's keys until it is closed. -w/-h size it (cells or a
// percentage of the client; 50% each by default), -x/-y place it (a column or row, C
// centred as tmux centres it, R, P the target pane), -T titles its border, -B draws none,
// -s/-S style it, -d starts it in a directory, -e adds to its environment. -E closes it
// when the program exits (-EE only when it exits with 0); otherwise Escape or C-c close it
// once the program has gone; -C closes the client's popup. A client that ran it waits for
// it to close and exits with the program's status, as tmux's.
#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"

namespace amux {

// A -w/-h size: cells, or a percentage of total; tmux's errors.
static bool popup_size(CmdContext& ctx, char flag, const char* what, int total, int* out) {
  *out = total / 2;
  if (!ctx.args().has(flag)) return true;
  std::string v = ctx.args().get(flag);
  bool percent = !v.empty() && v.back() == '%';
  if (percent) v.pop_back();
  long long n;
  if (!parse_int(v, 0, 1000000, &n)) return ctx.error(std::string(what) + " invalid"), false;
  if (percent) n = total * n / 100;
  if (n < 1) return ctx.error(std::string(what) + " too small"), false;
  if (n > total) return ctx.error(std::string(what) + " too large"), false;
  *out = static_cast<int>(n);
  return true;
}

// A -x/-y place: the box's first column or row within the window area (-1: centred).
static bool popup_place(CmdContext& ctx, char flag, int room, int size, int pane_at, int* out) {
  *out = -1;
  std::string v = ctx.args().get(flag, "C");
  long long n;
  if (v == "C") return true;
  if (v == "R")
    *out = room - size;
  else if (v == "P")
    *out = pane_at;
  else if (parse_int(v, 0, 100000, &n))
    *out = static_cast<int>(n);
  else
    return ctx.error(std::string("invalid position: ") + v), false;
  return true;
}

static CmdStatus exec_display_popup(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 'c');
  if (c == nullptr) return CmdStatus::kError;
  Attached& a = *c->attached;
  if (args.has('C')) {
    if (is_popup(a.mode.get())) server.renderer().close_mode(c->id, a.mode.get());
    return CmdStatus::kOk;
  }
  if (a.mode) return CmdStatus::kOk;  // as tmux: nothing while another mode is over it
  Session* s = server.sessions().find_id(a.session);
  if (s == nullptr || s->current == nullptr) return ctx.error("no current session");
  Pane* pane = s->current->active;
  if (args.has('t')) {
    Target t;
    if (!ctx.target(TargetKind::kPane, &t)) return CmdStatus::kError;
    pane = t.pane;
  }
  int cols = a.terminal.cols, rows = a.terminal.rows;
  int wrows = rows - (s->options.flag("status") && rows > 1 ? 1 : 0);
  PopupSpec spec;
  std::string lines = args.get('b', "single");
  spec.border = !args.has('B') && lines != "none";
  int w, h;
  if (!popup_size(ctx, 'w', "width", cols, &w) || !popup_size(ctx, 'h', "height", rows, &h))
    return CmdStatus::kError;
  w = std::min(w, cols);
  h = std::min(h, wrows);
  int x, y;
  if (!popup_place(ctx, 'x', cols, w, pane != nullptr ? pane->xoff : 0, &x) ||
      !popup_place(ctx, 'y', wrows, h, pane != nullptr ? pane->yoff + pane->sy - h : 0, &y))
    return CmdStatus::kError;
  // tmux's centre: half the terminal less half the box.
  spec.x = x >= 0 ? x : std::max(0, (cols - 1) / 2 - w / 2);
  spec.y = y >= 0 ? y : std::max(0, (rows - 1) / 2 - h / 2);
  spec.inner_w = std::max(1, w - (spec.border ? 2 : 0));
  spec.inner_h = std::max(1, h - (spec.border ? 2 : 0));
  FormatContext fc;
  if (pane != nullptr) server.pane_formats(fc, *pane);
  spec.title = format_expand(args.get('T'), fc);
  spec.style = args.get('s', "default");
  spec.border_style = args.get('S', "default");
  for (const char* style : {"s", "S"})
    if (Style st; args.has(style[0]) && !parse_style(args.get(style[0]), &st))
      return ctx.error("invalid style: " + args.get(style[0]));
  spec.close_on_exit = std::min(2, args.times('E'));
  SpawnSpec spawn;
  if (!spawn_spec(ctx, &spawn, s)) return CmdStatus::kError;
  if (args.has('d'))
    spawn.cwd = args.get('d');
  else if (pane != nullptr && pane->term)
    spawn.cwd = fc.find("pane_current_path").value_or(spawn.cwd);
  Launch how = server.sessions().launch(*s, pane != nullptr ? pane->id : -1, spawn);
  std::string error;
  uint64_t waiter = ctx.client_id();
  auto popup = make_popup(server, c->id, spec, how, spawn, &error);
  if (!popup) return ctx.error("can't start popup: " + error);
  server.renderer().open_mode(*c, std::move(popup));
  // A client that ran it waits until it closes (popup.cc resumes it).
  if (waiter != 0 && waiter != c->id && server.clients().park(waiter, -1, [] {})) {
    set_popup_waiter(c->attached->mode.get(), waiter);
    return CmdStatus::kWait;
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDisplayPopup(
    "display-popup", "popup", {"Bb:Cc:d:Ee:h:s:S:t:T:w:x:y:", 0, -1},
    "[-BCE] [-b border-lines] [-c target-client] [-d start-directory] [-e environment] "
    "[-h height] [-s style] [-S border-style] [-t target-pane] [-T title] [-w width] "
    "[-x position] [-y position] [shell-command]",
    kFlagSpawns, exec_display_popup);

}  // namespace amux
