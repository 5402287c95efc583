// The server: one process per socket on a libevent loop. It owns every session, window
// and pane, and the Coordinator (groups and all that goes with them), serves clients over
// the framed protocol (commands may park and resume later), and reaps pane programs.
#pragma once

#include <regex.h>
#include <sys/types.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "amux/base/format.h"
#include "amux/base/handles.h"
#include "amux/base/lines.h"
#include "amux/coord/coordinator.h"
#include "amux/server/attached.h"
#include "amux/server/cmd.h"
#include "amux/server/hooks.h"
#include "amux/server/jobs.h"
#include "amux/server/key-bindings.h"
#include "amux/server/session.h"

namespace amux {

class Server;
class RemoteGroups;  // coord/remote.h
class SqliteStore;   // coord/sqlite-store.h

// A connected client and the command list it is running.
// A control-mode client's state (-C; control.cc).
constexpr size_t kMaxControlLine = 1 << 20;
struct ControlState {
  LineReader input{kMaxControlLine};             // bytes of a line not yet ended
  std::deque<std::optional<std::string>> lines;  // command lines waiting (none: too long)
  bool input_closed = false;                     // EOF: %exit once the queue is done
  bool running = false;                          // a block is open (its command may be parked)
  bool initial = false;                          // the block of the command the client started with
  bool closing = false;                          // %exit sent
  uint64_t number = 0;                           // the open block's number and time
  time_t time = 0;
  std::string pending;            // notifications raised while the block is open
  int session = -1;               // the session it is attached to
  bool no_output = false;         // refresh-client -f no-output
  long long pause_after_ms = -1;  // refresh-client -f pause-after=N; -1: off
  int64_t behind_since_ms = 0;    // when unsent output began to wait (0: none waits)
  std::set<int> paused, off;      // panes paused (%pause) or turned off (-A %N:off)
};

// wait-output: a client parked until a pane shows a line matching regex, is quiet for
// quiet_ms, or (neither given) prints anything (output-wait.cc).
struct OutputWait {
  Server* server = nullptr;
  uint64_t client = 0;
  int pane = -1;
  std::shared_ptr<regex_t> regex;
  long long quiet_ms = -1;
  uint64_t seen_pushed = 0;  // history lines already looked at (Grid::history_pushed)
  EventPtr quiet_timer;
};

struct ClientConn {
  uint64_t id = 0;
  uid_t uid = 0;  // the connecting user (SO_PEERCRED)
  time_t connected = 0;
  Server* server = nullptr;
  bool started = false;  // its command frame has arrived
  BufferEventPtr bev;
  ClientInfo info;
  std::vector<ParsedCommand> list;
  size_t next = 0;
  std::string out, err;
  bool waiting = false;
  bool resuming = false;                  // resumed; the rest of its list runs from the loop
  std::function<void()> cancel;           // undoes the registration of a parked command
  EventPtr park_timer;                    // its -T timeout, if any
  std::unique_ptr<Attached> attached;     // set by attach-session / new-session
  bool attach_sent = false;               // kAttach went out: updates flow, input comes
  std::unique_ptr<ControlState> control;  // control mode (-C)
};

// A line of show-messages.
struct LogMessage {
  time_t time = 0;
  std::string text;
};

struct PasteBuffer {
  std::string name;
  std::string data;
  uint64_t order = 0;
};

// wait-for channels: a signal kept for the next waiter, waiters parked until signalled,
// and locks handed from one locker to the next (wait-channels.cc).
class WaitChannels {
 public:
  explicit WaitChannels(Server& server) : server_(server) {}
  // kParked: the client waits; kNoClient: it would have to, but has no connection.
  enum class Result { kDone, kParked, kNoClient };
  Result wait(const std::string& name, uint64_t client);
  void signal(const std::string& name);
  Result lock(const std::string& name, uint64_t client);
  bool unlock(const std::string& name, std::string* error);

 private:
  struct Channel {
    bool locked = false;
    bool woken = false;
    std::vector<uint64_t> waiters;  // client ids in wait-for
    std::vector<uint64_t> lockers;  // client ids in wait-for -L
  };
  Result park(const std::string& name, uint64_t client, bool lock);
  void drop_if_idle(const std::string& name);
  Server& server_;
  std::map<std::string, Channel> channels_;
};

class Server : private CoordHost, private PaneOwner {
  EventBasePtr base_;  // first: freed after every event that uses it

