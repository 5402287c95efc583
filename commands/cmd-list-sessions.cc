// list-sessions: one line a session (tmux's layout plus agent metadata), or -F / -J.
#include "amux/base/json.h"
#include "amux/server/cmd.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static const char* const kListSessionsFormat =
    "#{session_name}: #{session_windows} windows (created #{t:session_created})"
    "#{?session_attached, (attached),}"
    "#{?agent_type, [#{agent_type}#{?agent_group,#, group #{agent_group} "
    "(#{agent_role}),}],}";

static cJSON* session_json(Server& server, Session& s) {
  FormatContext fc;
  server.session_formats(fc, s);
  cJSON* j = cJSON_CreateObject();
  cJSON_AddStringToObject(j, "name", s.name.c_str());
  cJSON_AddStringToObject(j, "id", fc.find("session_id")->c_str());
  cJSON_AddNumberToObject(j, "created", static_cast<double>(s.created));
  cJSON_AddNumberToObject(j, "windows", static_cast<double>(s.windows.size()));
  for (const char* key : {"agent_type", "agent_objective", "agent_group", "agent_role"}) {
    std::string v = *fc.find(key);
    if (v.empty())
      cJSON_AddNullToObject(j, key);
    else
      cJSON_AddStringToObject(j, key, v.c_str());
  }
  return j;
}

static CmdStatus exec_list_sessions(CmdContext& ctx) {
  Server& server = *ctx.server();
  if (ctx.args().has('J')) {
    JsonPtr arr(cJSON_CreateArray());
    for (Session* s : server.sessions().list())
      cJSON_AddItemToArray(arr.get(), session_json(server, *s));
    ctx.print(json_print(arr.get()));
    return CmdStatus::kOk;
  }
  std::string fmt = ctx.args().get('F', kListSessionsFormat);
  for (Session* s : server.sessions().list()) {
    // As tmux: the session's formats, then its current window's and that window's active
    // pane's (#{window_width}, #{pane_id} in a session listing).
    FormatContext fc;
    if (s->current != nullptr && s->current->active != nullptr)
      server.pane_formats(fc, *s->current->active);
    else
      server.session_formats(fc, *s);
    ctx.print(format_expand(fmt, fc));
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListSessions("list-sessions", "ls", {"F:J", 0, 0}, "[-J] [-F format]",
                                           kFlagReadOnly, exec_list_sessions);

}  // namespace amux
