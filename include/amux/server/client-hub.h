// The client hub: every connection to the server and the command list it runs, parked
// commands and their resumption, replies held until the turn's changes are saved,
// control-mode clients and what they are told, and which users may connect (access).
#pragma once

#include <sys/types.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "amux/base/handles.h"
#include "amux/base/lines.h"
#include "amux/base/protocol.h"
#include "amux/server/attached.h"
#include "amux/server/cmd.h"

namespace amux {

class Server;
struct Session;
struct Window;
class Pane;
struct Group;
struct GroupEvent;

// A control-mode client's state (-C; client-hub-control.cc).
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
  std::string head;               // the open block's %begin, written with its first output
  std::string pending;            // notifications raised while the block is open
  int session = -1;               // the session it is attached to
  bool no_output = false;         // refresh-client -f no-output
  long long pause_after_ms = -1;  // refresh-client -f pause-after=N; -1: off
  int64_t behind_since_ms = 0;    // when unsent output began to wait (0: none waits)
  std::set<int> paused, off;      // panes paused (%pause) or turned off (-A %N:off)
};

// A connected client and the command list it is running.
struct ClientConn {
  uint64_t id = 0;
  uid_t uid = 0;  // the connecting user (SO_PEERCRED)
  time_t connected = 0;
  Server* server = nullptr;
  bool started = false;   // its command frame has arrived
  bool finished = false;  // its exit frame is out or queued: it ends once that is written
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

class ClientHub {
 public:
  ClientHub(Server& server, const std::string& socket_path)
      : server_(server), socket_path_(socket_path) {}
  ClientHub(const ClientHub&) = delete;
  ClientHub& operator=(const ClientHub&) = delete;

  // Connections (client-hub.cc).
  void accept_client(int fd);
  void client_read(ClientConn& c);
  void attached_read(ClientConn& c);
  void client_done(ClientConn& c);
  // Ends a client's command list at once with an error (exit 1).
  void finish_client(ClientConn& c, const std::string& err);
  void client_run(ClientConn& c);
  // Parks the client's command: cancel undoes its registration (on disconnect or
  // timeout); after timeout_seconds (if >= 0) it ends with exit 2 and `timed out`.
  bool park(uint64_t client_id, long timeout_seconds, std::function<void()> cancel);
  // Finishes a parked command (status 0 runs the rest of its list; others end it).
  void resume_client(uint64_t id, int status, const std::string& out, const std::string& err);
  // Writes stdout bytes to a parked client now (streams); false when it is too far behind.
  bool stream_to_client(uint64_t id, const std::string& out);
  ClientConn* find_client(uint64_t id);
  const std::map<uint64_t, std::unique_ptr<ClientConn>>& connections() const { return clients_; }
  size_t parked_clients() const;  // clients whose command is parked (waits, streams)
  // Frames to a client, and its reply's end (exit status; the connection closes after).
  void send_to_client(ClientConn& c, MsgType type, std::string_view payload);
  void end_client(ClientConn& c, const std::string& out, const std::string& err, int status);
  // A command list's final reply: held while the turn's changes are not yet committed.
  void reply(ClientConn& c, const std::string& out, const std::string& err, int status);
  // The output of a command an attached client ran (a key, the prompt): false when it is
  // shown now, true when it is held until the turn is saved.
  bool hold_shown(ClientConn& c, const std::string& out, const std::string& err);
  // Sends the held replies; a failed save (error) replaces each with why.
  void flush_replies(const std::string& error);
  void end_parked_clients();
  void flush_clients();
  std::string client_name(const ClientConn& c) const;

  // Access (client-hub-access.cc): the owner always; other users only as server-access
  // allows them, read-write or read-only. nullopt: not allowed.
  std::optional<bool> access_for(uid_t uid) const;
  void set_access(uid_t uid, std::optional<bool> write);
  const std::map<uid_t, bool>& access_list() const { return access_; }

  // Control mode (client-hub-control.cc).
  void control_write(ClientConn& c, std::string_view text);
  void control_block_write(ClientConn& c, const std::string& text);  // inside the open block
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
  // A pane's output, as %output to the control clients of its session.
  void pane_data(Pane& p, std::string_view data);
  void control_agent_event(const Group& g, const GroupEvent& e);

  // What changed, told to control clients and to the hooks of the same events
  // (window-add: window-linked, window-close: window-unlinked, session-renamed, ...).
  // A window leaving a session (window-close) names that session as `from`
  // (client-hub-notify.cc).
  void notify_window(const char* what, Window& w, const std::string& extra = "",
                     Session* from = nullptr);
  void notify_sessions_changed();
  void notify_session_closed(Session& s);
  void notify_session_renamed(Session& s);
  void notify_session_window(Session& s);
  void notify_window_pane(Window& w);
  void notify_layout(Window& w);

 private:
  struct HeldReply {
    uint64_t client;
    std::string out, err;
    int status;
    bool shown = false;  // a command an attached client ran (prompt, key): output shown
  };
  Server& server_;
  const std::string& socket_path_;
  std::map<uint64_t, std::unique_ptr<ClientConn>> clients_;
  uint64_t next_client_id_ = 1;
  std::map<uid_t, bool> access_;   // users other than the owner: true read-write
  size_t control_count_ = 0;       // control clients connected
  uint64_t control_commands_ = 0;  // numbers %begin blocks
  std::vector<HeldReply> held_replies_;
};

}  // namespace amux
