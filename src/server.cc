// The server's loop, session lifecycle and group membership. Everything here runs on the
// libevent loop thread; callbacks never throw.
#include "amux/server.h"

#include <event2/event.h>
#include <event2/listener.h>
#include <sys/wait.h>

#include <csignal>
#include <cstring>
#include <fstream>

#include "amux/parse.h"

namespace amux {

Server::Server(std::string socket_path, std::string config_file)
    : socket_path_(std::move(socket_path)), config_file_(std::move(config_file)),
      pid_(getpid()) {}

Server::~Server() {
  if (listener_ != nullptr) evconnlistener_free(listener_);
  sigchld_.reset();
  sigterm_.reset();
  if (base_ != nullptr) event_base_free(base_);
}

time_t Server::now() const { return time(nullptr); }

static void on_accept(struct evconnlistener*, evutil_socket_t fd, struct sockaddr*, int,
                      void* arg) {
  static_cast<Server*>(arg)->accept_client(fd);
}

static void on_sigchld(evutil_socket_t, short, void* arg) {
  auto* server = static_cast<Server*>(arg);
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) server->child_exited(pid);
}

static void on_sigterm(evutil_socket_t, short, void* arg) {
  static_cast<Server*>(arg)->request_exit();
}

int Server::run(int listen_fd, int ready_fd) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  base_ = event_base_new();
  if (base_ == nullptr) return 1;
  listener_ = evconnlistener_new(base_, on_accept, this, LEV_OPT_CLOSE_ON_FREE, -1, listen_fd);
  sigchld_.reset(evsignal_new(base_, SIGCHLD, on_sigchld, this));
  sigterm_.reset(evsignal_new(base_, SIGTERM, on_sigterm, this));
  if (listener_ == nullptr || !sigchld_ || !sigterm_) return 1;
  event_add(sigchld_.get(), nullptr);
  event_add(sigterm_.get(), nullptr);
  load_config();
  if (ready_fd >= 0) {
    write_all(ready_fd, "R", 1);
    close(ready_fd);
  }
  event_base_dispatch(base_);
  flush_clients();
  for (Session* s : sessions.list()) destroy_session(*s);
  unlink(socket_path_.c_str());
  return 0;
}

void Server::request_exit() {
  exiting_ = true;
  event_base_loopexit(base_, nullptr);
}

void Server::load_config() {
  if (config_file_.empty()) return;
  std::ifstream in(config_file_);
  std::string line;
  ClientInfo client;
  while (std::getline(in, line)) {
    std::vector<std::string> words;
    std::string error;
    std::vector<ParsedCommand> list;
    if (!split_command_string(line, &words, &error) || words.empty()) continue;
    if (!parse_command_list(words, &list, &error)) continue;
    std::string out, err;
    run_command_list(this, client, list, &out, &err);
  }
}

void Server::check_exit() {
  if (sessions.empty() && groups.size() == 0) request_exit();
}

int Server::current_session_for(const ClientInfo& client) {
  if (auto pane = client.getenv("AMUX_PANE")) {
    long long id;
    if (pane->size() > 1 && (*pane)[0] == '%' && parse_int(pane->substr(1), 0, INT32_MAX, &id))
      if (Pane* p = sessions.find_pane(static_cast<int>(id)))
        if (auto amux = client.getenv("AMUX"))
          if (starts_with(*amux, socket_path_ + ",")) return p->window->session->id;
  }
  if (auto amux = client.getenv("AMUX")) {
    std::string prefix = socket_path_ + "," + std::to_string(pid_) + ",";
    long long id;
    if (starts_with(*amux, prefix) &&
        parse_int(std::string_view(*amux).substr(prefix.size()), 0, INT32_MAX, &id))
      return static_cast<int>(id);
  }
  return -1;
}

