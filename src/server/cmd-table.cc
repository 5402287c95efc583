// The command table: one line a command, in the order list-commands prints them.
#include "amux/server/cmd.h"

namespace amux {

extern const CommandEntry kCmdAgentBoard, kCmdAgentDeleteGroup, kCmdAgentEvents, kCmdAgentExport,
    kCmdAgentGet, kCmdAgentGive, kCmdAgentGroupOption, kCmdAgentImport, kCmdAgentInbox,
    kCmdAgentJoinGroup, kCmdAgentLeaveGroup, kCmdAgentLock, kCmdAgentLocks, kCmdAgentPeers,
    kCmdAgentSend, kCmdAgentShare, kCmdAgentStats, kCmdAgentStatus, kCmdAgentUnlock, kCmdAgentWait,
    kCmdAttachSession, kCmdBindKey, kCmdCapturePane, kCmdClearHistory, kCmdCommandPrompt,
    kCmdCopyMode, kCmdDeleteBuffer, kCmdDetachClient, kCmdDisplayMessage, kCmdHasSession,
    kCmdIfShell, kCmdKillPane, kCmdKillServer, kCmdKillSession, kCmdKillWindow, kCmdListAgentGroups,
    kCmdListBuffers, kCmdListClients, kCmdListCommands, kCmdListKeys, kCmdListPanes,
    kCmdListSessions, kCmdListWindows, kCmdNewSession, kCmdNewWindow, kCmdNextWindow,
    kCmdPasteBuffer, kCmdPipePane, kCmdPreviousWindow, kCmdRefreshClient, kCmdRenameSession,
    kCmdRenameWindow, kCmdResizePane, kCmdResizeWindow, kCmdRespawnPane, kCmdRunShell,
    kCmdSaveBuffer, kCmdSelectLayout, kCmdSelectPane, kCmdSelectWindow, kCmdSendKeys,
    kCmdSendPrefix, kCmdServerAccess, kCmdSetAgent, kCmdSetBuffer, kCmdSetHook, kCmdSetOption,
    kCmdShowAgent, kCmdShowBuffer, kCmdShowHooks, kCmdShowMessages, kCmdShowOptions, kCmdSourceFile,
    kCmdSplitWindow, kCmdStartServer, kCmdSwitchClient, kCmdUnbindKey, kCmdWaitFor;

const std::vector<const CommandEntry*>& command_table() {
  static const std::vector<const CommandEntry*> table = {
      &kCmdAgentBoard,     &kCmdAgentDeleteGroup, &kCmdAgentEvents,      &kCmdAgentExport,
      &kCmdAgentGet,       &kCmdAgentGive,        &kCmdAgentGroupOption, &kCmdAgentImport,
      &kCmdAgentInbox,     &kCmdAgentJoinGroup,   &kCmdAgentLeaveGroup,  &kCmdAgentLock,
      &kCmdAgentLocks,     &kCmdAgentPeers,       &kCmdAgentSend,        &kCmdAgentShare,
      &kCmdAgentStats,     &kCmdAgentStatus,      &kCmdAgentUnlock,      &kCmdAgentWait,
      &kCmdAttachSession,  &kCmdBindKey,          &kCmdCapturePane,      &kCmdClearHistory,
      &kCmdCommandPrompt,  &kCmdCopyMode,         &kCmdDeleteBuffer,     &kCmdDetachClient,
      &kCmdDisplayMessage, &kCmdHasSession,       &kCmdIfShell,          &kCmdKillPane,
      &kCmdKillServer,     &kCmdKillSession,      &kCmdKillWindow,       &kCmdListAgentGroups,
      &kCmdListBuffers,    &kCmdListClients,      &kCmdListCommands,     &kCmdListKeys,
      &kCmdListPanes,      &kCmdListSessions,     &kCmdListWindows,      &kCmdNewSession,
      &kCmdNewWindow,      &kCmdNextWindow,       &kCmdPasteBuffer,      &kCmdPipePane,
      &kCmdPreviousWindow, &kCmdRefreshClient,    &kCmdRenameSession,    &kCmdRenameWindow,
      &kCmdResizePane,     &kCmdResizeWindow,     &kCmdRespawnPane,      &kCmdRunShell,
      &kCmdSaveBuffer,     &kCmdSelectLayout,     &kCmdSelectPane,       &kCmdSelectWindow,
      &kCmdSendKeys,       &kCmdSendPrefix,       &kCmdServerAccess,     &kCmdSetAgent,
      &kCmdSetBuffer,      &kCmdSetHook,          &kCmdSetOption,        &kCmdShowAgent,
      &kCmdShowBuffer,     &kCmdShowHooks,        &kCmdShowMessages,     &kCmdShowOptions,
      &kCmdSourceFile,     &kCmdSplitWindow,      &kCmdStartServer,      &kCmdSwitchClient,
      &kCmdUnbindKey,      &kCmdWaitFor,
  };
  return table;
}

}  // namespace amux
