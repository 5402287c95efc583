// The option table and value lookup through parents.
#include "amux/server/options.h"

#include <unordered_map>

#include "amux/base/util.h"
#include "amux/term/canvas.h"
#include "amux/term/input.h"

namespace amux {

const std::vector<OptionDef>& option_table() {
  // tmux's names and defaults. Options marked "kept" are stored and shown for the tools
  // and configuration files that set them, and change nothing (README: Differences).
  static const std::vector<OptionDef> table = {
      // Server options, in name order.
      {"backspace", OptionType::kString, OptionScope::kServer, "C-?"},  // kept
      {"buffer-limit", OptionType::kNumber, OptionScope::kServer, "50", 1, 100000},
      {"command-alias", OptionType::kArray, OptionScope::kServer,
       "split-pane=split-window\nsplitp=split-window\nserver-info=show-messages "
       "-JT\ninfo=show-messages -JT\nchoose-window=choose-tree -w\nchoose-session=choose-tree -s",
       0, 0, ","},                                                      // kept
      {"copy-command", OptionType::kString, OptionScope::kServer, ""},  // kept
      {"default-terminal", OptionType::kString, OptionScope::kServer, "tmux-256color"},
      {"editor", OptionType::kString, OptionScope::kServer, "/usr/bin/vi"},  // kept
      {"escape-time", OptionType::kNumber, OptionScope::kServer, "10", 0, 10000},
      {"exit-empty", OptionType::kFlag, OptionScope::kServer, "on"},
      {"exit-unattached", OptionType::kFlag, OptionScope::kServer, "off"},  // kept
      {"extended-keys", OptionType::kChoice, OptionScope::kServer, "off", 0, 0,
       "off|on|always"},                                                                 // kept
      {"focus-events", OptionType::kFlag, OptionScope::kServer, "off"},                  // kept
      {"history-file", OptionType::kString, OptionScope::kServer, ""},                   // kept
      {"message-limit", OptionType::kNumber, OptionScope::kServer, "1000", 0, 1000000},  // kept
      {"prompt-history-limit", OptionType::kNumber, OptionScope::kServer, "100", 0,
       1000000},  // kept
      {"set-clipboard", OptionType::kChoice, OptionScope::kServer, "external", 0, 0,
       "off|external|on"},  // kept
      {"terminal-features", OptionType::kArray, OptionScope::kServer,
       "xterm*:clipboard:ccolour:cstyle:focus:title\nscreen*:title", 0, 0, ","},        // kept
      {"terminal-overrides", OptionType::kArray, OptionScope::kServer, "", 0, 0, ","},  // kept
      {"user-keys", OptionType::kArray, OptionScope::kServer, "", 0, 0, ","},           // kept
      // Session options, in name order.
      {"activity-action", OptionType::kChoice, OptionScope::kSession, "other", 0, 0,
       "none|any|current|other"},  // kept
      {"agent-event-limit", OptionType::kNumber, OptionScope::kSession, "1000", 1, 1000000},
      {"agent-group-limit", OptionType::kNumber, OptionScope::kSession, "256", 1, 100000},
      {"agent-idle-time", OptionType::kNumber, OptionScope::kSession, "2000", 10, 86400000},
      {"agent-remote", OptionType::kString, OptionScope::kSession, ""},
      {"agent-state-file", OptionType::kString, OptionScope::kSession, ""},
      {"session-resurrect", OptionType::kFlag, OptionScope::kSession, "on"},
      {"resurrect-commands", OptionType::kString, OptionScope::kSession,
       "vi vim nvim emacs man less more tail top htop irssi weechat mutt"},
      {"resurrect-history", OptionType::kNumber, OptionScope::kSession, "0", 0, 10000},
      {"worktree-dir", OptionType::kString, OptionScope::kSession,
       "#{worktree_repo}/../#{worktree_repo_name}.worktrees/#{worktree_name}"},
      {"worktree-setup", OptionType::kString, OptionScope::kSession, ""},
      {"assume-paste-time", OptionType::kNumber, OptionScope::kSession, "1", 0, 1000000},  // kept
      {"base-index", OptionType::kNumber, OptionScope::kSession, "0", 0, 1000000},
      {"agent-status-waiting", OptionType::kFlag, OptionScope::kSession, "on"},
      {"bell-action", OptionType::kChoice, OptionScope::kSession, "any", 0, 0,
       "none|any|current|other"},  // kept
      {"default-command", OptionType::kString, OptionScope::kSession, ""},
      {"default-shell", OptionType::kString, OptionScope::kSession, ""},
      {"default-size", OptionType::kString, OptionScope::kSession, "80x24"},    // kept
      {"destroy-unattached", OptionType::kFlag, OptionScope::kSession, "off"},  // kept
      {"detach-on-destroy", OptionType::kChoice, OptionScope::kSession, "on", 0, 0,
       "off|on|no-detached"},  // kept
      {"display-panes-active-colour", OptionType::kColour, OptionScope::kSession, "red"},
      {"display-panes-colour", OptionType::kColour, OptionScope::kSession, "blue"},
      {"display-panes-time", OptionType::kNumber, OptionScope::kSession, "1000", 1, 1000000},
      {"display-time", OptionType::kNumber, OptionScope::kSession, "750", 0, 86400000},
      {"history-limit", OptionType::kNumber, OptionScope::kSession, "2000", 0, 100000000},
      {"key-table", OptionType::kString, OptionScope::kSession, "root"},                 // kept
      {"lock-after-time", OptionType::kNumber, OptionScope::kSession, "0", 0, 1000000},  // kept
      {"lock-command", OptionType::kString, OptionScope::kSession, "lock -np"},          // kept
      {"message-command-style", OptionType::kStyle, OptionScope::kSession,
       "bg=black,fg=yellow"},  // kept
      {"message-style", OptionType::kStyle, OptionScope::kSession, "bg=yellow,fg=black"},
      {"mouse", OptionType::kFlag, OptionScope::kSession, "off"},
      {"prefix", OptionType::kKey, OptionScope::kSession, "C-b"},
      {"prefix2", OptionType::kKey, OptionScope::kSession, "None"},  // kept
      {"renumber-windows", OptionType::kFlag, OptionScope::kSession, "off"},
      {"repeat-time", OptionType::kNumber, OptionScope::kSession, "500", 0, 32767},
      {"set-titles", OptionType::kFlag, OptionScope::kSession, "off"},  // kept
      {"set-titles-string", OptionType::kString, OptionScope::kSession,
       "#S:#I:#W - \"#T\" #{session_alerts}"},  // kept
      {"silence-action", OptionType::kChoice, OptionScope::kSession, "other", 0, 0,
       "none|any|current|other"},  // kept
      {"status", OptionType::kFlag, OptionScope::kSession, "on"},
      {"status-bg", OptionType::kColour, OptionScope::kSession, "default"},
      {"status-fg", OptionType::kColour, OptionScope::kSession, "default"},
      {"status-format", OptionType::kArray, OptionScope::kSession, "", 0, 0, " "},  // kept
      {"status-interval", OptionType::kNumber, OptionScope::kSession, "15", 0, 86400},
      {"status-justify", OptionType::kChoice, OptionScope::kSession, "left", 0, 0,
       "left|centre|right|absolute-centre"},
      {"status-keys", OptionType::kChoice, OptionScope::kSession, "emacs", 0, 0,
       "emacs|vi"},  // kept
      {"status-left", OptionType::kString, OptionScope::kSession, "[#{session_name}] "},
      {"status-left-length", OptionType::kNumber, OptionScope::kSession, "10", 0, 1000},
      {"status-left-style", OptionType::kStyle, OptionScope::kSession, "default"},
      {"status-position", OptionType::kChoice, OptionScope::kSession, "bottom", 0, 0,
       "top|bottom"},  // kept
      {"status-right", OptionType::kString, OptionScope::kSession,
       "#{?agent_group,[#{agent_group}#{?agent_coordinator,*,} #{agent_peers} peers],}"},
      {"status-right-length", OptionType::kNumber, OptionScope::kSession, "40", 0, 32767},
      {"status-right-style", OptionType::kStyle, OptionScope::kSession, "default"},
      {"status-style", OptionType::kStyle, OptionScope::kSession, "bg=green,fg=black"},
      {"update-environment", OptionType::kArray, OptionScope::kSession,
       "DISPLAY\nKRB5CCNAME\nSSH_ASKPASS\nSSH_AUTH_SOCK\nSSH_AGENT_PID\nSSH_"
       "CONNECTION\nWINDOWID\nXAUTHORITY",
       0, 0, " "},  // kept
      {"visual-activity", OptionType::kChoice, OptionScope::kSession, "off", 0, 0,
       "off|on|both"},  // kept
      {"visual-bell", OptionType::kChoice, OptionScope::kSession, "off", 0, 0,
       "off|on|both"},  // kept
      {"visual-silence", OptionType::kChoice, OptionScope::kSession, "off", 0, 0,
       "off|on|both"},  // kept
      {"word-separators", OptionType::kString, OptionScope::kSession,
       "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~"},  // kept
      // Window options (also settable on one pane with -p), in name order.
      {"aggressive-resize", OptionType::kFlag, OptionScope::kWindow, "off"},  // kept
      {"allow-passthrough", OptionType::kChoice, OptionScope::kWindow, "off", 0, 0,
       "off|on|all"},                                                       // kept
      {"allow-rename", OptionType::kFlag, OptionScope::kWindow, "off"},     // kept
      {"alternate-screen", OptionType::kFlag, OptionScope::kWindow, "on"},  // kept
      {"automatic-rename", OptionType::kFlag, OptionScope::kWindow, "on"},
      {"automatic-rename-format", OptionType::kString, OptionScope::kWindow,
       "#{?pane_in_mode,[tmux],#{pane_current_command}}#{?pane_dead,[dead],}"},
      {"clock-mode-colour", OptionType::kColour, OptionScope::kWindow, "blue"},
      {"clock-mode-style", OptionType::kChoice, OptionScope::kWindow, "24", 0, 0, "12|24"},
      {"copy-mode-current-match-style", OptionType::kStyle, OptionScope::kWindow,
       "bg=magenta,fg=black"},  // kept
      {"copy-mode-mark-style", OptionType::kStyle, OptionScope::kWindow,
       "bg=red,fg=black"},  // kept
      {"copy-mode-match-style", OptionType::kStyle, OptionScope::kWindow,
       "bg=cyan,fg=black"},                                                  // kept
      {"cursor-colour", OptionType::kColour, OptionScope::kWindow, "none"},  // kept
      {"cursor-style", OptionType::kChoice, OptionScope::kWindow, "default", 0, 0,
       "default|blinking-block|block|blinking-underline|underline|blinking-bar|bar"},  // kept
      {"fill-character", OptionType::kString, OptionScope::kWindow, ""},               // kept
      {"main-pane-height", OptionType::kNumber, OptionScope::kWindow, "24", 1, 10000},
      {"main-pane-width", OptionType::kNumber, OptionScope::kWindow, "80", 1, 10000},
      {"mode-keys", OptionType::kChoice, OptionScope::kWindow, "emacs", 0, 0, "emacs|vi"},
      {"mode-style", OptionType::kStyle, OptionScope::kWindow, "bg=yellow,fg=black"},
      {"monitor-activity", OptionType::kFlag, OptionScope::kWindow, "off"},               // kept
      {"monitor-bell", OptionType::kFlag, OptionScope::kWindow, "on"},                    // kept
      {"monitor-silence", OptionType::kNumber, OptionScope::kWindow, "0", 0, 1000000},    // kept
      {"other-pane-height", OptionType::kNumber, OptionScope::kWindow, "0", 0, 1000000},  // kept
      {"other-pane-width", OptionType::kNumber, OptionScope::kWindow, "0", 0, 1000000},   // kept
      {"pane-active-border-style", OptionType::kStyle, OptionScope::kWindow, "fg=green"},
      {"pane-base-index", OptionType::kNumber, OptionScope::kWindow, "0", 0, 1000000},
      {"pane-border-format", OptionType::kString, OptionScope::kWindow,
       "#{?pane_active,#[reverse],}#{pane_index}#[default] \"#{pane_title}\""},  // kept
      {"pane-border-indicators", OptionType::kChoice, OptionScope::kWindow, "colour", 0, 0,
       "off|colour|arrows|both"},  // kept
      {"pane-border-lines", OptionType::kChoice, OptionScope::kWindow, "single", 0, 0,
       "single|double|heavy|simple|number"},  // kept
      {"pane-border-status", OptionType::kChoice, OptionScope::kWindow, "off", 0, 0,
       "off|top|bottom"},  // kept
      {"pane-border-style", OptionType::kStyle, OptionScope::kWindow, "default"},
      {"pane-colours", OptionType::kArray, OptionScope::kWindow, "", 0, 0, " "},  // kept
      {"popup-border-lines", OptionType::kChoice, OptionScope::kWindow, "single", 0, 0,
       "single|rounded|double|heavy|simple|padded|none"},                           // kept
      {"popup-border-style", OptionType::kStyle, OptionScope::kWindow, "default"},  // kept
      {"popup-style", OptionType::kStyle, OptionScope::kWindow, "default"},         // kept
      {"remain-on-exit", OptionType::kChoice, OptionScope::kWindow, "off", 0, 0, "off|on|failed"},
      {"remain-on-exit-format", OptionType::kString, OptionScope::kWindow,
       "Pane is dead (#{?#{!=:#{pane_dead_status},},status "
       "#{pane_dead_status},}#{?#{!=:#{pane_dead_signal},},signal #{pane_dead_signal},}, "
       "#{t:pane_dead_time})"},                                            // kept
      {"scroll-on-clear", OptionType::kFlag, OptionScope::kWindow, "on"},  // kept
      {"synchronize-panes", OptionType::kFlag, OptionScope::kWindow, "off"},
      {"window-active-style", OptionType::kStyle, OptionScope::kWindow, "default"},  // kept
      {"window-size", OptionType::kChoice, OptionScope::kWindow, "latest", 0, 0,
       "largest|smallest|manual|latest"},
      {"window-status-activity-style", OptionType::kStyle, OptionScope::kWindow,
       "reverse"},                                                                        // kept
      {"window-status-bell-style", OptionType::kStyle, OptionScope::kWindow, "reverse"},  // kept
      {"window-status-current-format", OptionType::kString, OptionScope::kWindow,
       "#{window_index}:#{window_name}#{?window_flags,#{window_flags}, }"},
      {"window-status-current-style", OptionType::kStyle, OptionScope::kWindow, "default"},
      {"window-status-format", OptionType::kString, OptionScope::kWindow,
       "#{window_index}:#{window_name}#{?window_flags,#{window_flags}, }"},
      {"window-status-last-style", OptionType::kStyle, OptionScope::kWindow, "default"},
      {"window-status-separator", OptionType::kString, OptionScope::kWindow, " "},
      {"window-status-style", OptionType::kStyle, OptionScope::kWindow, "default"},
      {"window-style", OptionType::kStyle, OptionScope::kWindow, "default"},              // kept
      {"wrap-search", OptionType::kFlag, OptionScope::kWindow, "on"},                     // kept
      {"xterm-keys", OptionType::kFlag, OptionScope::kWindow, "on"},                      // kept
  };
  return table;
}

const OptionDef* find_option(std::string_view name) {
  // Looked up on every key and frame (a default's value): by hash, not by scanning.
  static const std::unordered_map<std::string_view, const OptionDef*> index = [] {
    std::unordered_map<std::string_view, const OptionDef*> m;
    for (const auto& def : option_table()) m.emplace(def.name, &def);
    return m;
  }();
  auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

const OptionDef* match_option(std::string_view name, std::string* error) {
  if (const OptionDef* exact = find_option(name)) return exact;
  const OptionDef* found = nullptr;
  int matches = 0;
  if (!name.empty() && name[0] != '@')
    for (const auto& def : option_table())
      if (std::string_view(def.name).substr(0, name.size()) == name) {
        found = &def;
        matches++;
      }
  if (matches == 1) return found;
  *error = std::string(matches > 1 ? "ambiguous" : "invalid") + " option: " + std::string(name);
  return nullptr;
}

bool is_user_option(std::string_view name) {
  if (name.size() < 2 || name[0] != '@') return false;
  for (char c : name.substr(1))
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  return true;
}

std::string quote_option_value(const std::string& value) {
  if (value.empty()) return "''";
  if (value.find_first_of(" \t\"#';${}%\\~") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool Options::validate(const OptionDef& def, const std::string& value, std::string* out,
                       std::string* error) {
  switch (def.type) {
    case OptionType::kNumber: {
      long long v;
      if (!parse_int(value, def.min, def.max, &v)) {
        *error = "invalid value for " + std::string(def.name) + ": " + value;
        return false;
      }
      *out = std::to_string(v);
      return true;
    }
    case OptionType::kFlag:
      if (value == "on" || value == "1" || value == "yes") {
        *out = "on";
      } else if (value == "off" || value == "0" || value == "no") {
        *out = "off";
      } else {
        *error = "invalid value for " + std::string(def.name) + ": " + value;
        return false;
      }
      return true;
    case OptionType::kString: *out = value; return true;
    case OptionType::kChoice:
      for (const auto& choice : split(def.choices, '|'))
        if (choice == value) return *out = value, true;
      *error = "invalid value for " + std::string(def.name) + ": " + value;
      return false;
    case OptionType::kStyle: {
      Style st;
      if (!parse_style(value, &st)) {
        *error = "invalid style: " + value;
        return false;
      }
      *out = value;
      return true;
    }
    case OptionType::kColour: {
      Style st;
      if (value != "none" && !parse_style("fg=" + value, &st)) {
        *error = "bad colour: " + value;
        return false;
      }
      *out = value;
      return true;
    }
    case OptionType::kArray:
      if (value.find('\n') != std::string::npos) {
        *error = "invalid value for " + std::string(def.name) + ": a newline";
        return false;
      }
      *out = value;
      return true;
    case OptionType::kKey: {
      if (value == "None") return *out = value, true;  // no key (prefix2's default)
      auto key = key_from_name(value);
      if (!key) {
        *error = "unknown key: " + value;
        return false;
      }
      *out = key_name(*key);
      return true;
    }
  }
  return false;
}

std::string Options::get(const std::string& name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  if (parent_ != nullptr) return parent_->get(name);
  const OptionDef* def = find_option(name);
  return def ? def->default_value : "";
}

int Options::append_hook(const std::string& name, std::string command) {
  HookCommands& commands = hooks_[name];
  int index = 0;  // the first free index, as tmux appends
  while (commands.count(index) > 0) index++;
  commands[index] = std::move(command);
  return index;
}

void Options::unset_hook(const std::string& name, int index) {
  auto it = hooks_.find(name);
  if (it == hooks_.end()) return;
  if (index >= 0) it->second.erase(index);
  if (index < 0 || it->second.empty()) hooks_.erase(it);
}

const Options::HookCommands* Options::find_hook(const std::string& name) const {
  for (const Options* o = this; o != nullptr; o = o->parent_)
    if (auto it = o->hooks_.find(name); it != o->hooks_.end()) return &it->second;
  return nullptr;
}

std::string encode_array(const OptionArray& items) {
  std::string out;
  for (const auto& [index, value] : items)
    out += (out.empty() ? "" : "\n") + std::to_string(index) + " " + value;
  return out;
}

OptionArray decode_array(const std::string& stored) {
  OptionArray out;
  for (const std::string& line : split(stored, '\n')) {
    size_t space = line.find(' ');
    long long index;
    if (space != std::string::npos && parse_int(line.substr(0, space), 0, INT32_MAX, &index))
      out[static_cast<int>(index)] = line.substr(space + 1);
  }
  return out;
}

OptionArray default_array(const OptionDef& def) {
  OptionArray out;
  int index = 0;
  if (def.default_value[0] != '\0')
    for (const std::string& item : split(def.default_value, '\n')) out[index++] = item;
  return out;
}

OptionArray Options::array(const std::string& name) const {
  for (const Options* o = this; o != nullptr; o = o->parent_)
    if (auto it = o->values_.find(name); it != o->values_.end()) return decode_array(it->second);
  const OptionDef* def = find_option(name);
  return def != nullptr ? default_array(*def) : OptionArray{};
}

long long Options::number(const std::string& name) const {
  long long v = 0;
  parse_int(get(name), INT64_MIN, INT64_MAX, &v);
  return v;
}

}  // namespace amux
