// The server's loop, session, window and pane lifecycle, and what the Coordinator and
// panes ask of it (hooks, the expiry timer, a pane's end). Everything runs on the
// libevent loop thread; callbacks never throw.
#include "amux/server/server.h"

#include <random>

#include <event2/event.h>
#include <event2/listener.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <sstream>

#include "amux/base/parse.h"
#include "amux/coord/coordinator.h"
#include "amux/coord/remote.h"
#include "amux/coord/sqlite-store.h"
#include "amux/server/client-hub.h"
#include "amux/server/jobs.h"
#include "amux/server/output-waits.h"
#include "amux/server/paste-buffers.h"
#include "amux/server/renderer.h"
#include "amux/server/resurrect.h"
#include "amux/server/session-tree.h"
#include "amux/server/state-file.h"
#include "amux/server/worktrees.h"

namespace amux {

Server::Server(std::string socket_path, std::string config_file)
    : tree_(std::make_unique<SessionTree>(*this, static_cast<PaneOwner&>(*this))),
      socket_path_(std::move(socket_path)),
      config_file_(std::move(config_file)),
      pid_(getpid()),
      coord_(std::make_unique<Coordinator>(static_cast<CoordHost&>(*this))),
      hub_(std::make_unique<ClientHub>(*this, socket_path_)),
      renderer_(std::make_unique<Renderer>(*this)),
      hooks_(std::make_unique<Hooks>(*this)),
      resurrect_(std::make_unique<Resurrection>(*this)),
      state_(std::make_unique<StateFile>(*this, socket_path_)),
      output_waits_(std::make_unique<OutputWaits>(*this)),
      jobs_(std::make_unique<Jobs>(*this)),
      worktrees_(std::make_unique<Worktrees>(*this)),
      paste_(std::make_unique<PasteBuffers>(server_options)) {
  if (struct passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr)
    user_name_ = pw->pw_name;
  char host[256] = "";
  if (gethostname(host, sizeof host - 1) == 0) host_name_ = host;
  for (char** e = environ; e != nullptr && *e != nullptr; e++)
    if (const char* eq = strchr(*e, '='); eq != nullptr && eq != *e)
      global_environment[std::string(*e, static_cast<size_t>(eq - *e))].value = std::string(eq + 1);
}

// Every handle has an owner; the event base, declared first, is freed last.
Server::~Server() = default;

time_t Server::now() const {
  return time(nullptr);
}

static void on_accept(struct evconnlistener*, evutil_socket_t fd, struct sockaddr*, int,
                      void* arg) noexcept {
  guarded("accept", [&] { static_cast<Server*>(arg)->clients().accept_client(fd); });
}

static void on_sigchld(evutil_socket_t, short, void* arg) noexcept {
  guarded("SIGCHLD", [arg] {
    auto* server = static_cast<Server*>(arg);
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) server->child_exited(pid, status);
  });
}

static void on_deferred(evutil_socket_t, short, void* arg) noexcept {
  guarded("deferred work", [arg] { static_cast<Server*>(arg)->run_deferred(); });
}

void Server::defer(std::function<void()> fn) {
  deferred_.push_back(std::move(fn));
  if (defer_event_) event_active(defer_event_.get(), EV_TIMEOUT, 0);
}

void Server::run_deferred() {
  std::vector<std::function<void()>> work;
  work.swap(deferred_);
  for (auto& fn : work) fn();
}

static void on_later(evutil_socket_t, short, void* arg) noexcept {
  guarded("delayed work", [arg] {
    auto* d = static_cast<Server::Delayed*>(arg);
    d->server->run_later(d);
  });
}

Pane* Server::marked_pane() {
  Pane* p = sessions().find_pane(marked_pane_id);
  if (p == nullptr) marked_pane_id = -1;
  return p;
}

void Server::later(long long ms, std::function<void()> fn) {
  Delayed& d = delayed_.emplace_back(Delayed{this, nullptr, std::move(fn)});
  d.timer.reset(evtimer_new(base(), on_later, &d));
  struct timeval tv = ms_timeval(ms);
  evtimer_add(d.timer.get(), &tv);
}

void Server::run_later(Delayed* d) {
  std::function<void()> fn = std::move(d->fn);
  delayed_.remove_if([d](const Delayed& x) { return &x == d; });
  fn();
}

