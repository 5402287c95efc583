// The option table and value lookup through parents.
#include "amux/server/options.h"

#include "amux/base/util.h"

namespace amux {

const std::vector<OptionDef>& option_table() {
  static const std::vector<OptionDef> table = {
      {"agent-event-limit", OptionType::kNumber, OptionScope::kSession, "1000", 1, 1000000},
      {"agent-idle-time", OptionType::kNumber, OptionScope::kSession, "2000", 10, 86400000},
      {"base-index", OptionType::kNumber, OptionScope::kSession, "0", 0, 1000000},
      {"default-command", OptionType::kString, OptionScope::kSession, ""},
      {"default-shell", OptionType::kString, OptionScope::kSession, ""},
      {"history-limit", OptionType::kNumber, OptionScope::kSession, "2000", 0, 100000000},
      {"status", OptionType::kFlag, OptionScope::kSession, "on"},
      {"remain-on-exit", OptionType::kFlag, OptionScope::kWindow, "off"},
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
