// The attached client: after the server says kAttach, the client relays its terminal —
// keys and size to the server, screen updates to the terminal — until it is detached.
#pragma once

namespace amux {

// Runs the attached client on the connected socket; returns the exit status.
int attached_loop(int sock);

}  // namespace amux
