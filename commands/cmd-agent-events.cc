// agent-events (aevents): a group's events after a sequence number (-s), or (-u) those
// the session has not read yet, which advances its read cursor; filtered by kind (-k),
// author (-a), key glob (-K) and not the caller's own (-o); -n keeps the last N. With -f
// it keeps streaming new ones until the client goes away. A reader that falls too far
// behind is cut with a final line rather than buffered without bound.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_events(CmdContext& ctx) {
  const Args& args = ctx.args();
  long long after = 0, last = -1;
  if (args.has('s') && !parse_int(args.get('s'), 0, INT64_MAX, &after))
    return ctx.error("invalid sequence: " + args.get('s'));
  if (args.has('n') && !parse_int(args.get('n'), 0, INT32_MAX, &last))
    return ctx.error("invalid count: " + args.get('n'));
  if (args.has('u') && (args.has('s') || args.has('g') || args.has('f')))
    return ctx.error("-u cannot be used with -s, -g or -f");
  if (args.has('u') && ctx.client().read_only)  // -u moves the session's read cursor
    return ctx.error("access denied: read-only");
  Group* g = group_of_flag_or_target(ctx);
  if (g == nullptr) return CmdStatus::kError;
  // -o and -u are about the caller: the -t member, or the client's own.
  int self = -1;
  if (args.has('o') || args.has('u')) {
    if (!ctx.resolve_member()) return CmdStatus::kError;
    self = ctx.member();
  }
  EventFilter filter;
  if (!parse_event_filter(ctx, self, &filter)) return CmdStatus::kError;
  Coordinator& coord = ctx.server()->coord();
  if (args.has('u')) after = static_cast<long long>(coord.cursor(*g, self));
  std::vector<const GroupEvent*> shown;
  for (const auto& e : g->events)
    if (e.seq > static_cast<uint64_t>(after) && filter.matches(e)) shown.push_back(&e);
  if (last >= 0 && shown.size() > static_cast<size_t>(last))
    shown.erase(shown.begin(), shown.end() - last);
  for (const GroupEvent* e : shown)
    ctx.out += event_line(g->name, *e, args.has('J'), args.get('F'));
  if (args.has('u') && coord.cursor(*g, self) != g->event_seq)
    coord.set_cursor(*g, self, g->event_seq);
  if (!args.has('f')) return CmdStatus::kOk;
  if (ctx.client_id() == 0) return ctx.error("agent-events -f needs a client to stream to");
  coord.add_stream({ctx.client_id(), g->id, args.has('J'), args.get('F'), std::move(filter)});
  return CmdStatus::kWait;
}

extern const CommandEntry kCmdAgentEvents(
    "agent-events", "aevents", {"a:fF:g:Jk:K:n:os:t:u", 0, 0},
    "[-fJou] [-a author] [-F format] [-g group] [-k kinds] [-K key-glob] [-n count] "
    "[-s sequence] [-t target-session]",
    kFlagReadOnly | kFlagGroupState, exec_agent_events);

}  // namespace amux
