// The command table: one line a command, in the order list-commands prints them.
#include "amux/server/cmd.h"

namespace amux {

extern const CommandEntry kCmdAgentDeleteGroup, kCmdAgentEvents, kCmdAgentGet, kCmdAgentInbox,
    kCmdAgentJoinGroup, kCmdAgentLeaveGroup, kCmdAgentLock, kCmdAgentLocks, kCmdAgentPeers,
    kCmdAgentSend, kCmdAgentShare, kCmdAgentStatus, kCmdAgentUnlock, kCmdAgentWait, kCmdCapturePane,
    kCmdClearHistory, kCmdDeleteBuffer, kCmdDisplayMessage, kCmdHasSession, kCmdKillPane,
    kCmdKillServer, kCmdKillSession, kCmdKillWindow, kCmdListAgentGroups, kCmdListBuffers,
    kCmdListCommands, kCmdListPanes, kCmdListSessions, kCmdListWindows, kCmdNewSession,
    kCmdNewWindow, kCmdNextWindow, kCmdPasteBuffer, kCmdPipePane, kCmdPreviousWindow,
    kCmdRenameSession, kCmdRenameWindow, kCmdResizePane, kCmdResizeWindow, kCmdRespawnPane,
    kCmdSaveBuffer, kCmdSelectLayout, kCmdSelectPane, kCmdSelectWindow, kCmdSendKeys, kCmdSetAgent,
    kCmdSetBuffer, kCmdSetHook, kCmdSetOption, kCmdShowAgent, kCmdShowBuffer, kCmdShowHooks,
    kCmdShowOptions, kCmdSourceFile, kCmdSplitWindow, kCmdStartServer, kCmdWaitFor;

const std::vector<const CommandEntry*>& command_table() {
  static const std::vector<const CommandEntry*> table = {
      &kCmdAgentDeleteGroup, &kCmdAgentEvents,     &kCmdAgentGet,       &kCmdAgentInbox,
      &kCmdAgentJoinGroup,   &kCmdAgentLeaveGroup, &kCmdAgentLock,      &kCmdAgentLocks,
      &kCmdAgentPeers,       &kCmdAgentSend,       &kCmdAgentShare,     &kCmdAgentStatus,
      &kCmdAgentUnlock,      &kCmdAgentWait,       &kCmdCapturePane,    &kCmdClearHistory,
      &kCmdDeleteBuffer,     &kCmdDisplayMessage,  &kCmdHasSession,     &kCmdKillPane,
      &kCmdKillServer,       &kCmdKillSession,     &kCmdKillWindow,     &kCmdListAgentGroups,
      &kCmdListBuffers,      &kCmdListCommands,    &kCmdListPanes,      &kCmdListSessions,
      &kCmdListWindows,      &kCmdNewSession,      &kCmdNewWindow,      &kCmdNextWindow,
      &kCmdPasteBuffer,      &kCmdPipePane,        &kCmdPreviousWindow, &kCmdRenameSession,
      &kCmdRenameWindow,     &kCmdResizePane,      &kCmdResizeWindow,   &kCmdRespawnPane,
      &kCmdSaveBuffer,       &kCmdSelectLayout,    &kCmdSelectPane,     &kCmdSelectWindow,
      &kCmdSendKeys,         &kCmdSetAgent,        &kCmdSetBuffer,      &kCmdSetHook,
      &kCmdSetOption,        &kCmdShowAgent,       &kCmdShowBuffer,     &kCmdShowHooks,
      &kCmdShowOptions,      &kCmdSourceFile,      &kCmdSplitWindow,    &kCmdStartServer,
      &kCmdWaitFor,
  };
  return table;
}

}  // namespace amux
