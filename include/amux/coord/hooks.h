// The agent hook names (set-hook -g agent-shared ...).
#pragma once

#include <string>
#include <string_view>

namespace amux {

bool valid_hook_name(std::string_view name);

}  // namespace amux
