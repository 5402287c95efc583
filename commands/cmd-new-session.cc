// new-session: create a session with one window and one pane running a command in a PTY,
// optionally carrying agent metadata (-G type, -o objective) and a member of a group from
// the start (-g). Without -d the client's terminal attaches to it (and gives it its size).
// -A attaches to a session of the -s name when there is one (tmux's "new -A -s main").
// -W / -w branch run it in a new git worktree (worktrees.h).
#include "amux/coord/coordinator.h"
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/spawn.h"
#include "amux/server/worktrees.h"

namespace amux {

static bool check_name(CmdContext& ctx, std::string* name) {
  if (!ctx.args().has('s')) return true;
  *name = sanitize_session_name(ctx.args().get('s'));
  if (name->empty()) return ctx.error("invalid session name: "), false;
  if (std::string e = check_session_name(*name); !e.empty()) return ctx.error(e), false;
  if (ctx.server()->sessions().find_name(*name) != nullptr)
    return ctx.error("duplicate session: " + *name), false;
  return true;
}

static CmdStatus exec_new_session(CmdContext& ctx) {
  const Args& args = ctx.args();
  // -A: a session of that name already there is attached instead (-D detaching its other
  // clients), as attach-session; with -d nothing more is done.
  if (args.has('A') && args.has('s'))
    if (Session* s = ctx.server()->sessions().find_name(sanitize_session_name(args.get('s')))) {
      if (args.has('d')) return CmdStatus::kOk;
      return attach_command(ctx, s, args.has('D'));
    }
  std::optional<AgentInfo> agent;
  if (args.has('g') && !valid_group_name(args.get('g')))
    return ctx.error("invalid group name: " + args.get('g'));
  if (args.has('G') || args.has('o') || args.has('g')) {
    agent.emplace();
    agent->type = args.get('G', kDefaultAgentType);
    if (!valid_agent_type(agent->type)) return ctx.error(agent_type_error(agent->type));
    if (args.has('o')) agent->objective = args.get('o');
    if (std::string e = check_objective(agent->objective); !e.empty()) return ctx.error(e);
  }
  std::string name;
  int sx = 80, sy = 24;
  ClientConn* conn = nullptr;
  // With no client to attach (the configuration file, a hook) it is made detached, as tmux.
  if (!args.has('d') && (conn = own_client(ctx)) != nullptr) {
    bool control = conn != nullptr && conn->control;  // control mode attaches, no terminal
    bool attached = conn != nullptr && conn->attached;
    if (std::string var = ctx.server()->nesting_variable(ctx.client());
        !attached && !control && !var.empty())
      return ctx.error("sessions should be nested with care, unset $" + var + " to force");
    if (!attached && !control && !ctx.client().terminal.tty)
      return ctx.error("open terminal failed: not a terminal");
    const TerminalInfo& term = attached ? conn->attached->terminal : ctx.client().terminal;
    if (!control && term.cols > 0 && term.rows > 1) sx = term.cols, sy = term.rows - 1;
  }
  SpawnSpec spec;
  if (!check_name(ctx, &name) || !spawn_spec(ctx, &spec) || !read_window_size(ctx, &sx, &sy))
    return CmdStatus::kError;
  std::string error;
  std::string window = window_name(ctx, spec);
  Worktree* tree = nullptr;
  std::string tree_name =
      name.empty() ? std::to_string(ctx.server()->sessions().peek_next_session_id()) : name;
  if (!worktree_spec(ctx, tree_name, ctx.server()->global_options, &spec, &tree))
    return CmdStatus::kError;
  Session* s = ctx.server()->sessions().create_session(name, window, spec, sx, sy, &error);
  if (s == nullptr) {
    if (tree != nullptr) ctx.server()->worktrees().unmake(tree);
    return ctx.error(error);
  }
  if (tree != nullptr) {
    tree->session_id = s->id;
    tree->session_name = s->name;
  }
  if (args.has('n')) s->current->options.set("automatic-rename", "off");  // a name given keeps
  for (const std::string& e : args.all('e')) {  // the session's environment, as tmux's -e
    size_t eq = e.find('=');
    s->environment[e.substr(0, eq)] = EnvEntry{e.substr(eq + 1), false};
  }
  ctx.set_hook_target({s, s->current, s->current->active});
  if (agent) {
    agent->created = agent->last_activity = s->created;
    s->agent = agent;
  }
  // -g: a member from the start; a group that refuses it (full, a join key) undoes it.
  if (args.has('g') && !ctx.server()->coord().join(s->id, args.get('g'), &error)) {
    ctx.server()->sessions().destroy_session(*s);
    if (tree != nullptr) ctx.server()->worktrees().unmake(tree);
    return ctx.error(error);
  }
  if (args.has('g')) ctx.server()->share_worktree(s->id);
  if (conn != nullptr) ctx.server()->renderer().attach(*conn, *s);
  if (args.has('P')) {
    FormatContext fc;  // the new pane's formats, its window's and session's with them
    ctx.server()->pane_formats(fc, *s->current->active);
    ctx.print(format_expand(args.get('F', "#{session_name}:"), fc));
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdNewSession(
    "new-session", "new", {"AB:c:dDe:F:g:G:n:o:Ps:Ww:x:y:", 0, -1},
    "[-AdDPW] [-B base] [-c start-directory] [-e VAR=value] [-F format] [-g group] "
    "[-G agent-type] [-n window-name] [-o objective] [-s session-name] [-w branch] "
    "[-x width] [-y height] [command]",
    kFlagStartServer | kFlagSpawns, exec_new_session);

}  // namespace amux
