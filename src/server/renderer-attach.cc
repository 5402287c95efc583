// Attached clients: attaching and detaching, window sizes from the clients' terminals,
// keys (the prefix, the key tables, the pane), pastes and the mouse, status-line messages
// and group events shown on every member's screen, and sending each client an update of
// only what changed — none while its output is backed up.
#include "amux/server/renderer.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "amux/base/parse.h"
#include "amux/base/trace.h"
#include "amux/coord/coordinator.h"
#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
#include "amux/server/modes.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

constexpr size_t kDrawBacklog = 64 * 1024;  // bytes queued to a client before frames drop
// More pane output than this since the last frame is a flood: frames are then at least
// kFrameMs apart (100 a second), each showing the screen as it is by then.
constexpr size_t kFloodBytes = 16 * 1024;
constexpr int64_t kFrameMs = 10;
constexpr size_t kMessageLog = 1000;

void on_redraw(evutil_socket_t, short, void* arg) noexcept {
  guarded("redraw", [arg] { static_cast<Renderer*>(arg)->draw_clients(); });
}

void on_status_timer(evutil_socket_t, short, void* arg) noexcept {
  guarded("status-interval", [arg] { static_cast<Renderer*>(arg)->status_tick(); });
}

void on_message_timeout(evutil_socket_t, short, void* arg) noexcept {
  guarded("message", [arg] {
    auto* c = static_cast<ClientConn*>(arg);
    if (!c->attached) return;
    c->attached->message.clear();
    c->attached->dirty = true;
    c->server->renderer().draw_clients();
  });
}

void on_tty_read(struct bufferevent* bev, void* arg) noexcept {
  guarded("terminal read", [bev, arg] {
    AMUX_TRACE_MARK("tty-read");
    auto* c = static_cast<ClientConn*>(arg);
    struct evbuffer* in = bufferevent_get_input(bev);
    std::string bytes(evbuffer_get_length(in), '\0');
    evbuffer_remove(in, bytes.data(), bytes.size());
    c->server->renderer().client_input(*c, bytes);
  });
}

void on_tty_write(struct bufferevent*, void* arg) noexcept {
  guarded("terminal write", [arg] {
    auto* c = static_cast<ClientConn*>(arg);
    if (c->attached && c->attached->dirty) c->server->renderer().draw_client(*c);
  });
}

void on_tty_event(struct bufferevent*, short, void* arg) noexcept {
  // The terminal closed (hang-up) or failed: the client is detached, its session goes on.
  guarded("terminal", [arg] {
    auto* c = static_cast<ClientConn*>(arg);
    c->server->renderer().detach(*c, "detached");
  });
}

// Raw mode: every byte as typed, no echo, no signals, no output processing.
void make_raw(struct termios* t) {
  t->c_iflag &= ~static_cast<tcflag_t>(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL |
                                       IXON | IXOFF);
  t->c_oflag &= ~static_cast<tcflag_t>(OPOST);
  t->c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t->c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB);
  t->c_cflag |= CS8;
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}

void send_frame(ClientConn& c, MsgType type, std::string_view payload) {
  std::string frame = encode_frame(type, payload);
  bufferevent_write(c.bev.get(), frame.data(), frame.size());
}

