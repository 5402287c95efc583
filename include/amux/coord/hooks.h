// The agent hook names (set-hook -g agent-shared ...).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace amux {

bool valid_hook_name(std::string_view name);
// Every agent hook name, for listings.
std::vector<std::string> agent_hook_names();

}  // namespace amux
