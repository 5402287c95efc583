// Splitting a command string ("new-session -d -s 'a b' \; ajoin g") into words, with
// shell-like quoting, for configuration files and hook commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amux {

// A word as tmux prints a parsed command (show-hooks, list-keys): bare when it can be,
// in double quotes when it holds a blank or one of #';${}% (with \ " $ escaped), in single
// quotes when it holds only a ", '' when empty; a lone special character or a leading ~ is
// escaped with a backslash. The parser reads it back as the same word.
std::string quote_argument(std::string_view word);

// Splits on blanks; honours '...', "...", backslash escapes and # comments. A bare ';'
// becomes its own word. False (with *error) on an unterminated quote.
bool split_command_string(std::string_view line, std::vector<std::string>* words,
                          std::string* error);

}  // namespace amux