 public:
  // The one place an agent's last activity is set: its session asked something of its
  // group (the Coordinator says so) or changed its metadata (set-agent).
  void acted(int session_id) override;
  Server(std::string socket_path, std::string config_file);
  ~Server() override;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Runs the loop on an already listening socket; writes one byte to ready_fd once serving.
  int run(int listen_fd, int ready_fd);
  void request_exit();
  // Runs fn from the loop once the current callback is done: for work (running a client's
  // command list, hooks) that may destroy what the caller still holds.
  void defer(std::function<void()> fn);
  void run_deferred();

  SessionRegistry sessions;
  Options server_options;         // -s
  Options global_options;         // -g: what sessions inherit
  Options global_window_options;  // -gw: what windows (and their panes) inherit
  // The global environment (set-environment -g): the server's own at start, then changes.
  // Programs start with the client's environment; only the names changed here (and the
  // session's own) override it.
  Environment global_environment;
  std::set<std::string> global_environment_changed;
  KeyTables keys;
  WaitChannels channels{*this};
  Coordinator& coord() { return coord_; }

  const std::string& socket_path() const { return socket_path_; }
  pid_t pid() const { return pid_; }
  struct event_base* base() const override {
    return base_.get();
  }
  time_t now() const override;

  // The pane the client runs in (AMUX_PANE on this server), if any.
  Pane* client_pane(const ClientInfo& client);
  // The session a client means when it gives no -t: its own pane's session, if any.
  int current_session_for(const ClientInfo& client);
  // "AMUX" or "TMUX" when the client runs inside one of this server's panes (attaching
  // from there would nest), else "".
  std::string nesting_variable(const ClientInfo& client) const;
  // The AMUX value of a session's panes ("socket,pid,session") and its parse.
  std::string amux_value(int session_id) const;
  int amux_session(const std::string& value) const;  // -1: not this server's

  Session* create_session(const std::string& name, const std::string& window_name,
                          const SpawnSpec& spec, int sx, int sy, std::string* error);
  Window* create_window(Session& s, int index, const std::string& name, const SpawnSpec& spec,
                        std::string* error);
  Pane* split_pane(Pane& target, bool left_right, int size, const SpawnSpec& spec,
                   std::string* error);
  bool respawn_pane(Pane& p, const SpawnSpec& spec, std::string* error);
  void destroy_session(Session& s);
  void destroy_window(Window& w);
  // renumber-windows: indexes from base-index up, in order, with no gaps.
  void renumber_windows(Session& s);
  // The first index from base-index up that no window of s has.
  int free_window_index(const Session& s) const;
  // Rearranging (rearrange.cc). A window leaves its session / joins one at an index.
  std::unique_ptr<Window> unlink_window(Window& w);
  Window& link_window(Session& s, int index, std::unique_ptr<Window> w);
  struct MovePlace {
    bool after = false, before = false;  // -a/-b: beside index, later windows move along
    bool kill = false;                   // -k: a window at index goes
    bool detached = false;               // -d: not made current
  };
  // -a/-b: index becomes free as the windows from it up move one along.
  void open_window_index(Session& s, int index);
  // Moves w to index in dst; a session left without windows ends.
  bool move_window(Window& w, Session& dst, int index, const MovePlace& how, std::string* error);
  // Two windows trade places (sessions and indexes).
  void swap_windows(Window& a, Window& b);
  // A pane leaves its window (which keeps at least one other).
  std::unique_ptr<Pane> unlink_pane(Pane& p);
  struct JoinPlace {
    bool left_right = false, before = false, detached = false;
    int size = -1;  // cells; -1: half
  };
  // p moves into target's window by splitting target; a window left empty goes.
  bool join_pane(Pane& p, Pane& target, const JoinPlace& how, std::string* error);
  // p leaves for a new window in dst (index -1: the first free); a lone pane's window moves.
  Window* break_pane(Pane& p, Session& dst, int index, const std::string& name, bool detached,
                     std::string* error);
  // Two panes trade places, within a window or between windows.
  void swap_panes(Pane& a, Pane& b);

