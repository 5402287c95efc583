// choose-tree: the sessions, their windows and panes as a tree the client moves through,
// with a preview of the chosen item below it; Enter (or an item's digit) runs the
// template for it (default: switch-client -t '%%'). find-window opens it on the windows
// that match.
#include <algorithm>
#include <set>

#include "amux/base/parse.h"
#include "amux/base/util.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

struct TreeItem {
  int depth = 0;  // 0 session, 1 window, 2 pane
  int session = -1, window = -1, pane = -1;
  std::string target, text;
  bool children = false, open = false;
};

class ChooseTree : public Overlay {
 public:
  ChooseTree(Server& server, uint64_t client, const TreeOptions& o)
      : server_(server), client_(client), o_(o), reversed_(o.reversed) {
    ClientConn* c = server.clients().find_client(client);
    Session* cur =
        c != nullptr && c->attached ? server.sessions().find_id(c->attached->session) : nullptr;
    for (Session* s : server.sessions().list()) {
      if (!o.sessions_closed || o.filter) open_sessions_.insert(s->id);
      for (auto& [index, w] : s->windows)
        if ((!o.windows_closed && !o.sessions_closed) || (o.filter && w->panes.size() > 1))
          open_windows_.insert(w->id);
    }
    // Start on the client's current window (or session, when windows are not shown).
    std::vector<TreeItem> items = build();
    for (size_t i = 0; i < items.size(); i++) {
      if (cur == nullptr || items[i].session != cur->id) continue;
      if (items[i].depth == 0 ||
          (cur->current != nullptr && items[i].window == cur->current->id && items[i].depth == 1)) {
        selected_ = static_cast<int>(i);
        if (items[i].depth == 1) break;
      }
    }
  }

  bool key(KeyCode key) override {
    std::vector<TreeItem> items = build();
    int n = static_cast<int>(items.size());
    if (n == 0) return false;
    selected_ = std::clamp(selected_, 0, n - 1);
    TreeItem& it = items[static_cast<size_t>(selected_)];
    if (!confirm_.empty()) {  // x or X asked: y kills, any other key does not
      if (key == 'y') run_later(std::move(confirm_commands_));
      confirm_.clear();
      confirm_commands_.clear();
      return true;
    }
    switch (key) {
      case 't':  // tag or untag it, then on to the next
        if (!tagged_.erase(it.target)) tagged_.insert(it.target);
        selected_ = std::min(n - 1, selected_ + 1);
        return true;
      case 'T': tagged_.clear(); return true;
      case 't' | kKeyCtrl:
        for (const TreeItem& each : items) tagged_.insert(each.target);
        return true;
      case 'x':
        confirm_ = "Kill " + kind(it) + " " + it.target + "? (y/n)";
        confirm_commands_ = {kill_command(it)};
        return true;
      case 'X': {
        std::vector<std::string> kills;
        for (const TreeItem& each : items)
          if (tagged_.count(each.target) > 0) kills.push_back(kill_command(each));
        if (kills.empty()) return true;
        confirm_ = "Kill " + std::to_string(kills.size()) + " tagged? (y/n)";
        confirm_commands_ = std::move(kills);
        return true;
      }
      case 'r': reversed_ = !reversed_; return true;
      case 'O':  // the next sort order
        o_.order = o_.order == "index" ? "name" : o_.order == "name" ? "time" : "index";
        return true;
      default: break;
    }
    for (int i = 0; i < n; i++)  // an item's own key
      if (key_label(i) == key_name(key)) return choose(items[static_cast<size_t>(i)]);
    switch (key) {
      case 'q':
      case kKeyEscape:
      case 'c' | kKeyCtrl: return false;
      case kKeyUp:
      case 'k':
      case 'p' | kKeyCtrl: selected_ = (selected_ + n - 1) % n; break;
      case kKeyDown:
      case 'j':
      case 'n' | kKeyCtrl: selected_ = (selected_ + 1) % n; break;
      case kKeyPPage: selected_ = std::max(0, selected_ - page_); break;
      case kKeyNPage: selected_ = std::min(n - 1, selected_ + page_); break;
      case kKeyHome:
      case 'g': selected_ = 0; break;
      case kKeyEnd:
      case 'G': selected_ = n - 1; break;
      case kKeyRight:
      case 'l':
      case '+': set_open(it, true); break;
      case kKeyLeft:
      case 'h':
      case '-':
        if (it.open) {
          set_open(it, false);
        } else if (it.depth > 0) {  // to the item above it in the tree
          for (int i = selected_; i >= 0; i--)
            if (items[static_cast<size_t>(i)].depth < it.depth) {
              selected_ = i;
              break;
            }
        }
        break;
      case kKeyEnter: return choose(it);
      default: break;
    }
    return true;
  }

