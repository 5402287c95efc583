// new-window: add a window (one pane running a command) to a session, at the next free
// index from base-index or at the index given by -t session:index; -a after the target
// window (-b before it), the windows from there moving one along; -S selects a window of
// the -n name instead when the session has one; -k replaces a window at the index.
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"
#include "amux/server/worktrees.h"

namespace amux {

// Reads -t as "session", "session:index", ":index" or "index".
static bool new_window_target(CmdContext& ctx, Session** s, int* index) {
  std::string t = ctx.args().get('t');
  *index = -1;
  size_t colon = t.find(':');
  std::string session_part = colon == std::string::npos ? t : t.substr(0, colon);
  std::string index_part = colon == std::string::npos ? "" : t.substr(colon + 1);
  long long n;
  if (colon == std::string::npos && parse_int(t, 0, 1000000, &n) &&
      !ctx.server()->sessions().find_name(t)) {
    session_part.clear();
    index_part = t;
  }
  *s = ctx.find_session(session_part);
  if (*s == nullptr) return false;
  ctx.use(**s, !session_part.empty(), TargetKind::kWindow);
  if (index_part.empty()) return true;
  if (!parse_int(index_part, 0, 1000000, &n))
    return ctx.error("invalid index: " + index_part), false;
  *index = static_cast<int>(n);
  return true;
}

static CmdStatus exec_new_window(CmdContext& ctx) {
  Session* s;
  int index;
  SpawnSpec spec;
  if (!new_window_target(ctx, &s, &index) || !spawn_spec(ctx, &spec, s)) return CmdStatus::kError;
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  if (args.has('a') && args.has('b')) return ctx.error("-a and -b cannot be used together");
  if (args.has('S') && args.has('n'))  // -S: a window of that name already there is selected
    for (auto& [i, existing] : s->windows)
      if (existing->name == args.get('n')) {
        if (!args.has('d')) server.sessions().select_window(*s, *existing);
        print_new_pane(ctx, *existing->active);
        return CmdStatus::kOk;
      }
  if (args.has('a') || args.has('b')) {  // after (before) the target window; others move along
    int at = index >= 0 ? index : s->current != nullptr ? s->current->index : -1;
    if (at >= 0) {
      index = at + (args.has('a') ? 1 : 0);
      server.sessions().open_window_index(*s, index);
    }
  }
  bool current_killed = false;  // -k: a window at the index goes, its place taken
  if (args.has('k') && index >= 0) current_killed = server.sessions().drop_window_at(*s, index);
  std::string error;
  std::string name = window_name(ctx, spec);
  Worktree* tree = nullptr;
  if (!worktree_spec(ctx, s->name + "-p" + std::to_string(server.sessions().peek_next_pane_id()),
                     s->options, &spec, &tree,
                     s->current != nullptr ? s->current->active : nullptr))
    return CmdStatus::kError;
  Window* w = server.sessions().create_window(*s, index, name, spec, &error);
  if (w == nullptr) {
    if (tree != nullptr) server.worktrees().unmake(tree);
    if (s->windows.empty()) server.sessions().destroy_session(*s);  // -k took its last
    return ctx.error(error);
  }
  if (tree != nullptr) {
    tree->session_id = s->id;
    tree->session_name = s->name;
    tree->pane_id = w->active->id;
  }
  if (args.has('n')) w->options.set("automatic-rename", "off");  // a name given keeps
  ctx.set_hook_target({s, w, w->active});  // after-new-window is about the new window
  if (!ctx.args().has('d') || current_killed || s->current == nullptr)
    server.sessions().select_window(*s, *w);
  print_new_pane(ctx, *w->active);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdNewWindow(
    "new-window", "neww", {"aB:bc:de:F:kn:PSt:Ww:", 0, -1},
    "[-abdkPSW] [-B base] [-c start-directory] [-e VAR=value] [-F format] [-n window-name] "
    "[-t target-window] [-w branch] [command]",
    kFlagSpawns, exec_new_window);

}  // namespace amux
