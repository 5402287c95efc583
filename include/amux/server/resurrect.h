// Resurrection: the server's sessions (names, options, environment, windows with their
// layouts, panes with their directories, programs and titles, agent metadata and group
// memberships) saved in the state file as they change, in the turn's own transaction,
// and made again when a server starts after one that did not end cleanly (a crash, kill
// -9, a reboot), or on demand (amux resurrect). kill-server is a clean end.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

struct cJSON;

namespace amux {

class Server;
class SqliteStore;
class Pane;
struct Session;

class Resurrection {
 public:
  explicit Resurrection(Server& server) : server_(server) {}

  // Something a saved session holds may have changed: it is looked at again when the
  // turn commits (only what differs from the last write is written).
  void changed();
  // At each commit of the state file, before it: what changed goes into its transaction.
  void save(SqliteStore& store);
  // At start: what the previous server saved, restored now when it did not end cleanly
  // (and session-resurrect is on); kept for `amux resurrect` either way.
  void start(std::vector<std::pair<std::string, std::string>> saved, bool clean,
             SqliteStore& store);
  // The server ends cleanly (kill-server, the last session gone): said in the file.
  void clean_exit(SqliteStore& store);
  // amux resurrect: makes the saved sessions that do not exist now; with dry_run only
  // says what it would do. Lines for the client (or the log), errors into *errors.
  std::vector<std::string> restore(bool dry_run, std::vector<std::string>* errors);
  bool has_saved() const { return !saved_.empty(); }

 private:
  std::string snapshot(Session& s);
  std::string resume_line(const cJSON* agent);
  std::string rerun(const cJSON* pane, const std::string& list, bool* resumed);
  void type_in(Pane* p, const std::string& line);
  void take_worktree(const cJSON* record, int session_id, int pane_id);
  void came_back(int member, const std::string& target, const cJSON* agent, bool resumed);
  Server& server_;
  bool dirty_ = true;  // the first commit writes every session
  std::map<std::string, std::string> written_;  // name -> its record as last written
  std::vector<std::pair<std::string, std::string>> saved_;  // the previous server's
};

}  // namespace amux
