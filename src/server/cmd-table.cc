// The command table, in the order list-commands prints them. A new command is its file
// under commands/ (defining kCmdName) and its name in this one list.
#include "amux/server/cmd.h"

namespace amux {

// clang-format off
#define AMUX_COMMANDS(X) \
    X(AgentBoard) X(AgentDeleteGroup) X(AgentEvents) X(AgentExport) X(AgentGet) X(AgentGive) \
    X(AgentGroupOption) X(AgentImport) X(AgentInbox) X(AgentJoinGroup) X(AgentLeaveGroup) \
    X(AgentLock) X(AgentLocks) X(AgentNext) X(AgentPeers) X(AgentResumeCommand) X(AgentSend) X(AgentShare) X(AgentStats) \
    X(AgentStatus) X(AgentUnlock) X(AgentWait) X(AttachSession) X(BindKey) X(BreakPane) \
    X(CapturePane) X(ChooseTree) X(ClearHistory) X(ClockMode) X(CommandPrompt) X(ConfirmBefore) X(CopyMode) X(DeleteBuffer) X(DetachClient) \
    X(DisplayMenu) X(DisplayMessage) X(DisplayPanes) X(DisplayPopup) X(FindWindow) X(HasSession) X(IfShell) X(JoinPane) X(KillPane) X(KillServer) \
    X(KillSession) X(KillWindow) X(LastPane) X(LastWindow) X(ListAgentGroups) X(ListBuffers) \
    X(ListClients) X(ListCommands) X(ListKeys) X(ListPanes) X(ListSessions) X(ListWindows) X(ListWorktrees) \
    X(LoadBuffer) X(MergeWorktree) X(MovePane) X(MoveWindow) X(NewSession) X(NewWindow) X(NextLayout) X(NextWindow) \
    X(PasteBuffer) X(PipePane) X(PreviousLayout) X(PreviousWindow) X(RefreshClient) X(RemoveWorktree) X(RenameSession) \
    X(RenameWindow) X(ResizePane) X(ResizeWindow) X(RespawnPane) X(RespawnWindow) X(Resurrect) X(RotateWindow) X(RunShell) X(SaveBuffer) \
    X(SelectLayout) X(SelectPane) X(SelectWindow) X(SendKeys) X(SendPrefix) X(ServerAccess) \
    X(SetAgent) X(SetBuffer) X(SetEnvironment) X(SetHook) X(SetOption) X(SetWindowOption) \
    X(ShowAgent) X(ShowBuffer) X(ShowEnvironment) X(ShowHooks) X(ShowMessages) X(ShowOptions) \
    X(ShowWindowOptions) X(SourceFile) X(SplitWindow) X(StartServer) X(SwapPane) X(SwapWindow) \
    X(SwitchClient) X(UnbindKey) X(WaitFor) X(WaitOutput)
// clang-format on

#define AMUX_DECLARE(name) extern const CommandEntry kCmd##name;
AMUX_COMMANDS(AMUX_DECLARE)
#undef AMUX_DECLARE

const std::vector<const CommandEntry*>& command_table() {
#define AMUX_ENTRY(name) &kCmd##name,
  static const std::vector<const CommandEntry*> table = {AMUX_COMMANDS(AMUX_ENTRY)};
#undef AMUX_ENTRY
  return table;
}

}  // namespace amux
