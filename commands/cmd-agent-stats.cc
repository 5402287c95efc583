// agent-stats (astats): statistics of a group (-g, else the session's): members now and
// ever, tasks done and failed with the success rate, mean and median task time (join to
// done/failed), shares, CAS and lock conflicts, lease waits (count, p50, max), messages
// sent and read, and time spent working, idle and blocked; then the same for each
// member, past members too. -F prints a line for the group (-m: a line a member), -J
// the whole as JSON.
#include "amux/coord/stats.h"
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static std::string secs(int64_t v) {
  return v < 0 ? "-" : std::to_string(v) + "s";
}

// "3 shares, 1 cas and 0 lock conflicts, 2 lease waits (p50 3s, max 5s), 1 sent and 0
// read messages, 10s working, 4s idle, 0s blocked"
static std::string activity(const Stats& s) {
  return std::to_string(s.shares) + " shares, " + std::to_string(s.cas_conflicts) + " cas and " +
         std::to_string(s.lock_conflicts) + " lock conflicts, " + std::to_string(s.waits.size()) +
         " lease waits (p50 " + secs(s.wait_p50()) + ", max " + secs(s.wait_max()) + "), " +
         std::to_string(s.messages_sent) + " sent and " + std::to_string(s.messages_read) +
         " read messages, " + secs(s.working) + " working, " + secs(s.idle) + " idle, " +
         secs(s.blocked) + " blocked";
}

// A present member's agent (its numbers: astatus -m); nullptr for a past one.
static const AgentInfo* record_agent(Server& server, const Group& g, const MemberRecord& r) {
  if (r.left != 0) return nullptr;
  for (const auto& [id, number] : g.record_of)
    if (number == r.number) return server.member_agent(id);
  return nullptr;
}

static void print_human(CmdContext& ctx, const Group& g, time_t now) {
  Stats s = group_stats(g, now);
  int success = s.success_percent();
  ctx.print("Group: " + g.name);
  ctx.print("Members: " + std::to_string(s.members_now) + " now, " +
            std::to_string(s.members_ever) + " ever");
  ctx.print("Tasks: " + std::to_string(s.done) + " done, " + std::to_string(s.failed) +
            " failed, success " + (success < 0 ? "-" : std::to_string(success) + "%") + ", mean " +
            secs(s.task_mean()) + ", median " + secs(s.task_median()));
  ctx.print("Activity: " + activity(s));
  for (const MemberRecord& r : g.roster) {
    Stats m = record_stats(r, now);
    int64_t task = m.task_mean();
    ctx.print("  " + r.name + " (" + std::to_string(r.number) + ", " + r.state +
              (r.left ? ", left" : "") + (task >= 0 ? ", task " + secs(task) : "") +
              "): " + activity(m));
    if (const AgentInfo* a = record_agent(*ctx.server(), g, r); a != nullptr && !a->metrics.empty())
      ctx.print("    Metrics: " + metrics_text(*a));
  }
}

static CmdStatus exec_agent_stats(CmdContext& ctx) {
  const Args& args = ctx.args();
  Group* g = group_of_flag_or_target(ctx);
  if (g == nullptr) return CmdStatus::kError;
  if (!g->remote.empty()) return remote_unsupported(ctx, *g);
  time_t now = ctx.server()->now();
  if (args.has('J')) {
    JsonPtr j(cJSON_CreateObject());
    cJSON_AddStringToObject(j.get(), "group", g->name.c_str());
    add_stats_json(j.get(), group_stats(*g, now));
    cJSON* members = cJSON_AddArrayToObject(j.get(), "members");
    for (const MemberRecord& r : g->roster) {
      cJSON* m = cJSON_CreateObject();
      cJSON_AddStringToObject(m, "name", r.name.c_str());
      cJSON_AddNumberToObject(m, "number", static_cast<double>(r.number));
      cJSON_AddStringToObject(m, "state", r.state.c_str());
      cJSON_AddBoolToObject(m, "left", r.left != 0);
      add_stats_json(m, record_stats(r, now), false);
      add_metrics_json(m, record_agent(*ctx.server(), *g, r));
      cJSON_AddItemToArray(members, m);
    }
    ctx.print(json_print(j.get()));
  } else if (args.has('F') || args.has('m')) {
    std::string format = args.has('F')
                             ? args.get('F')
                             : "#{record_name}: #{stats_done} done, #{stats_failed} failed, "
                               "#{stats_shares} shares";
    if (!args.has('m')) {
      FormatContext fc;
      fc.set("group_name", g->name);
      stats_formats(fc, group_stats(*g, now));
      ctx.print(format_expand(format, fc));
    } else {
      for (const MemberRecord& r : g->roster) {
        FormatContext fc;
        fc.set("group_name", g->name);
        record_formats(fc, r);
        stats_formats(fc, record_stats(r, now));
        const AgentInfo* a = record_agent(*ctx.server(), *g, r);
        fc.set("record_metrics", a ? metrics_text(*a) : "");
        ctx.print(format_expand(format, fc));
      }
    }
  } else {
    print_human(ctx, *g, now);
  }
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentStats("agent-stats", "astats", {"F:g:Jmt:", 0, 0},
                                         "[-Jm] [-F format] [-g group] [-t target-session]",
                                         kFlagReadOnly | kFlagGroupState, exec_agent_stats);

}  // namespace amux