  // Control mode (control.cc).
  void control_write(ClientConn& c, std::string_view text);
  void control_notify(ClientConn& c, const std::string& line);
  void control_begin(ClientConn& c, std::vector<ParsedCommand> list, bool initial);
  void control_done(ClientConn& c, const std::string& out, const std::string& err, int status);
  void control_next(ClientConn& c);
  void control_input(ClientConn& c, std::string_view bytes);
  void control_read(ClientConn& c);
  void control_exit(ClientConn& c, const std::string& reason);
  void control_cut(ClientConn& c);  // too far behind: ended, what waits for it dropped
  void control_attach(ClientConn& c, Session& s);
  void control_drained(ClientConn& c);
  bool control_flags(ClientConn& c, const std::string& flags, std::string* error);
  bool control_pane_state(ClientConn& c, const std::string& spec, std::string* error);
  // The control client running a command, if it is one.
  ClientConn* control_client(const CmdContext& ctx);
  std::vector<ClientConn*> control_clients();
  // What changed, told to control clients and to the hooks of the same events
  // (window-add: window-linked, window-close: window-unlinked, session-renamed, ...).
  // A window leaving a session (window-close) names that session as `from`.
  void notify_window(const char* what, Window& w, const std::string& extra = "",
                     Session* from = nullptr);
  void notify_sessions_changed();
  void notify_session_closed(Session& s);
  void notify_session_renamed(Session& s);
  void notify_session_window(Session& s);
  void notify_window_pane(Window& w);
  void notify_layout(Window& w);
  std::optional<std::string> window_variable(Window& w, const Options& own, std::string_view name);
  void control_agent_event(const Group& g, const GroupEvent& e);
  void pane_data(Pane& p, std::string_view data) override;
  // Frames to a client, and its reply's end (exit status; the connection closes after).
  void send_to_client(ClientConn& c, MsgType type, std::string_view payload);
  void end_client(ClientConn& c, const std::string& out, const std::string& err, int status);
  void destroy_pane(Pane& p);
  void select_window(Session& s, Window& w);
  void select_pane(Pane& p);
  void resize_window(Window& w, int sx, int sy);
  // Zoom: the active pane fills the window while on; off puts the layout back.
  void set_zoom(Window& w, bool on);
  void sync_pane_sizes(Window& w);
  // Presence (activity.cc): what the panes do, reported to the Coordinator.
  void pane_idle_check(Pane& p);
  void deliver_to_pane(Pane& p);
  // Recomputes what the session's panes do; the Coordinator announces a change.
  void update_state(Session& s);
  // A changed agent-idle-time applies at once: every working pane is looked at again.
  void recheck_idle();
  // Runs a file of commands (source-file, the configuration file); false when a line
  // failed. Parse errors are "path:line: error" in *err, command errors as they print.
  bool source_file(const std::string& path, const ClientInfo& client, std::string* out,
                   std::string* err);
  // Applies a set or unset option where it is kept outside the option sets; an error text
  // when it cannot be (the option is then put back by the caller).
  std::string option_changed(const std::string& name);

  // Durable state (state.cc). The file agent-state-file names (empty: none); opening it
  // restores its groups (restore) or writes the current ones into it. commit_state ends
  // the loop turn's transaction and sends the replies held for it; when the write failed,
  // the stored state is put back and each held reply becomes "can't save state: ...".
  bool state_path(std::string* path, std::string* error) const;
  // The error text, or "" when opened; *cause (if given) the reason alone ("Is a directory:
  // PATH"), for state_error_.
  std::string open_state(bool restore, std::string* cause = nullptr);
  // Whether agent group commands may run (kFlagGroupState). When the state file could not
  // be had at start, each such command tries it again and fails with *error ("state file
  // unavailable: ...") until it opens: nothing is acknowledged that the file cannot keep.
  bool state_available(std::string* error);
  std::string commit_state();  // "" when saved (or nothing to save)
  void close_state();
  // A command list's final reply: held while the turn's changes are not yet committed.
  void reply(ClientConn& c, const std::string& out, const std::string& err, int status);
  void flush_replies(const std::string& error);
  time_t last_output(const Session& s) const;
  void child_exited(pid_t pid, int status);

  // Jobs (jobs.cc): a shell command outside any pane, in the client's directory and with
  // its variables; done(status, output) runs from the loop when it ended. -1 with *error.
  pid_t start_job(const std::string& command, const ClientInfo& client,
                  std::function<void(int, std::string)> done, std::string* error);
  bool job_exited(pid_t pid, int code);  // false: not a job
  void job_check(pid_t pid);
  void check_exit();

