// Helpers shared by the agent commands: finding the caller's group, the format variables
// of groups and peers, and their JSON forms. Names are always derived from session ids.
#pragma once

#include <memory>
#include <string>

#include "amux/base/format.h"
#include "amux/base/json.h"
#include "amux/coord/coordinator.h"
#include "amux/server/cmd.h"
#include "amux/server/session.h"

namespace amux {

class Server;

// The target session's group, or an error ("session 'x' is not in a coordination group").
Group* require_group(CmdContext& ctx, Session& s);
// The group of a member (a session or a pane member), or the error "... is not in a
// coordination group".
Group* require_member_group(CmdContext& ctx, int member);
// The group of -g, else of the -t member; nullptr with the error recorded.
Group* group_of_flag_or_target(CmdContext& ctx);
// A member of g named by a command (asend's recipient, agive's, await -p): its name in
// the group, %N for a pane member, or a session target; -1 with the error recorded
// ("session 'x' is not in group 'g'", "can't find session: x").
int recipient(CmdContext& ctx, Group& g, const std::string& name);
std::string role_name(const Group& g, int session_id);  // "coordinator" / "member"

void group_formats(Server& server, FormatContext& ctx, Group& g);
void peer_formats(Server& server, FormatContext& ctx, Group& g, int session_id);
JsonPtr group_json(Server& server, Group& g);
JsonPtr peer_json(Server& server, Group& g, int session_id);
JsonPtr context_json(Server& server, Group& g);
// Presence: state, note, last output and last command as JSON fields, and as one line
// ("idle (note), last output 3 seconds ago, last command agent-share").
// A pane member's last output is its pane's, and it has no last command.
void presence_json(Server& server, cJSON* j, int member);
std::string presence_line(Server& server, int member);
// The event filter of -k kinds, -a author, -K key glob and -o (leave out `self`'s own
// events; self may be -1 when there is no session, which -o then refuses). False with the
// error recorded.
bool parse_event_filter(CmdContext& ctx, int self, EventFilter* filter);

// An agent's numbers (astatus -m): "context=73% cost=1.20" (by name), and as a JSON object
// (a "metrics" field only when it has any).
std::string metrics_text(const AgentInfo& a);
void add_metrics_json(cJSON* j, const AgentInfo* a);

// The members of this server's groups that wait for a person, the longest waiting first
// (ties in group and join order): their ids, names, notes and since when.
struct WaitingMember {
  int id;
  std::string name, note;
  time_t since;
  uint64_t seq;  // its state event's: the order within a second
};
std::vector<WaitingMember> waiting_members(Server& server);
// Whether the session takes part in g: it is a member, or one of its panes is.
bool session_in_group(Server& server, const Group& g, int session_id);

// "3 seconds ago"
std::string ago(time_t then, time_t now);

// A member as the agent commands show it: a session of this server (with pane: a pane
// that is a member of its own), or (session null) a member of a remote group that is
// another server's.
struct PeerInfo {
  Session* session = nullptr;
  Pane* pane = nullptr;
  std::string name, type, objective;
};
PeerInfo peer_info(Server& server, int id);

// Runs an operation of the Coordinator's door for a command: op(done) starts it. Its
// result is the command's when it comes at once (a group of this server); otherwise the
// client waits for it (a remote group: Redis's answer) or was parked by the operation
// itself (alock -w). With no client to wait (a hook, the configuration file), the
// request goes on and the command ends now.
struct DoorWait;
std::shared_ptr<DoorWait> door_wait(CmdContext& ctx);
CoordDone door_done(const std::shared_ptr<DoorWait>& w);
CmdStatus door_status(CmdContext& ctx, const std::shared_ptr<DoorWait>& w);
template <typename Op>
CmdStatus await_door(CmdContext& ctx, Op op) {
  std::shared_ptr<DoorWait> w = door_wait(ctx);
  op(door_done(w));
  return door_status(ctx, w);
}
// Refuses what a remote group does not do: "agent-give: not supported for remote group 'g'".
CmdStatus remote_unsupported(CmdContext& ctx, const Group& g);

}  // namespace amux
