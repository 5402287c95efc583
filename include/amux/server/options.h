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

// kArray: items by index (name[0], name[1], ...); its default lists the items one a line
// and `choices` holds the separator a plain set splits its value on (" " or ",").
enum class OptionType { kNumber, kFlag, kString, kStyle, kKey, kChoice, kColour, kArray };
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
// What set-option and show-options name: an option, or a unique prefix of one's name as
// tmux takes it; nullptr with *error "invalid option: X" or "ambiguous option: X".
const OptionDef* match_option(std::string_view name, std::string* error);
// "@name": a user option, any value, no default.
bool is_user_option(std::string_view name);
// An array option's items as kept in an option set: one "index value" a line.
using OptionArray = std::map<int, std::string>;
std::string encode_array(const OptionArray& items);
OptionArray decode_array(const std::string& stored);
// Its items as the table's default lists them.
OptionArray default_array(const OptionDef& def);

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
  // An array option's items: here, else a parent's, else the default.
  OptionArray array(const std::string& name) const;
  const std::map<std::string, std::string>& local() const { return values_; }
  void set_parent(const Options* parent) { parent_ = parent; }
  const Options* parent() const { return parent_; }

  // Hooks (set-hook) kept at this level, as tmux keeps them among options: each name
  // holds commands by index (name[0], name[1], ...).
  using HookCommands = std::map<int, std::string>;
  const std::map<std::string, HookCommands>& hooks() const { return hooks_; }
  void set_hook(const std::string& name, int index, std::string command) {
    hooks_[name][index] = std::move(command);
  }
  // Adds at the first free index; returns the index used.
  int append_hook(const std::string& name, std::string command);
  // Removes the whole hook (index < 0) or one command of it.
  void unset_hook(const std::string& name, int index);
  // The commands here, else at the nearest parent that has the hook; nullptr if none.
  const HookCommands* find_hook(const std::string& name) const;

 private:
  const Options* parent_;
  std::map<std::string, std::string> values_;
  std::map<std::string, HookCommands> hooks_;
};

}  // namespace amux