  Group* group_of(const Session& s) { return coord_.group_of(s.id); }
  std::string session_name(int id, const std::string& fallback = "") const;

  // Format variables for the server, a session, a window and a pane.
  void server_formats(FormatContext& ctx);
  void session_formats(FormatContext& ctx, Session& s);
  void window_formats(FormatContext& ctx, Window& w);
  void pane_formats(FormatContext& ctx, Pane& p);
  void client_formats(FormatContext& ctx, ClientConn& c, Session& s);

  // Paste buffers, newest last (paste.cc).
  const std::vector<PasteBuffer>& buffers() const { return buffers_; }
  PasteBuffer* find_buffer(const std::string& name);
  void add_buffer(std::string data, const std::string& name = "");
  void delete_buffer(const std::string& name);

  // Access (access.cc): the owner always; other users only as server-access allows them,
  // read-write or read-only. nullopt: not allowed.
  std::optional<bool> access_for(uid_t uid) const;
  void set_access(uid_t uid, std::optional<bool> write);
  const std::map<uid_t, bool>& access_list() const { return access_; }

  // Client connections (server-client.cc).
  void accept_client(int fd);
  void client_read(ClientConn& c);
  void attached_read(ClientConn& c);
  void client_done(ClientConn& c);
  // Ends a client's command list at once with an error (exit 1).
  void finish_client(ClientConn& c, const std::string& err);
  void client_run(ClientConn& c);
  // Parks the client's command: cancel undoes its registration (on disconnect or
  // timeout); after timeout_seconds (if >= 0) it ends with exit 2 and `timed out`.
  bool park(uint64_t client_id, long timeout_seconds, std::function<void()> cancel) override;
  // Finishes a parked command (status 0 runs the rest of its list; others end it).
  void resume_client(uint64_t id, int status, const std::string& out, const std::string& err);
  // Writes stdout bytes to a parked client now (streams); false when it is too far behind.
  bool stream_to_client(uint64_t id, const std::string& out);
  ClientConn* find_client(uint64_t id);
  size_t parked_clients() const;  // clients whose command is parked (waits, streams)

  // Attached clients (attach.cc).
  // Attaches c to s (or switches it there when it is attached already); the client
  // hears kAttach when its command list ends.
  void attach(ClientConn& c, Session& s);
  void detach(ClientConn& c, const std::string& reason);
  void client_input(ClientConn& c, std::string_view bytes);
  void client_event(ClientConn& c, const InputEvent& ev);
  void client_resized(ClientConn& c, int cols, int rows);
  void flush_input(ClientConn& c);  // the escape-time timer fired
  // The attached client a command means: the one it runs for (a binding, the prompt),
  // else the most recently active client of the session, else of any session.
  ClientConn* attached_client(const ClientInfo& info, const Session* s = nullptr);
  std::vector<ClientConn*> attached_clients(int session_id = -1);
  // Windows of s take the size of its smallest attached client.
  void fit_session(Session& s);
  // Marks attached clients for redrawing (those of one session, or all); status: their
  // status lines are expanded again (pane output alone does not change them).
  void redraw(const Session* s = nullptr, bool status = true);
  void draw_clients();
  void show_message(ClientConn& c, const std::string& text);
  void log_message(const std::string& text);

  // wait-output (output-wait.cc): the first line of p (new history since *seen, then the
  // screen; soft-wrapped lines joined) that re matches, and *seen moved on.
  std::optional<std::string> match_pane(Pane& p, const regex_t& re, uint64_t* seen);
  // Parks the command's client on w (-1: no timeout); false if it cannot wait.
  bool add_output_wait(OutputWait w, long timeout_seconds);
  void quiet_fired(uint64_t client);
  // Looks at the waits once this turn is done: the panes that printed, and any that ended
  // or went (their waits end with "pane %N exited").
  void queue_output_check();

