// Options: a table of known names (type, scope, default) and chained value sets as
// set-option/show-options see them: server; global session -> session; global window ->
// window -> pane. User options (@name) hold any string at the scope the command names.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amux {

enum class OptionType { kNumber, kFlag, kString, kStyle, kKey, kChoice };
enum class OptionScope { kServer, kSession, kWindow };

struct OptionDef {
  const char* name;
  OptionType type;
  OptionScope scope;
  const char* default_value;
  long long min = 0, max = 0;     // for numbers
  const char* choices = nullptr;  // for kChoice: "a|b|c"
};

const std::vector<OptionDef>& option_table();
const OptionDef* find_option(std::string_view name);
// "@name": a user option, any value, no default.
bool is_user_option(std::string_view name);
// A value as show-options prints it: quoted when it is empty or holds spaces or specials.
std::string quote_option_value(const std::string& value);

class Options {
 public:
  explicit Options(const Options* parent = nullptr) : parent_(parent) {}
  // Checks and normalizes value ("on"/"off" for flags); false with *error if bad.
  static bool validate(const OptionDef& def, const std::string& value, std::string* out,
                       std::string* error);
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  void unset(const std::string& name) { values_.erase(name); }
  bool has_local(const std::string& name) const { return values_.count(name) > 0; }
  // The value here or in a parent, else the table default.
  std::string get(const std::string& name) const;
  long long number(const std::string& name) const;
  bool flag(const std::string& name) const { return get(name) == "on"; }
  const std::map<std::string, std::string>& local() const { return values_; }
  void set_parent(const Options* parent) { parent_ = parent; }
  const Options* parent() const { return parent_; }

 private:
  const Options* parent_;
  std::map<std::string, std::string> values_;
};

}  // namespace amux
