// Messages between members of a group: each is a `message` event and sits in the
// recipient's inbox until read, bounded in count and bytes. With paste, the host also
// types it into the recipient's active pane once that pane is idle.
#include <algorithm>

#include "amux/coord/coordinator.h"

namespace amux {

constexpr size_t kMaxInbox = 1000;           // unread messages a recipient keeps
constexpr size_t kMaxInboxBytes = 4u << 20;  // and their bytes

std::string Coordinator::check_message(const Group& g, int to_id, const std::string& text) const {
  if (text.empty()) return "empty message";
  if (text.size() > kMaxValueLength)
    return "message too long (at most " + std::to_string(kMaxValueLength) + " bytes)";
  auto it = g.inbox.find(to_id);
  if (it == g.inbox.end()) return "";
  std::string full = "inbox of " + who(to_id) + " is full (";
  if (it->second.size() >= kMaxInbox) return full + std::to_string(kMaxInbox) + " unread messages)";
  size_t bytes = text.size();
  for (const Message& m : it->second) bytes += m.text.size();
  if (bytes > kMaxInboxBytes) return full + "4 MiB of unread messages)";
  return "";
}

uint64_t Coordinator::send_message(Group& g, const Actor& from, int to_id, const std::string& text,
                                   bool paste, int* pane_id, Priority priority, uint64_t reply_to) {
  std::string level = priority == Priority::kNormal ? "" : priority_name(priority);
  GroupEvent e = GroupEvent::message(from, actor(to_id), text, level, reply_to);
  e.paste = paste;
  emit(g, std::move(e));
  if (from.id >= 0) tally(g, from.id, [](MemberRecord& r) { r.messages_sent++; });
  int pane = paste ? host_.type_into_pane(to_id, text) : -1;
  if (pane_id != nullptr) *pane_id = pane;
  return g.event_seq;
}

void Coordinator::mark_read(Group& g, int session_id) {
  auto it = g.inbox.find(session_id);
  if (it == g.inbox.end()) return;
  std::deque<Message> read = it->second;
  // Receipts in the order the inbox lists them: high priority first.
  std::stable_sort(read.begin(), read.end(),
                   [](const Message& a, const Message& b) { return a.priority > b.priority; });
  tally(g, session_id, [&](MemberRecord& r) { r.messages_read += read.size(); });
  Actor reader = actor(session_id);
  for (const Message& m : read) emit(g, GroupEvent::read(reader, actor(m.from_id, m.from), m.seq));
}

void Coordinator::set_cursor(Group& g, int session_id, uint64_t seq) {
  std::string name = name_of(session_id);
  g.cursors[name] = seq;
  if (stored(g)) store_->cursor_set(g, name, seq);
}

uint64_t Coordinator::cursor(const Group& g, int session_id) const {
  auto it = g.cursors.find(name_of(session_id));
  return it == g.cursors.end() ? 0 : it->second;
}

void Coordinator::clear_inbox(Group& g, int session_id) {
  auto it = g.inbox.find(session_id);
  if (it == g.inbox.end()) return;
  if (stored(g)) store_->messages_removed(g, it->second);
  g.inbox.erase(it);
}

}  // namespace amux
