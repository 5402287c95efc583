// agent-wait (await): block until the first event after a sequence number (default:
// now) that matches: a change of -k key, or any event. Parked in the server and woken
// by the event itself; -T gives up with exit status 2; leaving the group ends it.
#include "amux/agent.h"

namespace amux {

static bool matches(const GroupEvent& e, const std::string& key) {
  return key.empty() || ((e.kind == "share" || e.kind == "unset") && e.key == key);
}

static CmdStatus exec_agent_wait(CmdContext& ctx) {
  const Args& args = ctx.args();
  const std::string& key = args.get('k');
  if (args.has('k') && !valid_key(key)) return ctx.error("invalid key: " + key);
  long long after = -1, timeout = -1;
  if (args.has('s') && !parse_int(args.get('s'), 0, INT64_MAX, &after))
    return ctx.error("invalid sequence: " + args.get('s'));
  if (args.has('T') && !parse_int(args.get('T'), 0, 86400 * 365, &timeout))
    return ctx.error("invalid timeout: " + args.get('T'));
  Session* s = ctx.target_session();
  if (s == nullptr) return CmdStatus::kError;
  Group* g = require_group(ctx, *s);
  if (g == nullptr) return CmdStatus::kError;
  if (after >= 0)
    for (const auto& e : g->events)
      if (e.seq > static_cast<uint64_t>(after) && matches(e, key)) {
        ctx.out += event_line(*g, e, args.has('J'), "");
        return CmdStatus::kOk;
      }
  if (ctx.client_id() == 0) return ctx.error("agent-wait needs a client to wait");
  EventWaiter w;
  w.client_id = ctx.client_id();
  w.group_id = g->id;
  w.session_id = s->id;
  w.key = key;
  w.json = args.has('J');
  ctx.server()->add_waiter(std::move(w), timeout);
  return CmdStatus::kWait;
}

extern const CommandEntry kCmdAgentWait = {
    "agent-wait", "await", {"Jk:s:t:T:", 0, 0},
    "[-J] [-k key] [-s sequence] [-t target-session] [-T seconds]", 0, exec_agent_wait};

}  // namespace amux
