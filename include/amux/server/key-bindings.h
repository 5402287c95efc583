// Key tables: "prefix" (keys after the prefix key) and "root" (keys bound with -n), each
// mapping a key to a command string, with tmux-like defaults.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "amux/term/input.h"

namespace amux {

struct KeyBinding {
  std::string command;
  bool repeat = false;  // bind -r: the key repeats without the prefix within repeat-time
};

class KeyTables {
 public:
  KeyTables();  // the default bindings
  void bind(const std::string& table, KeyCode key, std::string command, bool repeat = false);
  bool unbind(const std::string& table, KeyCode key);
  void unbind_all(const std::string& table);
  // The binding of key in table, or nullptr.
  const KeyBinding* find(const std::string& table, KeyCode key) const;
  bool has_table(const std::string& table) const { return tables_.count(table) > 0; }
  // "bind-key [-r] -T prefix d detach-client" lines, tables in name order, keys in order.
  std::vector<std::string> list(const std::string& table) const;

 private:
  std::map<std::string, std::map<KeyCode, KeyBinding>> tables_;
};

// Quotes a word so the command parser reads it back as the same word.
std::string quote_word(const std::string& word);

}  // namespace amux
