// Who may use the server: its owner always; other users only as server-access allows
// them, read-write or read-only. The socket is opened to others (mode 0666) while any
// other user is allowed, and closed again (0600) when none is.
#include "amux/server/client-hub.h"

#include <sys/stat.h>
#include <unistd.h>

#include "amux/server/renderer.h"
#include "amux/server/server.h"

namespace amux {

std::optional<bool> ClientHub::access_for(uid_t uid) const {
  static const uid_t owner = getuid();  // asked of every connection: read once
  if (uid == owner) return true;
  auto it = access_.find(uid);
  if (it == access_.end()) return std::nullopt;
  return it->second;
}

void ClientHub::set_access(uid_t uid, std::optional<bool> write) {
  if (write)
    access_[uid] = *write;
  else
    access_.erase(uid);
  chmod(socket_path_.c_str(), access_.empty() ? 0600 : 0666);
  // Connections already made keep to the new rule: a denied user's go, read-only ones
  // run only what changes nothing from their next command on.
  std::vector<ClientConn*> denied;
  for (auto& [id, c] : clients_)
    if (c->uid == uid) {
      if (!write)
        denied.push_back(c.get());
      else
        c->info.read_only = !*write;
    }
  for (ClientConn* c : denied) {
    if (c->attached)
      server_.renderer().detach(*c, "access not allowed");
    else if (c->waiting || c->resuming)
      finish_client(*c, "access not allowed\n");
  }
}

}  // namespace amux
