// agent-wait (await): block until the first event after a sequence number (-s; -u: the
// session's read cursor, which then moves to the event; default: now) that matches
// every condition given: its kind (-k), author (-a), key glob (-K), not the caller's own
// (-o), a message to this session (-m), the peer -p reaching state -S; none given: any
// event. Parked in the server and woken by the event itself; -T gives up with exit
// status 2; leaving the group ends it.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

// -p peer -S state: the peer, a member of g (in a remote group, also another server's by
// its name there); false with the error recorded.
static bool wait_peer(CmdContext& ctx, Group& g, Actor* out) {
  const Args& args = ctx.args();
  if (args.has('p') != args.has('S')) return ctx.error("-p and -S go together"), false;
  int id = recipient(ctx, g, args.get('p'));
  if (id < 0) return false;
  *out = {id, ctx.server()->session_name(id)};
  return true;
}

static CmdStatus exec_agent_wait(CmdContext& ctx) {
  const Args& args = ctx.args();
  EventWaiter w;
  w.messages = args.has('m');
  w.state = args.get('S');
  w.json = args.has('J');
  w.cursor = args.has('u');
  if (w.cursor && ctx.client().read_only)  // -u moves the session's read cursor
    return ctx.error("access denied: read-only");
  if (!parse_event_filter(ctx, ctx.member(), &w.filter)) return CmdStatus::kError;
  if (args.has('u') && args.has('s')) return ctx.error("-s and -u cannot be used together");
  long long after = -1, timeout = -1;
  if (args.has('s') && !parse_int(args.get('s'), 0, INT64_MAX, &after))
    return ctx.error("invalid sequence: " + args.get('s'));
  if (args.has('T') && !parse_int(args.get('T'), 0, 86400 * 365, &timeout))
    return ctx.error("invalid timeout: " + args.get('T'));
  int self = ctx.member();
  Group* g = &ctx.group();
  Coordinator& coord = ctx.server()->coord();
  w.session_id = self;
  if (w.cursor) after = static_cast<long long>(coord.cursor(*g, self));
  if (args.has('p') || args.has('S')) {
    Actor peer;
    if (!wait_peer(ctx, *g, &peer)) return CmdStatus::kError;
    w.peer = peer.id;
    const Presence& now = coord.presence(peer.id);
    if (after < 0 && now.state == w.state) {  // already there: nothing to wait for
      GroupEvent e = GroupEvent::state(peer, now.state, now.note);
      e.seq = now.seq;
      e.time = ctx.server()->now();
      ctx.out += event_line(g->name, e, w.json, "");
      return CmdStatus::kOk;
    }
  }
  if (after >= 0)
    for (const auto& e : g->events)
      if (e.seq > static_cast<uint64_t>(after) && waiter_matches(w, e)) {
        ctx.out += event_line(g->name, e, w.json, "");
        if (w.cursor) coord.set_cursor(*g, self, e.seq);
        return CmdStatus::kOk;
      }
  if (ctx.client_id() == 0) return ctx.error("agent-wait needs a client to wait");
  w.client_id = ctx.client_id();
  w.group_id = g->id;
  coord.add_waiter(std::move(w), timeout);
  return CmdStatus::kWait;
}

extern const CommandEntry kCmdAgentWait(
    "agent-wait", "await", {"a:Jk:K:mop:s:S:t:T:u", 0, 0},
    "[-Jmou] [-a author] [-k kinds] [-K key-glob] [-p peer -S state] [-s sequence] "
    "[-t target-session] [-T seconds]",
    kFlagGroup | kFlagReadOnly | kFlagGroupState | kFlagMember, exec_agent_wait, TargetKind::kSession);

}  // namespace amux
