// The key tables and their defaults.
#include "amux/server/key-bindings.h"

namespace amux {

namespace {

struct DefaultBinding {
  const char* key;
  const char* command;
};

constexpr DefaultBinding kDefaults[] = {
    {"C-b", "send-prefix"},
    {"d", "detach-client"},
    {"c", "new-window"},
    {"n", "next-window"},
    {"p", "previous-window"},
    {"l", "select-window -l"},
    {"%", "split-window -h"},
    {"\"", "split-window -v"},
    {"o", "select-pane -t :.+"},
    {"Up", "select-pane -U"},
    {"Down", "select-pane -D"},
    {"Left", "select-pane -L"},
    {"Right", "select-pane -R"},
    {"x", "kill-pane"},
    {"&", "kill-window"},
    {"z", "resize-pane -Z"},
    {",", "command-prompt -I \"#{window_name}\" \"rename-window -- '%%'\""},
    {"$", "command-prompt -I \"#{session_name}\" \"rename-session -- '%%'\""},
    {":", "command-prompt"},
    {"[", "copy-mode"},
    {"PPage", "copy-mode -u"},
    {"?", "list-keys"},
    {"~", "show-messages"},
    {"g", "agent-board"},
    {"r", "refresh-client"},
    // tmux's defaults for what amux has (tmux binds the resizes with -r, to repeat).
    {"C-Up", "resize-pane -U"},
    {"C-Down", "resize-pane -D"},
    {"C-Left", "resize-pane -L"},
    {"C-Right", "resize-pane -R"},
    {"M-Up", "resize-pane -U 5"},
    {"M-Down", "resize-pane -D 5"},
    {"M-Left", "resize-pane -L 5"},
    {"M-Right", "resize-pane -R 5"},
    {"Space", "next-layout"},
    {"M-1", "select-layout even-horizontal"},
    {"M-2", "select-layout even-vertical"},
    {"M-3", "select-layout main-horizontal"},
    {"M-4", "select-layout main-vertical"},
    {"M-5", "select-layout tiled"},
    {";", "last-pane"},
    {"{", "swap-pane -U"},
    {"}", "swap-pane -D"},
    {"!", "break-pane"},
    {"]", "paste-buffer -p"},
    {"#", "list-buffers"},
    {"-", "delete-buffer"},
    {"L", "switch-client -l"},
    {"(", "switch-client -p"},
    {")", "switch-client -n"},
};

}  // namespace

KeyTables::KeyTables() {
  tables_["root"];
  auto& prefix = tables_["prefix"];
  for (const auto& d : kDefaults) prefix[*key_from_name(d.key)] = d.command;
  for (int i = 0; i <= 9; i++)
    prefix['0' + static_cast<KeyCode>(i)] = "select-window -t :" + std::to_string(i);
}

void KeyTables::bind(const std::string& table, KeyCode key, std::string command) {
  tables_[table][key] = std::move(command);
}

bool KeyTables::unbind(const std::string& table, KeyCode key) {
  auto t = tables_.find(table);
  return t != tables_.end() && t->second.erase(key) > 0;
}

void KeyTables::unbind_all(const std::string& table) {
  auto t = tables_.find(table);
  if (t != tables_.end()) t->second.clear();
}

const std::string* KeyTables::find(const std::string& table, KeyCode key) const {
  auto t = tables_.find(table);
  if (t == tables_.end()) return nullptr;
  auto k = t->second.find(key);
  return k == t->second.end() ? nullptr : &k->second;
}

std::vector<std::string> KeyTables::list(const std::string& only) const {
  std::vector<std::string> out;
  for (const auto& [table, keys] : tables_) {
    if (!only.empty() && table != only) continue;
    for (const auto& [key, command] : keys)
      out.push_back("bind-key -T " + table + " " + key_name(key) + " " + command);
  }
  return out;
}

std::string quote_word(const std::string& word) {
  if (word.empty()) return "''";
  bool plain = true;
  for (char c : word)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/' ||
          c == ':' || c == '=' || c == '+' || c == '%' || c == ',' || c == '@'))
      plain = false;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace amux
