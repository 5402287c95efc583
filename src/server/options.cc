// The option table and value lookup through parents.
#include "amux/server/options.h"

#include "amux/base/util.h"
#include "amux/term/canvas.h"
#include "amux/term/input.h"

namespace amux {

const std::vector<OptionDef>& option_table() {
  static const std::vector<OptionDef> table = {
      // Session options, in name order.
      {"agent-event-limit", OptionType::kNumber, OptionScope::kSession, "1000", 1, 1000000},
      {"agent-group-limit", OptionType::kNumber, OptionScope::kSession, "256", 1, 100000},
      {"agent-idle-time", OptionType::kNumber, OptionScope::kSession, "2000", 10, 86400000},
      {"agent-state-file", OptionType::kString, OptionScope::kSession, ""},
      {"base-index", OptionType::kNumber, OptionScope::kSession, "0", 0, 1000000},
      {"default-command", OptionType::kString, OptionScope::kSession, ""},
      {"default-shell", OptionType::kString, OptionScope::kSession, ""},
      {"display-time", OptionType::kNumber, OptionScope::kSession, "750", 0, 86400000},
      {"escape-time", OptionType::kNumber, OptionScope::kSession, "10", 0, 10000},
      {"history-limit", OptionType::kNumber, OptionScope::kSession, "2000", 0, 100000000},
      {"message-style", OptionType::kStyle, OptionScope::kSession, "bg=yellow,fg=black"},
      {"mouse", OptionType::kFlag, OptionScope::kSession, "off"},
      {"prefix", OptionType::kKey, OptionScope::kSession, "C-b"},
      {"status", OptionType::kFlag, OptionScope::kSession, "on"},
      {"status-interval", OptionType::kNumber, OptionScope::kSession, "15", 0, 86400},
      {"status-left", OptionType::kString, OptionScope::kSession, "[#{session_name}] "},
      {"status-left-length", OptionType::kNumber, OptionScope::kSession, "10", 0, 1000},
      {"status-right", OptionType::kString, OptionScope::kSession,
       "#{?agent_group,[#{agent_group}#{?agent_coordinator,*,} #{agent_peers} peers],}"},
      {"status-style", OptionType::kStyle, OptionScope::kSession, "bg=green,fg=black"},
      // Window options, in name order.
      {"pane-active-border-style", OptionType::kStyle, OptionScope::kWindow, "fg=green"},
      {"pane-border-style", OptionType::kStyle, OptionScope::kWindow, "default"},
      {"remain-on-exit", OptionType::kFlag, OptionScope::kWindow, "off"},
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

long long Options::number(const std::string& name) const {
  long long v = 0;
  parse_int(get(name), INT64_MIN, INT64_MAX, &v);
  return v;
}

}  // namespace amux
