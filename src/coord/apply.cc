// apply_event and apply_effect (see apply.h): the one place an event's effect on a group
// is written.
#include "amux/coord/apply.h"

#include <algorithm>

namespace amux {

bool changes_version(const Group& g, const GroupEvent& e) {
  switch (e.kind) {
    case EventKind::kJoin: return !g.has_member(e.session_id);
    case EventKind::kLeave: return g.has_member(e.session_id);
    case EventKind::kShare:
    case EventKind::kUnset: return true;
    default: return false;
  }
}

Message message_of(const GroupEvent& e) {
  Message m;
  m.seq = e.seq;
  m.from_id = e.session_id;
  m.from = e.session;
  m.time = e.time;
  m.text = e.value;
  if (!parse_priority(e.data.empty() ? "normal" : e.data, &m.priority))
    m.priority = Priority::kNormal;
  m.reply_to = e.ref;
  return m;
}

static void drop_lease(Group& g, const GroupEvent& e) {
  std::erase_if(g.leases, [&](const Lease& l) { return l.path == e.key && l.fence == e.fence; });
}

void apply_effect(Group& g, const GroupEvent& e) {
  switch (e.kind) {
    case EventKind::kJoin:
      if (!g.has_member(e.session_id)) g.members.push_back(e.session_id);
      break;
    case EventKind::kLeave:
      std::erase(g.members, e.session_id);
      g.inbox.erase(e.session_id);
      break;
    case EventKind::kShare: {
      ContextEntry& c = g.context[e.key];
      c.value = e.value;
      c.author_id = e.session_id;
      c.author_name = e.session;
      c.time = e.time;
      c.version = e.version;
      c.ephemeral = e.ephemeral;
      c.expires = e.expires;
      break;
    }
    case EventKind::kUnset: g.context.erase(e.key); break;
    case EventKind::kMessage:
      if (e.target_id >= 0 && e.target_id < kRemoteIdBase)
        g.inbox[e.target_id].push_back(message_of(e));
      break;
    case EventKind::kRead:
      if (auto it = g.inbox.find(e.session_id); it != g.inbox.end()) {
        std::erase_if(it->second, [&](const Message& m) { return m.seq == e.ref; });
        if (it->second.empty()) g.inbox.erase(it);
      }
      break;
    case EventKind::kLock: {
      // Asking again renews: the holder's old grant on this exact path goes.
      std::erase_if(g.leases,
                    [&](const Lease& l) { return l.holder == e.session_id && l.path == e.key; });
      Lease l;
      l.path = e.key;
      l.holder = e.session_id;
      l.holder_name = e.session;
      l.pane_id = e.pane_id;
      l.shared = e.data == "shared";
      l.fence = e.fence;
      l.expires = e.expires;
      g.leases.push_back(std::move(l));
      g.lease_fence = std::max({g.lease_fence, e.fence, e.fence_counter});
      break;
    }
    case EventKind::kBreak:
      drop_lease(g, e);
      g.lease_fence = std::max(g.lease_fence, e.fence_counter);
      break;
    case EventKind::kUnlock:
    case EventKind::kExpire:
    case EventKind::kGive: drop_lease(g, e); break;
    case EventKind::kCoordinator:
    case EventKind::kState:
    case EventKind::kObjective:
    case EventKind::kConflict:
    case EventKind::kNotify:
    case EventKind::kCommand:
    case EventKind::kProgress:
    case EventKind::kResumed:
    case EventKind::kMerged:
    case EventKind::kMergeConflict: break;
  }
}

void apply_event(Group& g, const GroupEvent& e, size_t log_limit) {
  apply_effect(g, e);
  g.event_seq = e.seq;
  g.version = e.version;
  g.last_activity = e.time;
  g.events.push_back(e);
  while (g.events.size() > log_limit) g.events.pop_front();
}

}  // namespace amux
