// agent-send (asend): a message to one member of the group, or (-a) to every other
// member. Each recipient keeps it until read (agent-inbox); -p also types it into the
// recipient's active pane once that pane is idle. -P gives a priority (the inbox lists
// high first), -r the id of the message it answers.
#include "amux/server/agent.h"

namespace amux {

static CmdStatus exec_agent_send(CmdContext& ctx) {
  const Args& args = ctx.args();
  const auto& words = args.positional();
  if (args.has('a') && words.size() != 1) return ctx.error("-a takes the message only");
  if (!args.has('a') && words.size() != 2) return ctx.error("no recipient given");
  const std::string& text = words.back();
  Session* s = &ctx.session();
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
  Coordinator& coord = server.coord();
  std::vector<int> to;
  // In a remote group, a member (another server's too) by its name there.
  int named = g->remote.empty() || args.has('a') ? -1 : server.remote().member_id(*g, words[0]);
  if (named == s->id) {
    return ctx.error("session '" + s->name + "' cannot send a message to itself");
  } else if (named >= 0) {
    to.push_back(named);
  } else if (args.has('a')) {
    for (int id : g->members)
      if (id != s->id) to.push_back(id);
    if (to.empty()) return ctx.error("no other members in group '" + g->name + "'");
  } else {
    Session* r = ctx.find_session(words[0]);
    if (r == nullptr) return CmdStatus::kError;
    if (r == s) return ctx.error("session '" + s->name + "' cannot send a message to itself");
    if (!g->has_member(r->id))
      return ctx.error("session '" + r->name + "' is not in group '" + g->name + "'");
    to.push_back(r->id);
  }
  for (int r : to)  // all or nothing
    if (std::string why = coord.check_message(*g, r, text); !why.empty()) return ctx.error(why);
  if (!g->remote.empty()) {
    std::vector<std::string> names;
    for (int r : to) names.push_back(server.session_name(r));
    std::string level = priority == Priority::kNormal ? "" : priority_name(priority);
    bool paste = args.has('p');
    int id = s->id;
    if (s->agent) s->agent->last_activity = server.now();
    return remote_wait(
        ctx,
        [&server, g, id, to, text, level, reply_to, paste](RemoteDone done) {
          server.remote().send(*g, id, to, text, level, static_cast<uint64_t>(reply_to), paste,
                               done);
        },
        [names, paste](const RemoteResult& r, std::string* out, std::string* err) {
          if (!r.ok) return *err = r.error + "\n", 1;
          for (size_t i = 0; i < r.rows.size() && i < names.size(); i++)
            *out += "Message " + r.rows[i][0] + " sent to " + names[i] +
                    (paste ? " (typed into its pane when idle)" : "") + "\n";
          return 0;
        });
  }
  for (int r : to) {
    int pane = -1;
    uint64_t seq = coord.send_message(*g, {s->id, s->name}, r, text, args.has('p'), &pane, priority,
                                      static_cast<uint64_t>(reply_to));
    std::string line = "Message " + std::to_string(seq) + " sent to " + server.session_name(r);
    if (pane >= 0) line += " (typed into %" + std::to_string(pane) + " when idle)";
    ctx.print(line);
  }
  if (s->agent) s->agent->last_activity = server.now();
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentSend("agent-send", "asend", {"apP:r:t:", 1, 2},
                                        "[-ap] [-P priority] [-r message-id] [-t target-session] "
                                        "[to-session] message",
                                        kFlagGroup | kFlagGroupState, exec_agent_send,
                                        TargetKind::kSession);

}  // namespace amux
