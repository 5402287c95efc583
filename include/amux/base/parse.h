// Splitting a command string ("new-session -d -s 'a b' \; ajoin g") into words, with
// shell-like quoting, for configuration files and hook commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amux {

// Splits on blanks; honours '...', "...", backslash escapes and # comments. A bare ';'
// becomes its own word. False (with *error) on an unterminated quote.
bool split_command_string(std::string_view line, std::vector<std::string>* words,
                          std::string* error);

}  // namespace amux
