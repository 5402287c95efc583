// What changed in the session tree, told to every control client (%window-add,
// %session-changed, %layout-change, ...) and to the hooks of the same events.
#include "amux/server/client-hub.h"

#include "amux/server/server.h"

namespace amux {

// Notifications, each to every control client (with the session's own name where tmux
// tells a client's session from the others: window-add and unlinked-window-add).
void ClientHub::notify_window(const char* what, Window& w, const std::string& extra,
                              Session* from) {
  std::string_view kind = what;
  if (server_.hooks().wanted())
    server_.hooks().fire(kind == "window-add"     ? "window-linked"
                         : kind == "window-close" ? "window-unlinked"
                                                  : what,
                         server_.hooks().target(from != nullptr ? from : w.session, &w));
  for (ClientConn* c : control_clients()) {
    // A client not attached yet (its first command is making the session) counts it own.
    bool own = c->control->session == w.session->id || c->control->session < 0;
    control_notify(
        *c, std::string(own ? "%" : "%unlinked-") + what + " @" + std::to_string(w.id) + extra);
  }
}

void ClientHub::notify_sessions_changed() {
  for (ClientConn* c : control_clients()) control_notify(*c, "%sessions-changed");
}

void ClientHub::notify_session_closed(Session& s) {
  for (ClientConn* c : control_clients()) {
    if (c->control->session != s.id) continue;
    c->control->session = -1;
    control_exit(*c, "");  // its session is gone: the client ends, as tmux's does
  }
}

void ClientHub::notify_session_renamed(Session& s) {
  server_.hooks().fire("session-renamed", server_.hooks().target(&s));
  for (ClientConn* c : control_clients())
    control_notify(*c, "%session-renamed $" + std::to_string(s.id) + " " + s.name);
}

void ClientHub::notify_session_window(Session& s) {
  if (s.current == nullptr) return;
  server_.hooks().fire("session-window-changed", server_.hooks().target(&s));
  for (ClientConn* c : control_clients())
    control_notify(*c, "%session-window-changed $" + std::to_string(s.id) + " @" +
                           std::to_string(s.current->id));
}

void ClientHub::notify_window_pane(Window& w) {
  if (w.active == nullptr) return;
  server_.hooks().fire("window-pane-changed", server_.hooks().target(w.session, &w));
  for (ClientConn* c : control_clients())
    control_notify(
        *c, "%window-pane-changed @" + std::to_string(w.id) + " %" + std::to_string(w.active->id));
}

void ClientHub::notify_layout(Window& w) {
  // Resizes are frequent: no layout string unless a control client or a hook asks.
  HookTarget target =
      server_.hooks().wanted() ? server_.hooks().target(w.session, &w) : HookTarget{};
  bool hook = server_.hooks().wanted() && server_.hooks().find("window-layout-changed", target);
  if (control_count_ == 0 && !hook) return;
  std::string layout = w.layout.dump();
  if (layout == w.notified_layout) return;
  w.notified_layout = layout;
  if (hook) server_.hooks().fire("window-layout-changed", target);
  std::string flags;
  if (w.session->current == &w) flags += '*';
  if (w.zoomed) flags += 'Z';
  for (ClientConn* c : control_clients())
    control_notify(
        *c, "%layout-change @" + std::to_string(w.id) + " " + layout + " " + layout + " " + flags);
}

}  // namespace amux
