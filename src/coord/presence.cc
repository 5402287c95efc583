// Presence: each session's state — working (pane output within agent-idle-time), idle,
// dead (every pane's program exited), or one set with agent-status — is computed from
// pane output and exits as they happen; a change is a `state` event. The same idle timer
// hands asend -p messages to a pane once it has gone quiet.
#include <event2/event.h>

#include "amux/server/server.h"

namespace amux {

static void on_idle_timer(evutil_socket_t, short, void* arg) {
  auto* p = static_cast<Pane*>(arg);
  p->server->pane_idle_check(*p);
}

static int64_t idle_time_ms(const Pane& p) {
  return p.window->session->options.number("agent-idle-time");
}

static void arm_idle_timer(Pane& p, int64_t ms) {
  if (!p.idle_timer) p.idle_timer.reset(evtimer_new(p.server->base(), on_idle_timer, &p));
  struct timeval tv = {static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
  evtimer_add(p.idle_timer.get(), &tv);
}

void Server::pane_output(Pane& p) {
  p.last_output_ms = monotonic_ms();
  p.last_output = now();
  if (p.working) return;  // the armed timer looks again when it fires
  p.working = true;
  arm_idle_timer(p, idle_time_ms(p));
  update_state(*p.window->session);
}

void Server::pane_idle_check(Pane& p) {
  int64_t idle = idle_time_ms(p), since = monotonic_ms() - p.last_output_ms;
  if (p.working && since < idle) {
    arm_idle_timer(p, idle - since);
    return;
  }
  if (p.working) {
    p.working = false;
    update_state(*p.window->session);
  }
  deliver_to_pane(p);
}

void Server::recheck_idle() {
  for (Session* s : sessions.list())
    for (auto& [index, w] : s->windows)
      for (auto& p : w->panes)
        if (p->working) pane_idle_check(*p);
}

void Server::deliver_to_pane(Pane& p) {
  if (p.deliveries.empty() || p.working || p.dead || !p.master) return;
  std::string error;
  // Bracketed or not as the program asks now, not when the message was sent.
  std::string text = paste_text(p.deliveries.front(), p.term && p.term->bracketed_paste());
  if (pane_write_input(p, text, &error)) p.deliveries.erase(p.deliveries.begin());
  // One message a quiet spell: the next waits until the pane is idle again.
  if (!p.deliveries.empty()) arm_idle_timer(p, idle_time_ms(p));
}

std::string Server::compute_state(const Session& s) const {
  bool live = false, working = false;
  for (const auto& [index, w] : s.windows)
    for (const auto& p : w->panes) {
      if (p->dead) continue;
      live = true;
      working = working || p->working;
    }
  if (!live && !s.windows.empty()) return "dead";
  if (!s.explicit_state.empty()) return s.explicit_state;
  return working ? "working" : "idle";
}

void Server::update_state(Session& s, bool announce_always) {
  std::string state = compute_state(s);
  if (state == s.state && !announce_always) return;
  s.state = state;
  if (Group* g = group_of(s)) {
    emit(*g, "state", &s, "", state, s.state_note);
    s.state_seq = g->event_seq;
  }
}

time_t Server::last_output(const Session& s) const {
  time_t t = 0;
  for (const auto& [index, w] : s.windows)
    for (const auto& p : w->panes) t = std::max(t, p->last_output);
  return t;
}

}  // namespace amux
