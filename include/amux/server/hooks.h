// tmux's hooks beside amux's agent hooks: the names there are and the level each is set
// at. Hooks are kept in the option sets (Options::hooks), so -g, -t, -w and -p work as
// they do for options, and a hook set nowhere closer is found globally.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amux/base/format.h"
#include "amux/server/options.h"

namespace amux {

// Session hooks are set globally (-g) or on a session; window hooks globally (-gw), on a
// window (-w) or on a pane (-p).
enum class HookLevel { kSession, kWindow };

// The level of a hook name; nullopt when the name is no hook. "after-NAME" is a hook of
// every command NAME (its full name).
std::optional<HookLevel> hook_level(std::string_view name);

// The hooks of a level as tmux lists them (show-hooks -g): its own names, tmux's after-
// hooks and amux's agent hooks, sorted.
std::vector<std::string> hook_names(HookLevel level);

// Splits "name[3]" into name and index (-1 without one); false for a bad index.
bool split_hook_name(std::string_view text, std::string* name, int* index);

// What a hook is about: its commands run there (that session, window and pane are
// current), and its formats say it (hook_session, hook_window, hook_pane, hook_client).
struct HookTarget {
  int session = -1, window = -1, pane = -1;
  std::string session_name, window_name, client;
};

class Server;
class CmdContext;
struct ClientConn;
struct Session;
struct Window;
class Pane;

// The server's hooks: set-hook keeps commands in the option sets; a hook fires when its
// event happens (after-COMMAND, session-created, window-linked, pane-exited, ...; the
// Coordinator's agent-shared, ...) and its commands run from the loop once the current
// callback is done, as if typed in the hook's session, window and pane. Commands a hook
// runs fire no hooks of their own (hooks.cc).
class Hooks {
 public:
  explicit Hooks(Server& server) : server_(server) {}
  Hooks(const Hooks&) = delete;
  Hooks& operator=(const Hooks&) = delete;
  // Where a hook is about.
  HookTarget target(Session* s, Window* w = nullptr, Pane* p = nullptr);
  // Runs hook `name` for what t names, found at its pane, window or session or else
  // globally, from the loop once the current callback is done.
  void fire(const std::string& name, const HookTarget& t);
  // after-NAME for a command that succeeded.
  void after_command(const CmdContext& ctx);
  // A client-* hook (client-attached, ...) for client c in session s; its name is
  // #{hook_client}.
  void client(const char* hook, const ClientConn& c, Session& s);
  // Agent hooks (the Coordinator's): whether one is set for the session, and running it as
  // the session, with the event's formats.
  bool has_hook(const char* hook, int session_id);
  // Runs as session s, its target pane p (nullptr: the session's active one).
  void run_hook(const char* hook, FormatContext formats, Session* s, Pane* p = nullptr);
  // The commands of hook `name` where t finds it (nullptr: none is set).
  const Options::HookCommands* find(const std::string& name, const HookTarget& t);
  void note_set() { used_ = true; }
  // False until a hook is first set, and while a hook's commands run.
  bool wanted() const { return used_ && !running_; }
  // The hook_* formats of the hook whose commands run now (none otherwise).
  void add_formats(FormatContext& ctx) const;

 private:
  void queue(const std::string& name, const HookTarget& t, std::optional<FormatContext> event);
  void run_commands(const std::string& name, const std::vector<std::string>& commands,
                    const HookTarget& t, const FormatContext* event);
  Server& server_;
  bool used_ = false;     // a hook was set once: worth looking one up
  bool running_ = false;  // a hook's commands run now: they fire no hooks
  std::map<std::string, std::string> formats_;
};

}  // namespace amux
