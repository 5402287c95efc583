// The durable state file, the server's side: where it is (the global agent-state-file,
// else ${XDG_STATE_HOME:-~/.local/state}/amux/NAME.db), opening and restoring it at start,
// moving to another file when the option changes, and the commit at the end of each loop
// turn that the held replies of that turn wait for (state-file.cc).
#pragma once

#include <memory>
#include <string>

#include "amux/base/handles.h"

namespace amux {

class Server;
class SqliteStore;

class StateFile {
 public:
  StateFile(Server& server, const std::string& socket_path);
  ~StateFile();
  StateFile(const StateFile&) = delete;
  StateFile& operator=(const StateFile&) = delete;

  // The file agent-state-file names ("": none).
  bool path(std::string* path, std::string* error) const;
  // Opens the file at start and restores its groups; when it cannot be had, says why in
  // the messages and group commands fail until it can (available).
  void start();
  // agent-state-file changed: the new file takes the current groups, or (when the old
  // one could not be had) its own groups are restored. The error text, or "".
  std::string file_changed();
  // Whether agent group commands may run (kFlagGroupState). When the file could not be
  // had at start, each such command tries it again and fails with *error ("state file
  // unavailable: ...") until it opens: nothing is acknowledged that the file cannot keep.
  bool available(std::string* error);
  // Whether this turn changed stored state not yet committed (replies wait for it).
  bool pending() const;
  // Ends the loop turn's transaction and sends the replies held for it; when the write
  // failed, the stored state is put back and each held reply becomes "can't save state:
  // ...". "" when saved (or nothing to save).
  std::string commit();
  void close();
  // Sessions changed (resurrection): the turn commits, writing them.
  void touch();
  // kill-server: the sessions as they are and a clean end go into the file.
  void clean_exit();

 private:
  // The error text, or "" when opened; *cause (if given) the reason alone ("Is a
  // directory: PATH"), for error_.
  std::string open(bool restore, std::string* cause = nullptr);
  Server& server_;
  const std::string& socket_path_;
  std::unique_ptr<SqliteStore> store_;
  EventPtr commit_event_;
  bool started_ = false;  // the configuration file ran and the state was opened
  std::string error_;     // why the state file cannot be opened (since the start)
};

}  // namespace amux
