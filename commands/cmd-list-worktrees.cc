// list-worktrees (lswt): the git worktrees amux made (new-session/new-window/split-window
// -W), each with its session or pane, branch, base, and how it stands against the base:
// commits ahead and behind, files changed and not committed (read now).
#include "amux/base/json.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/worktrees.h"

namespace amux {

static void list_formats(Server& server, FormatContext& fc, const Worktree& w, bool read) {
  bool live = server.sessions().find_id(w.session_id) != nullptr;
  fc.set("worktree_path", w.path);
  fc.set("worktree_repo", w.repo);
  fc.set("worktree_branch", w.branch);
  fc.set("worktree_base", w.base);
  fc.set("worktree_session", w.session_name);
  fc.set("worktree_pane", w.pane_id >= 0 ? "%" + std::to_string(w.pane_id) : "");
  fc.set("worktree_live", live ? "1" : "0");
  fc.set("worktree_ahead", read ? std::to_string(w.ahead) : "");
  fc.set("worktree_behind", read ? std::to_string(w.behind) : "");
  fc.set("worktree_changes", read ? std::to_string(w.changes) : "");
}

static std::string field(const FormatContext& fc, const std::string& name) {
  return fc.find("worktree_" + name).value_or("");
}

static CmdStatus exec_list_worktrees(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  JsonPtr arr(cJSON_CreateArray());
  for (Worktree* w : server.worktrees().list()) {
    std::string error;
    bool read = server.worktrees().read_now(*w, &error);
    FormatContext fc;
    list_formats(server, fc, *w, read);
    if (args.has('J')) {
      cJSON* j = cJSON_CreateObject();
      for (const char* name : {"path", "repo", "branch", "base", "session", "pane"})
        cJSON_AddStringToObject(j, name, field(fc, name).c_str());
      cJSON_AddBoolToObject(j, "live", field(fc, "live") == "1");
      for (const char* name : {"ahead", "behind", "changes"}) {
        if (read)
          cJSON_AddNumberToObject(j, name, std::stod(field(fc, name)));
        else
          cJSON_AddNullToObject(j, name);
      }
      if (!read) cJSON_AddStringToObject(j, "error", error.c_str());
      cJSON_AddItemToArray(arr.get(), j);
      continue;
    }
    if (args.has('F')) {
      ctx.print(format_expand(args.get('F'), fc));
      continue;
    }
    std::string who = w->session_name + (w->pane_id >= 0 ? ":%" + std::to_string(w->pane_id) : "") +
                      (field(fc, "live") == "1" ? "" : " (gone)");
    std::string how = read ? std::to_string(w->ahead) + " ahead, " + std::to_string(w->behind) +
                                 " behind, " +
                                 (w->changes == 0 ? std::string("clean")
                                                  : plural(static_cast<size_t>(w->changes),
                                                           "change", "changes"))
                           : error;
    ctx.print(who + ": " + w->branch + " from " + w->base + ", " + how + " (" + w->path + ")");
  }
  if (args.has('J')) ctx.print(json_print(arr.get()));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListWorktrees("list-worktrees", "lswt", {"F:J", 0, 0},
                                            "[-J] [-F format]", kFlagReadOnly, exec_list_worktrees);

}  // namespace amux