  // Hooks (hooks.cc). fire_hook runs hook `name` for what t names, found at its pane,
  // window or session or else globally, from the loop once the current callback is done;
  // after_command fires after-NAME for a command that succeeded. hook_target describes
  // where a hook is about. hooks_wanted() is false until a hook is first set, and while a
  // hook's commands run.
  HookTarget hook_target(Session* s, Window* w = nullptr, Pane* p = nullptr);
  void fire_hook(const std::string& name, const HookTarget& t);
  void after_command(const CmdContext& ctx);
  void note_hook_set() { hooks_used_ = true; }
  // A client-* hook (client-attached, ...) for client c in session s; its name is
  // #{hook_client}.
  void client_hook(const char* hook, const ClientConn& c, Session& s);
  std::string client_name(const ClientConn& c) const;
  bool hooks_wanted() const { return hooks_used_ && !hooks_running_; }
  // The hook_* formats of the hook whose commands run now (none otherwise).
  void add_hook_formats(FormatContext& ctx) const;
  const std::deque<LogMessage>& messages() const { return messages_; }
  // Runs a command string as the attached client would (key bindings, the prompt):
  // output opens a view, an error shows on the status line.
  // Its output is shown once the turn is saved (show_output; a failed save shows why).
  void run_for_client(ClientConn& c, const std::string& command);
  void show_output(ClientConn& c, const std::string& out, const std::string& err);
  ClientInfo client_context(ClientConn& c);
  void open_mode(ClientConn& c, std::unique_ptr<Overlay> mode);
  void open_prompt(ClientConn& c, std::string label, std::string text,
                   std::function<void(const std::string&)> done);
  // The canvas a client shows now (render.cc).
  Canvas compose(ClientConn& c);
  // Opens an attaching client's terminal (by its path), raw, on the alternate screen.
  bool open_terminal(ClientConn& c, std::string* error);
  void status_tick();
  void draw_client(ClientConn& c);

 private:
  // CoordHost: what the Coordinator may ask of the server.
  std::string current_name(int session_id) const override { return session_name(session_id); }
  void resume(uint64_t client, int status, const std::string& out,
              const std::string& err) override {
    resume_client(client, status, out, err);
  }
  bool stream(uint64_t client, const std::string& out) override {
    return stream_to_client(client, out);
  }
  int type_into_pane(int session_id, const std::string& text) override;
  void cancel_typing(int session_id) override;
  bool has_hook(const char* hook, int session_id) override;
  void run_hook(const char* hook, FormatContext formats, int session_id) override;
  void arm_expiry(time_t when) override;
  void announce(const Group& g, const GroupEvent& e) override;
  void notify(int session_id, const std::string& text) override;
  std::pair<std::string, std::string> agent_meta(int session_id) const override;
  // PaneOwner: what a pane reports.
  void pane_output(Pane& p) override;
  void pane_closed(Pane& p) override;
  void pane_osc(Pane& p, std::string_view text) override;
  void pane_idle_timer(Pane& p) override { pane_idle_check(p); }

  std::unique_ptr<Pane> make_pane(Window& w);
  bool start_pane(Pane& p, const SpawnSpec& spec, std::string* error);  // spawn.cc
  std::vector<std::string> pane_environment(const Pane& p, const SpawnSpec& spec) const;
  void retire_pane(Pane& p);  // its leases go; the pane's destructor stops it

  void load_config();
  bool source_line(const std::string& where, const std::string& line, const ClientInfo& client,
                   std::string* out, std::string* err);
  void end_parked_clients();
  void flush_clients();

