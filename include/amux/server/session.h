// Sessions and windows (panes are pane/pane.h), and the registry that finds them by id
// and name. Agent metadata hangs off the session; its group and presence are the
// Coordinator's, found by the session's id.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amux/base/handles.h"
#include "amux/base/util.h"
#include "amux/pane/layout.h"
#include "amux/pane/pane.h"
#include "amux/server/options.h"
#include "amux/term/terminal.h"

namespace amux {

// Agent types are free-form names: [a-z][a-z0-9_.-]{0,31} ("csharp", "react").
bool valid_agent_type(std::string_view type);
std::string agent_type_error(std::string_view type);  // "invalid agent type: X (...)"
constexpr const char* kDefaultAgentType = "custom";
constexpr const char* kDefaultObjective = "General session work";

struct AgentInfo {
  std::string type = kDefaultAgentType;
  std::string objective = kDefaultObjective;
  time_t created = 0;
  time_t last_activity = 0;
  // What the agent reported of itself (agent-report, astatus -m): its conversation's id
  // and transcript, and named numbers (context=73%, cost=1.20).
  std::string conversation_id, transcript;
  std::map<std::string, std::string> metrics;
};

// A pane that joined a group as a member of its own (ajoin -t %N): its name there and its
// agent metadata. Its member id is pane_member_id(pane id) (coord/group.h).
struct PaneAgent {
  std::string name;
  AgentInfo agent;
};

// A set-environment variable: a value, or none (-r: removed from programs' environment);
// hidden ones (-h) are never given to programs.
struct EnvEntry {
  std::optional<std::string> value;
  bool hidden = false;
};
using Environment = std::map<std::string, EnvEntry>;

class Server;
struct Session;
struct Window;

struct Window {
  int id = 0;
  int index = 0;
  std::string name;
  Session* session = nullptr;
  std::vector<std::unique_ptr<Pane>> panes;  // pane index = position
  Pane* active = nullptr;
  Layout layout;
  bool zoomed = false;  // the active pane fills the window (resize-pane -Z)
  int sx = 80, sy = 24;
  Options options;
  std::map<int, Options> pane_options;  // set-option -p, by pane id; parent: options
  std::string notified_layout;          // the layout control clients were last told
  int pane_index(const Pane* p) const;
  // The pane active before the active one (last-pane, select-pane -l); nullptr if none.
  Pane* last_pane() const;
  // Pane p's own options, made on first use.
  Options& options_of(const Pane& p);
  // The options p's program and its reader see: its own if any were set, else the window's.
  const Options& effective_options(const Pane& p) const;
};

struct Session {
  int id = 0;
  std::string name;
  time_t created = 0;
  time_t activity = 0;    // last time a command used it
  uint64_t last_use = 0;  // orders sessions by use; the highest is the current session
  std::string cwd;
  std::map<int, std::unique_ptr<Window>> windows;  // by index
  Window* current = nullptr;
  Window* last = nullptr;
  int sx = 80, sy = 24;
  Options options;
  Environment environment;         // set-environment -t
  std::optional<AgentInfo> agent;  // its group and presence are the Coordinator's
  std::string last_command;        // the last amux command whose target it was
};

// Session names may not hold ':' or '.' (they separate target parts): replaced by '_'.
std::string sanitize_session_name(std::string_view name);

class SessionRegistry {
 public:
  Session& add(std::string name, time_t now);
  void remove(int id);
  const Session* find_id(int id) const;
  Session* find_id(int id) {
    return const_cast<Session*>(static_cast<const SessionRegistry*>(this)->find_id(id));
  }
  Session* find_name(std::string_view name);
  Pane* find_pane(int pane_id);
  Window* find_window(int window_id);
  // Marks a session as the most recently used.
  void touch(Session& s, time_t now);
  // Resolves a -t session target: "$id", "=exact", exact name, unique prefix. An empty
  // target means `current` if it exists, else the most recently used session.
  Session* resolve(std::string_view target, int current, std::string* error);
  std::vector<Session*> list();  // sorted by name
  size_t size() const { return sessions_.size(); }
  bool empty() const { return sessions_.empty(); }
  int next_window_id() { return next_window_id_++; }
  int next_pane_id() { return next_pane_id_++; }
  int peek_next_pane_id() const { return next_pane_id_; }
  int peek_next_session_id() const { return next_session_id_; }
  uint64_t next_active_point() { return ++active_counter_; }

 private:
  std::map<int, std::unique_ptr<Session>> sessions_;
  int next_session_id_ = 0;
  int next_window_id_ = 0;
  int next_pane_id_ = 0;
  uint64_t use_counter_ = 0;
  uint64_t active_counter_ = 0;
};

}  // namespace amux
