// display-menu: a menu on the client: items given as name, key, command (an empty name
// alone is a separator; a name starting with '-' cannot be chosen); names and the title
// (-T) are formats of the target pane. The item's key, or Up/Down and Enter, runs its
// command; Escape or q closes it (a click chooses an item, or closes it outside). -x/-y
// place it (a number, C, R, P, M for the mouse, W for the window's status entry, S the
// status line); -t names the pane its commands run for. Names and commands are formats
// of that pane (and the mouse's: mouse_word, mouse_line); a name that expands to nothing
// leaves its item out.
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_display_menu(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 'c');
  if (c == nullptr) return CmdStatus::kError;
  Pane* pane = server.renderer().shown_pane(*c);
  if (args.has('t')) {
    Target t;
    if (!ctx.target(TargetKind::kPane, &t)) return CmdStatus::kError;
    pane = t.pane;
  }
  FormatContext fc;
  if (pane != nullptr) server.pane_formats(fc, *pane);
  server.mouse_formats(fc, ctx.client());
  std::vector<MenuItem> items;
  const auto& words = args.positional();
  for (size_t i = 0; i < words.size();) {
    if (words[i].empty()) {  // a separator (not first, not two together)
      if (!items.empty() && !items.back().name.empty()) items.push_back({});
      i++;
      continue;
    }
    if (i + 2 >= words.size()) return ctx.error("not enough arguments for menu item: " + words[i]);
    std::string name = format_expand(words[i], fc);
    if (!words[i + 1].empty() && !key_from_name(words[i + 1]))
      return ctx.error("unknown key: " + words[i + 1]);
    std::string key = words[i + 1].empty() ? "" : key_name(*key_from_name(words[i + 1]));
    std::vector<ParsedCommand> parsed;
    std::string error;
    if (!parse_command_string(words[i + 2], &parsed, &error)) return ctx.error(error);
    // As tmux: the command is a format too; an item whose name expands to nothing is
    // left out.
    if (!name.empty()) items.push_back({name, key, format_expand(words[i + 2], fc)});
    i += 3;
  }
  while (!items.empty() && items.back().name.empty()) items.pop_back();
  if (items.empty()) return CmdStatus::kOk;  // as tmux: nothing to show
  MenuPlace place;
  place.x = args.get('x', "C");
  place.y = args.get('y', "C");
  place.title = format_expand(args.get('T'), fc);
  place.pane = pane != nullptr ? pane->id : -1;
  Attached& a = *c->attached;
  if (const MouseEvent* m = server.renderer().mouse_for(ctx.client())) {
    place.mouse = *m;
    place.mouse_x = m->x;
    place.mouse_y = m->y;
  }
  if (pane != nullptr)
    for (const auto& entry : a.status_windows)
      if (entry.window == pane->window->id) place.window_x = entry.x0;
  if (Session* s = server.sessions().find_id(a.session); s && s->options.flag("status"))
    place.status_y = a.terminal.rows - 1;
  server.renderer().open_mode(*c, make_menu(server, c->id, std::move(items), place));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDisplayMenu("display-menu", "menu", {"c:Ot:T:x:y:", 0, -1},
                                          "[-O] [-c target-client] [-t target-pane] [-T title] "
                                          "[-x position] [-y position] name key command ...",
                                          0, exec_display_menu);

}  // namespace amux