// How a group event reads on a member's status line.
std::string announce_text(const Group& g, const GroupEvent& e) {
  std::string who = "[" + g.name + "] " + e.session;
  switch (e.kind) {
    case EventKind::kJoin: return who + " joined";
    case EventKind::kLeave: return who + " left";
    case EventKind::kCoordinator: return who + " is now coordinator";
    case EventKind::kShare: return who + " shared " + e.key + "=" + e.value;
    case EventKind::kUnset: return who + " unset " + e.key;
    case EventKind::kMessage: return who + " sent a message to " + e.target;
    case EventKind::kLock: return who + " locked " + e.key;
    case EventKind::kUnlock: return who + " unlocked " + e.key;
    case EventKind::kExpire: return "[" + g.name + "] lease on " + e.key + " expired";
    case EventKind::kState: return "";
    case EventKind::kObjective: return who + " objective: " + e.value;
    case EventKind::kConflict:
      return who + " " + e.value + (e.key.empty() ? "" : " " + e.key) + " refused: " + e.data;
    case EventKind::kRead: return who + " read message " + std::to_string(e.ref);
    case EventKind::kBreak: return who + " broke " + e.target + "'s lease on " + e.key;
    case EventKind::kGive: return who + " gave " + e.key + " to " + e.target;
    case EventKind::kNotify: return who + " needs you: " + e.value;
    case EventKind::kCommand:
    case EventKind::kProgress: return "";
    case EventKind::kResumed: return who + " resumed";
    case EventKind::kMerged: return who + " merged " + e.key + " into " + e.value;
    case EventKind::kMergeConflict: return who + ": " + e.key + " conflicts with " + e.value;
  }
  return "";
}

}  // namespace

ClientConn* own_client(CmdContext& ctx) {
  Server& server = *ctx.server();
  if (ctx.client().attached_client != 0)
    return server.clients().find_client(ctx.client().attached_client);
  return ctx.client_id() != 0 ? server.clients().find_client(ctx.client_id()) : nullptr;
}

ClientConn* command_client(CmdContext& ctx, char flag) {
  Server& server = *ctx.server();
  if (ctx.args().has(flag)) {
    const std::string& name = ctx.args().get(flag);
    for (ClientConn* c : server.renderer().attached_clients())
      if (c->attached->terminal.name == name || std::to_string(c->attached->terminal.pid) == name)
        return c;
    ctx.error("can't find client: " + name);
    return nullptr;
  }
  ClientConn* own = own_client(ctx);
  if (own != nullptr && own->attached) return own;
  int current = server.current_session_for(ctx.client());
  ClientConn* c =
      server.renderer().attached_client(ctx.client(), server.sessions().find_id(current));
  if (c == nullptr) ctx.error("no current client");
  return c;
}

void Renderer::attach(ClientConn& c, Session& s) {
  if (c.control) return server_.clients().control_attach(c, s);
  bool first = !c.attached;
  if (c.attached) {
    int old = c.attached->session;
    if (old != s.id) server_.hooks().client("client-session-changed", c, s);
    if (old != s.id) c.attached->last_session = old;
    c.attached->session = s.id;
    c.attached->mode.reset();
    c.attached->prompt.reset();
    c.attached->prefix = false;
    if (Session* o = server_.sessions().find_id(old); o != nullptr && o != &s) fit_session(*o);
  } else {
    c.attached = std::make_unique<Attached>();
    c.attached->terminal = c.info.terminal;
    c.attached->created = c.attached->activity = server_.now();
    c.attached->session = s.id;
    if (attached_count_++ == 0) status_tick();
  }
  server_.sessions().touch(s, server_.now());
  fit_session(s);
  redraw();
  if (first) {
    if (std::vector<std::string> errors = server_.take_config_errors(); !errors.empty())
      open_mode(c, make_view_mode(std::move(errors)));
    server_.hooks().client("client-session-changed", c, s);
    server_.hooks().client("client-attached", c, s);
  }
}