  std::string take_command() override { return std::move(command_); }

  void draw(Canvas& cv, int x, int y, int w, int h) override {
    std::vector<TreeItem> items = build();
    int n = static_cast<int>(items.size());
    selected_ = std::clamp(selected_, 0, std::max(0, n - 1));
    bool preview = o_.preview && h >= 10 && n > 0;
    int list_h = preview ? h / 2 : h;
    page_ = std::max(1, list_h);
    if (selected_ < top_) top_ = selected_;
    if (selected_ >= top_ + list_h) top_ = selected_ - list_h + 1;
    cv.fill(x, y, w, h, ' ', Style{});
    Style chosen;
    ClientConn* c = server_.clients().find_client(client_);
    Session* cur =
        c != nullptr && c->attached ? server_.sessions().find_id(c->attached->session) : nullptr;
    if (cur != nullptr && cur->current != nullptr)
      parse_style(cur->current->options.get("mode-style"), &chosen);
    for (int r = 0; r < list_h && top_ + r < n; r++) {
      const TreeItem& it = items[static_cast<size_t>(top_ + r)];
      int i = top_ + r;
      std::string label = key_label(i);
      std::string line = (label.empty() ? "    " : "(" + label + ") ") + it.text;
      Style st = i == selected_ ? chosen : Style{};
      if (tagged_.count(it.target) > 0) st.attrs |= kAttrBold;  // as tmux: tagged is bright
      if (i == selected_) cv.fill(x, y + r, w, 1, ' ', chosen);
      cv.print(x, y + r, line, st, x + w);
    }
    if (!confirm_.empty()) {  // the question on the list's last line
      cv.fill(x, y + list_h - 1, w, 1, ' ', chosen);
      cv.print(x, y + list_h - 1, confirm_, chosen, x + w);
    }
    if (preview)
      draw_preview(cv, x, y + list_h, w, h - list_h, items[static_cast<size_t>(selected_)]);
    cv.cursor_visible = false;
  }

 private:
  void set_open(const TreeItem& it, bool open) {
    if (!it.children) return;
    std::set<int>& set = it.depth == 0 ? open_sessions_ : open_windows_;
    int id = it.depth == 0 ? it.session : it.window;
    if (open)
      set.insert(id);
    else
      set.erase(id);
  }

  static std::string kind(const TreeItem& it) {
    return it.depth == 0 ? "session" : it.depth == 1 ? "window" : "pane";
  }
  static std::string kill_command(const TreeItem& it) {
    return "kill-" + kind(it) + " -t " + quote_argument(it.target);
  }
  // Commands the tree asked for, run once the key's callback is over (one may end the
  // client's session, and the tree with it).
  void run_later(std::vector<std::string> commands) {
    Server& server = server_;
    uint64_t id = client_;
    server.defer([&server, id, commands] {
      for (const auto& command : commands)
        if (ClientConn* c = server.clients().find_client(id); c != nullptr && c->attached)
          server.renderer().run_for_client(*c, command);
    });
  }
  // The key that chooses line i: -K's format of #{line}, else tmux's 0-9 then M-a..M-z.
  std::string key_label(int i) const {
    if (!o_.key_format.empty()) {
      FormatContext fc;
      fc.set("line", std::to_string(i));
      return format_expand(o_.key_format, fc);
    }
    if (i < 10) return std::to_string(i);
    if (i < 36) return std::string("M-") + static_cast<char>('a' + i - 10);
    return "";
  }

  bool choose(const TreeItem& it) {
    command_ = fill_percent(o_.tmpl, it.target);
    return false;
  }

  // Sessions and windows in the sort order (-O, O; r reverses it).
  std::vector<Session*> sessions() const {
    std::vector<Session*> list = server_.sessions().list();
    if (o_.order == "name")
      std::stable_sort(list.begin(), list.end(),
                       [](Session* a, Session* b) { return a->name < b->name; });
    if (o_.order == "time")
      std::stable_sort(list.begin(), list.end(),
                       [](Session* a, Session* b) { return a->activity > b->activity; });
    if (reversed_) std::reverse(list.begin(), list.end());
    return list;
  }
  std::vector<Window*> windows(Session& s) const {
    std::vector<Window*> list;
    for (auto& [index, w] : s.windows)
      if (!o_.filter || o_.filter(*w)) list.push_back(w.get());
    if (o_.order == "name")
      std::stable_sort(list.begin(), list.end(),
                       [](Window* a, Window* b) { return a->name < b->name; });
    if (reversed_) std::reverse(list.begin(), list.end());
    return list;
  }
  // An item's text after its name: -F's format, else tmux's default.
  std::string describe(FormatContext& fc, int depth, const char* fallback) {
    if (o_.format.empty()) return format_expand(fallback, fc);
    fc.set("session_format", depth == 0 ? "1" : "0");
    fc.set("window_format", depth == 1 ? "1" : "0");
    fc.set("pane_format", depth == 2 ? "1" : "0");
    return format_expand(o_.format, fc);
  }