  std::string socket_path_;
  std::string config_file_;
  time_t start_time_ = time(nullptr);
  std::string user_name_;  // #{user}: looked up once, at start
  pid_t pid_;
  Coordinator coord_{*this};
  std::unique_ptr<RemoteGroups> remote_;  // after coord_: it goes first
  ListenerPtr listener_;
  EventPtr sigchld_;
  EventPtr sigterm_;
  EventPtr defer_event_;
  EventPtr expiry_timer_;
  std::vector<std::function<void()>> deferred_;
  std::map<uint64_t, std::unique_ptr<ClientConn>> clients_;
  uint64_t next_client_id_ = 1;
  const Options::HookCommands* find_hook(const std::string& name, const HookTarget& t);
  void queue_hook(const std::string& name, const HookTarget& t, std::optional<FormatContext> event);
  void run_hook_commands(const std::string& name, const std::vector<std::string>& commands,
                         const HookTarget& t, const FormatContext* event);
  void output_arrived(Pane& p);
  void check_output_waits();  // the panes in output_pending_, and panes gone or dead
  std::map<uint64_t, OutputWait> output_waits_;  // by client id
  std::set<int> output_pending_;                 // panes with output not yet looked at
  bool output_check_queued_ = false;
  bool hooks_used_ = false;     // a hook was set once: worth looking one up
  bool hooks_running_ = false;  // a hook's commands run now: they fire no hooks
  std::map<std::string, std::string> hook_formats_;
  size_t control_count_ = 0;       // control clients connected
  uint64_t control_commands_ = 0;  // numbers %begin blocks
  std::vector<PasteBuffer> buffers_;
  uint64_t buffer_order_ = 0;
  int source_depth_ = 0;  // source-file within source-file
  EventPtr redraw_event_;
  EventPtr status_timer_;  // status-interval: time in status formats moves on
  size_t attached_count_ = 0;
  std::deque<LogMessage> messages_;
  std::map<uid_t, bool> access_;  // users other than the owner: true read-write
  struct HeldReply {
    uint64_t client;
    std::string out, err;
    int status;
    bool shown = false;  // a command an attached client ran (prompt, key): output shown
  };
  std::map<pid_t, std::unique_ptr<Job>> jobs_;
  std::unique_ptr<SqliteStore> store_;
  EventPtr commit_event_;
  bool state_started_ = false;  // the configuration file ran and the state was opened
  std::string state_error_;     // why the state file cannot be opened (since the start)
  std::vector<HeldReply> held_replies_;

  void prompt_key(ClientConn& c, KeyCode key);
  void pane_key(ClientConn& c, const InputEvent& ev);
  void mouse_event(ClientConn& c, const InputEvent& ev);
  void drop_attached(ClientConn& c);
  void release_terminal(Attached& a);
  void write_terminal(Attached& a, std::string_view bytes);
  void draw_status(Canvas& cv, ClientConn& c, Session& s, int row);
  void expand_status(Canvas& cv, Session& s, int row);
};

// A message as typed into a pane: controls dropped, newlines as Enter, bracketed when the
// program asked, then Enter (activity.cc).
std::string paste_text(const std::string& text, bool bracketed);

// The server process: detaches, then serves on an already listening socket until it
// ends; writes a byte to ready_fd once serving. Returns the exit status (daemon.cc).
int run_server_daemon(const std::string& path, const std::string& config_file, int listen_fd,
                      int ready_fd);

// The connection a command runs on, or the attached client a key binding or the prompt
// runs for; nullptr for the configuration file and hooks (attach.cc).
ClientConn* own_client(CmdContext& ctx);
// The attached client a command acts on: the one -flag names (its tty, or its pid), else
// its own, else the most recently active one of the current session; records "can't find
// client: x" or "no current client".
ClientConn* command_client(CmdContext& ctx, char flag);

// The buffer -b names (or the newest); records "no buffers" / "no buffer x" (paste.cc).
PasteBuffer* require_buffer(CmdContext& ctx);

// Makes the next (or previous) window current, wrapping around (window-step.cc).
CmdStatus step_window(CmdContext& ctx, bool forward);
// The window after (or before) the session's current one, wrapping; nullptr if alone.
Window* neighbour_window(Session& s, bool forward);

// The option set a command means: global with -g, else the target's session or window,
// by the option's scope; records the target error (option-scope.cc).
// The level a set-option/show-options command means for an option: a known option's own
// (a window option with -p goes on the pane); a user option's from -s, -w, -p, else session.
enum class OptionLevel { kServer, kSession, kWindow, kPane };
OptionLevel option_level(const CmdContext& ctx, const OptionDef* def);
// The option set at that level: global with -g, else the target's. nullptr on error.
Options* option_scope(CmdContext& ctx, OptionLevel level);
// The option set that holds a hook of that level for set-hook/show-hooks: a session hook
// globally (-g) or on the target session, a window hook globally, on the target window,
// or with -p on the target pane.
Options* hook_scope(CmdContext& ctx, HookLevel level);
// set-option's and show-options' bodies, which set-window-option and show-window-options
// (tmux's aliases with -w implied) run too.
CmdStatus exec_set_option(CmdContext& ctx);
CmdStatus exec_show_options(CmdContext& ctx);
// join-pane's body, which move-pane runs too.
CmdStatus exec_join_pane(CmdContext& ctx);

}  // namespace amux
