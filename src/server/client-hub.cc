// Client connections: read one command frame, run its list (a command may park itself
// and be resumed by an event), write stdout/stderr and exit frames, close once written.
// Bad frames get an error and the connection is dropped; nothing a client sends or
// fails to read can stall the loop.
#include "amux/server/client-hub.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include <sys/socket.h>

#include <algorithm>
#include <utility>

#include "amux/base/protocol.h"
#include "amux/coord/coordinator.h"
#include "amux/coord/sqlite-store.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/state-file.h"

namespace amux {

namespace {
constexpr int kClientReadTimeout = 30;  // seconds a client may take to send its command

ClientConn& conn_of(void* arg) {
  return *static_cast<ClientConn*>(arg);
}

void on_read(struct bufferevent*, void* arg) noexcept {
  guarded("client read", [arg] { conn_of(arg).server->clients().client_read(conn_of(arg)); });
}

void on_write(struct bufferevent* bev, void* arg) noexcept {
  // Output drained after the exit frame: the reply is complete. An attached client that
  // was too far behind to be drawn gets the screen as it is now.
  guarded("client write", [bev, arg] {
    ClientConn& c = conn_of(arg);
    if (evbuffer_get_length(bufferevent_get_output(bev)) == 0 &&
        (bufferevent_get_enabled(bev) & EV_READ) == 0)
      c.server->clients().client_done(c);
    else if (c.control && evbuffer_get_length(bufferevent_get_output(bev)) == 0)
      c.server->clients().control_drained(c);
    else if (c.attached && c.attach_sent && c.attached->dirty)
      c.server->renderer().draw_client(c);
  });
}

void on_event(struct bufferevent*, short, void* arg) noexcept {
  guarded("client event", [arg] { conn_of(arg).server->clients().client_done(conn_of(arg)); });
}

// Output of any size goes as frames of at most 1 MiB (the protocol caps one at 4 MiB).
std::string frames_of(MsgType type, std::string_view payload) {
  constexpr size_t kChunk = 1u << 20;
  std::string frames;
  do {
    std::string_view part = payload.substr(0, kChunk);
    payload.remove_prefix(part.size());
    frames += encode_frame(type, part);
  } while (!payload.empty());
  return frames;
}

void send_frame(struct bufferevent* bev, MsgType type, std::string_view payload) {
  std::string frames = frames_of(type, payload);
  bufferevent_write(bev, frames.data(), frames.size());
}

// Frames sent at once when nothing is queued before them, without a loop turn that asks
// epoll whether the socket is writable (EV_WRITE taken on, polled, written, taken off);
// what the socket does not take is queued behind. True when all of it went.
bool send_now(struct bufferevent* bev, std::string_view frames) {
  if (evbuffer_get_length(bufferevent_get_output(bev)) > 0) {
    bufferevent_write(bev, frames.data(), frames.size());
    return false;
  }
  ssize_t n =
      send(bufferevent_getfd(bev), frames.data(), frames.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  size_t sent = n > 0 ? static_cast<size_t>(n) : 0;
  if (sent == frames.size()) return true;
  bufferevent_write(bev, frames.data() + sent, frames.size() - sent);
  return false;
}

// The last frames of a one-shot reply. When nothing is queued before them they are sent
// at once, and the connection ends from the loop (the write callback, deferred) without
// asking epoll whether the socket is writable; what the socket does not take is queued.
// A server that is ending sends them as it ends (flush_clients), after its last save.
void finish(ClientConn& c, const std::string& out, const std::string& err, int status) {
  constexpr size_t kDirect = 64u << 10;
  struct bufferevent* bev = c.bev.get();
  c.finished = true;
  bufferevent_disable(bev, EV_READ);
  bufferevent_set_timeouts(bev, nullptr, nullptr);
  uint32_t st = static_cast<uint32_t>(status);
  std::string_view exit_payload(reinterpret_cast<char*>(&st), 4);
  if (out.size() + err.size() > kDirect || evbuffer_get_length(bufferevent_get_output(bev)) > 0 ||
      c.server->exiting()) {
    if (!out.empty()) send_frame(bev, MsgType::kStdout, out);
    if (!err.empty()) send_frame(bev, MsgType::kStderr, err);
    send_frame(bev, MsgType::kExit, exit_payload);
    return;
  }
  std::string frames;
  if (!out.empty()) frames += encode_frame(MsgType::kStdout, out);
  if (!err.empty()) frames += encode_frame(MsgType::kStderr, err);
  frames += encode_frame(MsgType::kExit, exit_payload);
  if (send_now(bev, frames))
    bufferevent_trigger(bev, EV_WRITE, BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
}
}  // namespace

static void on_park_timeout(evutil_socket_t, short, void* arg) noexcept {
  guarded("timeout", [arg] {
    auto* c = static_cast<ClientConn*>(arg);
    if (c->cancel) std::exchange(c->cancel, nullptr)();
    c->server->clients().resume_client(c->id, 2, "", "timed out\n");
  });
}

// (The listener's accept4 made fd non-blocking and close-on-exec.)
void ClientHub::accept_client(int fd) {
  BufferEventPtr bev(bufferevent_socket_new(server_.base(), fd, BEV_OPT_CLOSE_ON_FREE));
  if (!bev) {
    close(fd);
    return;
  }
  auto conn = std::make_unique<ClientConn>();
  conn->id = next_client_id_++;
  conn->connected = server_.now();
  conn->bev = std::move(bev);
  conn->server = &server_;
  struct ucred cred {};
  socklen_t len = sizeof cred;
  conn->uid = getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 ? cred.uid : ~uid_t{0};
  struct bufferevent* b = conn->bev.get();
  bufferevent_setcb(b, on_read, on_write, on_event, conn.get());
  struct timeval tv = {kClientReadTimeout, 0};
  bufferevent_set_timeouts(b, &tv, nullptr);
  uint64_t id = conn->id;
  ClientConn& c = *conn;
  clients_.emplace(id, std::move(conn));
  // A client sends its command right after it connects, so it may be here already: a
  // one-shot command then runs and answers without the socket ever being watched.
  // Otherwise (and for a client that stays: attached, control, waiting, or whose reply
  // waits for the turn's save) reading goes on from the loop.
  if (evbuffer_read(bufferevent_get_input(b), fd, -1) > 0) {
    client_read(c);
    if (find_client(id) != &c || c.finished) return;
  }
  bufferevent_enable(b, EV_READ);
}

ClientConn* ClientHub::find_client(uint64_t id) {
  auto it = clients_.find(id);
  return it == clients_.end() ? nullptr : it->second.get();
}

void ClientHub::send_to_client(ClientConn& c, MsgType type, std::string_view payload) {
  send_now(c.bev.get(), frames_of(type, payload));
}

void ClientHub::end_client(ClientConn& c, const std::string& out, const std::string& err,
                           int status) {
  finish(c, out, err, status);
}

void ClientHub::finish_client(ClientConn& c, const std::string& err) {
  if (c.cancel) std::exchange(c.cancel, nullptr)();
  c.waiting = false;
  c.resuming = false;
  reply(c, "", err, 1);
}

void ClientHub::reply(ClientConn& c, const std::string& out, const std::string& err, int status) {
  if (server_.state().pending()) {
    held_replies_.push_back({c.id, out, err, status});
    return;
  }
  if (c.control)
    control_done(c, out, err, status);
  else
    finish(c, out, err, status);
}

bool ClientHub::hold_shown(ClientConn& c, const std::string& out, const std::string& err) {
  if (!server_.state().pending()) return false;
  held_replies_.push_back({c.id, out, err, 0, true});
  return true;
}

void ClientHub::flush_replies(const std::string& error) {
  std::vector<HeldReply> held;
  held.swap(held_replies_);
  for (HeldReply& r : held) {
    ClientConn* c = find_client(r.client);
    if (c == nullptr) continue;
    if (r.shown)
      server_.renderer().show_output(*c, error.empty() ? r.out : "", error.empty() ? r.err : error);
    else if (c->control)
      control_done(*c, error.empty() ? r.out : "", error.empty() ? r.err : error,
                   error.empty() ? r.status : 1);
    else if (error.empty())
      finish(*c, r.out, r.err, r.status);
    else
      finish(*c, "", error + "\n", 1);
  }
}

void ClientHub::client_done(ClientConn& c) {
  if (c.cancel) std::exchange(c.cancel, nullptr)();
  if (c.control) {
    control_count_--;
    if (Session* s = server_.sessions().find_id(c.control->session))
      server_.hooks().client("client-detached", c, *s);
  }
  if (c.attached) server_.renderer().drop_attached(c);
  clients_.erase(c.id);  // frees its bufferevent
}

void ClientHub::client_read(ClientConn& c) {
  struct bufferevent* bev = c.bev.get();
  struct evbuffer* in = bufferevent_get_input(bev);
  if (c.attach_sent) return attached_read(c);
  if (c.control) return control_read(c);
  if (c.started) {  // one command list a connection: later bytes are ignored
    evbuffer_drain(in, evbuffer_get_length(in));
    return;
  }
  if (evbuffer_get_length(in) < kFrameHeaderSize) return;
  unsigned char raw[kFrameHeaderSize];
  evbuffer_copyout(in, raw, sizeof raw);
  FrameHeader h = decode_header(raw);
  HeaderCheck check = check_header(h);
  bool control = h.type == static_cast<uint16_t>(MsgType::kControl);
  if (check == HeaderCheck::kOk && h.type != static_cast<uint16_t>(MsgType::kCommand) && !control)
    check = HeaderCheck::kBadType;
  if (check != HeaderCheck::kOk) {
    finish(c, "", header_error(h, check) + "\n", 1);
    return;
  }
  if (evbuffer_get_length(in) < kFrameHeaderSize + h.length) return;
  evbuffer_drain(in, kFrameHeaderSize);
  std::string payload(h.length, '\0');
  evbuffer_remove(in, payload.data(), h.length);
  auto msg = decode_command(payload);
  if (!msg) {
    finish(c, "", "protocol error: malformed command message\n", 1);
    return;
  }
  // The command arrived: no more read timeout; reading goes on only to see EOF.
  c.started = true;
  bufferevent_set_timeouts(bev, nullptr, nullptr);
  c.info = ClientInfo{msg->cwd, std::move(msg->env), msg->terminal};
  std::optional<bool> access = access_for(c.uid);  // asked when its command arrives
  if (!access) {
    finish(c, "", "access not allowed\n", 1);
    return;
  }
  c.info.read_only = !*access;
  std::string error;
  if (!parse_command_list(msg->argv, &c.list, &error)) {
    finish(c, "", error + "\n", 1);
    return;
  }
  if (control) {
    c.control = std::make_unique<ControlState>();
    control_count_++;
    control_begin(c, std::move(c.list), true);
    control_read(c);  // lines that came in the same read as the command
    return;
  }
  client_run(c);
}

void ClientHub::client_run(ClientConn& c) {
  while (c.next < c.list.size()) {
    ParsedCommand& cmd = c.list[c.next++];
    CmdContext ctx(&server_, c.info, *cmd.entry, std::move(cmd.args), c.id);
    CmdStatus status = run_command(ctx);
    c.out += ctx.out;
    c.err += ctx.err;
    if (status == CmdStatus::kWait) {
      // What it printed so far goes out now, ahead of what follows: once what it changed
      // is saved.
      if (std::string error = server_.state().commit(); !error.empty()) {
        if (c.cancel) std::exchange(c.cancel, nullptr)();
        c.park_timer.reset();
        if (c.control)
          control_done(c, "", error, 1);
        else
          finish(c, "", error + "\n", 1);
        return;
      }
      c.waiting = true;
      if (c.control) {  // inside the open block, errors too
        control_block_write(c, c.out + c.err);
      } else {
        if (!c.out.empty()) send_frame(c.bev.get(), MsgType::kStdout, c.out);
        if (!c.err.empty()) send_frame(c.bev.get(), MsgType::kStderr, c.err);
      }
      c.out.clear();
      c.err.clear();
      return;
    }
    if (status == CmdStatus::kError) {
      reply(c, c.out, c.err, 1);
      return;
    }
  }
  if (c.attached && !c.attach_sent) {  // the list attached it: the terminal takes over
    std::string error;
    if (!server_.renderer().open_terminal(c, &error)) {
      server_.renderer().drop_attached(c);
      reply(c, c.out, c.err + error + "\n", 1);
      return;
    }
    if (!c.out.empty()) send_frame(c.bev.get(), MsgType::kStdout, c.out);
    if (!c.err.empty()) send_frame(c.bev.get(), MsgType::kStderr, c.err);
    c.out.clear();
    c.err.clear();
    send_frame(c.bev.get(), MsgType::kAttach, "");
    c.attach_sent = true;
    server_.renderer().redraw();
    return;
  }
  reply(c, c.out, c.err, 0);
}

// Frames from an attached client: its terminal's size (keys come from the terminal).
void ClientHub::attached_read(ClientConn& c) {
  struct evbuffer* in = bufferevent_get_input(c.bev.get());
  while (c.attached && evbuffer_get_length(in) >= kFrameHeaderSize) {
    unsigned char raw[kFrameHeaderSize];
    evbuffer_copyout(in, raw, sizeof raw);
    FrameHeader h = decode_header(raw);
    if (check_header(h) != HeaderCheck::kOk) {
      server_.renderer().detach(c, header_error(h, check_header(h)));
      return;
    }
    if (evbuffer_get_length(in) < kFrameHeaderSize + h.length) return;
    evbuffer_drain(in, kFrameHeaderSize);
    std::string payload(h.length, '\0');
    evbuffer_remove(in, payload.data(), h.length);
    int cols, rows;
    if (h.type == static_cast<uint16_t>(MsgType::kResize) && decode_size(payload, &cols, &rows))
      server_.renderer().client_resized(c, cols, rows);
  }
  if (!c.attached) evbuffer_drain(in, evbuffer_get_length(in));
}

bool ClientHub::park(uint64_t client_id, long timeout_seconds, std::function<void()> cancel) {
  ClientConn* c = find_client(client_id);
  if (c == nullptr) return false;
  c->cancel = std::move(cancel);
  if (timeout_seconds < 0) return true;
  c->park_timer.reset(evtimer_new(server_.base(), on_park_timeout, c));
  struct timeval tv = {timeout_seconds, 0};
  evtimer_add(c->park_timer.get(), &tv);
  return true;
}

void ClientHub::resume_client(uint64_t id, int status, const std::string& out,
                              const std::string& err) {
  ClientConn* c = find_client(id);
  if (c == nullptr || !c->waiting) return;
  c->waiting = false;
  c->cancel = nullptr;
  c->park_timer.reset();
  c->out += out;
  c->err += err;
  if (status != 0) {
    reply(*c, c->out, c->err, status);
    return;
  }
  // A one-shot list that ends with the wait is answered now, ahead of the command that
  // woke it: an agent blocked on an event is let go before the writer hears back. (With a
  // state file the wake comes once the turn is saved, before the turn's held answers go.)
  if (!c->control && !c->attached && c->next >= c->list.size()) {
    reply(*c, c->out, c->err, 0);
    return;
  }
  // Not now: the caller is inside an event and may hold pointers the rest of the list
  // could free (a kill-session after an await woken by that session leaving).
  c->resuming = true;
  server_.defer([this, id] {
    ClientConn* conn = find_client(id);
    if (conn == nullptr || !conn->resuming) return;
    conn->resuming = false;
    client_run(*conn);
  });
}

bool ClientHub::stream_to_client(uint64_t id, const std::string& out) {
  constexpr size_t kStreamBacklog = 256 * 1024;  // bytes a slow reader may fall behind
  ClientConn* c = find_client(id);
  if (c == nullptr || !c->waiting || c->finished) return false;
  if (evbuffer_get_length(bufferevent_get_output(c->bev.get())) > kStreamBacklog) {
    c->waiting = false;
    c->cancel = nullptr;  // the caller drops the stream
    finish(*c, "", "event stream cut: reader too slow\n", 1);
    return false;
  }
  if (!c->control) {
    send_frame(c->bev.get(), MsgType::kStdout, out);
    return true;
  }
  control_block_write(*c, out);  // after the block's %begin; too far behind, it is cut
  return !c->finished;
}

size_t ClientHub::parked_clients() const {
  size_t n = 0;
  for (const auto& [id, c] : clients_) n += c->waiting ? 1 : 0;
  return n;
}

void ClientHub::end_parked_clients() {
  for (ClientConn* c : server_.renderer().attached_clients())
    server_.renderer().detach(*c, "server exited");
  for (ClientConn* c : control_clients()) control_exit(*c, "server exited");
  for (auto& [id, c] : clients_)
    if (!c->control && (c->waiting || c->resuming)) {
      c->waiting = false;
      c->resuming = false;
      c->cancel = nullptr;
      finish(*c, "", "server exited\n", 1);
    }
  server_.coord().forget_clients();
}

void ClientHub::flush_clients() {
  for (auto& [id, c] : clients_) {
    struct evbuffer* out = bufferevent_get_output(c->bev.get());
    int fd = bufferevent_getfd(c->bev.get());
    evbuffer_unfreeze(out, 1);  // bufferevents keep the drain side frozen for themselves
    for (int i = 0; i < 100 && evbuffer_get_length(out) > 0; i++)
      if (evbuffer_write(out, fd) <= 0) break;
  }
  clients_.clear();
}

// Its tty, else client-PID, as tmux names a client.
std::string ClientHub::client_name(const ClientConn& c) const {
  if (c.attached && !c.attached->terminal.name.empty()) return c.attached->terminal.name;
  int pid = c.attached ? c.attached->terminal.pid : c.info.terminal.pid;
  return "client-" + std::to_string(pid > 0 ? pid : static_cast<int>(c.id));
}

}  // namespace amux
