// agent-inbox (ainbox): a session's unread messages, oldest first; -c marks the listed
// ones read (they leave the inbox).
#include "amux/server/agent.h"
#include "amux/server/listing.h"

namespace amux {

static CmdStatus exec_agent_inbox(CmdContext& ctx) {
  Session* s = &ctx.session();
  Group* g = &ctx.group();
  std::vector<FormatContext> items;
  auto it = g->inbox.find(s->id);
  if (it != g->inbox.end())
    for (const Message& m : it->second) {
      FormatContext& fc = items.emplace_back();
      fc.set("message_seq", std::to_string(m.seq));
      fc.set("message_from", ctx.server()->session_name(m.from_id, m.from));
      fc.set("message_time", std::to_string(m.time));
      fc.set("message_time_string", format_iso_time(m.time));
      fc.set("message_text", m.text);
      fc.set("message_group", g->name);
    }
  print_listing(ctx, items,
                "#{message_seq} #{message_time_string} #{message_from}: #{message_text}",
                {"message_seq", "message_from", "message_time", "message_text"},
                {"message_from", "message_text"});
  if (ctx.args().has('c')) ctx.server()->coord().clear_inbox(*g, s->id);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentInbox("agent-inbox", "ainbox", {"cF:Jt:", 0, 0},
                                         "[-cJ] [-F format] [-t target-session]", kFlagGroup,
                                         exec_agent_inbox, TargetKind::kSession);

}  // namespace amux
