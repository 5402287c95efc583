// tmux's hooks beside amux's agent hooks: the names there are and the level each is set
// at. Hooks are kept in the option sets (Options::hooks), so -g, -t, -w and -p work as
// they do for options, and a hook set nowhere closer is found globally.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace amux {

// Session hooks are set globally (-g) or on a session; window hooks globally (-gw), on a
// window (-w) or on a pane (-p).
enum class HookLevel { kSession, kWindow };

// The level of a hook name; nullopt when the name is no hook. "after-NAME" is a hook of
// every command NAME (its full name).
std::optional<HookLevel> hook_level(std::string_view name);

// Splits "name[3]" into name and index (-1 without one); false for a bad index.
bool split_hook_name(std::string_view text, std::string* name, int* index);

// What a hook is about: its commands run there (that session, window and pane are
// current), and its formats say it (hook_session, hook_window, hook_pane, hook_client).
struct HookTarget {
  int session = -1, window = -1, pane = -1;
  std::string session_name, window_name, client;
};

}  // namespace amux
