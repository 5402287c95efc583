// wait-for: block until a channel is signalled (-S wakes every waiter, or the next one
// to come); -L/-U lock and unlock a channel. Waiters are parked in the server, not polled.
#include <algorithm>

#include "amux/server/server.h"

namespace amux {

static void drop_if_idle(Server& server, const std::string& name) {
  auto it = server.channels.find(name);
  if (it != server.channels.end() && !it->second.locked && !it->second.woken &&
      it->second.waiters.empty() && it->second.lockers.empty())
    server.channels.erase(it);
}

static CmdStatus park(CmdContext& ctx, const std::string& name, bool lock) {
  Server& server = *ctx.server();
  ClientConn* c = server.find_client(ctx.client_id());
  if (c == nullptr) return ctx.error("wait-for needs a client to wait");
  WaitChannel& ch = server.channels[name];
  (lock ? ch.lockers : ch.waiters).push_back(c->id);
  uint64_t id = c->id;
  Server* sp = &server;
  c->cancel = [sp, name, id, lock] {
    auto it = sp->channels.find(name);
    if (it == sp->channels.end()) return;
    std::erase(lock ? it->second.lockers : it->second.waiters, id);
    drop_if_idle(*sp, name);
  };
  return CmdStatus::kWait;
}

static CmdStatus exec_wait_for(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('S') + args.has('L') + args.has('U') > 1) return ctx.error("only one of -L, -S, -U");
  Server& server = *ctx.server();
  const std::string& name = args.at(0);
  WaitChannel& ch = server.channels[name];
  if (args.has('S')) {
    std::vector<uint64_t> waiters = std::move(ch.waiters);
    ch.waiters.clear();
    ch.woken = waiters.empty();
    for (uint64_t id : waiters) server.resume_client(id, 0, "", "");
  } else if (args.has('L')) {
    if (ch.locked) return park(ctx, name, true);
    ch.locked = true;
  } else if (args.has('U')) {
    if (!ch.locked) {
      drop_if_idle(server, name);
      return ctx.error("channel " + name + " not locked");
    }
    if (ch.lockers.empty()) {
      ch.locked = false;
    } else {
      uint64_t next = ch.lockers.front();
      ch.lockers.erase(ch.lockers.begin());
      server.resume_client(next, 0, "", "");
    }
  } else if (ch.woken) {
    ch.woken = false;
  } else {
    return park(ctx, name, false);
  }
  drop_if_idle(server, name);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdWaitFor = {
    "wait-for", "wait", {"LSU", 1, 1}, "[-L|-S|-U] channel", 0, exec_wait_for};

}  // namespace amux
