// One-shot client connections: read one command frame, run it, write stdout/stderr and
// exit frames, close once written. Bad frames get an error and the connection is dropped;
// nothing a client sends or fails to read can stall the loop.
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include <algorithm>

#include "amux/protocol.h"
#include "amux/server.h"

namespace amux {

namespace {
constexpr int kClientReadTimeout = 30;  // seconds a client may take to send its command

void on_read(struct bufferevent* bev, void* arg) { static_cast<Server*>(arg)->client_read(bev); }

void on_write(struct bufferevent* bev, void* arg) {
  // Output drained after the exit frame: the reply is complete.
  if (evbuffer_get_length(bufferevent_get_output(bev)) == 0 &&
      (bufferevent_get_enabled(bev) & EV_READ) == 0)
    static_cast<Server*>(arg)->client_done(bev);
}

void on_event(struct bufferevent* bev, short, void* arg) {
  static_cast<Server*>(arg)->client_done(bev);
}

void send_frame(struct bufferevent* bev, MsgType type, std::string_view payload) {
  std::string frame = encode_frame(type, payload);
  bufferevent_write(bev, frame.data(), frame.size());
}

void finish(struct bufferevent* bev, const std::string& out, const std::string& err,
            int status) {
  if (!out.empty()) send_frame(bev, MsgType::kStdout, out);
  if (!err.empty()) send_frame(bev, MsgType::kStderr, err);
  uint32_t st = static_cast<uint32_t>(status);
  send_frame(bev, MsgType::kExit, std::string_view(reinterpret_cast<char*>(&st), 4));
  bufferevent_disable(bev, EV_READ);
  bufferevent_set_timeouts(bev, nullptr, nullptr);
}
}  // namespace

void Server::accept_client(int fd) {
  evutil_make_socket_nonblocking(fd);
  evutil_make_socket_closeonexec(fd);
  struct bufferevent* bev = bufferevent_socket_new(base_, fd, BEV_OPT_CLOSE_ON_FREE);
  if (bev == nullptr) {
    close(fd);
    return;
  }
  bufferevent_setcb(bev, on_read, on_write, on_event, this);
  struct timeval tv = {kClientReadTimeout, 0};
  bufferevent_set_timeouts(bev, &tv, nullptr);
  bufferevent_enable(bev, EV_READ);
  clients_.push_back(bev);
}

void Server::client_done(struct bufferevent* bev) {
  auto it = std::find(clients_.begin(), clients_.end(), bev);
  if (it == clients_.end()) return;
  clients_.erase(it);
  bufferevent_free(bev);
}

void Server::client_read(struct bufferevent* bev) {
  struct evbuffer* in = bufferevent_get_input(bev);
  if (evbuffer_get_length(in) < kFrameHeaderSize) return;
  unsigned char raw[kFrameHeaderSize];
  evbuffer_copyout(in, raw, sizeof raw);
  FrameHeader h = decode_header(raw);
  HeaderCheck check = check_header(h);
  if (check == HeaderCheck::kOk && h.type != static_cast<uint16_t>(MsgType::kCommand))
    check = HeaderCheck::kBadType;
  if (check != HeaderCheck::kOk) {
    finish(bev, "", header_error(h, check) + "\n", 1);
    return;
  }
  if (evbuffer_get_length(in) < kFrameHeaderSize + h.length) return;
  evbuffer_drain(in, kFrameHeaderSize);
  std::string payload(h.length, '\0');
  evbuffer_remove(in, payload.data(), h.length);
  auto msg = decode_command(payload);
  if (!msg) {
    finish(bev, "", "protocol error: malformed command message\n", 1);
    return;
  }
  ClientInfo client{msg->cwd, std::move(msg->env)};
  std::vector<ParsedCommand> list;
  std::string out, err, error;
  int status = 1;
  if (!parse_command_list(msg->argv, &list, &error))
    err = error + "\n";
  else
    status = run_command_list(this, client, list, &out, &err);
  finish(bev, out, err, status);
}

void Server::flush_clients() {
  for (struct bufferevent* bev : clients_) {
    struct evbuffer* out = bufferevent_get_output(bev);
    int fd = bufferevent_getfd(bev);
    evbuffer_unfreeze(out, 1);  // bufferevents keep the drain side frozen for themselves
    for (int i = 0; i < 100 && evbuffer_get_length(out) > 0; i++)
      if (evbuffer_write(out, fd) <= 0) break;
  }
  for (struct bufferevent* bev : clients_) bufferevent_free(bev);
  clients_.clear();
}

}  // namespace amux
