// wait-output: a client parked until a pane's screen or new output has a line matching a
// regular expression, until the pane is quiet for some milliseconds, or (neither asked)
// until it prints anything. Woken by the pane's output itself: a pane that printed is
// looked at once per turn of the loop, after its output is parsed; nothing polls.
#include "amux/server/output-waits.h"

#include <event2/event.h>
#include <regex.h>

#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/term/capture.h"

namespace amux {

std::optional<std::string> OutputWaits::match_pane(Pane& p, const regex_t& re, uint64_t* seen) {
  if (!p.term) return std::nullopt;
  const Grid& g = p.term->grid();
  uint64_t fresh = g.history_pushed() - std::min(*seen, g.history_pushed());
  *seen = g.history_pushed();
  size_t from = g.history_size() - std::min<uint64_t>(fresh, g.history_size());
  std::string logical;
  auto look = [&](const Line& l) -> bool {
    logical += render_line(l, g.cols(), false, !l.wrapped);
    if (l.wrapped) return false;  // the line goes on in the next one
    bool hit = regexec(&re, logical.c_str(), 0, nullptr, 0) == 0;
    if (!hit) logical.clear();
    return hit;
  };
  for (size_t i = from; i < g.history_size(); i++)
    if (look(g.history_line(i))) return logical;
  for (int y = 0; y < g.rows(); y++)  // a wrapped last history line goes on here
    if (look(g.line(y))) return logical;
  if (!logical.empty() && regexec(&re, logical.c_str(), 0, nullptr, 0) == 0) return logical;
  return std::nullopt;
}

static void on_quiet(evutil_socket_t, short, void* arg) noexcept {
  guarded("wait-output", [arg] {
    auto* w = static_cast<OutputWait*>(arg);
    w->owner->quiet_fired(w->client);
  });
}

static void arm_quiet(OutputWait& w) {
  struct timeval tv = ms_timeval(w.quiet_ms);
  evtimer_add(w.quiet_timer.get(), &tv);
}

bool OutputWaits::add(OutputWait w, long timeout_seconds) {
  uint64_t id = w.client;
  if (!server_.clients().park(id, timeout_seconds, [this, id] { waits_.erase(id); })) return false;
  OutputWait& kept = waits_[id] = std::move(w);
  kept.owner = this;
  if (kept.quiet_ms >= 0) {
    kept.quiet_timer.reset(evtimer_new(server_.base(), on_quiet, &kept));
    arm_quiet(kept);
  }
  return true;
}

void OutputWaits::quiet_fired(uint64_t client) {
  waits_.erase(client);
  server_.clients().resume_client(client, 0, "", "");
}

void OutputWaits::arrived(Pane& p) {
  for (auto& [id, w] : waits_)
    if (w.pane == p.id && w.quiet_timer) arm_quiet(w);  // quiet starts again
  pending_.insert(p.id);
  queue_check();  // once the output is parsed (and whatever else this turn brings)
}

void OutputWaits::check() {
  std::set<int> pending;
  pending.swap(pending_);
  std::vector<std::tuple<uint64_t, int, std::string, std::string>> done;
  for (auto it = waits_.begin(); it != waits_.end();) {
    OutputWait& w = it->second;
    Pane* p = server_.sessions().find_pane(w.pane);
    std::optional<std::tuple<uint64_t, int, std::string, std::string>> end;
    if (p != nullptr && pending.count(w.pane) > 0) {
      if (w.regex) {
        if (auto line = match_pane(*p, *w.regex, &w.seen_pushed))
          end.emplace(w.client, 0, *line + "\n", "");
      } else if (w.quiet_ms < 0) {
        end.emplace(w.client, 0, "", "");  // any output was asked for
      }
    }
    if (!end && (p == nullptr || p->dead))
      end.emplace(w.client, 1, "", "pane %" + std::to_string(w.pane) + " exited\n");
    if (end) {
      done.push_back(*end);
      it = waits_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [client, status, out, err] : done)
    server_.clients().resume_client(client, status, out, err);
}

void OutputWaits::pane_ended(Pane& p) {
  if (waits_.empty()) return;
  pending_.insert(p.id);
  check();
  queue_check();
}

void OutputWaits::queue_check() {
  if (waits_.empty() || check_queued_) return;
  check_queued_ = true;
  server_.defer([this] {
    check_queued_ = false;
    check();
  });
}

}  // namespace amux
