// A pane: a program on a PTY, its terminal emulator, its input queue, pipe-pane and idle
// timer. The pane owns every one of them and ends them on one path (stop, and its
// destructor); what it sees (output, the tty closing, an OSC, going quiet) it reports to
// its owner through PaneOwner.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "amux/base/handles.h"
#include "amux/base/util.h"
#include "amux/pane/write-queue.h"
#include "amux/term/terminal.h"

namespace amux {

class Pane;
struct Window;  // the server's; a pane only points back at it

// What a pane tells the one who owns it.
class PaneOwner {
 public:
  virtual ~PaneOwner() = default;
  virtual struct event_base* base() const = 0;
  virtual void pane_output(Pane& p) = 0;              // output arrived (before it is parsed)
  virtual void pane_data(Pane&, std::string_view) {}  // each chunk read (control mode)
  virtual void pane_closed(Pane& p) = 0;              // its program ended and the tty closed
  virtual void pane_osc(Pane& p, std::string_view text) = 0;
  virtual void pane_idle_timer(Pane& p) = 0;  // the timer armed with arm_idle_timer fired
  virtual void pane_bell(Pane&) {}            // the program rang the bell (BEL)
  virtual void pane_input(Pane&) {}           // a person's keys or a paste reached it
};

// What a pane runs: kept so respawn-pane can start it again.
struct SpawnSpec {
  std::string cwd;
  std::vector<std::string> env;        // the client's environment
  std::vector<std::string> extra_env;  // -e VAR=value
  std::vector<std::string> command;    // empty: default-command, else the shell
};

// How the program starts: environment, command words and shell, all decided by the owner.
struct Launch {
  std::string cwd;
  std::vector<std::string> env;      // the whole environment of the program
  std::vector<std::string> command;  // empty: a login shell; one word: shell -c word
  std::string shell;
};

// In a forked child: default signals, no inherited descriptors past stderr, the
// directory (else HOME, else /), the environment, then the program; never returns.
[[noreturn]] void exec_launch(const Launch& how);

class Pane {
 public:
  Pane(int id, PaneOwner& owner, Window* window);
  ~Pane();
  Pane(const Pane&) = delete;
  Pane& operator=(const Pane&) = delete;

  // Starts the program on a new PTY of size sx x sy (the emulator is made on first start).
  bool start(const Launch& how, const SpawnSpec& spec, size_t history, std::string* error);
  // The program side ends: reading, the input queue and the tty go, and the program's
  // process group gets sig (0: none). Pipe-pane and the emulator stay (capture, respawn).
  void stop(int sig);
  // The program exited (from the server's SIGCHLD): drains the tty, then reports closed.
  void program_exited(int status);
  void read_ready();  // the tty is readable

  // Bytes for the program; false with *error when it cannot take them.
  bool write_input(std::string_view data, std::string* error);
  // Keys and pastes from a person or send-keys: dropped (not an error) while input is off
  // (select-pane -d), as tmux.
  bool key_input(std::string_view data, std::string* error) {
    if (input_off) return true;
    owner_.pane_input(*this);
    return write_input(data, error);
  }
  // pipe-pane: a shell command reading the pane's output; close_pipe ends it.
  bool open_pipe(const std::string& command, std::string* error);
  void close_pipe();
  bool piping() const { return pipe_.attached(); }
  void child_reaped(pid_t pid);  // forgets the pipe command's pid once reaped

  // Gives the emulator and the tty the pane's size (sx, sy).
  void apply_size();
  void arm_idle_timer(int64_t ms);
  bool reading() const { return static_cast<bool>(read_event_); }
  PaneOwner& owner() { return owner_; }
  int master_fd() const { return master_.get(); }

  const int id;
  Window* window;
  pid_t pid = -1;
  std::string tty;
  std::unique_ptr<Terminal> term;
  SpawnSpec spec;
  int xoff = 0, yoff = 0, sx = 80, sy = 24;
  bool dead = false;
  bool input_off = false;  // select-pane -d .. -e
  int dead_status = 0;
  uint64_t active_point = 0;  // when it was last the active pane
  // Presence: output in the last agent-idle-time makes the pane working.
  int64_t last_output_ms = 0;  // monotonic; 0: never
  time_t last_output = 0;      // wall clock, for display
  bool working = false;
  // OSC 133 shell marks: once the program sends them, its presence comes from them (C: a
  // command runs, D: it ended) rather than from its output.
  bool marks = false;
  bool in_command = false;
  int64_t command_start_ms = 0;
  std::string progress;  // OSC 9;4's last state and percent decile reported ("set 4")
  // Busy for presence and for typing a message in: by its marks, else by its output.
  bool busy() const { return marks ? in_command : working; }
  // asend -p messages waiting for the pane to go idle; each goes in as one whole paste.
  std::vector<std::string> deliveries;

 private:
  PaneOwner& owner_;
  Fd master_;
  EventPtr read_event_;
  WriteQueue input_;
  WriteQueue pipe_;
  Fd pipe_fd_;
  pid_t pipe_pid_ = -1;
  EventPtr idle_timer_;
};

}  // namespace amux
