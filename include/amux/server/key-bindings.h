// Key tables: "prefix" (keys after the prefix key) and "root" (keys bound with -n), each
// mapping a key to a command string, with tmux-like defaults.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "amux/term/input.h"

namespace amux {

class KeyTables {
 public:
  KeyTables();  // the default bindings
  void bind(const std::string& table, KeyCode key, std::string command);
  bool unbind(const std::string& table, KeyCode key);
  void unbind_all(const std::string& table);
  // The command bound to key in table, or nullptr.
  const std::string* find(const std::string& table, KeyCode key) const;
  bool has_table(const std::string& table) const { return tables_.count(table) > 0; }
  // "bind-key -T prefix d detach-client" lines, tables in name order, keys in order.
  std::vector<std::string> list(const std::string& table) const;

 private:
  std::map<std::string, std::map<KeyCode, std::string>> tables_;
};

// Quotes a word so the command parser reads it back as the same word.
std::string quote_word(const std::string& word);

}  // namespace amux
