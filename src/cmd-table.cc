// The command table: one line a command, in the order list-commands prints them.
#include "amux/cmd.h"

namespace amux {

extern const CommandEntry kCmdAgentDeleteGroup, kCmdAgentJoinGroup, kCmdAgentLeaveGroup,
    kCmdAgentPeers, kCmdAgentShare, kCmdDisplayMessage, kCmdHasSession, kCmdKillServer,
    kCmdKillSession, kCmdListAgentGroups, kCmdListCommands, kCmdListSessions, kCmdNewSession,
    kCmdRenameSession, kCmdSetAgent, kCmdShowAgent, kCmdStartServer;

const std::vector<const CommandEntry*>& command_table() {
  static const std::vector<const CommandEntry*> table = {
      &kCmdAgentDeleteGroup,
      &kCmdAgentJoinGroup,
      &kCmdAgentLeaveGroup,
      &kCmdAgentPeers,
      &kCmdAgentShare,
      &kCmdDisplayMessage,
      &kCmdHasSession,
      &kCmdKillServer,
      &kCmdKillSession,
      &kCmdListAgentGroups,
      &kCmdListCommands,
      &kCmdListSessions,
      &kCmdNewSession,
      &kCmdRenameSession,
      &kCmdSetAgent,
      &kCmdShowAgent,
      &kCmdStartServer,
  };
  return table;
}

}  // namespace amux
