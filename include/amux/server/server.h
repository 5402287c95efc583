// The server: one process per socket on a libevent loop. It owns every session, window,
// pane and group, serves clients over the framed protocol (commands may park and resume
// later), and reaps pane programs.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "amux/server/cmd.h"
#include "amux/base/format.h"
#include "amux/coord/group.h"
#include "amux/server/session.h"

struct event_base;
struct bufferevent;
struct evconnlistener;

namespace amux {

// A connected client and the command list it is running.
class Server;

struct ClientConn {
  uint64_t id = 0;
  Server* server = nullptr;
  bool started = false;  // its command frame has arrived
  struct bufferevent* bev = nullptr;
  ClientInfo info;
  std::vector<ParsedCommand> list;
  size_t next = 0;
  std::string out, err;
  bool waiting = false;
  bool resuming = false;  // resumed; the rest of its list runs from the loop
  std::function<void()> cancel;  // undoes the registration of a parked command
  EventPtr park_timer;            // its -T timeout, if any
};

struct PasteBuffer {
  std::string name;
  std::string data;
  uint64_t order = 0;
};

struct WaitChannel {
  bool locked = false;
  bool woken = false;
  std::vector<uint64_t> waiters;  // client ids in wait-for
  std::vector<uint64_t> lockers;  // client ids in wait-for -L
};

// A client parked in agent-wait until a matching event, its timeout, or its session
// leaving the group.
struct EventWaiter {
  uint64_t client_id = 0;
  uint64_t group_id = 0;
  int session_id = -1;
  // What wakes it (any of them; none given: any event): a change of key, a message to
  // session_id, the peer reaching state.
  std::string key;
  bool messages = false;
  int peer = -1;
  std::string state;
  bool json = false;
};
bool waiter_matches(const EventWaiter& w, const GroupEvent& e);

// What alock asks for.
struct LeaseRequest {
  std::vector<std::string> paths;
  bool shared = false;
  long seconds = 3600;
  int pane_id = -1;
};

// A client parked in alock -w until every path is free.
struct LockWaiter {
  uint64_t client_id = 0;
  uint64_t group_id = 0;
  int session_id = -1;
  LeaseRequest request;
};

// A client following a group's events (agent-events -f).
struct EventStream {
  uint64_t client_id = 0;
  uint64_t group_id = 0;
  bool json = false;
  std::string format;
};

class Server {
 public:
  Server(std::string socket_path, std::string config_file);
  ~Server();
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
  GroupRegistry groups;
  Options global_options;
  std::vector<PasteBuffer> buffers;  // newest last
  std::map<std::string, WaitChannel> channels;

  const std::string& socket_path() const { return socket_path_; }
  pid_t pid() const { return pid_; }
  struct event_base* base() const { return base_; }
  time_t now() const;

  // The pane the client runs in (AMUX_PANE on this server), if any.
  Pane* client_pane(const ClientInfo& client);
  // The session a client means when it gives no -t: its own pane's session, if any.
  int current_session_for(const ClientInfo& client);

  Session* create_session(const std::string& name, const std::string& window_name,
                          const SpawnSpec& spec, int sx, int sy, std::string* error);
  Window* create_window(Session& s, int index, const std::string& name, const SpawnSpec& spec,
                        std::string* error);
  Pane* split_pane(Pane& target, bool left_right, int size, const SpawnSpec& spec,
                   std::string* error);
  bool respawn_pane(Pane& p, const SpawnSpec& spec, std::string* error);
  void destroy_session(Session& s);
  void destroy_window(Window& w);
  void destroy_pane(Pane& p);
  void select_window(Session& s, Window& w);
  void select_pane(Pane& p);
  void resize_window(Window& w, int sx, int sy);
  void sync_pane_sizes(Window& w);
  void pane_readable(Pane& p);
  // Presence (presence.cc).
  void pane_output(Pane& p);
  void pane_idle_check(Pane& p);
  // A changed agent-idle-time applies at once: every working pane is looked at again.
  void recheck_idle();
  void deliver_to_pane(Pane& p);
  std::string compute_state(const Session& s) const;
  // Recomputes the state; a change (or any call with announce_always) is a state event.
  void update_state(Session& s, bool announce_always = false);
  time_t last_output(const Session& s) const;
  void pane_exited(Pane& p, int status);
  void child_exited(pid_t pid, int status);
  void check_exit();

  // Group membership. Errors are full texts ready for stderr.
  bool join_group(Session& s, const std::string& group, std::string* error);
  LeaveResult leave_group(Session& s);
  void drop_member_state(Group& g, Session& s);
  Group* group_of(const Session& s);
  std::string session_name(int id, const std::string& fallback = "");

  // Format variables for the server, a session, a window and a pane.
  void server_formats(FormatContext& ctx);
  void session_formats(FormatContext& ctx, Session& s);
  void window_formats(FormatContext& ctx, Window& w);
  void pane_formats(FormatContext& ctx, Pane& p);

  // Events (events.cc): every change to a group goes through emit.
  void emit(Group& g, const std::string& kind, const Session* s, const std::string& key = "",
            const std::string& value = "", const std::string& data = "");
  void emit(Group& g, GroupEvent e);  // e.seq and e.time are filled in
  void share(Group& g, Session& s, const std::vector<std::pair<std::string, std::string>>& pairs,
             ShareMode mode = {});
  void unset(Group& g, Session& s, const std::vector<std::string>& keys);
  void add_waiter(EventWaiter w, long timeout_seconds);
  void add_stream(EventStream s);
  std::map<uint64_t, EventWaiter> waiters;
  std::map<uint64_t, EventStream> streams;