bool Renderer::open_terminal(ClientConn& c, std::string* error) {
  Attached& a = *c.attached;
  const std::string& path = a.terminal.name;
  Fd fd(path.empty() ? -1 : open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  struct stat st;  // the terminal must be the connecting user's own
  if (!fd || !isatty(fd.get()) || fstat(fd.get(), &st) != 0 || st.st_uid != c.uid) {
    *error = "open terminal failed: " +
             (path.empty() ? std::string("not a terminal") : "can't open " + path);
    return false;
  }
  if (!a.writer.open(a.terminal.term, c.info.getenv("COLORTERM").value_or(""), error)) return false;
  if (tcgetattr(fd.get(), &a.saved_modes) != 0) {
    *error = "open terminal failed: not a terminal";
    return false;
  }
  struct termios raw = a.saved_modes;
  make_raw(&raw);
  tcsetattr(fd.get(), TCSANOW, &raw);
  a.tty.reset(bufferevent_socket_new(server_.base(), fd.release(), BEV_OPT_CLOSE_ON_FREE));
  bufferevent_setcb(a.tty.get(), on_tty_read, on_tty_write, on_tty_event, &c);
  bufferevent_enable(a.tty.get(), EV_READ);
  write_terminal(a, a.writer.start());
  return true;
}

// Writes to the client's terminal at once when nothing is queued (a key's echo goes out
// in the same turn of the loop); what the terminal does not take now is queued.
void Renderer::write_terminal(Attached& a, std::string_view bytes) {
  struct evbuffer* out = bufferevent_get_output(a.tty.get());
  if (evbuffer_get_length(out) == 0) {
    ssize_t n = write(bufferevent_getfd(a.tty.get()), bytes.data(), bytes.size());
    if (n > 0) bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (!bytes.empty()) bufferevent_write(a.tty.get(), bytes.data(), bytes.size());
}

// Gives the terminal back: what is queued goes out if it can without waiting, then the
// end sequence and the modes from before attaching.
void Renderer::release_terminal(Attached& a) {
  if (!a.tty) return;
  int fd = bufferevent_getfd(a.tty.get());
  struct evbuffer* out = bufferevent_get_output(a.tty.get());
  evbuffer_unfreeze(out, 1);
  for (int i = 0; i < 16 && evbuffer_get_length(out) > 0; i++)
    if (evbuffer_write(out, fd) <= 0) break;
  std::string end = a.writer.restore();
  if (evbuffer_get_length(out) == 0) {
    size_t done = 0;
    for (int i = 0; i < 16 && done < end.size(); i++) {
      ssize_t n = write(fd, end.data() + done, end.size() - done);
      if (n <= 0 && errno != EINTR && errno != EAGAIN) break;
      if (n > 0) done += static_cast<size_t>(n);
    }
  }
  // TCSANOW: TCSADRAIN would wait for a terminal that is not reading, stalling the server.
  tcsetattr(fd, TCSANOW, &a.saved_modes);
  a.tty.reset();
}

// Every status-interval seconds the status lines are expanded again (formats with times).
void Renderer::status_tick() {
  if (attached_count_ == 0) {
    status_timer_.reset();
    return;
  }
  redraw();
  long long seconds = server_.global_options.number("status-interval");
  if (seconds <= 0) return;
  if (!status_timer_) status_timer_.reset(evtimer_new(server_.base(), on_status_timer, this));
  struct timeval tv = {static_cast<time_t>(seconds), 0};
  evtimer_add(status_timer_.get(), &tv);
}

void Renderer::drop_attached(ClientConn& c) {
  release_terminal(*c.attached);
  int sid = c.attached->session;
  if (Session* s = server_.sessions().find_id(sid))
    server_.hooks().client("client-detached", c, *s);
  c.attached.reset();
  attached_count_--;
  if (Session* s = server_.sessions().find_id(sid)) fit_session(*s);
  redraw();
}

void Renderer::detach(ClientConn& c, const std::string& reason) {
  if (!c.attached) return;
  drop_attached(c);
  if (!c.attach_sent) return;
  send_frame(c, MsgType::kDetach, reason);
  // Closed once the frame is written (the write callback sees reading disabled).
  bufferevent_disable(c.bev.get(), EV_READ);
}

std::vector<ClientConn*> Renderer::attached_clients(int session_id) {
  std::vector<ClientConn*> out;
  for (auto& [id, c] : server_.clients().connections())
    if (c->attached && (session_id < 0 || c->attached->session == session_id))
      out.push_back(c.get());
  return out;
}

ClientConn* Renderer::attached_client(const ClientInfo& info, const Session* s) {
  if (info.attached_client != 0) {
    ClientConn* c = server_.clients().find_client(info.attached_client);
    return c != nullptr && c->attached ? c : nullptr;
  }
  ClientConn* best = nullptr;
  for (ClientConn* c : attached_clients(s != nullptr ? s->id : -1))
    if (best == nullptr || c->attached->activity >= best->attached->activity) best = c;
  if (best == nullptr && s != nullptr) return attached_client(info, nullptr);
  return best;
}

// window-size: the windows take the size of the smallest or largest client, or of the
// latest (attached, resized or typed into last, as seen when clients come, go or
// resize); manual: only resize-window sizes them.
void Renderer::fit_session(Session& s) {
  int status = s.options.flag("status") ? 1 : 0;
  auto fit = [&](const std::string& mode, int* cols, int* rows) {
    *cols = *rows = 0;
    const ClientConn* latest = nullptr;
    for (ClientConn* c : attached_clients(s.id)) {
      int w = std::min(c->attached->terminal.cols, kMaxCanvasCols);
      int h = std::max(1, std::min(c->attached->terminal.rows, kMaxCanvasRows) - status);
      bool first = *cols == 0;
      if (mode == "latest") {
        if (latest == nullptr || c->attached->activity >= latest->attached->activity)
          latest = c, *cols = w, *rows = h;
      } else if (mode == "largest") {
        *cols = first ? w : std::max(*cols, w);
        *rows = first ? h : std::max(*rows, h);
      } else {
        *cols = first ? w : std::min(*cols, w);
        *rows = first ? h : std::min(*rows, h);
      }
    }
    return *cols >= 1 && *rows >= 1;
  };
  int cols, rows;
  if (fit(server_.global_window_options.get("window-size"), &cols, &rows)) {
    s.sx = cols;  // the size new windows start at
    s.sy = rows;
  }
  for (auto& [index, w] : s.windows) {
    std::string mode = w->options.get("window-size");
    if (mode != "manual" && fit(mode, &cols, &rows) && (w->sx != cols || w->sy != rows))
      server_.sessions().resize_window(*w, cols, rows);
  }
}

void Renderer::redraw(const Session* s, bool status) {
  if (attached_count_ == 0) return;
  for (ClientConn* c : attached_clients(s != nullptr ? s->id : -1)) {
    c->attached->dirty = true;
    if (status) c->attached->status_valid = false;
  }
  if (!redraw_event_) redraw_event_.reset(event_new(server_.base(), -1, 0, on_redraw, this));
  event_active(redraw_event_.get(), EV_TIMEOUT, 0);
}

void Renderer::draw_clients() {
  AMUX_TRACE_MARK("draw");
  int64_t now = monotonic_ms();
  int64_t wait = -1;  // the soonest next frame of a flooding session's client
  std::set<int> drawn, shown;
  for (ClientConn* c : attached_clients()) {
    Attached& a = *c->attached;
    shown.insert(a.session);
    if (!c->attach_sent || !a.dirty) continue;
    auto flood = output_since_draw_.find(a.session);
    if (flood != output_since_draw_.end() && flood->second > kFloodBytes &&
        now - a.shown_ms < kFrameMs) {
      int64_t left = kFrameMs - (now - a.shown_ms);
      wait = wait < 0 ? left : std::min(wait, left);
      continue;
    }
    draw_client(*c);
    a.shown_ms = now;
    drawn.insert(a.session);
  }
  // A drawn session starts counting again; one no client shows is not counted.
  std::erase_if(output_since_draw_,
                [&](const auto& e) { return drawn.count(e.first) != 0 || shown.count(e.first) == 0; });
  if (wait < 0) return;
  if (!frame_timer_) frame_timer_.reset(evtimer_new(server_.base(), on_redraw, this));
  if (!evtimer_pending(frame_timer_.get(), nullptr)) {
    struct timeval tv = ms_timeval(wait);
    evtimer_add(frame_timer_.get(), &tv);
  }
}

void Renderer::draw_client(ClientConn& c) {
  Attached& a = *c.attached;
  if (!a.tty || evbuffer_get_length(bufferevent_get_output(a.tty.get())) > kDrawBacklog) return;
  Canvas now = compose(c);
  AMUX_TRACE_MARK("composed");
  uint8_t flags = 0;
  Session* s = server_.sessions().find_id(a.session);
  if (s != nullptr && s->current != nullptr && s->current->active != nullptr) {
    Pane* p = s->current->active;
    if (p->term && p->term->bracketed_paste() && !a.mode && !a.prompt) flags |= kUpdatePaste;
    if (s->options.flag("mouse")) flags |= kUpdateMouse;
  }
  std::string update =
      encode_update(a.have_shown ? &a.shown : nullptr, now, flags, &a.changed_rows);
  bool same_cursor = a.have_shown && a.shown.cursor_x == now.cursor_x &&
                     a.shown.cursor_y == now.cursor_y &&
                     a.shown.cursor_visible == now.cursor_visible && a.shown_flags == flags;
  if (!same_cursor || update.size() > kUpdateHeaderSize) {
    std::string bytes = a.writer.draw(update);
    AMUX_TRACE_MARK("encoded");
    write_terminal(a, bytes);
    AMUX_TRACE_MARK("written");
  }
  a.spare = std::move(a.shown);
  a.spare_rows = a.have_shown ? a.changed_rows : std::vector<bool>();
  a.shown = std::move(now);
  a.shown_flags = flags;
  a.have_shown = true;
  a.dirty = false;
}

void Renderer::client_resized(ClientConn& c, int cols, int rows) {
  if (!c.attached) return;
  c.attached->terminal.cols = cols;
  c.attached->terminal.rows = rows;
  c.attached->have_shown = false;
  if (Session* s = server_.sessions().find_id(c.attached->session)) {
    server_.hooks().client("client-resized", c, *s);
    fit_session(*s);
  }
  redraw();
}

Pane* Renderer::shown_pane(const ClientConn& c) {
  Session* s = c.attached ? server_.sessions().find_id(c.attached->session) : nullptr;
  return s != nullptr && s->current != nullptr ? s->current->active : nullptr;
}

Prompt* Renderer::open_prompt(ClientConn& c, std::string label, std::string text,
                              std::function<void(const std::string&)> done) {
  if (!c.attached) return nullptr;
  auto p = std::make_unique<Prompt>();
  p->label = std::move(label);
  p->text = std::move(text);
  p->cursor = p->text.size();
  p->done = std::move(done);
  c.attached->prompt = std::move(p);
  redraw(server_.sessions().find_id(c.attached->session));
  return c.attached->prompt.get();
}

void Renderer::open_mode(ClientConn& c, std::unique_ptr<Overlay> mode) {
  if (!c.attached) return;
  c.attached->mode = std::move(mode);
  redraw(server_.sessions().find_id(c.attached->session));
}

void Renderer::close_mode(uint64_t client, const Overlay* mode) {
  ClientConn* c = server_.clients().find_client(client);
  if (c == nullptr || !c->attached || c->attached->mode.get() != mode) return;
  c->attached->mode.reset();
  redraw(server_.sessions().find_id(c->attached->session));
}

void Renderer::log_message(const std::string& text) {
  messages_.push_back(LogMessage{server_.now(), text});
  while (messages_.size() > kMessageLog) messages_.pop_front();
}

void Renderer::show_message(ClientConn& c, const std::string& text) {
  if (!c.attached) return;
  Attached& a = *c.attached;
  a.message = text;
  Session* s = server_.sessions().find_id(a.session);
  long long ms = s != nullptr ? s->options.number("display-time") : 750;
  a.message_timer.reset();
  if (ms > 0) {
    a.message_timer.reset(evtimer_new(server_.base(), on_message_timeout, &c));
    struct timeval tv = ms_timeval(ms);
    evtimer_add(a.message_timer.get(), &tv);
  }
  redraw(s);
}

// A member began to wait for a person: the client's bell (visual-bell off), a message
// (on), or both, as tmux tells of a bell; bell-action none: neither.
void Renderer::alert(ClientConn& c, const Group& g, const GroupEvent& e) {
  Session* s = server_.sessions().find_id(c.attached->session);
  if (s == nullptr || s->options.get("bell-action") == "none") return;
  std::string visual = s->options.get("visual-bell");
  if (visual != "on" && c.attached->tty) bufferevent_write(c.attached->tty.get(), "\a", 1);
  if (visual != "off")
    show_message(c, "[" + g.name + "] " + e.session + " is waiting" +
                        (e.data.empty() ? "" : ": " + e.data));
}

void Renderer::announce(const Group& g, const GroupEvent& e) {
  std::string text = announce_text(g, e);
  if (attached_count_ == 0) return;
  bool waiting = e.kind == EventKind::kState && e.value == "waiting";
  for (ClientConn* c : attached_clients()) {
    // The status line counts who waits: drawn again on any change of state or members.
    if (e.kind == EventKind::kState || e.kind == EventKind::kJoin || e.kind == EventKind::kLeave)
      c->attached->status_valid = false;
    int sid = c->attached->session;
    bool member = session_in_group(server_, g, sid) ||
                  (e.kind == EventKind::kLeave && e.session_id == sid);
    if (!member) continue;
    if (text.empty())
      c->attached->dirty = true;
    else
      show_message(*c, text);
    if (waiting) alert(*c, g, e);
  }
  if (!text.empty()) log_message(text);
  redraw();
}

void Renderer::notify(int session_id, const std::string& text) {
  log_message(text);
  for (ClientConn* c : attached_clients())
    if (c->attached->session == session_id) show_message(*c, text);
  redraw();
}

ClientInfo Renderer::client_context(ClientConn& c) {
  ClientInfo info;
  info.cwd = c.info.cwd;
  for (const auto& e : c.info.env)
    if (e.rfind("AMUX=", 0) != 0 && e.rfind("AMUX_PANE=", 0) != 0) info.env.push_back(e);
  if (c.attached) {
    Session* s = server_.sessions().find_id(c.attached->session);
    if (s != nullptr) {
      info.env.push_back("AMUX=" + server_.amux_value(s->id));
      if (s->current != nullptr && s->current->active != nullptr)
        info.env.push_back("AMUX_PANE=%" + std::to_string(s->current->active->id));
    }
    info.terminal = c.attached->terminal;
  }
  info.attached_client = c.id;
  info.read_only = c.info.read_only;
  return info;
}

void Renderer::run_for_client(ClientConn& c, const std::string& command, int pane,
                              const MouseEvent* mouse) {
  std::vector<ParsedCommand> list;
  std::string error, out, err;
  if (!parse_command_string(command, &list, &error)) return show_message(c, error);
  if (list.empty()) return;
  ClientInfo info = client_context(c);
  if (pane >= 0 && server_.sessions().find_pane(pane) != nullptr)
    for (auto& e : info.env)
      if (e.rfind("AMUX_PANE=", 0) == 0) e = "AMUX_PANE=%" + std::to_string(pane);
  if (mouse != nullptr) {
    c.attached->mouse = *mouse;
    c.attached->mouse.valid = true;
  }
  run_command_list(&server_, info, list, &out, &err);
  if (mouse != nullptr && c.attached) c.attached->mouse.valid = false;
  // Shown once the turn is saved, as a reply is sent.
  if (!server_.clients().hold_shown(c, out, err)) show_output(c, out, err);
}

void Renderer::show_output(ClientConn& c, const std::string& out, const std::string& err) {
  if (!c.attached) return;
  if (!err.empty()) {
    show_message(c, err.substr(0, err.find('\n')));
  } else if (!out.empty()) {  // one line shows as a message, more open a view
    std::vector<std::string> lines = split_lines(out);
    if (lines.size() == 1)
      show_message(c, lines[0]);
    else
      open_mode(c, make_view_mode(std::move(lines)));
  }
  redraw();
}

}  // namespace amux
