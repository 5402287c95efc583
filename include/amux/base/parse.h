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
// becomes its own word. A block "{ cmd1 ; cmd2 }" (lines inside it are commands too)
// becomes one word holding its commands, "cmd1 ; cmd2", as tmux reads a braced argument.
// False (with *error) on an unterminated quote or block ("unterminated {").
bool split_command_string(std::string_view line, std::vector<std::string>* words,
                          std::string* error);

// False while a '{' block is still open at the end (a configuration file's line goes on
// into the next ones until it closes).
bool command_string_complete(std::string_view line);

}  // namespace amux
