// The renderer: attached clients and what they see. Attaching and detaching, their
// terminals (opened by path, raw), window sizes from the smallest client, the canvas a
// client shows (panes, borders, the status line, a mode drawn over the window: copy mode,
// a view, the group board), updates of only what changed, keys and the mouse, the prompt,
// status-line messages and group events shown on members' screens.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "amux/base/handles.h"
#include "amux/server/attached.h"
#include "amux/server/cmd.h"

namespace amux {

class Server;
struct KeyBinding;
struct ClientConn;
struct Session;
struct Group;
struct GroupEvent;

// A line of show-messages.
struct LogMessage {
  time_t time = 0;
  std::string text;
};

class Renderer {
 public:
  explicit Renderer(Server& server) : server_(server) {}
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Attaching (renderer-attach.cc). Attaches c to s (or switches it there when it is
  // attached already); the client hears kAttach when its command list ends.
  void attach(ClientConn& c, Session& s);
  void detach(ClientConn& c, const std::string& reason);
  void drop_attached(ClientConn& c);  // the client is no longer attached (nothing sent)
  // Opens an attaching client's terminal (by its path), raw, on the alternate screen.
  bool open_terminal(ClientConn& c, std::string* error);
  // The attached client a command means: the one it runs for (a binding, the prompt),
  // else the most recently active client of the session, else of any session.
  ClientConn* attached_client(const ClientInfo& info, const Session* s = nullptr);
  std::vector<ClientConn*> attached_clients(int session_id = -1);
  size_t attached_count() const { return attached_count_; }
  void client_resized(ClientConn& c, int cols, int rows);
  // Windows of s take the size of its smallest attached client.
  void fit_session(Session& s);
  // Marks attached clients for redrawing (those of one session, or all); status: their
  // status lines are expanded again (pane output alone does not change them).
  void redraw(const Session* s = nullptr, bool status = true);
  void draw_clients();
  void draw_client(ClientConn& c);
  // Pane output read (bytes, by its session): while a session's panes flood, its clients
  // are drawn at most once a frame time (the final screen, not every read); a keystroke's
  // echo, and every other session's clients, are drawn at once.
  void pane_bytes(int session_id, size_t n) {
    if (attached_count_ > 0) output_since_draw_[session_id] += n;
  }
  void status_tick();
  void show_message(ClientConn& c, const std::string& text);
  void log_message(const std::string& text);
  const std::deque<LogMessage>& messages() const { return messages_; }
  // A group event on its members' status lines; a message to one session's clients.
  void announce(const Group& g, const GroupEvent& e);
  std::string waiting_text(Session& s);
  // A member of g began to wait for a person: the client is told (bell, message).
  void alert(ClientConn& c, const Group& g, const GroupEvent& e);
  void notify(int session_id, const std::string& text);
  void open_mode(ClientConn& c, std::unique_ptr<Overlay> mode);
  // Closes the client's mode if it is still that one (a popup whose program ended).
  void close_mode(uint64_t client, const Overlay* mode);
  // The active pane of the window an attached client shows; nullptr if none.
  Pane* shown_pane(const ClientConn& c);
  // The prompt opened (for its flags), nullptr when the client is not attached.
  Prompt* open_prompt(ClientConn& c, std::string label, std::string text,
                      std::function<void(const std::string&)> done);
  // Runs a command string as the attached client would (key bindings, the prompt):
  // output opens a view, an error shows on the status line.
  // Its output is shown once the turn is saved (show_output; a failed save shows why).
  // pane: the command's default target instead of the client's active pane (a mouse
  // binding's, a menu's); mouse: the event it runs with.
  void run_for_client(ClientConn& c, const std::string& command, int pane = -1,
                      const MouseEvent* mouse = nullptr);
  void show_output(ClientConn& c, const std::string& out, const std::string& err);
  ClientInfo client_context(ClientConn& c);

  // Input (renderer-input.cc).
  void client_input(ClientConn& c, std::string_view bytes);
  void client_event(ClientConn& c, const InputEvent& ev);
  void flush_input(ClientConn& c);  // the escape-time timer fired

  // The mouse event a command runs for (a mouse binding's, or a menu's it opened);
  // nullptr when there is none (renderer-mouse.cc).
  const MouseEvent* mouse_for(const ClientInfo& info);
  // send-keys -M: the event to the program in its pane, when it asked for the mouse.
  bool mouse_send(ClientConn& c);
  // copy-mode -M, begin-selection from a mouse binding: a selection from the event's
  // cell in p's copy mode (opened if need be), which a drag under way then extends.
  bool mouse_select(ClientConn& c, Pane& p);
  // resize-pane -M: the drag under way moves the border it started on.
  bool mouse_resize(ClientConn& c);

  // The canvas a client shows now (renderer.cc).
  Canvas compose(ClientConn& c);

 private:
  void prompt_key(ClientConn& c, KeyCode key);
  void run_prefix_binding(ClientConn& c, const KeyBinding& b);
  void end_mode(ClientConn& c);
  void pane_key(ClientConn& c, const InputEvent& ev);
  // The mouse (renderer-mouse.cc).
  void mouse_event(ClientConn& c, const InputEvent& ev);
  void mouse_place(ClientConn& c, Session& s, int x, int y, MouseEvent* m);
  void mouse_key_event(ClientConn& c, Session& s, const MouseEvent& m);
  void drag_motion(ClientConn& c, Session& s, int x, int y);
  void release_terminal(Attached& a);
  void write_terminal(Attached& a, std::string_view bytes);
  void draw_status(Canvas& cv, ClientConn& c, Session& s, int row);
  // where: the cells each window's entry and the left and right parts took, when wanted.
  void expand_status(Canvas& cv, Session& s, int row, Attached* where = nullptr);

  Server& server_;
  EventPtr redraw_event_;
  EventPtr frame_timer_;          // a flood's next frame
  std::map<int, size_t> output_since_draw_;  // session -> pane bytes since its last frame
  EventPtr status_timer_;  // status-interval: time in status formats moves on
  size_t attached_count_ = 0;
  std::deque<LogMessage> messages_;
};

// The connection a command runs on, or the attached client a key binding or the prompt
// runs for; nullptr for the configuration file and hooks (renderer-attach.cc).
ClientConn* own_client(CmdContext& ctx);
// The attached client a command acts on: the one -flag names (its tty, or its pid), else
// its own, else the most recently active one of the current session; records "can't find
// client: x" or "no current client".
ClientConn* command_client(CmdContext& ctx, char flag);

}  // namespace amux
