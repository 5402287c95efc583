// Command line completion from the command and option tables and the session tree.
#include "amux/server/complete.h"

#include <algorithm>

#include "amux/server/cmd.h"
#include "amux/server/options.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool takes_option_name(const std::string& command) {
  static const std::vector<std::string> names = {
      "set-option",        "set",  "show-options",        "show",
      "set-window-option", "setw", "show-window-options", "showw"};
  return std::find(names.begin(), names.end(), command) != names.end();
}

}  // namespace

std::vector<std::string> completions(Server& server, const std::vector<std::string>& words) {
  // The words of the last command only (after a ';').
  size_t start = 0;
  for (size_t i = 0; i + 1 < words.size(); i++)
    if (words[i] == ";" || words[i] == "\\;") start = i + 1;
  std::vector<std::string> cmd(words.begin() + static_cast<long>(start), words.end());
  std::string partial = cmd.empty() ? "" : cmd.back();
  std::vector<std::string> out;
  if (cmd.size() <= 1) {
    for (const CommandEntry* e : command_table()) {
      if (starts_with(e->name, partial)) out.push_back(e->name);
      if (e->alias != nullptr && starts_with(e->alias, partial)) out.push_back(e->alias);
    }
  } else if (std::string prev = cmd[cmd.size() - 2]; prev == "-t" || prev == "-s") {
    size_t colon = partial.find(':');
    for (Session* s : server.sessions().list()) {
      if (colon == std::string::npos) {
        if (starts_with(s->name, partial)) out.push_back(s->name + ":");
      } else if (s->name == partial.substr(0, colon)) {
        for (auto& [index, w] : s->windows) {
          std::string t = s->name + ":" + std::to_string(index);
          if (starts_with(t, partial)) out.push_back(t);
        }
      }
    }
  } else if (takes_option_name(cmd[0]) && !starts_with(partial, "-")) {
    // The first word that is neither a flag nor a flag's argument names the option.
    bool first = true;
    for (size_t i = 1; i + 1 < cmd.size(); i++)
      if (!starts_with(cmd[i], "-") && !(i > 1 && cmd[i - 1] == "-t")) first = false;
    if (first)
      for (const OptionDef& d : option_table())
        if (starts_with(d.name, partial)) out.push_back(d.name);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void complete_prompt(Server& server, std::string* text, size_t* cursor, std::string* others) {
  others->clear();
  std::string before = text->substr(0, *cursor);
  std::vector<std::string> words;
  std::string word;
  for (char c : before) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  words.push_back(word);  // the word being typed, maybe empty
  std::vector<std::string> found = completions(server, words);
  if (found.empty()) return;
  std::string fill = found.front();
  for (const auto& f : found) {
    size_t n = 0;
    while (n < fill.size() && n < f.size() && fill[n] == f[n]) n++;
    fill.resize(n);
  }
  if (found.size() == 1 && fill.back() != ':') fill += ' ';
  if (found.size() > 1)
    for (const auto& f : found) *others += (others->empty() ? "" : " ") + f;
  text->replace(*cursor - word.size(), word.size(), fill);
  *cursor += fill.size() - word.size();
}

}  // namespace amux
