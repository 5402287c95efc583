// Moving a session's current window along its indexes (next-window, previous-window).
#include "amux/server/server.h"

namespace amux {

CmdStatus step_window(CmdContext& ctx, bool forward) {
  Session* s = ctx.target_session();
  if (s == nullptr) return CmdStatus::kError;
  if (s->windows.size() < 2) return ctx.error(forward ? "no next window" : "no previous window");
  auto it = s->windows.find(s->current->index);
  if (forward) {
    it = std::next(it) == s->windows.end() ? s->windows.begin() : std::next(it);
  } else {
    it = it == s->windows.begin() ? std::prev(s->windows.end()) : std::prev(it);
  }
  ctx.server()->select_window(*s, *it->second);
  return CmdStatus::kOk;
}

}  // namespace amux
