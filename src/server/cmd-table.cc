// The command table: one line a command, in the order list-commands prints them.
#include "amux/server/cmd.h"

namespace amux {

extern const CommandEntry kCmdAgentBoard, kCmdAgentDeleteGroup, kCmdAgentEvents, kCmdAgentExport,
    kCmdAgentGet, kCmdAgentGive, kCmdAgentGroupOption, kCmdAgentImport, kCmdAgentInbox,
    kCmdAgentJoinGroup, kCmdAgentLeaveGroup, kCmdAgentLock, kCmdAgentLocks, kCmdAgentPeers,
    kCmdAgentSend, kCmdAgentShare, kCmdAgentStats, kCmdAgentStatus, kCmdAgentUnlock, kCmdAgentWait,
    kCmdAttachSession, kCmdBindKey, kCmdBreakPane, kCmdCapturePane, kCmdClearHistory,
    kCmdCommandPrompt, kCmdCopyMode, kCmdDeleteBuffer, kCmdDetachClient, kCmdDisplayMessage,
    kCmdHasSession, kCmdIfShell, kCmdJoinPane, kCmdKillPane, kCmdKillServer, kCmdKillSession,
    kCmdKillWindow, kCmdLastPane, kCmdLastWindow, kCmdListAgentGroups, kCmdListBuffers,
    kCmdListClients, kCmdListCommands, kCmdListKeys, kCmdListPanes, kCmdListSessions,
    kCmdListWindows, kCmdLoadBuffer, kCmdMovePane, kCmdMoveWindow, kCmdNewSession, kCmdNewWindow,
    kCmdNextWindow, kCmdPasteBuffer, kCmdPipePane, kCmdPreviousWindow, kCmdRefreshClient,
    kCmdRenameSession, kCmdRenameWindow, kCmdResizePane, kCmdResizeWindow, kCmdRespawnPane,
    kCmdRunShell, kCmdSaveBuffer, kCmdSelectLayout, kCmdSelectPane, kCmdSelectWindow, kCmdSendKeys,
    kCmdSendPrefix, kCmdServerAccess, kCmdSetAgent, kCmdSetBuffer, kCmdSetEnvironment, kCmdSetHook,
    kCmdSetOption, kCmdSetWindowOption, kCmdShowAgent, kCmdShowBuffer, kCmdShowEnvironment,
    kCmdShowHooks, kCmdShowMessages, kCmdShowOptions, kCmdShowWindowOptions, kCmdSourceFile,
    kCmdSplitWindow, kCmdStartServer, kCmdSwapPane, kCmdSwapWindow, kCmdSwitchClient, kCmdUnbindKey,
    kCmdWaitFor, kCmdWaitOutput;

const std::vector<const CommandEntry*>& command_table() {
  static const std::vector<const CommandEntry*> table = {
      &kCmdAgentBoard,     &kCmdAgentDeleteGroup, &kCmdAgentEvents,       &kCmdAgentExport,
      &kCmdAgentGet,       &kCmdAgentGive,        &kCmdAgentGroupOption,  &kCmdAgentImport,
      &kCmdAgentInbox,     &kCmdAgentJoinGroup,   &kCmdAgentLeaveGroup,   &kCmdAgentLock,
      &kCmdAgentLocks,     &kCmdAgentPeers,       &kCmdAgentSend,         &kCmdAgentShare,
      &kCmdAgentStats,     &kCmdAgentStatus,      &kCmdAgentUnlock,       &kCmdAgentWait,
      &kCmdAttachSession,  &kCmdBindKey,          &kCmdBreakPane,         &kCmdCapturePane,
      &kCmdClearHistory,   &kCmdCommandPrompt,    &kCmdCopyMode,          &kCmdDeleteBuffer,
      &kCmdDetachClient,   &kCmdDisplayMessage,   &kCmdHasSession,        &kCmdIfShell,
      &kCmdJoinPane,       &kCmdKillPane,         &kCmdKillServer,        &kCmdKillSession,
      &kCmdKillWindow,     &kCmdLastPane,         &kCmdLastWindow,        &kCmdListAgentGroups,
      &kCmdListBuffers,    &kCmdListClients,      &kCmdListCommands,      &kCmdListKeys,
      &kCmdListPanes,      &kCmdListSessions,     &kCmdListWindows,       &kCmdLoadBuffer,
      &kCmdMovePane,       &kCmdMoveWindow,       &kCmdNewSession,        &kCmdNewWindow,
      &kCmdNextWindow,     &kCmdPasteBuffer,      &kCmdPipePane,          &kCmdPreviousWindow,
      &kCmdRefreshClient,  &kCmdRenameSession,    &kCmdRenameWindow,      &kCmdResizePane,
      &kCmdResizeWindow,   &kCmdRespawnPane,      &kCmdRunShell,          &kCmdSaveBuffer,
      &kCmdSelectLayout,   &kCmdSelectPane,       &kCmdSelectWindow,      &kCmdSendKeys,
      &kCmdSendPrefix,     &kCmdServerAccess,     &kCmdSetAgent,          &kCmdSetBuffer,
      &kCmdSetEnvironment, &kCmdSetHook,          &kCmdSetOption,         &kCmdSetWindowOption,
      &kCmdShowAgent,      &kCmdShowBuffer,       &kCmdShowEnvironment,   &kCmdShowHooks,
      &kCmdShowMessages,   &kCmdShowOptions,      &kCmdShowWindowOptions, &kCmdSourceFile,
      &kCmdSplitWindow,    &kCmdStartServer,      &kCmdSwapPane,          &kCmdSwapWindow,
      &kCmdSwitchClient,   &kCmdUnbindKey,        &kCmdWaitFor,           &kCmdWaitOutput,
  };
  return table;
}

}  // namespace amux