  std::vector<TreeItem> build() {
    std::vector<TreeItem> out;
    for (Session* s : sessions()) {
      std::vector<Window*> windows = this->windows(*s);
      if (o_.filter && windows.empty()) continue;
      TreeItem si;
      si.session = s->id;
      si.target = s->name + ":";
      si.children = !windows.empty();
      si.open = si.children && open_sessions_.count(s->id) > 0;
      FormatContext sc;
      server_.session_formats(sc, *s);
      si.text = std::string(si.children ? (si.open ? "- " : "+ ") : "  ") + s->name + ": " +
                describe(sc, 0, "#{session_windows} windows#{?session_attached, (attached),}");
      out.push_back(si);
      if (!si.open) continue;
      // Windows line up: room for a +/- before each when any of them has panes to show.
      bool marks = std::any_of(windows.begin(), windows.end(),
                               [](const Window* w) { return w->panes.size() > 1; });
      for (size_t wi = 0; wi < windows.size(); wi++) {
        Window& w = *windows[wi];
        bool last_w = wi + 1 == windows.size();
        TreeItem wt;
        wt.depth = 1;
        wt.session = s->id;
        wt.window = w.id;
        wt.target = s->name + ":" + std::to_string(w.index);
        wt.children = w.panes.size() > 1;
        wt.open = wt.children && open_windows_.count(w.id) > 0;
        FormatContext fc;
        if (w.active != nullptr) server_.pane_formats(fc, *w.active);
        wt.text = std::string(last_w ? "└─> " : "├─> ") +
                  (wt.children ? (wt.open ? "- " : "+ ")
                   : marks     ? "  "
                               : "") +
                  std::to_string(w.index) + ": " + describe(fc, 1, "#{window_name}#{window_flags}");
        out.push_back(wt);
        if (!wt.open) continue;
        long long base = w.options.number("pane-base-index");
        for (size_t pi = 0; pi < w.panes.size(); pi++) {
          Pane& p = *w.panes[pi];
          TreeItem pt;
          pt.depth = 2;
          pt.session = s->id;
          pt.window = w.id;
          pt.pane = p.id;
          pt.target = wt.target + "." + std::to_string(static_cast<long long>(pi) + base);
          FormatContext pc;
          server_.pane_formats(pc, p);
          pt.text = std::string(last_w ? "    " : "│   ") +
                    (pi + 1 == w.panes.size() ? "└─> " : "├─> ") +
                    std::to_string(static_cast<long long>(pi) + base) + ": " +
                    describe(pc, 2,
                             "#{pane_id} #{pane_current_command}#{?pane_active,*,} "
                             "\"#{pane_title}\"");
          out.push_back(pt);
        }
      }
    }
    return out;
  }

  // A box titled with the item, holding the pane it stands for (a session's or window's
  // active pane), its top rows as they fit.
  void draw_preview(Canvas& cv, int x, int y, int w, int h, const TreeItem& it) {
    Pane* p = nullptr;
    if (it.pane >= 0) {
      p = server_.sessions().find_pane(it.pane);
    } else if (Window* win = it.window >= 0 ? server_.sessions().find_window(it.window) : nullptr) {
      p = win->active;
    } else if (Session* s = server_.sessions().find_id(it.session);
               s != nullptr && s->current != nullptr) {
      p = s->current->active;
    }
    Style st;
    cv.frame(x, y, w, h, st);
    cv.print(x + 2, y, " " + it.target + " ", st, x + w - 1);
    if (p == nullptr || !p->term) return;
    const Grid& g = p->term->grid();
    for (int r = 0; r < h - 2 && r < g.rows(); r++)
      cv.copy_line(x + 1, y + 1 + r, g.line(r), 0, w - 2);
  }

  Server& server_;
  uint64_t client_;
  TreeOptions o_;
  std::set<int> open_sessions_, open_windows_;
  int selected_ = 0, top_ = 0, page_ = 1;
  std::string command_;
  std::set<std::string> tagged_;  // items tagged with t, by target
  bool reversed_ = false;
  std::string confirm_;  // x or X asked this; y runs confirm_commands_
  std::vector<std::string> confirm_commands_;
};

}  // namespace

std::unique_ptr<Overlay> make_choose_tree(Server& server, uint64_t client, const TreeOptions& o) {
  return std::make_unique<ChooseTree>(server, client, o);
}

}  // namespace amux