static void on_sigterm(evutil_socket_t, short, void* arg) noexcept {
  guarded("SIGTERM", [arg] { static_cast<Server*>(arg)->request_exit(); });
}

static void on_expiry(evutil_socket_t, short, void* arg) noexcept {
  guarded("expiry", [arg] { static_cast<Server*>(arg)->coord().run_expiry(); });
}

int Server::run(int listen_fd, int ready_fd) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  signal(SIGXFSZ, SIG_IGN);  // a file size limit fails the state file's write instead
  base_.reset(event_base_new());
  if (!base_) return 1;
  listener_.reset(
      evconnlistener_new(base(), on_accept, this, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1,
                         listen_fd));
  sigchld_.reset(evsignal_new(base(), SIGCHLD, on_sigchld, this));
  sigterm_.reset(evsignal_new(base(), SIGTERM, on_sigterm, this));
  defer_event_.reset(event_new(base(), -1, 0, on_deferred, this));
  expiry_timer_.reset(evtimer_new(base(), on_expiry, this));
  if (!listener_ || !sigchld_ || !sigterm_ || !defer_event_ || !expiry_timer_) return 1;
  coord_->set_event_limit(static_cast<size_t>(global_options.number("agent-event-limit")));
  coord_->set_member_limit(static_cast<size_t>(global_options.number("agent-group-limit")));
  {
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    std::random_device random;
    // Unique among the servers sharing a Redis, containers (the same host name and pid) too.
    std::string id = std::string(host) + "/" + std::to_string(pid_) + "/" +
                     std::to_string(start_time_) + "/" + std::to_string(random());
    remote_ = std::make_unique<RemoteGroups>(base(), *coord_, host, id);
    coord_->set_remote(remote_.get());
  }
  event_add(sigchld_.get(), nullptr);
  event_add(sigterm_.get(), nullptr);
  load_config();
  state_->start();
  if (ready_fd >= 0) {
    write_all(ready_fd, "R", 1);
    close(ready_fd);
  }
  event_base_dispatch(base());
  // Stop answering first: a client arriving now starts a new server instead of waiting
  // on one that is going away.
  listener_.reset();
  unlink(socket_path_.c_str());
  // What the file holds stays as after the last turn: the sessions ending below are not
  // members leaving (a restart gives their inboxes back).
  if (clean_exit_) state().clean_exit();
  state().close();
  clients().end_parked_clients();
  clients().flush_clients();
  for (Session* s : sessions().list()) sessions().destroy_session(*s);
  return 0;
}

void Server::request_exit() {
  exiting_ = true;
  event_base_loopexit(base(), nullptr);
}

// The configuration file runs line by line like source-file; with no client to show
// them, its errors are dropped.
void Server::load_config() {
  if (config_file_.empty()) return;
  std::string out, err;
  source_file(config_file_, ClientInfo{}, &out, &err);
  // As tmux: each error is in show-messages, and the first client to attach sees them all.
  for (const std::string& line : split_lines(err)) {
    renderer().log_message(line);
    config_errors_.push_back(line);
  }
}

std::vector<std::string> Server::take_config_errors() {
  return std::exchange(config_errors_, {});
}

// A line that ends in an odd number of backslashes continues on the next.
static bool continues(const std::string& line) {
  size_t n = 0;
  while (n < line.size() && line[line.size() - 1 - n] == '\\') n++;
  return n % 2 == 1;
}