Session* Server::create_session(const NewSessionSpec& spec, std::string* error) {
  Session& s = sessions.add(spec.name, now());
  s.cwd = spec.cwd;
  auto w = std::make_unique<Window>();
  w->id = sessions.next_window_id();
  w->session = &s;
  w->name = spec.window_name;
  auto p = std::make_unique<Pane>();
  p->id = sessions.next_pane_id();
  p->window = w.get();
  p->sx = spec.sx;
  p->sy = spec.sy;
  Pane& pane = *p;
  w->panes.push_back(std::move(p));
  s.windows.push_back(std::move(w));
  if (!spawn_pane(*this, s, pane, spec, error)) {
    sessions.remove(s.id);
    return nullptr;
  }
  return &s;
}

void Server::destroy_session(Session& s) {
  leave_group(s);
  for (auto& w : s.windows)
    for (auto& p : w->panes) {
      p->read_event.reset();
      if (p->pid > 0) kill(-p->pid, SIGHUP);
    }
  sessions.remove(s.id);
  check_exit();
}

void Server::destroy_pane(Pane& p) {
  Window& w = *p.window;
  Session& s = *w.session;
  p.read_event.reset();
  if (p.pid > 0) kill(-p.pid, SIGHUP);
  std::erase_if(w.panes, [&](const auto& q) { return q.get() == &p; });
  if (!w.panes.empty()) return;
  std::erase_if(s.windows, [&](const auto& q) { return q.get() == &w; });
  if (s.windows.empty()) destroy_session(s);
}

void Server::pane_readable(Pane& p) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(p.master.get(), buf, sizeof buf);
    if (n > 0) continue;  // the emulator consumes this once panes are emulated
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    destroy_pane(p);  // EOF or EIO: the program is gone
    return;
  }
}

void Server::child_exited(pid_t pid) {
  for (Session* s : sessions.list())
    for (auto& w : s->windows)
      for (auto& p : w->panes)
        if (p->pid == pid) {
          p->pid = -1;
          pane_readable(*p);  // drain what it wrote; EIO then destroys the pane
          return;
        }
}

Group* Server::group_of(const Session& s) {
  return s.group_id == 0 ? nullptr : groups.find(s.group_id);
}

std::string Server::session_name(int id, const std::string& fallback) {
  Session* s = sessions.find_id(id);
  return s != nullptr ? s->name : fallback;
}

bool Server::join_group(Session& s, const std::string& name, std::string* error) {
  if (Group* current = group_of(s)) {
    *error = "session '" + s.name + "' is already in group '" + current->name + "'";
    return false;
  }
  Group* existing = groups.find(name);
  if (existing != nullptr && existing->members.size() >= kMaxGroupMembers) {
    *error = "group '" + name + "' is full (" + std::to_string(kMaxGroupMembers) + " members)";
    return false;
  }
  Group& g = groups.get_or_create(name, now());
  groups.join(g, s.id, now());
  s.group_id = g.id;
  return true;
}

LeaveResult Server::leave_group(Session& s) {
  if (s.group_id == 0) return {};
  LeaveResult r = groups.leave(s.group_id, s.id, now());
  s.group_id = 0;
  return r;
}

void Server::server_formats(FormatContext& ctx) {
  ctx.set("pid", std::to_string(pid_));
  ctx.set("version", AMUX_VERSION);
  ctx.set("socket_path", socket_path_);
}

void Server::session_formats(FormatContext& ctx, Session& s) {
  server_formats(ctx);
  ctx.set("session_name", s.name);
  ctx.set("session_id", "$" + std::to_string(s.id));
  ctx.set("session_created", std::to_string(s.created));
  ctx.set("session_activity", std::to_string(s.activity));
  ctx.set("session_windows", std::to_string(s.windows.size()));
  ctx.set("session_attached", "0");
  if (!s.windows.empty()) {
    ctx.set("window_name", s.windows.front()->name);
    ctx.set("window_id", "@" + std::to_string(s.windows.front()->id));
  }
  ctx.set("agent_type", s.agent ? s.agent->type : "");
  ctx.set("agent_objective", s.agent ? s.agent->objective : "");
  Group* g = group_of(s);
  ctx.set("agent_group", g ? g->name : "");
  ctx.set("agent_role", !g ? "" : g->coordinator() == s.id ? "coordinator" : "member");
  ctx.set("agent_peers", g ? std::to_string(g->members.size() - 1) : "0");
}

}  // namespace amux
