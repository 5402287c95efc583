// Messages between members of a group: each is a `message` event and sits in the
// recipient's inbox until read. With paste, it is also typed into the recipient's active
// pane once that pane is idle: one whole paste (bracketed when the program asked for
// bracketed paste) and Enter, queued behind earlier deliveries, never split.
#include "amux/server/server.h"

namespace amux {

constexpr size_t kMaxInbox = 1000;                // unread messages a recipient keeps
constexpr size_t kMaxInboxBytes = 4u << 20;       // and their bytes
constexpr size_t kMaxDeliveries = 100;            // -p messages waiting for one pane

std::string check_message(const Group& g, const Session& to, const std::string& text) {
  if (text.empty()) return "empty message";
  if (text.size() > kMaxValueLength)
    return "message too long (at most " + std::to_string(kMaxValueLength) + " bytes)";
  auto it = g.inbox.find(to.id);
  if (it == g.inbox.end()) return "";
  std::string full = "inbox of session '" + to.name + "' is full (";
  if (it->second.size() >= kMaxInbox)
    return full + std::to_string(kMaxInbox) + " unread messages)";
  size_t bytes = text.size();
  for (const Message& m : it->second) bytes += m.text.size();
  if (bytes > kMaxInboxBytes) return full + "4 MiB of unread messages)";
  return "";
}

// What the pane's program receives: controls other than tab and newline dropped (a
// message cannot end the paste early or send keys), newlines as Enter.
std::string paste_text(const std::string& text, bool bracketed) {
  std::string body;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n')
      body += '\r';
    else if (u >= 0x20 && u != 0x7f)
      body += c;
    else if (c == '\t')
      body += c;
  }
  if (bracketed) body = "\x1b[200~" + body + "\x1b[201~";
  return body + "\r";
}

uint64_t Server::send_message(Group& g, int from_id, const std::string& from, Session& to,
                              const std::string& text, bool paste, Pane** pasted_to) {
  GroupEvent e;
  e.kind = "message";
  e.session_id = from_id;
  e.session = from;
  e.target = to.name;
  e.target_id = to.id;
  e.value = text;
  emit(g, e);
  Message m;
  m.seq = g.event_seq;
  m.from_id = from_id;
  m.from = from;
  m.time = now();
  m.text = text;
  g.inbox[to.id].push_back(std::move(m));
  if (paste && to.current != nullptr && to.current->active != nullptr &&
      !to.current->active->dead && to.current->active->deliveries.size() < kMaxDeliveries) {
    Pane& p = *to.current->active;
    p.deliveries.push_back(text);
    if (pasted_to != nullptr) *pasted_to = &p;
    deliver_to_pane(p);
  }
  return g.event_seq;
}

}  // namespace amux
