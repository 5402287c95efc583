// show-agent: print a session's agent metadata, group and role (or -J).
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_show_agent(CmdContext& ctx) {
  Session* s = &ctx.session();
  if (!s->agent) return ctx.error("session '" + s->name + "' has no agent metadata");
  Group* g = ctx.server()->group_of(*s);
  const AgentInfo& a = *s->agent;
  if (ctx.args().has('J')) {
    JsonPtr j(cJSON_CreateObject());
    cJSON_AddStringToObject(j.get(), "session", s->name.c_str());
    cJSON_AddStringToObject(j.get(), "id", ("$" + std::to_string(s->id)).c_str());
    cJSON_AddStringToObject(j.get(), "type", a.type.c_str());
    cJSON_AddStringToObject(j.get(), "objective", a.objective.c_str());
    cJSON_AddNumberToObject(j.get(), "created", static_cast<double>(a.created));
    cJSON_AddNumberToObject(j.get(), "last_activity", static_cast<double>(a.last_activity));
    presence_json(*ctx.server(), j.get(), s->id);
    if (!a.conversation_id.empty())
      cJSON_AddStringToObject(j.get(), "conversation_id", a.conversation_id.c_str());
    if (!a.transcript.empty()) cJSON_AddStringToObject(j.get(), "transcript", a.transcript.c_str());
    add_metrics_json(j.get(), &a);
    if (g != nullptr) {
      cJSON_AddStringToObject(j.get(), "group", g->name.c_str());
      cJSON_AddStringToObject(j.get(), "role", role_name(*g, s->id).c_str());
    } else {
      cJSON_AddNullToObject(j.get(), "group");
      cJSON_AddNullToObject(j.get(), "role");
    }
    ctx.print(json_print(j.get()));
    return CmdStatus::kOk;
  }
  ctx.print("Session: " + s->name);
  ctx.print("Type: " + a.type);
  ctx.print("Objective: " + a.objective);
  ctx.print("Created: " + format_iso_time(a.created));
  ctx.print("Last Activity: " + format_iso_time(a.last_activity));
  ctx.print("Group: " + (g ? g->name : std::string("none")));
  ctx.print("Role: " + (g ? role_name(*g, s->id) : std::string("none")));
  ctx.print("State: " + presence_line(*ctx.server(), s->id));
  if (!a.conversation_id.empty()) ctx.print("Conversation: " + a.conversation_id);
  if (!a.transcript.empty()) ctx.print("Transcript: " + a.transcript);
  if (!a.metrics.empty()) ctx.print("Metrics: " + metrics_text(a));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdShowAgent("show-agent", nullptr, {"Jt:", 0, 0},
                                        "[-J] [-t target-session]", kFlagReadOnly, exec_show_agent,
                                        TargetKind::kSession);

}  // namespace amux
