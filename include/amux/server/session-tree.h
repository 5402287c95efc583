// The session tree: every session, its windows and their panes (the registry they are
// found in), and their lifecycle: creating and destroying them, starting a pane's program,
// the current window and active pane, sizes and zoom, and rearranging (windows moved,
// linked, swapped; panes joined, broken out, swapped). What changes is told to the control
// clients and to hooks through the server.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "amux/base/handles.h"
#include "amux/server/session.h"

namespace amux {

class Server;

class SessionTree : public SessionRegistry {
 public:
  SessionTree(Server& server, PaneOwner& panes) : server_(server), panes_(panes) {}
  SessionTree(const SessionTree&) = delete;
  SessionTree& operator=(const SessionTree&) = delete;

  // Lifecycle (session-tree.cc).
  Session* create_session(const std::string& name, const std::string& window_name,
                          const SpawnSpec& spec, int sx, int sy, std::string* error);
  Window* create_window(Session& s, int index, const std::string& name, const SpawnSpec& spec,
                        std::string* error);
  // before: the new pane goes left of or above target; full: the split spans the window.
  Pane* split_pane(Pane& target, bool left_right, int size, const SpawnSpec& spec,
                   std::string* error, bool before = false, bool full = false);
  bool respawn_pane(Pane& p, const SpawnSpec& spec, std::string* error);
  // Panes stop (SIGHUP to their programs) as their windows go.
  void destroy_session(Session& s);
  void destroy_window(Window& w);
  void destroy_pane(Pane& p);
  // renumber-windows: indexes from base-index up, in order, with no gaps.
  void renumber_windows(Session& s);
  // The first index from base-index up that no window of s has.
  int free_window_index(const Session& s) const;
  void select_window(Session& s, Window& w);
  void select_pane(Pane& p);
  // A window's name (session-tree-names.cc); by_user: automatic-rename goes off for it.
  void rename_window(Window& w, const std::string& name, bool by_user);
  // automatic-rename: windows named after what their active panes run; runs on a timer
  // armed while there are sessions.
  void check_names();
  void arm_name_check();
  // select-pane -T: the pane's title, as a program sets it with OSC 2 (pane-title-changed).
  void set_pane_title(Pane& p, const std::string& title);
  void resize_window(Window& w, int sx, int sy);
  // Zoom: the active pane fills the window while on; off puts the layout back.
  void set_zoom(Window& w, bool on);
  void sync_pane_sizes(Window& w);

  // Rearranging (session-tree-move.cc). A window leaves its session / joins one at an index.
  std::unique_ptr<Window> unlink_window(Window& w);
  Window& link_window(Session& s, int index, std::unique_ptr<Window> w);
  struct MovePlace {
    bool after = false, before = false;  // -a/-b: beside index, later windows move along
    bool kill = false;                   // -k: a window at index goes
    bool detached = false;               // -d: not made current
  };
  // -a/-b: index becomes free as the windows from it up move one along.
  void open_window_index(Session& s, int index);
  // The window at index goes (-k), even the session's last; true if it was current.
  bool drop_window_at(Session& s, int index);
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
  // rotate-window: the panes move one place up (numerically lower) or down in the
  // window's order and its layout; the last goes round to the first, or the first to the last.
  void rotate_panes(Window& w, bool down);
  // Two panes trade places, within a window or between windows.
  void swap_panes(Pane& a, Pane& b);
  // How a program of s starts (its environment names pane_id): a pane's, a popup's
  // (session-tree-spawn.cc).
  Launch launch(const Session& s, int pane_id, const SpawnSpec& spec) const;

 private:
  std::unique_ptr<Pane> make_pane(Window& w);
  // Starts the pane's program (session-tree-spawn.cc).
  bool start_pane(Pane& p, const SpawnSpec& spec, std::string* error);
  std::vector<std::string> pane_environment(const Session& s, int pane_id,
                                            const SpawnSpec& spec) const;

  void retire_pane(Pane& p);  // its leases go; the pane's destructor stops it

  Server& server_;
  PaneOwner& panes_;
  EventPtr name_timer_;
};

}  // namespace amux
