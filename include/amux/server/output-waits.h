// wait-output's waits: clients parked until a pane shows a line matching a regular
// expression, is quiet for some milliseconds, or (neither asked) prints anything. Woken by
// the pane's output itself: a pane that printed is looked at once per turn of the loop,
// after its output is parsed; nothing polls (output-waits.cc).
#pragma once

#include <regex.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "amux/base/handles.h"

namespace amux {

class Server;
class Pane;

class OutputWaits;

struct OutputWait {
  OutputWaits* owner = nullptr;  // set when it is added
  uint64_t client = 0;
  int pane = -1;
  std::shared_ptr<regex_t> regex;
  long long quiet_ms = -1;
  uint64_t seen_pushed = 0;  // history lines already looked at (Grid::history_pushed)
  EventPtr quiet_timer;
};

class OutputWaits {
 public:
  explicit OutputWaits(Server& server) : server_(server) {}
  OutputWaits(const OutputWaits&) = delete;
  OutputWaits& operator=(const OutputWaits&) = delete;
  // The first line of p (new history since *seen, then the screen; soft-wrapped lines
  // joined) that re matches, and *seen moved on.
  std::optional<std::string> match_pane(Pane& p, const regex_t& re, uint64_t* seen);
  // Parks the command's client on w (-1: no timeout); false if it cannot wait.
  bool add(OutputWait w, long timeout_seconds);
  void quiet_fired(uint64_t client);
  bool empty() const { return waits_.empty(); }
  // A pane printed: looked at once this turn is done.
  void arrived(Pane& p);
  // A pane's program ended: its last output may be what a wait looks for, and a wait on
  // it that matches nothing ends with "pane %N exited".
  void pane_ended(Pane& p);
  // Looks at the waits once this turn is done: the panes that printed, and any that ended
  // or went.
  void queue_check();

 private:
  void check();  // the panes in pending_, and panes gone or dead
  Server& server_;
  std::map<uint64_t, OutputWait> waits_;  // by client id
  std::set<int> pending_;                 // panes with output not yet looked at
  bool check_queued_ = false;
};

}  // namespace amux
