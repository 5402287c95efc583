// Command-string tokenizer used for config files and hooks.
#include "amux/base/parse.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace amux {

std::string quote_argument(std::string_view word) {
  if (word.empty()) return "''";
  constexpr std::string_view kDouble = " #';${}%";
  auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  // (a blank or control character needs quotes: kept as it is inside them)
  bool dq = false, sq = false;
  for (char c : word) {
    if (kDouble.find(c) != std::string_view::npos || control(c)) dq = true;
    if (c == '"') sq = true;
  }
  char quote = dq ? '"' : sq ? '\'' : 0;
  if (word.size() == 1 && word[0] != ' ' && (quote != 0 || word[0] == '~'))
    return std::string("\\") + word[0];
  std::string out;
  if (quote != 0) out += quote;
  if (word[0] == '~' && quote != '\'') out += '\\';
  for (char c : word) {
    // Inside double quotes only \ " and $ need a backslash; blanks and controls are kept.
    if (c == '\\' || (quote == '"' && (c == '"' || c == '$'))) out += '\\';
    if (quote == '\'' && c == '\\') out.pop_back();
    out += c;
  }
  if (quote != 0) out += quote;
  return out;
}

// The home directory of user ("" for the current one: $HOME, else the password file); ""
// when there is none.
static std::string home_of(std::string_view user) {
  if (user.empty())
    if (const char* home = getenv("HOME"); home != nullptr && home[0] != '\0') return home;
  struct passwd* pw = user.empty() ? getpwuid(getuid()) : getpwnam(std::string(user).c_str());
  return pw != nullptr && pw->pw_dir != nullptr ? pw->pw_dir : "";
}

namespace {

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A '{' or '}' that is a word of its own (tmux's command block braces).
bool brace_word(std::string_view line, size_t i) {
  return (i == 0 || blank(line[i - 1]) || line[i - 1] == ';') &&
         (i + 1 >= line.size() || blank(line[i + 1]) || line[i + 1] == ';');
}

// The block opened by the '{' at open: its commands as one command string (lines joined
// with " ; ", comments dropped, nested blocks kept as written), and where its '}' is;
// npos when it is not closed.
size_t block_end(std::string_view line, size_t open, std::string* text) {
  int depth = 1;
  char quote = 0;
  bool word_start = true;
  auto separate = [text] {
    size_t end = text->find_last_not_of(" \t");
    text->resize(end == std::string::npos ? 0 : end + 1);
    if (!text->empty() && text->back() != ';') *text += " ;";
  };
  for (size_t i = open + 1; i < line.size(); i++) {
    char c = line[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"' && i + 1 < line.size()) *text += line[i++];
      if (c == quote) quote = 0;
      *text += line[i];
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < line.size()) {
      *text += line[i++];
    } else if (c == '#' && word_start && (i + 1 >= line.size() || line[i + 1] != '{')) {
      while (i + 1 < line.size() && line[i + 1] != '\n') i++;  // a comment
      continue;
    } else if (c == '{' && brace_word(line, i)) {
      depth++;
    } else if (c == '}' && brace_word(line, i) && --depth == 0) {
      size_t end = text->find_last_not_of(" \t;");
      text->resize(end == std::string::npos ? 0 : end + 1);
      size_t start = text->find_first_not_of(" \t;");
      text->erase(0, start == std::string::npos ? text->size() : start);
      return i;
    } else if (c == '\n' || c == '\r') {
      separate();
      *text += ' ';
      while (i + 1 < line.size() && blank(line[i + 1])) i++;  // the next line's indent
      word_start = true;
      continue;
    }
    *text += line[i];
    word_start = blank(c) || c == ';';
  }
  return std::string_view::npos;
}

}  // namespace

bool command_string_complete(std::string_view line) {
  std::vector<std::string> words;
  std::string error;
  return split_command_string(line, &words, &error) || error != "unterminated {";
}

bool split_command_string(std::string_view line, std::vector<std::string>* words,
                          std::string* error) {
  std::string word;
  bool in_word = false;
  char quote = 0;
  // A word's own ';' at its end (quoted or escaped) stays text: marked "\\;" as the
  // command-line rule wants, where a bare "word;" would end the command.
  auto push = [&] {
    size_t n = word.size();
    if (n > 0 && word[n - 1] == ';' && (n < 2 || word[n - 2] != '\\')) word.insert(n - 1, "\\");
    words->push_back(std::move(word));
  };
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
    } else if (c == '{' && !in_word && brace_word(line, i)) {
      // A command block: its commands become one argument, as tmux's { ... }.
      std::string block;
      size_t end = block_end(line, i, &block);
      if (end == std::string_view::npos) {
        *error = "unterminated {";
        return false;
      }
      words->push_back(std::move(block));
      i = end;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];  // \; is text: an argument ";" (bind-key's list), as tmux
      in_word = true;
    } else if (c == '~' && !in_word) {  // ~ and ~user at a word's start: a home directory
      size_t end = line.find_first_of("/ \t;", i + 1);
      if (end == std::string_view::npos) end = line.size();
      std::string home = home_of(line.substr(i + 1, end - i - 1));
      word += home.empty() ? line.substr(i, end - i) : home;
      i = end - 1;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) push();
      word.clear();
      in_word = false;
    } else if (c == '#' && !in_word && (i + 1 >= line.size() || line[i + 1] != '{')) {
      break;                // a comment; "#{" opens a format, as in tmux
    } else if (c == ';') {  // ends a word too, as in tmux: "a; b" and "a;b" are two commands
      if (in_word) push();
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
  if (in_word) push();
  return true;
}

}  // namespace amux
