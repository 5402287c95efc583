// set-window-option (setw): set-option with -w implied, as tmux keeps it.
#include "amux/server/server.h"

namespace amux {

extern const CommandEntry kCmdSetWindowOption("set-window-option", "setw", {"aFgoqt:uU", 1, 2},
                                              "[-aFgoqUu] [-t target-window] option [value]",
                                              kFlagWindowOptions, exec_set_option);

}  // namespace amux
