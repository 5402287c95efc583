// The group board (agent-board, C-b g): every group, its members with role, state, note,
// time since their last output, the leases they hold, their unread messages and the
// numbers they report, those waiting for a person first (with how long they have
// waited), and the group's newest events — drawn from the live state, so it changes as
// events arrive. Up and Down choose a member, Enter shows its pane (a pane member's own,
// a session's active one), q leaves.
#include <algorithm>

#include "amux/coord/coordinator.h"
#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/worktrees.h"

namespace amux {

namespace {

constexpr size_t kBoardEvents = 5;  // newest events shown per group

std::string pad(std::string s, size_t width) {
  if (s.size() > width) s.resize(width);
  return s + std::string(width - s.size(), ' ');
}

class Board : public Overlay {
 public:
  Board(Server& server, uint64_t client) : server_(server), client_(client) {}

  bool key(KeyCode key) override {
    std::vector<int> members = member_list();
    int n = static_cast<int>(members.size());
    if (mode_leave_key(key)) return false;
    selected_ = mode_move(selected_, key, n);
    switch (key) {
      case kKeyEnter: {
        if (selected_ >= n) return true;
        // After this key is handled: switching ends the mode, which is this object.
        Server* server = &server_;
        int id = members[static_cast<size_t>(selected_)];
        uint64_t client = client_;
        server_.defer([server, id, client] {
          Pane* p = server->member_pane(id);
          Session* s = p != nullptr ? p->window->session : server->sessions().find_id(id);
          ClientConn* c = server->clients().find_client(client);
          if (s == nullptr || c == nullptr || !c->attached) return;
          if (p != nullptr) {
            server->sessions().select_window(*s, *p->window);
            server->sessions().select_pane(*p);
          }
          server->renderer().attach(*c, *s);
        });
        return false;
      }
      default: break;
    }
    return true;
  }

  void draw(Canvas& c, int x, int y, int w, int h) override {
    c.fill(x, y, w, h, ' ', Style{});
    Style bold, chosen;
    bold.attrs = kAttrBold;
    chosen.attrs = kAttrReverse;
    int row = y;
    auto line = [&](const std::string& text, const Style& st) {
      if (row < y + h) c.print(x, row++, text, st, x + w);
    };
    line("Group board: Up/Down choose, Enter switches to the member, q leaves", bold);
    std::vector<Group*> groups = server_.coord().groups();
    if (groups.empty()) line("(no groups)", Style{});
    int index = 0;
    time_t now = server_.now();
    for (Group* g : groups) {
      line("", Style{});
      line(g->name + ": " + plural(g->members.size(), "member", "members") + ", " +
               std::to_string(g->context.size()) + " keys, " + std::to_string(g->event_seq) +
               " events",
           bold);
      // A BRANCH column when a member works in a worktree amux made.
      bool trees = false;
      for (int id : g->members) trees = trees || server_.worktrees().of_member_id(id) != nullptr;
      line("  " + pad("MEMBER", 14) + pad("ROLE", 13) + pad("STATE", 10) + pad("OUTPUT", 10) +
               pad("UNREAD", 8) + pad("LEASES", 16) + (trees ? pad("BRANCH", 24) : "") + "NOTE",
           Style{});
      for (int id : ordered(*g)) {
        Session* s = server_.sessions().find_id(id);
        Pane* pane = server_.member_pane(id);
        const Presence& p = server_.coord().presence(id);
        time_t out = pane != nullptr ? pane->last_output : s != nullptr ? server_.last_output(*s) : 0;
        std::string ago = out == 0 ? "-" : std::to_string(std::max<time_t>(0, now - out)) + "s ago";
        std::string leases;
        for (const Lease& l : g->leases)
          if (l.holder == id) leases += (leases.empty() ? "" : ",") + l.path;
        auto inbox = g->inbox.find(id);
        size_t unread = inbox == g->inbox.end() ? 0 : inbox->second.size();
        std::string text = (index == selected_ ? "> " : "  ") +
                           pad(server_.session_name(id, "?"), 14) +
                           pad(g->coordinator() == id ? "coordinator" : "member", 13) +
                           pad(p.state, 10) + pad(ago, 10) + pad(std::to_string(unread), 8) +
                           pad(leases.empty() ? "-" : leases, 16) + branch(id, trees) +
                           note(*g, id, p, now);
        line(text, index == selected_ ? chosen : Style{});
        index++;
      }
      size_t first = g->events.size() > kBoardEvents ? g->events.size() - kBoardEvents : 0;
      for (size_t i = first; i < g->events.size(); i++) {
        std::string e = event_line(g->name, g->events[i], false, "");
        if (!e.empty() && e.back() == '\n') e.pop_back();
        line("    " + e, Style{});
      }
    }
    c.cursor_visible = false;
  }

 private:
  // A group's members as listed: those waiting for a person first, in join order.
  std::vector<int> ordered(const Group& g) {
    std::vector<int> out = g.members;
    std::stable_partition(out.begin(), out.end(), [this](int id) {
      return server_.coord().presence(id).state == "waiting";
    });
    return out;
  }
  std::string branch(int id, bool column) {
    if (!column) return "";
    const Worktree* w = server_.worktrees().of_member_id(id);
    return pad(w != nullptr ? worktree_summary(*w) : "-", 24);
  }
  // The note; a waiting member's with how long it has waited; the numbers it reports.
  std::string note(Group& g, int id, const Presence& p, time_t now) {
    std::string text = p.note;
    if (const MemberRecord* r = g.record(id); p.state == "waiting" && r != nullptr)
      text = "(" + std::to_string(std::max<time_t>(0, now - r->state_since)) + "s) " + text;
    if (const AgentInfo* a = server_.member_agent(id); a != nullptr && !a->metrics.empty())
      text += (text.empty() ? "[" : " [") + metrics_text(*a) + "]";
    return text;
  }
  std::vector<int> member_list() {
    std::vector<int> out;
    for (Group* g : server_.coord().groups()) {
      std::vector<int> members = ordered(*g);
      out.insert(out.end(), members.begin(), members.end());
    }
    return out;
  }
  Server& server_;
  uint64_t client_;
  int selected_ = 0;
};

}  // namespace

std::unique_ptr<Overlay> make_board(Server& server, uint64_t client) {
  return std::make_unique<Board>(server, client);
}

}  // namespace amux
