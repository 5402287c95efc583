// show-agent: print a member's agent metadata, group and role (or -J): a session's, or a
// pane member's with a pane target or run in its pane.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_show_agent(CmdContext& ctx) {
  Server& server = *ctx.server();
  int self = ctx.member();
  const AgentInfo* agent = server.member_agent(self);
  if (agent == nullptr) return ctx.error(server.coord().who(self) + " has no agent metadata");
  Group* g = server.coord().group_of(self);
  const AgentInfo& a = *agent;
  std::string name = server.session_name(self);
  Pane* pane = server.member_pane(self);
  std::string id = pane != nullptr ? "%" + std::to_string(pane->id) : "$" + std::to_string(self);
  if (ctx.args().has('J')) {
    JsonPtr j(cJSON_CreateObject());
    cJSON_AddStringToObject(j.get(), "session", name.c_str());
    cJSON_AddStringToObject(j.get(), "id", id.c_str());
    cJSON_AddStringToObject(j.get(), "type", a.type.c_str());
    cJSON_AddStringToObject(j.get(), "objective", a.objective.c_str());
    cJSON_AddNumberToObject(j.get(), "created", static_cast<double>(a.created));
    cJSON_AddNumberToObject(j.get(), "last_activity", static_cast<double>(a.last_activity));
    presence_json(server, j.get(), self);
    if (!a.conversation_id.empty())
      cJSON_AddStringToObject(j.get(), "conversation_id", a.conversation_id.c_str());
    if (!a.transcript.empty()) cJSON_AddStringToObject(j.get(), "transcript", a.transcript.c_str());
    add_metrics_json(j.get(), &a);
    if (g != nullptr) {
      cJSON_AddStringToObject(j.get(), "group", g->name.c_str());
      cJSON_AddStringToObject(j.get(), "role", role_name(*g, self).c_str());
    } else {
      cJSON_AddNullToObject(j.get(), "group");
      cJSON_AddNullToObject(j.get(), "role");
    }
    ctx.print(json_print(j.get()));
    return CmdStatus::kOk;
  }
  ctx.print((pane != nullptr ? "Member: " : "Session: ") + name);
  ctx.print("Type: " + a.type);
  ctx.print("Objective: " + a.objective);
  ctx.print("Created: " + format_iso_time(a.created));
  ctx.print("Last Activity: " + format_iso_time(a.last_activity));
  ctx.print("Group: " + (g ? g->name : std::string("none")));
  ctx.print("Role: " + (g ? role_name(*g, self) : std::string("none")));
  ctx.print("State: " + presence_line(server, self));
  if (!a.conversation_id.empty()) ctx.print("Conversation: " + a.conversation_id);
  if (!a.transcript.empty()) ctx.print("Transcript: " + a.transcript);
  if (!a.metrics.empty()) ctx.print("Metrics: " + metrics_text(a));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowAgent("show-agent", nullptr, {"Jt:", 0, 0},
                                        "[-J] [-t target-session]", kFlagReadOnly | kFlagMember, exec_show_agent,
                                        TargetKind::kSession);

}  // namespace amux
