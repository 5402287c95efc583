// The attached client: after the server says kAttach, the server reads keys from the
// terminal and draws on it; the client tells it the terminal's size until it is detached.
#pragma once

struct termios;

namespace amux {

// Runs the attached client on the connected socket; returns the exit status. modes: the
// terminal's modes from before, put back if the server is lost (nullptr: none saved).
int attached_loop(int sock, const struct termios* modes);

}  // namespace amux
