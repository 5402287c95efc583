// The control-mode client (-C, -CC): stdin lines to the server, its output to stdout.
#pragma once

#include <string>

namespace amux {

// Sends the first command list (an encoded CommandMessage) as kControl, then relays until
// the server ends the connection; returns the exit status. level: 1 for -C, 2 for -CC.
int control_loop(int fd, const std::string& command_payload, int level);

}  // namespace amux
