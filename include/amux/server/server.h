// The server: one process per socket on a libevent loop. It runs the loop and wires its
// parts: the session tree (sessions, windows, panes), the client hub (connections, parked
// commands, control mode, access), the renderer (attached clients and what they see) and
// the Coordinator (groups and all that goes with them). What is left here is the server's
// own: options and environment, hooks, formats, paste buffers, jobs, output waits,
// presence (what panes do, told to the Coordinator) and the durable state file.
#pragma once

#include <sys/types.h>

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "amux/base/format.h"
#include "amux/base/handles.h"
#include "amux/coord/host.h"
#include "amux/server/cmd.h"
#include "amux/server/hooks.h"
#include "amux/server/key-bindings.h"
#include "amux/server/session.h"
#include "amux/server/wait-channels.h"

namespace amux {

class Coordinator;   // coord/coordinator.h
class RemoteGroups;  // coord/remote.h
class SessionTree;   // server/session-tree.h
class ClientHub;     // server/client-hub.h
class Renderer;      // server/renderer.h
class Hooks;         // server/hooks.h
class StateFile;     // server/state-file.h
class OutputWaits;   // server/output-waits.h
class Jobs;          // server/jobs.h
class PasteBuffers;  // server/paste-buffers.h
class Resurrection;  // server/resurrect.h
class Worktrees;     // server/worktrees.h
struct ClientConn;
struct Group;

class Server : private CoordHost, private PaneOwner {
  EventBasePtr base_;  // first: freed after every event that uses it
  std::unique_ptr<SessionTree> tree_;

 public:
  Server(std::string socket_path, std::string config_file);
  ~Server() override;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Runs the loop on an already listening socket; writes one byte to ready_fd once serving.
  int run(int listen_fd, int ready_fd);
  void request_exit();
  // Asked to end: replies wait for the end (kill-server returns once the server is gone).
  bool exiting() const { return exiting_; }
  // Runs fn from the loop once the current callback is done: for work (running a client's
  // command list, hooks) that may destroy what the caller still holds.
  void defer(std::function<void()> fn);
  void run_deferred();
  // The marked pane (select-pane -m): the default -s of swap-pane, join-pane, move-pane,
  // swap-window and move-window, and the target {marked}; nullptr when none.
  Pane* marked_pane();
  int marked_pane_id = -1;
  // Runs fn from the loop once, ms milliseconds from now (run-shell -d).
  void later(long long ms, std::function<void()> fn);
  struct Delayed {
    Server* server;
    EventPtr timer;
    std::function<void()> fn;
  };
  void run_later(Delayed* d);  // its timer fired

  // The parts.
  SessionTree& sessions() { return *tree_; }
  const SessionTree& sessions() const { return *tree_; }
  ClientHub& clients() { return *hub_; }
  Renderer& renderer() { return *renderer_; }
  Coordinator& coord() { return *coord_; }
  Hooks& hooks() { return *hooks_; }
  StateFile& state() { return *state_; }
  OutputWaits& output_waits() { return *output_waits_; }
  Jobs& jobs() { return *jobs_; }
  PasteBuffers& paste() { return *paste_; }
  Resurrection& resurrect() { return *resurrect_; }
  Worktrees& worktrees() { return *worktrees_; }
  // kill-server, or exit-empty's end: a clean end, which a restart does not restore from.
  void set_clean_exit() { clean_exit_ = true; }

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

  const std::string& socket_path() const { return socket_path_; }
  const std::string& host_name() const { return host_name_; }
  pid_t pid() const { return pid_; }
  struct event_base* base() const override {
    return base_.get();
  }
  time_t now() const override;
  // The one place an agent's last activity is set: its session asked something of its
  // group (the Coordinator says so) or changed its metadata (set-agent).
  void acted(int session_id) override;

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
  Group* group_of(const Session& s);

  // Members (server-members.cc): a session, or a pane that joined as one. A pane acts as itself
  // when it is a member, else as its session; the rest map a member id to its parts.
  std::map<int, PaneAgent> pane_agents;  // by pane id; an entry outlives a leave
  // How an agent of a type is started again on its conversation after a restart
  // (agent-resume-command): a format with #{agent_conversation_id}.
  std::map<std::string, std::string> resume_commands = {
      {"claude", "claude --resume #{agent_conversation_id}"},
      {"claude-code", "claude --resume #{agent_conversation_id}"},
      {"codex", "codex resume #{agent_conversation_id}"},
      {"gemini", "gemini --resume #{agent_conversation_id}"}};
  int member_of(const Pane& p);
  bool is_member_pane(const Pane& p);
  Pane* member_pane(int id);
  // A member that joined a group with a worktree shares worktree.<name>=branch there
  // (ephemeral: it goes when the member does).
  void share_worktree(int member);
  Session* member_session(int id);
  AgentInfo* member_agent(int id);
  // A member of g by its name there (another server's too), or -1.
  int find_member(Group& g, const std::string& name);
  // The pane is gone: as a member it leaves its group, its presence forgotten.
  void pane_gone(Pane& p);
  std::string session_name(int id, const std::string& fallback = "") const;

  // Presence (server-activity.cc): what the panes do, reported to the Coordinator.
  void pane_idle_check(Pane& p);
  void deliver_to_pane(Pane& p);
  // Recomputes what the session's panes do; the Coordinator announces a change.
  void update_state(Session& s);
  // A changed agent-idle-time applies at once: every working pane is looked at again.
  void recheck_idle();
  time_t last_output(const Session& s) const;

