// Durable coordination state, the server's side: where the state file is (the global
// agent-state-file, else ${XDG_STATE_HOME:-~/.local/state}/amux/NAME.db), opening and
// restoring it at start, moving to another file when the option changes, and the commit
// at the end of each loop turn that the held replies of that turn wait for.
#include "amux/server/state-file.h"

#include <event2/event.h>

#include <cstdlib>

#include "amux/coord/coordinator.h"
#include "amux/coord/sqlite-store.h"
#include "amux/server/client-hub.h"
#include "amux/server/renderer.h"
#include "amux/server/resurrect.h"
#include "amux/server/server.h"

namespace amux {

// The file for this socket: NAME.db for a socket in the default directory (amux-UID),
// else the socket's whole path with each / as %.
static std::string default_state_path(const std::string& socket) {
  const char* xdg = getenv("XDG_STATE_HOME");
  const char* home = getenv("HOME");
  std::string base;
  if (xdg != nullptr && xdg[0] == '/')
    base = xdg;
  else if (home != nullptr && home[0] == '/')
    base = std::string(home) + "/.local/state";
  else
    return "";
  size_t slash = socket.rfind('/');
  std::string dir = slash == std::string::npos ? "" : socket.substr(0, slash);
  std::string name = socket.substr(slash == std::string::npos ? 0 : slash + 1);
  std::string owner = "amux-" + std::to_string(getuid());
  if (dir.size() < owner.size() ||
      dir.compare(dir.size() - owner.size(), owner.size(), owner) != 0) {
    name = socket;
    for (char& c : name)
      if (c == '/') c = '%';
  }
  return base + "/amux/" + name + ".db";
}

StateFile::StateFile(Server& server, const std::string& socket_path)
    : server_(server), socket_path_(socket_path) {}

StateFile::~StateFile() = default;

bool StateFile::path(std::string* path, std::string* error) const {
  std::string value = server_.global_options.get("agent-state-file");
  if (value == "-") return path->clear(), true;
  if (value.empty()) {
    *path = default_state_path(socket_path_);
    if (path->empty()) return *error = "no state directory: HOME and XDG_STATE_HOME unset", false;
    return true;
  }
  if (value.rfind("~/", 0) == 0)
    if (const char* home = getenv("HOME")) value = home + value.substr(1);
  if (value[0] != '/') return *error = "agent-state-file must be an absolute path: " + value, false;
  *path = value;
  return true;
}

static void on_commit(evutil_socket_t, short, void* arg) noexcept {
  guarded("commit", [arg] { static_cast<StateFile*>(arg)->commit(); });
}

void StateFile::start() {
  if (std::string error = open(true, &error_); !error.empty())
    server_.renderer().log_message(error + " (agent group commands fail until it can be opened)");
  started_ = true;
}

std::string StateFile::file_changed() {
  if (!started_) return "";
  if (error_.empty()) return open(false);
  // Nothing was kept while the file was unavailable: the new one's groups are restored.
  std::string error = open(true);
  if (error.empty()) error_.clear();
  return error;
}

std::string StateFile::open(bool restore, std::string* cause) {
  std::string file, error, note;
  if (!path(&file, &error)) {
    if (cause != nullptr) *cause = error;
    return error;
  }
  if (store_ && store_->path() == file) return "";
  if (!commit_event_) commit_event_.reset(event_new(server_.base(), -1, 0, on_commit, this));
  std::unique_ptr<SqliteStore> store;
  StoredState state;
  if (!file.empty()) {
    store = SqliteStore::open(file, &state, &note, &error);
    if (!note.empty()) server_.renderer().log_message(note);
    if (!store) {
      if (cause != nullptr) *cause = error;
      return "can't open state file: " + error;
    }
    store->set_namer([this](int id) { return server_.session_name(id); });
    store->set_record_lookup(
        [this](const std::string& g, uint64_t n) { return server_.coord().find_record(g, n); });
    store->set_on_change([this] { event_active(commit_event_.get(), EV_TIMEOUT, 0); });
  }
  // Moving at run time: the new file takes the current state before the old one is left.
  if (store && !restore && !store->save_all(server_.coord().groups(), &error))
    return "can't save state: " + error;
  if (store_) commit();
  server_.coord().set_store(nullptr);
  store_ = std::move(store);
  if (!store_) return "";
  server_.coord().set_store(store_.get());
  if (!restore) return "";
  std::vector<std::string> skipped;
  auto sessions = std::move(state.sessions);
  bool clean = state.clean;
  server_.coord().restore(std::move(state), &skipped);
  for (const auto& name : skipped)
    server_.renderer().log_message("group '" + name +
                                   "' not restored: the configuration file made it");
  server_.resurrect().start(std::move(sessions), clean, *store_);
  return "";
}

bool StateFile::pending() const {
  return store_ && store_->pending();
}

bool StateFile::available(std::string* error) {
  if (error_.empty()) return true;
  std::string cause;
  if (open(true, &cause).empty()) {
    error_.clear();
    server_.renderer().log_message("state file opened: " +
                                   (store_ ? store_->path() : std::string("none")));
    return true;
  }
  error_ = cause;
  *error = "state file unavailable: " + cause;
  return false;
}

void StateFile::touch() {
  if (store_ && commit_event_) event_active(commit_event_.get(), EV_TIMEOUT, 0);
}

void StateFile::clean_exit() {
  if (store_) server_.resurrect().clean_exit(*store_);
}

std::string StateFile::commit() {
  std::string error;
  if (store_) server_.resurrect().save(*store_);
  bool ok = !store_ || store_->commit(&error);
  server_.coord().turn_committed(ok);
  if (!ok) {
    server_.renderer().log_message("state not saved: " + error);
    // What the file holds is the truth again: memory goes back to it.
    StoredState state;
    std::string why;
    server_.coord().set_store(nullptr);
    if (store_->read(&state, &why))
      server_.coord().reload(std::move(state));
    else
      server_.renderer().log_message("state not read back: " + why);
    server_.coord().set_store(store_.get());
    server_.renderer().redraw();
  }
  if (!ok) error = "can't save state: " + error;
  server_.clients().flush_replies(error);
  return error;
}

void StateFile::close() {
  if (store_) commit();
  server_.coord().set_store(nullptr);
  store_.reset();
}

}  // namespace amux
