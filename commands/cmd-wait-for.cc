// wait-for: block until a channel is signalled (-S wakes every waiter, or the next one
// to come); -L/-U lock and unlock a channel. Waiters are parked in the server, not polled.
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_wait_for(CmdContext& ctx) {
  const Args& args = ctx.args();
  if (args.has('S') + args.has('L') + args.has('U') > 1) return ctx.error("only one of -L, -S, -U");
  WaitChannels& channels = ctx.server()->channels;
  const std::string& name = args.at(0);
  if (args.has('S')) {
    channels.signal(name);
    return CmdStatus::kOk;
  }
  if (args.has('U')) {
    std::string error;
    return channels.unlock(name, &error) ? CmdStatus::kOk : ctx.error(error);
  }
  auto result =
      args.has('L') ? channels.lock(name, ctx.client_id()) : channels.wait(name, ctx.client_id());
  if (result == WaitChannels::Result::kNoClient)
    return ctx.error("wait-for needs a client to wait");
  return result == WaitChannels::Result::kParked ? CmdStatus::kWait : CmdStatus::kOk;
}

extern const CommandEntry kCmdWaitFor("wait-for", "wait", {"LSU", 1, 1}, "[-L|-S|-U] channel", 0,
                                      exec_wait_for);

}  // namespace amux