  // Runs a file of commands (source-file, the configuration file); false when a line
  // failed. Parse errors are "path:line: error" in *err, command errors as they print.
  bool source_file(const std::string& path, const ClientInfo& client, std::string* out,
                   std::string* err);
  // Applies a set or unset option where it is kept outside the option sets; an error text
  // when it cannot be (the option is then put back by the caller).
  std::string option_changed(const std::string& name);
  void check_exit();  // exit-empty: ends the server when nothing is left
  // The configuration file's errors at start, once: the first client to attach is shown
  // them (tmux's way), then they are gone.
  std::vector<std::string> take_config_errors();
  void child_exited(pid_t pid, int status);
  // Popups' panes belong to no window: their programs' ends are found here too.
  void watch_popup_pane(Pane& p) { popup_panes_.push_back(&p); }
  void forget_popup_pane(Pane& p) { std::erase(popup_panes_, &p); }
  int next_popup_id() { return --popup_ids_; }  // ids of their own, never a pane's

  // Format variables for the server, a session, a window and a pane (server-formats.cc).
  void server_formats(FormatContext& ctx);
  void session_formats(FormatContext& ctx, Session& s);
  void window_formats(FormatContext& ctx, Window& w);
  void pane_formats(FormatContext& ctx, Pane& p);
  void client_formats(FormatContext& ctx, ClientConn& c, Session& s);
  // The mouse_* formats when the command runs for a mouse event (a mouse binding).
  void mouse_formats(FormatContext& ctx, const ClientInfo& client);
  std::optional<std::string> window_variable(Window& w, const Options& own, std::string_view name);

 private:
  // CoordHost: what the Coordinator may ask of the server.
  std::string current_name(int session_id) const override { return session_name(session_id); }
  bool park(uint64_t client, long timeout_seconds, std::function<void()> cancel) override;
  void resume(uint64_t client, int status, const std::string& out, const std::string& err) override;
  bool stream(uint64_t client, const std::string& out) override;
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
  void pane_data(Pane& p, std::string_view data) override;
  void pane_closed(Pane& p) override;
  void pane_osc(Pane& p, std::string_view text) override;
  void pane_idle_timer(Pane& p) override { pane_idle_check(p); }
  void pane_bell(Pane& p) override { agent_needs_person(p, "bell", "bell"); }
  void pane_input(Pane& p) override;
  // An agent's pane asked for a person (a desktop notification or the bell): its
  // session's state becomes waiting, with the message as the note, until input reaches
  // the pane (server-activity.cc).
  void agent_needs_person(Pane& p, std::string_view message, const char* source);
  // OSC 133 shell marks and OSC 9;4 progress from a pane (server-activity.cc).
  void shell_mark(Pane& p, std::string_view mark);
  void pane_progress(Pane& p, std::string_view text);

  void load_config();
  bool source_line(const std::string& where, const std::string& line, const ClientInfo& client,
                   std::string* out, std::string* err);

  std::string socket_path_;
  std::string config_file_;
  time_t start_time_ = time(nullptr);
  std::string user_name_;  // #{user}: looked up once, at start
  std::string host_name_;  // #{host}, and a new pane's title, as tmux
  pid_t pid_;
  std::unique_ptr<Coordinator> coord_;
  std::unique_ptr<RemoteGroups> remote_;  // after coord_: it goes first
  std::unique_ptr<ClientHub> hub_;
  std::unique_ptr<Renderer> renderer_;
  std::unique_ptr<Hooks> hooks_;
  std::unique_ptr<Resurrection> resurrect_;  // before state_: the file's commit uses it
  std::unique_ptr<StateFile> state_;
  std::unique_ptr<OutputWaits> output_waits_;
  std::unique_ptr<Jobs> jobs_;
  std::unique_ptr<Worktrees> worktrees_;
  std::unique_ptr<PasteBuffers> paste_;
  bool clean_exit_ = false;
  bool exiting_ = false;
  ListenerPtr listener_;
  EventPtr sigchld_;
  EventPtr sigterm_;
  EventPtr defer_event_;
  EventPtr expiry_timer_;
  std::vector<std::function<void()>> deferred_;
  std::list<Delayed> delayed_;  // later()'s, each gone once it ran
  std::vector<Pane*> popup_panes_;
  int popup_ids_ = 0;
  int source_depth_ = 0;  // source-file within source-file
  std::vector<std::string> config_errors_;
};

// A message as typed into a pane: controls dropped, newlines as Enter, bracketed when the
// program asked, then Enter (server-activity.cc).
std::string paste_text(const std::string& text, bool bracketed);

// The server process: detaches, then serves on an already listening socket until it
// ends; writes a byte to ready_fd once serving. Returns the exit status (daemon.cc).
int run_server_daemon(const std::string& path, const std::string& config_file, int listen_fd,
                      int ready_fd);

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
// attach-session's body, which new-session -A runs too: the client attaches to s (nullptr:
// the -t session), the session's other clients detached first with detach_others.
CmdStatus attach_command(CmdContext& ctx, Session* s, bool detach_others, bool read_only = false);
// join-pane's body, which move-pane runs too.
CmdStatus exec_join_pane(CmdContext& ctx);
// select-layout's (cmd-select-layout.cc), which next-layout and previous-layout run too:
// the preset after (step 1) or before (-1) the window's last one, or (0) it again, and
// laying a window out by a preset's name or a layout string.
std::string stepped_preset(const Layout& layout, int step);
CmdStatus apply_layout(CmdContext& ctx, Window& w, const std::string& name);

}  // namespace amux
