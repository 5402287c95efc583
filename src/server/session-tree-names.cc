// Window names: automatic-rename names a window after what its active pane runs
// (automatic-rename-format, checked every half second while there are windows, as tmux
// checks after output); a name given by the user (rename-window, -n) turns it off for
// that window.
#include <event2/event.h>

#include "amux/base/format.h"
#include "amux/server/client-hub.h"
#include "amux/server/hooks.h"
#include "amux/server/renderer.h"
#include "amux/server/resurrect.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

constexpr long long kNameCheckMs = 500;

static void on_name_check(evutil_socket_t, short, void* arg) noexcept {
  guarded("automatic-rename", [arg] { static_cast<SessionTree*>(arg)->check_names(); });
}

void SessionTree::rename_window(Window& w, const std::string& name, bool by_user) {
  if (by_user) w.options.set("automatic-rename", "off");
  if (w.name == name) return;
  w.name = name;
  server_.resurrect().changed();
  server_.clients().notify_window("window-renamed", w, " " + name);
  server_.hooks().fire("window-renamed", server_.hooks().target(w.session, &w));
  server_.renderer().redraw(w.session, true);
}

void SessionTree::check_names() {
  for (Session* s : list())
    for (auto& [index, w] : s->windows) {
      if (w->active == nullptr || !w->options.flag("automatic-rename")) continue;
      FormatContext fc;
      server_.pane_formats(fc, *w->active);
      std::string name = format_expand(w->options.get("automatic-rename-format"), fc);
      if (!name.empty()) rename_window(*w, name, false);
    }
  arm_name_check();
}

void SessionTree::arm_name_check() {
  if (empty()) {
    name_timer_.reset();
    return;
  }
  if (!name_timer_) name_timer_.reset(evtimer_new(server_.base(), on_name_check, this));
  if (evtimer_pending(name_timer_.get(), nullptr)) return;
  struct timeval tv = ms_timeval(kNameCheckMs);
  evtimer_add(name_timer_.get(), &tv);
}

}  // namespace amux
