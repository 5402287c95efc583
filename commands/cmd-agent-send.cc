// agent-send (asend): a message to one member of the group, or (-a) to every other
// member. Each recipient keeps it until read (agent-inbox); -p also types it into the
// recipient's active pane once that pane is idle. -P gives a priority (the inbox lists
// high first), -r the id of the message it answers.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_send(CmdContext& ctx) {
  const Args& args = ctx.args();
  const auto& words = args.positional();
  if (args.has('a') && words.size() != 1) return ctx.error("-a takes the message only");
  if (!args.has('a') && words.size() != 2) return ctx.error("no recipient given");
  const std::string& text = words.back();
  int self = ctx.member();
  Group* g = &ctx.group();
  Priority priority = Priority::kNormal;
  if (args.has('P') && !parse_priority(args.get('P'), &priority))
    return ctx.error("invalid priority: " + args.get('P') + " (high, normal or low)");
  long long reply_to = 0;
  if (args.has('r')) {
    if (!parse_int(args.get('r'), 1, INT64_MAX, &reply_to) ||
        static_cast<uint64_t>(reply_to) > g->event_seq)
      return ctx.error("invalid message id: " + args.get('r'));
    for (const GroupEvent& e : g->events)
      if (e.seq == static_cast<uint64_t>(reply_to) && e.kind != EventKind::kMessage)
        return ctx.error("event " + args.get('r') + " is not a message");
  }
  Server& server = *ctx.server();
  SendRequest req;
  req.text = text;
  req.priority = priority;
  req.reply_to = static_cast<uint64_t>(reply_to);
  req.paste = args.has('p');
  if (args.has('a')) {
    for (int id : g->members)
      if (id != self) req.to.push_back(id);
    if (req.to.empty()) return ctx.error("no other members in group '" + g->name + "'");
  } else {
    int to = recipient(ctx, *g, words[0]);
    if (to < 0) return CmdStatus::kError;
    if (to == self)
      return ctx.error(server.coord().who(self) + " cannot send a message to itself");
    req.to.push_back(to);
  }
  int id = self;
  return await_door(ctx, [&server, g, id, req](CoordDone done) {
    server.coord().request_send(*g, id, req, std::move(done));
  });
}

extern const CommandEntry kCmdAgentSend("agent-send", "asend", {"apP:r:t:", 1, 2},
                                        "[-ap] [-P priority] [-r message-id] [-t target-session] "
                                        "[to-member] message",
                                        kFlagGroup | kFlagGroupState | kFlagMember, exec_agent_send,
                                        TargetKind::kSession);

}  // namespace amux
