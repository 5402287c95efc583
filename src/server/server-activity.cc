// What the panes do, for presence: output in the last agent-idle-time makes a pane
// working, quiet makes it idle, every program exited makes the session dead; the server
// reports each change to the Coordinator, which owns the state and its events. The same
// idle timer types asend -p messages into a pane once it has gone quiet.
#include "amux/server/server.h"

#include "amux/base/util.h"
#include "amux/coord/coordinator.h"
#include "amux/server/output-waits.h"
#include "amux/server/renderer.h"
#include "amux/server/resurrect.h"
#include "amux/server/session-tree.h"
#include "amux/server/worktrees.h"

namespace amux {

constexpr size_t kMaxDeliveries = 100;  // -p messages waiting for one pane

static int64_t idle_time_ms(const Pane& p) {
  return p.window->session->options.number("agent-idle-time");
}

void Server::pane_output(Pane& p) {
  renderer().redraw(p.window->session, false);
  if (!output_waits_->empty()) output_waits_->arrived(p);
  p.last_output_ms = monotonic_ms();
  p.last_output = now();
  if (p.working || p.marks) return;  // the armed timer looks again when it fires
  p.working = true;
  p.arm_idle_timer(idle_time_ms(p));
  update_state(*p.window->session);
}

void Server::pane_idle_check(Pane& p) {
  int64_t idle = idle_time_ms(p), since = monotonic_ms() - p.last_output_ms;
  if (p.working && since < idle) {
    p.arm_idle_timer(idle - since);
    return;
  }
  if (p.working) {
    p.working = false;
    update_state(*p.window->session);
    resurrect().changed();  // a quiet spell: its directory and program are looked at again
    worktrees().pane_quiet(p.window->session->id, p.id);  // and its worktree's status
  }
  deliver_to_pane(p);
}

void Server::recheck_idle() {
  for (Session* s : sessions().list())
    for (auto& [index, w] : s->windows)
      for (auto& p : w->panes)
        if (p->working) pane_idle_check(*p);
}

// What the program receives: controls other than tab and newline dropped (a message
// cannot end the paste early or send keys), newlines as Enter.
std::string paste_text(const std::string& text, bool bracketed) {
  std::string body;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n')
      body += '\r';
    else if ((u >= 0x20 && u != 0x7f) || c == '\t')
      body += c;
  }
  if (bracketed) body = "\x1b[200~" + body + "\x1b[201~";
  return body + "\r";
}

void Server::deliver_to_pane(Pane& p) {
  if (p.deliveries.empty() || p.busy() || p.dead || !p.reading()) return;
  std::string error;
  // Bracketed or not as the program asks now, not when the message was sent.
  std::string text = paste_text(p.deliveries.front(), p.term && p.term->bracketed_paste());
  if (p.write_input(text, &error)) p.deliveries.erase(p.deliveries.begin());
  // One message a quiet spell: the next waits until the pane is idle again.
  if (!p.deliveries.empty()) p.arm_idle_timer(idle_time_ms(p));
}

int Server::type_into_pane(int session_id, const std::string& text) {
  Pane* member = member_pane(session_id);
  Session* s = member != nullptr ? nullptr : sessions().find_id(session_id);
  if (member == nullptr && (s == nullptr || s->current == nullptr || s->current->active == nullptr))
    return -1;
  Pane& p = member != nullptr ? *member : *s->current->active;
  if (p.dead || p.deliveries.size() >= kMaxDeliveries) return -1;
  p.deliveries.push_back(text);
  deliver_to_pane(p);
  return p.id;
}

void Server::cancel_typing(int session_id) {
  if (Pane* p = member_pane(session_id)) return p->deliveries.clear();
  if (Session* s = sessions().find_id(session_id))
    for (auto& [index, w] : s->windows)
      for (auto& p : w->panes) p->deliveries.clear();
}

static Activity activity_of(const Session& s) {
  bool live = false, working = false;
  for (const auto& [index, w] : s.windows)
    for (const auto& p : w->panes) {
      if (p->dead) continue;
      live = true;
      working = working || p->busy();
    }
  if (!live && !s.windows.empty()) return Activity::kDead;
  return working ? Activity::kWorking : Activity::kIdle;
}

static Activity activity_of(const Pane& p) {
  if (p.dead) return Activity::kDead;
  return p.busy() ? Activity::kWorking : Activity::kIdle;
}

void Server::update_state(Session& s) {
  coord_->set_activity(s.id, activity_of(s));
  if (pane_agents.empty()) return;
  for (auto& [index, w] : s.windows)
    for (auto& p : w->panes)
      if (is_member_pane(*p)) coord_->set_activity(pane_member_id(p->id), activity_of(*p));
}

time_t Server::last_output(const Session& s) const {
  time_t t = 0;
  for (const auto& [index, w] : s.windows)
    for (const auto& p : w->panes) t = std::max(t, p->last_output);
  return t;
}

