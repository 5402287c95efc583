// agent-inbox (ainbox): a session's unread messages, high priority first, then oldest
// first; -c marks them read: they leave the inbox, and each sender gets a read event.
#include "amux/server/agent.h"
#include "amux/server/listing.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_agent_inbox(CmdContext& ctx) {
  int self = ctx.member();
  Group* g = &ctx.group();
  std::vector<FormatContext> items;
  std::vector<const Message*> unread;
  if (auto it = g->inbox.find(self); it != g->inbox.end())
    for (const Message& m : it->second) unread.push_back(&m);
  std::stable_sort(unread.begin(), unread.end(),
                   [](const Message* a, const Message* b) { return a->priority > b->priority; });
  for (const Message* mp : unread) {
    const Message& m = *mp;
    FormatContext& fc = items.emplace_back();
    fc.set("message_seq", std::to_string(m.seq));
    fc.set("message_from", ctx.server()->session_name(m.from_id, m.from));
    fc.set("message_time", std::to_string(m.time));
    fc.set("message_time_string", format_iso_time(m.time));
    fc.set("message_text", m.text);
    fc.set("message_group", g->name);
    fc.set("message_priority", priority_name(m.priority));
    fc.set("message_reply_to", m.reply_to ? std::to_string(m.reply_to) : "");
    // " (re 12, high)" after the text when it answers a message or is not normal.
    std::string extra = m.reply_to ? "re " + std::to_string(m.reply_to) : "";
    if (m.priority != Priority::kNormal)
      extra += (extra.empty() ? "" : ", ") + std::string(priority_name(m.priority));
    fc.set("message_extra", extra.empty() ? "" : " (" + extra + ")");
  }
  print_listing(ctx, items,
                "#{message_seq} #{message_time_string} #{message_from}: "
                "#{message_text}#{message_extra}",
                {"message_seq", "message_from", "message_time", "message_text", "message_priority",
                 "message_reply_to"},
                {"message_from", "message_text", "message_priority"});
  if (!ctx.args().has('c')) return CmdStatus::kOk;
  Server& server = *ctx.server();
  int id = self;
  return await_door(ctx, [&server, g, id](CoordDone done) {
    server.coord().request_read(*g, id, std::move(done));
  });
}

extern const CommandEntry kCmdAgentInbox("agent-inbox", "ainbox", {"cF:Jt:", 0, 0},
                                         "[-cJ] [-F format] [-t target-session]",
                                         kFlagGroup | kFlagGroupState | kFlagMember, exec_agent_inbox,
                                         TargetKind::kSession);

}  // namespace amux
