// show-window-options (showw): show-options with -w implied, as tmux keeps it.
#include "amux/server/server.h"

namespace amux {

extern const CommandEntry kCmdShowWindowOptions("show-window-options", "showw", {"gt:v", 0, 1},
                                                "[-gv] [-t target-window] [option]",
                                                kFlagReadOnly | kFlagWindowOptions,
                                                exec_show_options);

}  // namespace amux