// Each line (a trailing backslash joins the next) is a command list, split, parsed and
// run on its own: a bad line is reported as "path:line: error" and the rest still run.
bool Server::source_file(const std::string& path, const ClientInfo& client, std::string* out,
                         std::string* err) {
  constexpr int kMaxDepth = 10;  // a file that sources itself stops here
  std::string data, error;
  if (source_depth_ >= kMaxDepth) {
    *err += "source-file nested too deeply: " + path + "\n";
    return false;
  }
  if (path == "/dev/null") return true;  // an empty file (-f /dev/null), as tmux reads it
  if (!read_regular_file(path, 1 << 20, &data, &error)) {
    *err += error + "\n";
    return false;
  }
  source_depth_++;
  bool ok = true;
  std::istringstream in(data);
  std::string line, joined;
  int number = 0, first = 1;
  bool pending = false;     // joined holds the start of a command that goes on
  bool open_block = false;  // in it, a { block not yet closed
  while (std::getline(in, line)) {
    if (!pending) first = number + 1;
    number++;
    pending = true;
    if (continues(line)) {
      joined += line.substr(0, line.size() - 1);
      continue;
    }
    joined += line;
    // A { block goes on to its } (a block of more than 64 KiB or 1000 lines is reported
    // unterminated: rescanning it for every line would take the server's time).
    constexpr size_t kMaxBlock = 64 * 1024;
    if (line.find(open_block ? '}' : '{') != std::string::npos)
      open_block = !command_string_complete(joined);
    if (open_block && joined.size() < kMaxBlock && number - first < 1000) {
      joined += '\n';
      continue;
    }
    open_block = false;
    std::string where = path + ":" + std::to_string(first) + ": ";
    ok = source_line(where, joined, client, out, err) && ok;
    joined.clear();
    pending = false;
  }
  if (!joined.empty())
    ok = source_line(path + ":" + std::to_string(first) + ": ", joined, client, out, err) && ok;
  source_depth_--;
  return ok;
}

bool Server::source_line(const std::string& where, const std::string& line,
                         const ClientInfo& client, std::string* out, std::string* err) {
  std::vector<ParsedCommand> list;
  std::string error;
  if (!parse_command_string(line, &list, &error)) {
    *err += where + error + "\n";
    return false;
  }
  // A command's error names the line it is on ("file:3: invalid option: x"); a nested
  // source-file names its own lines.
  bool nested = false;
  for (const ParsedCommand& pc : list)
    nested = nested || pc.entry->name == std::string("source-file");
  std::string errors;
  bool ok = run_command_list(this, client, list, out, &errors) == 0;
  for (const std::string& message : split_lines(errors))
    *err += (nested ? "" : where) + message + "\n";
  return ok;
}

std::string Server::option_changed(const std::string& name) {
  if (name == "agent-idle-time") recheck_idle();
  if (name == "agent-event-limit")
    coord_->set_event_limit(static_cast<size_t>(global_options.number("agent-event-limit")));
  if (name == "agent-group-limit")
    coord_->set_member_limit(static_cast<size_t>(global_options.number("agent-group-limit")));
  if (name == "agent-state-file") return state_->file_changed();
  if (name == "agent-remote") {
    RedisUrl url;
    std::string error, value = global_options.get(name);
    if (!value.empty() && !parse_redis_url(value, &url, &error)) return error;
  }
  if (name == "exit-empty") check_exit();
  if (name == "window-size")  // windows take their clients' size again, or keep theirs
    for (Session* s : sessions().list()) renderer().fit_session(*s);
  return "";
}

void Server::check_exit() {
  if (sessions().empty() && coord_->group_count() == 0 && server_options.flag("exit-empty")) {
    set_clean_exit();
    request_exit();
  }
}

std::string Server::amux_value(int session_id) const {
  return format_amux_env({socket_path_, pid_, session_id});
}

int Server::amux_session(const std::string& value) const {
  AmuxEnv e;
  if (!parse_amux_env(value, &e) || e.socket != socket_path_ || e.pid != pid_) return -1;
  return e.session;
}

// A client's AMUX and AMUX_PANE, or (a tool that knows only tmux's names) TMUX and TMUX_PANE.
static std::optional<std::string> env_either(const ClientInfo& client, const char* amux,
                                             const char* tmux) {
  auto v = client.getenv(amux);
  return v ? v : client.getenv(tmux);
}

Pane* Server::client_pane(const ClientInfo& client) {
  auto pane = env_either(client, "AMUX_PANE", "TMUX_PANE");
  auto amux = env_either(client, "AMUX", "TMUX");
  long long id;
  if (!pane || !amux || pane->size() < 2 || (*pane)[0] != '%' ||
      !parse_int(pane->substr(1), 0, INT32_MAX, &id) || amux_session(*amux) < 0)
    return nullptr;
  return sessions().find_pane(static_cast<int>(id));
}