// OSC 1337 ; SetUserVar=key=base64(value): a program in a pane of a grouped session
// shares key=value as that session (the iTerm2/WezTerm convention). Anything malformed is
// ignored, as terminals ignore OSCs they cannot use.
void Server::agent_needs_person(Pane& p, std::string_view message, const char* source) {
  if (p.window == nullptr) return;  // a popup's
  int member = member_of(p);
  // An ordinary shell's bell is not a person being asked for.
  if (member_agent(member) == nullptr) return;
  std::string note = one_line(message, 200);
  if (note.empty()) note = "notification";
  const Presence& now = coord_->presence(member);
  // Asked again while waiting for the same thing (a bell in a loop): nothing new.
  if (now.explicit_state == "waiting" && (now.note == note || std::string(source) == "bell"))
    return;
  coord_->report(member, GroupEvent::notify({}, source, note));
  coord_->set_state(member, "waiting", note);
}

// OSC 133 (FinalTerm's shell integration): A prompt, B command typed, C it runs, D;status
// it ended. C makes the pane working and D idle, with a command event (its exit status
// and how long it ran); from the first mark on, output no longer decides.
void Server::shell_mark(Pane& p, std::string_view mark) {
  if (p.window == nullptr || mark.empty()) return;
  p.marks = true;
  char kind = mark[0];
  if (kind == 'C') {
    p.in_command = true;
    p.command_start_ms = monotonic_ms();
  } else if (kind == 'D' && p.in_command) {
    p.in_command = false;
    std::string status;
    if (mark.size() > 2 && mark[1] == ';') {
      std::string_view digits = mark.substr(2, mark.find(';', 2) - 2);
      long long code;
      if (parse_int(std::string(digits), INT32_MIN, INT32_MAX, &code)) status = std::to_string(code);
    }
    int64_t ms = monotonic_ms() - p.command_start_ms;
    char duration[32];
    snprintf(duration, sizeof duration, "%lld.%02llds", static_cast<long long>(ms / 1000),
             static_cast<long long>(ms % 1000 / 10));
    if (member_agent(member_of(p)) != nullptr)
      coord_->report(member_of(p), GroupEvent::command({}, status, duration));
  } else if (kind != 'A' && kind != 'B') {
    return;
  }
  update_state(*p.window->session);
  if (!p.in_command) deliver_to_pane(p);
}

// OSC 9;4;state;percent (ConEmu's, which Windows Terminal and agents use): a progress
// event when the state changes or the percent enters another tenth, so a program that
// reports every byte makes at most a dozen events a run.
void Server::pane_progress(Pane& p, std::string_view text) {
  if (p.window == nullptr || member_agent(member_of(p)) == nullptr) return;
  static constexpr const char* kStates[] = {"clear", "set", "error", "indeterminate", "paused"};
  size_t semi = text.find(';');
  long long state, percent = 0;
  if (!parse_int(std::string(text.substr(0, semi)), 0, 4, &state)) return;
  if (semi != std::string_view::npos && text.size() > semi + 1 &&
      !parse_int(std::string(text.substr(semi + 1)), 0, 100, &percent))
    return;
  std::string shown = state == 1 || state == 2 || state == 4 ? std::to_string(percent) : "";
  std::string seen = std::string(kStates[state]) + " " + std::to_string(percent / 10);
  if (seen == p.progress) return;
  p.progress = seen;
  coord_->report(member_of(p), GroupEvent::progress({}, kStates[state], shown));
}

void Server::pane_input(Pane& p) {
  if (p.window == nullptr) return;
  int member = member_of(p);
  if (member_agent(member) != nullptr && coord_->presence(member).explicit_state == "waiting")
    coord_->set_state(member, "", "");  // a person answered: back to what its panes do
}

void Server::pane_osc(Pane& p, std::string_view text) {
  // Desktop notifications, as agents send them when they need a person: OSC 9 (not 9;4,
  // progress), OSC 777;notify;title;body and OSC 99 (kitty's: metadata;payload).
  if (text.substr(0, 4) == "133;") return shell_mark(p, text.substr(4));
  if (text.substr(0, 4) == "9;4;") return pane_progress(p, text.substr(4));
  if (text.substr(0, 2) == "9;") return agent_needs_person(p, text.substr(2), "osc9");
  if (text.substr(0, 11) == "777;notify;") {
    std::string_view rest = text.substr(11);
    size_t semi = rest.find(';');
    std::string title(rest.substr(0, semi));
    std::string body(semi == std::string_view::npos ? "" : rest.substr(semi + 1));
    return agent_needs_person(p, body.empty() ? title : title.empty() ? body : title + ": " + body,
                              "osc777");
  }
  if (text.substr(0, 3) == "99;") {
    std::string_view rest = text.substr(3);
    size_t semi = rest.find(';');
    return agent_needs_person(p, semi == std::string_view::npos ? rest : rest.substr(semi + 1),
                              "osc99");
  }
  if (text.substr(0, 2) == "0;" || text.substr(0, 2) == "2;") {
    resurrect().changed();
    if (hooks().wanted()) hooks().fire("pane-title-changed", hooks().target(nullptr, nullptr, &p));
    return;
  }
  constexpr std::string_view kPrefix = "1337;SetUserVar=";
  if (text.substr(0, kPrefix.size()) != kPrefix) return;
  text.remove_prefix(kPrefix.size());
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) return;
  std::string key(text.substr(0, eq)), value;
  if (!valid_key(key) || !base64_decode(text.substr(eq + 1), &value) ||
      !check_value(key, value).empty())
    return;
  int member = member_of(p);
  if (Group* g = coord_->group_of(member)) coord_->share(*g, member, {{key, value}});
}

}  // namespace amux
