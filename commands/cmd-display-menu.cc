// display-menu: a menu on the client: items given as name, key, command (an empty name
// alone is a separator; a name starting with '-' cannot be chosen); names and the title
// (-T) are formats of the target pane. The item's key, or Up/Down and Enter, runs its
// command; Escape or q closes it. -x/-y place it (a number, C, R or P).
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
  FormatContext fc;
  if (Pane* p = server.renderer().shown_pane(*c)) server.pane_formats(fc, *p);
  std::vector<MenuItem> items;
  const auto& words = args.positional();
  for (size_t i = 0; i < words.size();) {
    if (words[i].empty()) {  // a separator
      items.push_back({});
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
    if (!name.empty()) items.push_back({name, key, words[i + 2]});  // "" from a format: left out
    i += 3;
  }
  if (items.empty()) return CmdStatus::kOk;  // as tmux: nothing to show
  MenuPlace place;
  place.x = args.get('x', "C");
  place.y = args.get('y', "C");
  place.title = format_expand(args.get('T'), fc);
  server.renderer().open_mode(*c, make_menu(server, c->id, std::move(items), place));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdDisplayMenu("display-menu", "menu", {"c:Ot:T:x:y:", 0, -1},
                                          "[-O] [-c target-client] [-t target-pane] [-T title] "
                                          "[-x position] [-y position] name key command ...",
                                          0, exec_display_menu);

}  // namespace amux
