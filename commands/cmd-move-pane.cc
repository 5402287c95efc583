// move-pane: join-pane under tmux's other name.
#include "amux/server/server.h"

namespace amux {

extern const CommandEntry kCmdMovePane("move-pane", "movep", {"bdhl:s:t:v", 0, 0},
                                       "[-bdhv] [-l size] [-s src-pane] [-t dst-pane]", 0,
                                       exec_join_pane);

}  // namespace amux
