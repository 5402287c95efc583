// The format variables of the server, a session, a window and a pane, as -F, display
// -p and every listing expand them (#{session_name}, #{pane_current_command}, ...).
#include "amux/server/server.h"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>

#include "amux/coord/coordinator.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/session-tree.h"
#include "amux/server/worktrees.h"

namespace amux {

// Options read as formats (#{history-limit}, #{@name}), as tmux reads them: from the most
// specific option set given, through its parents, then the server's.
static std::optional<std::string> option_value(std::string_view name, const Options* first,
                                               const Options* second, const Options& server) {
  std::string key(name);
  if (!is_user_option(key) && find_option(key) == nullptr) return std::nullopt;
  const OptionDef* def = find_option(key);
  if (def != nullptr && def->type == OptionType::kArray) return std::string();  // as tmux
  for (const Options* o : {first, second, &server})
    for (const Options* at = o; at != nullptr; at = at->parent())
      if (at->has_local(key)) return at->local().at(key);
  return def != nullptr ? std::optional<std::string>(def->default_value) : std::nullopt;
}

// A window's variables that cost something (the layout string, the clients), made only
// when a format asks, then its options (own: the window's or one pane's).
std::optional<std::string> Server::window_variable(Window& w, const Options& own,
                                                   std::string_view name) {
  if (name == "window_layout" || name == "window_visible_layout") return w.layout.dump();
  if (name == "window_active_clients")
    return std::to_string(
        w.session->current == &w ? renderer().attached_clients(w.session->id).size() : 0);
  return option_value(name, &own, &w.session->options, server_options);
}

void Server::server_formats(FormatContext& ctx) {
  ctx.set("pid", std::to_string(pid_));
  ctx.set("start_time", std::to_string(start_time_));
  ctx.set("config_files", config_file_);
  ctx.set("uid", std::to_string(getuid()));
  ctx.set("user", user_name_);
  ctx.set("host", host_name_);
  ctx.set("host_short", host_name_.substr(0, host_name_.find('.')));
  ctx.set("next_session_id", "$" + std::to_string(sessions().peek_next_session_id()));
  ctx.set("version", kTmuxVersion);  // what tools that check tmux's version expect
  ctx.set("amux_version", AMUX_VERSION);
  ctx.set("socket_path", socket_path_);
  ctx.set("server_parked_clients", std::to_string(clients().parked_clients()));
  ctx.set("server_attached_clients", std::to_string(renderer().attached_count()));
  hooks().add_formats(ctx);
}

static std::string proc_read(pid_t pid, const char* what, bool link) {
  std::string path = "/proc/" + std::to_string(pid) + "/" + what;
  char buf[4096];
  ssize_t n;
  if (link) {
    n = readlink(path.c_str(), buf, sizeof buf - 1);
  } else {
    Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    n = fd ? read(fd.get(), buf, sizeof buf - 1) : -1;
  }
  if (n <= 0) return "";
  std::string out(buf, static_cast<size_t>(n));
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// #{S:...}, #{W:...}, #{P:...}: each session, window of s or pane of w expanded with its
// own formats (current for the current one), one after another.
static std::string format_loop(Server& server, char kind, std::string_view each,
                               std::string_view current, int depth, Session* s, Window* w) {
  std::string out;
  auto one = [&](bool is_current, auto&& fill) {
    FormatContext item;
    fill(item);
    out += format_expand_at(is_current ? current : each, item, depth);
  };
  if (kind == 'S') {
    for (Session* other : server.sessions().list())
      one(other == s, [&](FormatContext& c) { server.session_formats(c, *other); });
  } else if (kind == 'W' && s != nullptr) {
    for (auto& entry : s->windows) {
      Window* win = entry.second.get();
      one(win == s->current, [&](FormatContext& c) { server.window_formats(c, *win); });
    }
  } else if (kind == 'P' && w != nullptr) {
    for (auto& p : w->panes)
      one(p.get() == w->active, [&](FormatContext& c) { server.pane_formats(c, *p); });
  }
  return out;
}

void Server::window_formats(FormatContext& ctx, Window& w) {
  session_formats(ctx, *w.session);
  Window* looped = &w;
  ctx.set_loop(
      [this, looped](char kind, std::string_view each, std::string_view current, int depth) {
        return format_loop(*this, kind, each, current, depth, looped->session, looped);
      });
  ctx.set("window_id", "@" + std::to_string(w.id));
  ctx.set("window_index", std::to_string(w.index));
  ctx.set("window_name", w.name);
  ctx.set("window_panes", std::to_string(w.panes.size()));
  ctx.set("window_active", w.session->current == &w ? "1" : "0");
  ctx.set("window_width", std::to_string(w.sx));
  ctx.set("window_height", std::to_string(w.sy));
  std::string flags;
  if (w.session->current == &w) flags += '*';
  if (w.session->last == &w) flags += '-';
  if (w.zoomed) flags += 'Z';
  ctx.set("window_flags", flags);
  ctx.set("window_raw_flags", flags);
  ctx.set("window_marked_flag", "0");
  ctx.set("window_linked", "0");  // a window is in one session (no link-window)
  ctx.set("window_linked_sessions", "1");
  ctx.set("window_linked_sessions_list", w.session->name);
  ctx.set("window_active_sessions", w.session->current == &w ? "1" : "0");
  Window* wp = &w;
  ctx.set_lookup(
      [this, wp](std::string_view name) { return window_variable(*wp, wp->options, name); });
  ctx.set("window_zoomed_flag", w.zoomed ? "1" : "0");
}

void Server::pane_formats(FormatContext& ctx, Pane& p) {
  window_formats(ctx, *p.window);
  ctx.set("pane_id", "%" + std::to_string(p.id));
  worktree_formats(ctx, "pane", worktrees().of_member(p.window->session->id, p.id));
  Pane* marked = marked_pane();
  ctx.set("pane_marked", marked == &p ? "1" : "0");
  ctx.set("pane_marked_set", marked != nullptr ? "1" : "0");
  ctx.set("window_marked_flag", marked != nullptr && marked->window == p.window ? "1" : "0");
  ctx.set("pane_index",
          std::to_string(p.window->pane_index(&p) + p.window->options.number("pane-base-index")));
  ctx.set("pane_pid", p.pid > 0 ? std::to_string(p.pid) : "");
  ctx.set("pane_tty", p.tty);
  ctx.set("pane_dead", p.dead ? "1" : "0");
  ctx.set("pane_input_off", p.input_off ? "1" : "0");
  ctx.set("pane_dead_status", p.dead ? std::to_string(p.dead_status) : "");
  ctx.set("pane_width", std::to_string(p.sx));
  ctx.set("pane_height", std::to_string(p.sy));
  ctx.set("pane_left", std::to_string(p.xoff));
  ctx.set("pane_top", std::to_string(p.yoff));
  ctx.set("pane_right", std::to_string(p.xoff + p.sx - 1));
  ctx.set("pane_bottom", std::to_string(p.yoff + p.sy - 1));
  ctx.set("pane_start_path", p.spec.cwd);
  std::string start_command;
  for (const auto& word : p.spec.command)
    start_command += (start_command.empty() ? "" : " ") + word;
  ctx.set("pane_start_command", start_command);
  ctx.set("pane_active", p.window->active == &p ? "1" : "0");
  ctx.set("pane_title", p.term ? p.term->title() : "");
  ctx.set("pane_in_mode", "0");
  ctx.set("pane_mode", "");
  for (ClientConn* c : renderer().attached_clients())  // a copy mode open on the pane
    if (auto* copy = dynamic_cast<CopyMode*>(c->attached->mode.get());
        copy != nullptr && copy->pane_id() == p.id) {
      copy->formats(ctx);
      break;
    }
  ctx.set("cursor_x", p.term ? std::to_string(p.term->cursor_x()) : "0");
  ctx.set("cursor_y", p.term ? std::to_string(p.term->cursor_y()) : "0");
  ctx.set("history_size", p.term ? std::to_string(p.term->primary().history_size()) : "0");
  ctx.set("history_limit", p.term ? std::to_string(p.term->primary().history_limit()) : "0");
  ctx.set("alternate_on", p.term && p.term->alternate() ? "1" : "0");
  ctx.set("cursor_flag", p.term && p.term->cursor_visible() ? "1" : "0");
  ctx.set("keypad_cursor_flag", p.term && p.term->app_cursor() ? "1" : "0");
  ctx.set("keypad_flag", p.term && p.term->app_keypad() ? "1" : "0");
  ctx.set("wrap_flag", p.term && p.term->autowrap() ? "1" : "0");
  ctx.set("insert_flag", p.term && p.term->insert_mode() ? "1" : "0");
  ctx.set("origin_flag", p.term && p.term->origin_mode() ? "1" : "0");
  ctx.set("scroll_region_upper", p.term ? std::to_string(p.term->scroll_top()) : "0");
  ctx.set("scroll_region_lower", p.term ? std::to_string(p.term->scroll_bottom()) : "0");
  // tmux prints an unset saved position as UINT_MAX; tools parse it as a number.
  auto [saved_x, saved_y] = p.term ? p.term->alternate_saved() : std::pair{-1, -1};
  ctx.set("alternate_saved_x", saved_x < 0 ? "4294967295" : std::to_string(saved_x));
  ctx.set("alternate_saved_y", saved_y < 0 ? "4294967295" : std::to_string(saved_y));
  int mouse = p.term ? p.term->mouse_mode() : 0;
  ctx.set("mouse_any_flag", mouse != 0 ? "1" : "0");
  ctx.set("mouse_standard_flag", mouse == 1000 ? "1" : "0");
  ctx.set("mouse_button_flag", mouse == 1002 ? "1" : "0");
  ctx.set("mouse_all_flag", mouse == 1003 ? "1" : "0");
  ctx.set("mouse_sgr_flag", p.term && p.term->mouse_sgr() ? "1" : "0");
  Pane* pp = &p;
  ctx.set_lookup([this, pp](std::string_view name) -> std::optional<std::string> {
    if (name == "history_bytes") {  // the text the history holds, made when asked
      size_t bytes = 0;
      if (pp->term)
        for (size_t i = 0; i < pp->term->primary().history_size(); i++) {
          const Line& line = pp->term->primary().history_line(i);
          for (int x = 0; x < line.size(); x++) bytes += line.text(x).size();
        }
      return std::to_string(bytes);
    }
    if (name != "pane_current_command" && name != "pane_current_path")
      return window_variable(*pp->window, pp->window->effective_options(*pp), name);
    pid_t pid = pp->master_fd() >= 0 ? tcgetpgrp(pp->master_fd()) : -1;
    if (pid <= 0) pid = pp->pid;
    if (pid <= 0) return std::string();
    if (name == "pane_current_command") return proc_read(pid, "comm", false);
    return proc_read(pid, "cwd", true);
  });
}

void Server::session_formats(FormatContext& ctx, Session& s) {
  server_formats(ctx);
  Session* looped = &s;
  ctx.set_loop(
      [this, looped](char kind, std::string_view each, std::string_view current, int depth) {
        return format_loop(*this, kind, each, current, depth, looped, looped->current);
      });
  ctx.set("session_name", s.name);
  worktree_formats(ctx, "session", worktrees().of_session(s.id));
  ctx.set("session_id", "$" + std::to_string(s.id));
  ctx.set("session_created", std::to_string(s.created));
  ctx.set("session_activity", std::to_string(s.activity));
  ctx.set("session_windows", std::to_string(s.windows.size()));
  ctx.set("session_path", s.cwd);
  ctx.set("active_window_index", s.current != nullptr ? std::to_string(s.current->index) : "");
  ctx.set("last_window_index", s.windows.empty() ? "" : std::to_string(s.windows.rbegin()->first));
  ctx.set("session_attached", std::to_string(renderer().attached_clients(s.id).size()));
  ctx.set("agent_type", s.agent ? s.agent->type : "");
  ctx.set("agent_objective", s.agent ? s.agent->objective : "");
  Group* g = group_of(s);
  ctx.set("agent_group", g ? g->name : "");
  ctx.set("agent_role", !g ? "" : g->coordinator() == s.id ? "coordinator" : "member");
  ctx.set("agent_peers", g ? std::to_string(g->members.size() - 1) : "0");
  ctx.set("agent_coordinator", g && g->coordinator() == s.id ? "1" : "0");
  const Presence& presence = coord_->presence(s.id);
  ctx.set("agent_state", presence.state);
  ctx.set("agent_note", presence.note);
  time_t out = last_output(s);
  ctx.set("agent_last_output", out ? std::to_string(out) : "");
  ctx.set("agent_last_command", s.last_command);
  Session* sp = &s;
  ctx.set_lookup([this, sp](std::string_view name) {
    return option_value(name, &sp->options, nullptr, server_options);
  });
}

// Whether a locale names UTF-8, as the client's LC_ALL, LC_CTYPE or LANG (the first set).
static bool utf8_locale(const ClientInfo& info) {
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    auto v = info.getenv(name);
    if (!v || v->empty()) continue;
    std::string lower = *v;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
  }
  return false;
}

// An attached client or a control client (which has no terminal of its own: its size is
// that of the terminal it was started in, 0x0 in a pipe).
void Server::client_formats(FormatContext& ctx, ClientConn& c, Session& s) {
  session_formats(ctx, s);
  const TerminalInfo& term = c.attached ? c.attached->terminal : c.info.terminal;
  ctx.set("client_name", clients().client_name(c));
  ctx.set("client_tty", c.attached ? term.name : "");
  ctx.set("client_pid", std::to_string(term.pid));
  ctx.set("client_session", s.name);
  const Session* last = c.attached ? sessions().find_id(c.attached->last_session) : nullptr;
  ctx.set("client_last_session", last != nullptr ? last->name : "");
  ctx.set("client_width", std::to_string(term.cols));
  ctx.set("client_height", std::to_string(term.rows));
  ctx.set("client_termname", term.term);
  ctx.set("client_created", std::to_string(c.attached ? c.attached->created : c.connected));
  ctx.set("client_activity", std::to_string(c.attached ? c.attached->activity : c.connected));
  bool prefix = c.attached && c.attached->prefix;
  ctx.set("client_prefix", prefix ? "1" : "0");
  std::string table = c.attached && !c.attached->key_table.empty() ? c.attached->key_table : "";
  ctx.set("client_key_table", !table.empty() ? table : prefix ? "prefix" : "root");
  ctx.set("client_control_mode", c.control ? "1" : "0");
  ctx.set("client_readonly", c.info.read_only ? "1" : "0");
  bool utf8 = utf8_locale(c.info);
  ctx.set("client_utf8", utf8 ? "1" : "0");
  ctx.set("client_cwd", c.info.cwd);
  ctx.set("client_uid", std::to_string(c.uid));
  struct passwd* pw = getpwuid(c.uid);
  ctx.set("client_user", pw != nullptr ? pw->pw_name : "");
  std::string flags = "attached";
  if (c.control) flags += ",control-mode";
  if (c.info.read_only) flags += ",read-only";
  if (utf8) flags += ",UTF-8";
  ctx.set("client_flags", flags);
}

// What the mouse of the command's binding is over: mouse_x/mouse_y (cells of its pane),
// and the line and the word there (words end at word-separators, as copy mode's).
void Server::mouse_formats(FormatContext& ctx, const ClientInfo& client) {
  const MouseEvent* m = renderer().mouse_for(client);
  Pane* p = m != nullptr ? sessions().find_pane(m->pane) : nullptr;
  if (p == nullptr || m->where != MouseWhere::kPane || !p->term) return;
  int x = m->x - p->xoff, y = m->y - p->yoff;
  ctx.set("mouse_x", std::to_string(x));
  ctx.set("mouse_y", std::to_string(y));
  const Grid& g = p->term->grid();
  if (y < 0 || y >= g.rows()) return;
  const Line& l = g.line(y);
  std::string line, word;
  for (int i = 0; i < l.used(); i++) line += l.text(i);
  std::string seps = p->window->session->options.get("word-separators");
  auto in_word = [&](int i) {
    std::string t = i >= 0 && i < l.used() ? l.text(i) : "";
    return !t.empty() && t != " " && !(t.size() == 1 && seps.find(t[0]) != std::string::npos);
  };
  if (in_word(x)) {
    int from = x, to = x;
    while (in_word(from - 1)) from--;
    while (in_word(to + 1)) to++;
    for (int i = from; i <= to; i++) word += l.text(i);
  }
  ctx.set("mouse_line", line.substr(0, line.find_last_not_of(' ') + 1));
  ctx.set("mouse_word", word);
}

}  // namespace amux