  // Messages (messages.cc): the message event, the inbox, and with paste a delivery into
  // the recipient's active pane (*pasted_to) when it is idle. Returns the sequence number.
  uint64_t send_message(Group& g, int from_id, const std::string& from, Session& to,
                        const std::string& text, bool paste, Pane** pasted_to);

  // Leases (leases.cc). grant_leases returns the lines alock prints.
  std::string grant_leases(Group& g, Session& s, const LeaseRequest& req);
  // Removes the leases `which` picks, each an event of `kind` (unlock, expire); wakes
  // waiters. *out (if given) gets the lines aunlock prints.
  void release_leases(Group& g, const std::function<bool(const Lease&)>& which,
                      const std::string& kind, std::string* out);
  void release_pane_leases(Pane& p);
  void add_lock_waiter(LockWaiter w, long timeout_seconds);
  void wake_lock_waiters(Group& g);
  void end_lock_waiters(Session& s, const std::string& why);
  std::map<uint64_t, LockWaiter> lock_waiters;
  // Lease and key expiry: one timer for the earliest.
  void schedule_expiry();
  void run_expiry();

  // Hooks (hooks.cc): the command of each hook that is set, by hook name.
  std::map<std::string, std::string> hooks;
  void queue_hook(const Group& g, const GroupEvent& e);
  void run_hook(const std::string& command, const FormatContext& fc, int session_id);

  // Paste buffers.
  PasteBuffer* find_buffer(const std::string& name);
  void add_buffer(std::string data, const std::string& name = "");

  // Client connections (server-client.cc).
  void accept_client(int fd);
  void client_read(struct bufferevent* bev);
  void client_done(struct bufferevent* bev);
  void client_run(ClientConn& c);
  // Parks the client's command: cancel undoes its registration (on disconnect or
  // timeout); after timeout_seconds (if >= 0) it ends with exit 2 and `timed out`.
  void park(uint64_t client_id, long timeout_seconds, std::function<void()> cancel);
  // Finishes a parked command (status 0 runs the rest of its list; others end it).
  void resume_client(uint64_t id, int status, const std::string& out, const std::string& err);
  // Writes stdout bytes to a parked client now (streams); false when it is too far behind.
  bool stream_to_client(uint64_t id, const std::string& out);
  ClientConn* find_client(uint64_t id);
  size_t parked_clients() const;  // clients whose command is parked (waits, streams)

 private:
  void load_config();
  void end_parked_clients();
  void flush_clients();

  std::string socket_path_;
  std::string config_file_;
  pid_t pid_;
  struct event_base* base_ = nullptr;
  struct evconnlistener* listener_ = nullptr;
  EventPtr sigchld_;
  EventPtr sigterm_;
  EventPtr defer_event_;
  EventPtr expiry_timer_;
  bool in_hook_ = false;
  std::vector<std::function<void()>> deferred_;
  std::map<uint64_t, std::unique_ptr<ClientConn>> clients_;
  uint64_t next_client_id_ = 1;
  uint64_t buffer_order_ = 0;
};

// Leases (leases.cc): another session's lease that a request for path conflicts with.
const Lease* lease_conflict(const Group& g, int session_id, const std::string& path, bool shared);
std::string lease_remaining(const Lease& l, time_t now);  // "3540s"
// "path 'src/x.cc' is locked by session 'dev1' (expires in 3540s)"
std::string lease_conflict_error(const Lease& l, const std::string& holder, time_t now);
// A message as typed into a pane: controls dropped, newlines as Enter, bracketed when the
// program asked, then Enter (messages.cc).
std::string paste_text(const std::string& text, bool bracketed);
// Empty when the message may be sent to `to`, else the error (messages.cc).
std::string check_message(const Group& g, const Session& to, const std::string& text);

// Format variables and JSON of an event (events.cc).
void event_formats(FormatContext& ctx, const Group& g, const GroupEvent& e);
std::string event_line(const Group& g, const GroupEvent& e, bool json, const std::string& format);

// The buffer -b names (or the newest); records "no buffers" / "no buffer x" (paste.cc).
PasteBuffer* require_buffer(CmdContext& ctx);

// Makes the next (or previous) window current, wrapping around (window-step.cc).
CmdStatus step_window(CmdContext& ctx, bool forward);

// The option set a command means: global with -g, else the target's session or window,
// by the option's scope; records the target error (option-scope.cc).
Options* option_scope(CmdContext& ctx, const OptionDef& def);

// Starts a pane's program in a new PTY (pane.cc).
bool spawn_pane(Server& server, Pane& p, const SpawnSpec& spec, std::string* error);
// Starts or stops pipe-pane for a pane (pane.cc). Empty command: stop.
bool pipe_pane(Server& server, Pane& p, const std::string& command, std::string* error);
void pipe_pane_write(Pane& p, const char* data, size_t len);
void close_pipe_pane(Pane& p);
// Queues bytes for the pane's program; false with *error when it cannot take them.
bool pane_write_input(Pane& p, std::string_view data, std::string* error);

}  // namespace amux
