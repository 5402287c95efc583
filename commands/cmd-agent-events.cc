// agent-events (aevents): a group's events after a sequence number (-s); with -f it
// keeps streaming new ones until the client goes away. A reader that falls too far
// behind is cut with a final line rather than buffered without bound.
#include "amux/server/agent.h"

namespace amux {

// The group of -g, or of the -t session.
static Group* events_group(CmdContext& ctx) {
  if (ctx.args().has('g') && ctx.args().has('t'))
    return ctx.error("-t and -g cannot be used together"), nullptr;
  if (ctx.args().has('g')) {
    Group* g = ctx.server()->coord().find_group(ctx.args().get('g'));
    if (g == nullptr) ctx.error("can't find group: " + ctx.args().get('g'));
    return g;
  }
  Session* s = ctx.target_session();
  return s == nullptr ? nullptr : require_group(ctx, *s);
}

static CmdStatus exec_agent_events(CmdContext& ctx) {
  const Args& args = ctx.args();
  long long after = 0;
  if (args.has('s') && !parse_int(args.get('s'), 0, INT64_MAX, &after))
    return ctx.error("invalid sequence: " + args.get('s'));
  Group* g = events_group(ctx);
  if (g == nullptr) return CmdStatus::kError;
  for (const auto& e : g->events)
    if (e.seq > static_cast<uint64_t>(after))
      ctx.out += event_line(g->name, e, args.has('J'), args.get('F'));
  if (!args.has('f')) return CmdStatus::kOk;
  if (ctx.client_id() == 0) return ctx.error("agent-events -f needs a client to stream to");
  ctx.server()->coord().add_stream({ctx.client_id(), g->id, args.has('J'), args.get('F')});
  return CmdStatus::kWait;
}

extern const CommandEntry kCmdAgentEvents(
    "agent-events", "aevents", {"fF:g:Js:t:", 0, 0},
    "[-fJ] [-F format] [-g group] [-s sequence] [-t target-session]", kFlagReadOnly,
    exec_agent_events);

}  // namespace amux
