// Durable coordination state, the server's side: where the state file is (the global
// agent-state-file, else ${XDG_STATE_HOME:-~/.local/state}/amux/NAME.db), opening and
// restoring it at start, moving to another file when the option changes, and the commit
// at the end of each loop turn that the held replies of that turn wait for.
#include "amux/server/server.h"

#include <event2/event.h>

#include <cstdlib>

#include "amux/coord/coordinator.h"
#include "amux/coord/sqlite-store.h"
#include "amux/server/client-hub.h"
#include "amux/server/renderer.h"

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

bool Server::state_path(std::string* path, std::string* error) const {
  std::string value = global_options.get("agent-state-file");
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
  guarded("commit", [arg] { static_cast<Server*>(arg)->commit_state(); });
}

std::string Server::open_state(bool restore, std::string* cause) {
  std::string path, error, note;
  if (!state_path(&path, &error)) {
    if (cause != nullptr) *cause = error;
    return error;
  }
  if (store_ && store_->path() == path) return "";
  if (!commit_event_) commit_event_.reset(event_new(base(), -1, 0, on_commit, this));
  std::unique_ptr<SqliteStore> store;
  StoredState state;
  if (!path.empty()) {
    store = SqliteStore::open(path, &state, &note, &error);
    if (!note.empty()) renderer().log_message(note);
    if (!store) {
      if (cause != nullptr) *cause = error;
      return "can't open state file: " + error;
    }
    store->set_namer([this](int id) { return session_name(id); });
    store->set_record_lookup(
        [this](const std::string& g, uint64_t n) { return coord_->find_record(g, n); });
    store->set_on_change([this] { event_active(commit_event_.get(), EV_TIMEOUT, 0); });
  }
  // Moving at run time: the new file takes the current state before the old one is left.
  if (store && !restore && !store->save_all(coord_->groups(), &error))
    return "can't save state: " + error;
  if (store_) commit_state();
  coord_->set_store(nullptr);
  store_ = std::move(store);
  if (!store_) return "";
  coord_->set_store(store_.get());
  if (!restore) return "";
  std::vector<std::string> skipped;
  coord_->restore(std::move(state), &skipped);
  for (const auto& name : skipped)
    renderer().log_message("group '" + name + "' not restored: the configuration file made it");
  return "";
}

bool Server::state_pending() const {
  return store_ && store_->pending();
}

bool Server::state_available(std::string* error) {
  if (state_error_.empty()) return true;
  std::string cause;
  if (open_state(true, &cause).empty()) {
    state_error_.clear();
    renderer().log_message("state file opened: " + (store_ ? store_->path() : std::string("none")));
    return true;
  }
  state_error_ = cause;
  *error = "state file unavailable: " + cause;
  return false;
}

std::string Server::commit_state() {
  std::string error;
  bool ok = !store_ || store_->commit(&error);
  coord_->turn_committed(ok);
  if (!ok) {
    renderer().log_message("state not saved: " + error);
    // What the file holds is the truth again: memory goes back to it.
    StoredState state;
    std::string why;
    coord_->set_store(nullptr);
    if (store_->read(&state, &why))
      coord_->reload(std::move(state));
    else
      renderer().log_message("state not read back: " + why);
    coord_->set_store(store_.get());
    renderer().redraw();
  }
  if (!ok) error = "can't save state: " + error;
  clients().flush_replies(error);
  return error;
}

void Server::close_state() {
  if (store_) commit_state();
  coord_->set_store(nullptr);
  store_.reset();
}

}  // namespace amux