std::string Server::nesting_variable(const ClientInfo& client) const {
  if (client.getenv("AMUX")) return "AMUX";
  auto tmux = client.getenv("TMUX");
  return tmux && amux_session(*tmux) >= 0 ? "TMUX" : "";
}

int Server::current_session_for(const ClientInfo& client) {
  if (Pane* p = client_pane(client)) return p->window->session->id;
  auto amux = env_either(client, "AMUX", "TMUX");
  return amux ? amux_session(*amux) : -1;
}

// The program ended and its tty closed: the pane stays dead with remain-on-exit, else goes.
void Server::pane_closed(Pane& p) {
  coord_->release_pane_leases(member_of(p), p.id);
  p.stop(0);
  HookTarget t = hooks().wanted() ? hooks().target(p.window->session, p.window, &p) : HookTarget{};
  output_waits_->pane_ended(p);
  // remain-on-exit: on keeps every dead pane, failed only one whose program failed.
  std::string remain = p.window->effective_options(p).get("remain-on-exit");
  if (remain == "on" || (remain == "failed" && p.dead_status != 0)) {
    p.dead = true;
    update_state(*p.window->session);
    hooks().fire("pane-died", t);
    return;
  }
  hooks().fire("pane-exited", t);  // found now, while the pane's own hooks are there
  sessions().destroy_pane(p);
}

void Server::child_exited(pid_t pid, int status) {
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (jobs().exited(pid, code)) return;
  for (Pane* p : popup_panes_)
    if (p->pid == pid) return p->program_exited(code);
  for (Session* s : sessions().list())
    for (auto& [index, w] : s->windows)
      for (auto& p : w->panes) {
        p->child_reaped(pid);
        if (p->pid != pid) continue;
        p->program_exited(code);
        return;
      }
}

std::string Server::session_name(int id, const std::string& fallback) const {
  if (const RemotePeer* p = coord_->remote_peer(id)) return p->name;
  if (is_pane_member(id)) {
    auto it = pane_agents.find(member_pane_id(id));
    return it != pane_agents.end() ? it->second.name : fallback;
  }
  const Session* s = sessions().find_id(id);
  return s != nullptr ? s->name : fallback;
}

void Server::acted(int session_id) {
  if (AgentInfo* a = member_agent(session_id)) a->last_activity = now();
}

std::pair<std::string, std::string> Server::agent_meta(int session_id) const {
  const AgentInfo* a = const_cast<Server*>(this)->member_agent(session_id);
  if (a == nullptr) return {};
  return {a->type, a->objective};
}

void Server::arm_expiry(time_t when) {
  if (!expiry_timer_) return;
  if (when == 0) {
    evtimer_del(expiry_timer_.get());
    return;
  }
  time_t t = now();
  struct timeval tv = {when > t ? when - t : 0, 0};
  evtimer_add(expiry_timer_.get(), &tv);
}

Group* Server::group_of(const Session& s) {
  return coord_->group_of(s.id);
}

// The Coordinator's and the panes' requests, handed to the part that does them.
bool Server::park(uint64_t client, long timeout_seconds, std::function<void()> cancel) {
  return hub_->park(client, timeout_seconds, std::move(cancel));
}

void Server::resume(uint64_t client, int status, const std::string& out, const std::string& err) {
  hub_->resume_client(client, status, out, err);
}

bool Server::has_hook(const char* hook, int session_id) {
  Session* s = member_session(session_id);
  return s != nullptr && hooks_->has_hook(hook, s->id);
}

// A pane member's hook runs as its session with the pane as its target (AMUX_PANE: the
// commands it runs act as the member).
void Server::run_hook(const char* hook, FormatContext formats, int session_id) {
  hooks_->run_hook(hook, std::move(formats), member_session(session_id), member_pane(session_id));
}

bool Server::stream(uint64_t client, const std::string& out) {
  return hub_->stream_to_client(client, out);
}

void Server::announce(const Group& g, const GroupEvent& e) {
  hub_->control_agent_event(g, e);
  renderer_->announce(g, e);
}

void Server::notify(int session_id, const std::string& text) {
  if (Session* s = member_session(session_id)) renderer_->notify(s->id, text);
}

void Server::pane_data(Pane& p, std::string_view data) {
  hub_->pane_data(p, data);
  renderer_->pane_bytes(p.window->session->id, data.size());
}

}  // namespace amux
