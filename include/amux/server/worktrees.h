// Worktrees: each agent its own checkout. A session or pane made with -W runs in a new git
// worktree of the repository its start directory is in, on its own branch made from the
// current HEAD (or a base); amux keeps which worktrees it made, for whom, and how each
// stands against its base (commits ahead and behind, uncommitted changes), merges a
// branch into its base and removes a worktree. git is run as the user runs it (their
// PATH); what a command answers waits for it, the status a listing shows is read in the
// background when a pane goes quiet.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace amux {

class Server;
class FormatContext;

struct Worktree {
  std::string path;    // its directory
  std::string repo;    // the main checkout's top directory
  std::string branch;  // its branch
  std::string base;    // the branch (or, from a detached HEAD, the commit) it was made from
  int session_id = -1;       // the session it was made for (ids are never reused)
  std::string session_name;  // that session's name (kept up to date while it lives)
  int pane_id = -1;          // the pane it was made for (-1: the session's own)
  std::vector<std::string> env;  // the environment git runs with (its maker's)
  // How it stands, as last read: commits on its branch and not on its base (ahead) and
  // the reverse (behind), files changed and not committed.
  bool known = false;
  int ahead = 0, behind = 0, changes = 0;
  bool reading = false, read_again = false;
  // Each read takes a ticket (one count for all worktrees) when it starts; what it found
  // is kept only when no read that started later has been kept (a background read begun
  // before a list-worktrees read must not put back what that one found changed), and
  // never by a worktree made after it started (one made again at the same path).
  unsigned long born = 0, read_kept = 0;
};

class Worktrees {
 public:
  explicit Worktrees(Server& server) : server_(server) {}

  struct Request {
    std::string start_dir;  // a directory in the repository
    std::string name;       // the session (or session-N) it is for
    std::string branch;     // "" : amux/<name>
    std::string base;       // "" : the current HEAD
    std::vector<std::string> env;
  };
  // Makes the branch and the worktree (copying .worktreeinclude's files in); nullptr with
  // *error when it cannot, leaving nothing made.
  Worktree* make(const Request& req, std::string* error);
  // One made before (a session restored after a restart): known again, for its session
  // or pane, when its directory is still there.
  Worktree* adopt(Worktree w);
  // A worktree whose session or pane could not be made: removed with its branch.
  void unmake(Worktree* w);
  // The command a pane of a new worktree runs: worktree-setup first (once), then its own.
  std::vector<std::string> with_setup(const std::string& setup, std::vector<std::string> command,
                                      const std::string& shell) const;

  Worktree* of_session(int session_id);
  Worktree* of_pane(int pane_id);
  // A member's worktree: its pane's, else its session's (nullptr: none).
  Worktree* of_member(int session_id, int pane_id);
  // A group member's (by member id: a session, or a pane member).
  Worktree* of_member_id(int member);
  // By branch, path or session name.
  Worktree* find(const std::string& what);
  std::vector<Worktree*> list();

  // Reads how it stands now (list-worktrees); false with *error when git cannot.
  bool read_now(Worktree& w, std::string* error);
  // Reads it in the background (a pane of it went quiet, it was made or merged).
  void read_later(Worktree& w);
  void pane_quiet(int session_id, int pane_id);

  struct MergeResult {
    std::string line;                    // what was done
    std::vector<std::string> conflicts;  // files that do not merge cleanly
  };
  // Merges w's branch into its base: a fast-forward when it can be (no_ff: always a merge
  // commit), refused with the conflicting files when it does not apply cleanly.
  bool merge(Worktree& w, bool no_ff, bool force, MergeResult* r, std::string* error);
  // Removes the worktree (its branch is kept); refused with changes unless force.
  bool remove(Worktree& w, bool force, std::string* error);
  // The group member it was made for (its pane's member, else its session) while that is
  // in a group; -1: none.
  int member_of(const Worktree& w);
  // Whether it has changes not committed (read now); false with *error when git fails.
  bool dirty(Worktree& w, bool* is_dirty, std::string* error);

  // A lease path as the repository means it: an absolute path, or one relative to cwd,
  // inside a worktree amux made (or its main checkout) is made relative to that
  // checkout's top; anything else is as given.
  std::string lease_path(const std::string& cwd, const std::string& path) const;

 private:
  Server& server_;
  unsigned long reads_ = 0;  // the last read's ticket
  std::vector<std::unique_ptr<Worktree>> trees_;
};

// The worktree a command names: its argument (a branch, a path, a session), else its
// target pane's (or that pane's session's); nullptr with the error recorded.
class CmdContext;
Worktree* target_worktree(CmdContext& ctx);

// #{session_worktree}, #{session_branch} (or pane_, peer_) of a worktree, "" for none; a
// peer's also peer_ahead, peer_behind, peer_changes as last read.
void worktree_formats(FormatContext& fc, const char* prefix, const Worktree* w);
// "amux/one +2 -0 ~3": its branch, commits ahead (+) and behind (-) its base, files
// changed and not committed (~, left out when none); the branch alone until it is read.
std::string worktree_summary(const Worktree& w);

}  // namespace amux
