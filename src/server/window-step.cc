// Moving a session's current window along its indexes (next-window, previous-window,
// select-window -n/-p).
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

Window* neighbour_window(Session& s, bool forward) {
  if (s.windows.size() < 2 || s.current == nullptr) return nullptr;
  auto it = s.windows.find(s.current->index);
  if (forward) {
    it = std::next(it) == s.windows.end() ? s.windows.begin() : std::next(it);
  } else {
    it = it == s.windows.begin() ? std::prev(s.windows.end()) : std::prev(it);
  }
  return it->second.get();
}

CmdStatus step_window(CmdContext& ctx, bool forward) {
  Session* s = ctx.target_session();
  if (s == nullptr) return CmdStatus::kError;
  Window* w = neighbour_window(*s, forward);
  if (w == nullptr) return ctx.error(forward ? "no next window" : "no previous window");
  ctx.server()->sessions().select_window(*s, *w);
  return CmdStatus::kOk;
}

}  // namespace amux
