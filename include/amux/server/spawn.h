// Shared by the commands that start programs (new-session, new-window, split-window,
// respawn-pane): reading -c, -e and the command words into a SpawnSpec.
#pragma once

#include <string>

#include "amux/server/cmd.h"
#include "amux/server/session.h"

namespace amux {

// Fills spec from -c, -e and the positional words; false (with the error recorded) on
// a bad -e. The working directory defaults to the client's; -c is a format, expanded for
// the target pane, else the current pane of `where` (new-window's session), else the
// client's own pane.
bool spawn_spec(CmdContext& ctx, SpawnSpec* spec, Session* where = nullptr);
// -W (a worktree on amux/<name>), -w branch (on that branch) and -B base: makes the
// worktree (of the repository spec's directory is in), and has spec start there, with
// worktree-setup before its command. The repository is the one -c names, else the one
// `from` (the target pane: new-window, split-window) is in, else the client's directory's.
// *made: the worktree, nullptr without -W/-w; the
// caller gives it its session or pane, or unmakes it when that cannot be made. False with
// the error recorded, nothing made.
struct Worktree;
bool worktree_spec(CmdContext& ctx, const std::string& name, const Options& options,
                   SpawnSpec* spec, Worktree** made, Pane* from = nullptr);
// -n, else the first word of the command (or the shell) without its directory.
std::string window_name(CmdContext& ctx, const SpawnSpec& spec);
// Parses "-l N" or "-l N%" against total; -1 when absent. False on bad input.
bool parse_split_size(CmdContext& ctx, int total, int* size);

// With -P, prints -F (default session:window.pane) for a pane just started.
void print_new_pane(CmdContext& ctx, Pane& p);
// Reads -x/-y style sizes (1-10000) into *out when the flag is given.
bool read_dimension(CmdContext& ctx, char flag, const char* what, int* out);
// A window's size from -x and -y (each kept as it is when not given), at most
// kMaxWindowCells in all: what a pane's screen costs is bounded.
constexpr long long kMaxWindowCells = 1000000;
bool read_window_size(CmdContext& ctx, int* sx, int* sy);

}  // namespace amux
