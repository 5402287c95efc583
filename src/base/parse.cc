// Command-string tokenizer used for config files and hooks.
#include "amux/base/parse.h"

namespace amux {

bool split_command_string(std::string_view line, std::vector<std::string>* words,
                          std::string* error) {
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); i++) {
    char c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        word += line[++i];
      } else {
        word += c;
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words->push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '#' && !in_word && (i + 1 >= line.size() || line[i + 1] != '{')) {
      break;                // a comment; "#{" opens a format, as in tmux
    } else if (c == ';') {  // ends a word too, as in tmux: "a; b" and "a;b" are two commands
      if (in_word) words->push_back(std::move(word));
      word.clear();
      in_word = false;
      words->push_back(";");
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) {
    *error = "unterminated quote";
    return false;
  }
  if (in_word) words->push_back(std::move(word));
  return true;
}

}  // namespace amux
