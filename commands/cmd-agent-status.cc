// agent-status (astatus): set a session's explicit state (blocked, done, any word) and an
// optional note, or -u to go back to the computed one (working/idle). Either way the
// group sees a state event. Without a state it prints the state as it is.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static bool valid_state(const std::string& state) {
  if (state.empty() || state.size() > 32) return false;
  for (char c : state)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

static CmdStatus exec_agent_status(CmdContext& ctx) {
  const Args& args = ctx.args();
  const auto& words = args.positional();
  if (args.has('u') && !words.empty()) return ctx.error("-u takes no state");
  if (!args.has('u') && words.empty()) {  // no state: what it is now, changing nothing
    ctx.print("State of " + ctx.server()->coord().who(ctx.member()) + ": " +
              presence_line(*ctx.server(), ctx.member()));
    return CmdStatus::kOk;
  }
  if (!args.has('u') && !valid_state(words[0])) return ctx.error("invalid state: " + words[0]);
  if (!args.has('u') && words[0] == "dead")
    return ctx.error("state 'dead' is set by amux when the pane's program exits");
  std::string note = words.size() > 1 ? words[1] : "";
  if (std::string e = check_note(note); !e.empty()) return ctx.error(e);
  int self = ctx.member();
  ctx.server()->coord().set_state(self, args.has('u') ? "" : words[0], note);
  ctx.print("State of " + ctx.server()->coord().who(self) + ": " +
            presence_line(*ctx.server(), self));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentStatus("agent-status", "astatus", {"t:u", 0, 2},
                                          "[-t target-session] [state [note]] | -u", kFlagGroupState | kFlagMember,
                                          exec_agent_status, TargetKind::kSession);

}  // namespace amux
