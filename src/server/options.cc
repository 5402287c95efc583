// The option table and value lookup through parents.
#include "amux/server/options.h"

#include "amux/base/util.h"
#include "amux/term/canvas.h"
#include "amux/term/input.h"

namespace amux {

const std::vector<OptionDef>& option_table() {
  // tmux's names and defaults. Options marked "kept" are stored and shown for the tools
  // and configuration files that set them, and change nothing (README: Differences).
  static const std::vector<OptionDef> table = {
      // Server options, in name order.
      {"buffer-limit", OptionType::kNumber, OptionScope::kServer, "50", 1, 100000},
      {"default-terminal", OptionType::kString, OptionScope::kServer, "tmux-256color"},
      {"escape-time", OptionType::kNumber, OptionScope::kServer, "10", 0, 10000},
      {"exit-empty", OptionType::kFlag, OptionScope::kServer, "on"},
      {"exit-unattached", OptionType::kFlag, OptionScope::kServer, "off"},  // kept
      {"focus-events", OptionType::kFlag, OptionScope::kServer, "off"},     // kept
      {"set-clipboard", OptionType::kChoice, OptionScope::kServer, "external", 0, 0,
       "off|external|on"},  // kept
      // Session options, in name order.
      {"agent-event-limit", OptionType::kNumber, OptionScope::kSession, "1000", 1, 1000000},
      {"agent-group-limit", OptionType::kNumber, OptionScope::kSession, "256", 1, 100000},
      {"agent-idle-time", OptionType::kNumber, OptionScope::kSession, "2000", 10, 86400000},
      {"agent-remote", OptionType::kString, OptionScope::kSession, ""},
      {"agent-state-file", OptionType::kString, OptionScope::kSession, ""},
      {"base-index", OptionType::kNumber, OptionScope::kSession, "0", 0, 1000000},
      {"default-command", OptionType::kString, OptionScope::kSession, ""},
      {"default-shell", OptionType::kString, OptionScope::kSession, ""},
      {"destroy-unattached", OptionType::kFlag, OptionScope::kSession, "off"},  // kept
      {"display-time", OptionType::kNumber, OptionScope::kSession, "750", 0, 86400000},
      {"history-limit", OptionType::kNumber, OptionScope::kSession, "2000", 0, 100000000},
      {"message-style", OptionType::kStyle, OptionScope::kSession, "bg=yellow,fg=black"},
      {"mouse", OptionType::kFlag, OptionScope::kSession, "off"},
      {"prefix", OptionType::kKey, OptionScope::kSession, "C-b"},
      {"renumber-windows", OptionType::kFlag, OptionScope::kSession, "off"},
      {"set-titles", OptionType::kFlag, OptionScope::kSession, "off"},  // kept
      {"status", OptionType::kFlag, OptionScope::kSession, "on"},
      {"status-interval", OptionType::kNumber, OptionScope::kSession, "15", 0, 86400},
      {"status-keys", OptionType::kChoice, OptionScope::kSession, "emacs", 0, 0,
       "emacs|vi"},  // kept
      {"status-left", OptionType::kString, OptionScope::kSession, "[#{session_name}] "},
      {"status-left-length", OptionType::kNumber, OptionScope::kSession, "10", 0, 1000},
      {"status-position", OptionType::kChoice, OptionScope::kSession, "bottom", 0, 0,
       "top|bottom"},  // kept
      {"status-right", OptionType::kString, OptionScope::kSession,
       "#{?agent_group,[#{agent_group}#{?agent_coordinator,*,} #{agent_peers} peers],}"},
      {"status-style", OptionType::kStyle, OptionScope::kSession, "bg=green,fg=black"},
      {"visual-activity", OptionType::kFlag, OptionScope::kSession, "off"},  // kept
      // Window options (also settable on one pane with -p), in name order.
      {"aggressive-resize", OptionType::kFlag, OptionScope::kWindow, "off"},  // kept
      {"allow-rename", OptionType::kFlag, OptionScope::kWindow, "off"},       // kept
      {"automatic-rename", OptionType::kFlag, OptionScope::kWindow, "on"},    // kept
      {"main-pane-height", OptionType::kNumber, OptionScope::kWindow, "24", 1, 10000},
      {"main-pane-width", OptionType::kNumber, OptionScope::kWindow, "80", 1, 10000},
      {"mode-keys", OptionType::kChoice, OptionScope::kWindow, "emacs", 0, 0, "emacs|vi"},  // kept
      {"monitor-activity", OptionType::kFlag, OptionScope::kWindow, "off"},                 // kept
      {"pane-active-border-style", OptionType::kStyle, OptionScope::kWindow, "fg=green"},
      {"pane-base-index", OptionType::kNumber, OptionScope::kWindow, "0", 0, 1000000},
      {"pane-border-style", OptionType::kStyle, OptionScope::kWindow, "default"},
      {"remain-on-exit", OptionType::kChoice, OptionScope::kWindow, "off", 0, 0, "off|on|failed"},
      {"synchronize-panes", OptionType::kFlag, OptionScope::kWindow, "off"},
      {"window-status-current-format", OptionType::kString, OptionScope::kWindow,
       "#{window_index}:#{window_name}#{?window_flags,#{window_flags}, }"},
      {"window-status-current-style", OptionType::kStyle, OptionScope::kWindow, "default"},
      {"window-status-format", OptionType::kString, OptionScope::kWindow,
       "#{window_index}:#{window_name}#{?window_flags,#{window_flags}, }"},
  };
  return table;
}

const OptionDef* find_option(std::string_view name) {
  for (const auto& def : option_table())
    if (name == def.name) return &def;
  return nullptr;
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
    case OptionType::kKey: {
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

long long Options::number(const std::string& name) const {
  long long v = 0;
  parse_int(get(name), INT64_MIN, INT64_MAX, &v);
  return v;
}

}  // namespace amux
