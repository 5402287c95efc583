// Hook names (set-hook -g agent-shared ...) and the check of a hook's command string.
#pragma once

#include <string>
#include <string_view>

namespace amux {

bool valid_hook_name(std::string_view name);
std::string hook_names();  // "agent-joined, agent-left, ..."
// False (with *error) when the command string does not parse as a command list.
bool check_hook_command(const std::string& command, std::string* error);

}  // namespace amux
