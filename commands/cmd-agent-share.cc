// agent-share (ashare): set key=value pairs in the group's shared context (-u: remove
// keys), all or none: every pair is checked, and with -c every key must be at the given
// version (0: absent), before anything is written. -e: the keys go when the author
// leaves; -x: they expire after that many seconds.
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

static bool parse_pairs(CmdContext& ctx, KeyValues* out) {
  for (const auto& word : ctx.args().positional()) {
    size_t eq = word.find('=');
    if (eq == std::string::npos || eq == 0)
      return ctx.error("invalid format, use: key=value"), false;
    std::string key = word.substr(0, eq), value = word.substr(eq + 1);
    if (!valid_key(key)) return ctx.error("invalid key: " + key), false;
    if (std::string why = check_value(key, value); !why.empty()) return ctx.error(why), false;
    out->emplace_back(std::move(key), std::move(value));
  }
  return true;
}

static CmdStatus exec_agent_share(CmdContext& ctx) {
  const Args& args = ctx.args();
  long long expiry = 0;
  if (args.has('u') && (args.has('e') || args.has('x')))
    return ctx.error("-u does not take -e or -x");
  if (args.has('x') && !parse_int(args.get('x'), 1, 86400 * 365, &expiry))
    return ctx.error("invalid expiry: " + args.get('x'));
  ShareRequest req;
  req.unset = args.has('u');
  if (!req.unset && !parse_pairs(ctx, &req.pairs)) return CmdStatus::kError;
  for (const auto& key : args.positional()) {
    if (!req.unset) break;
    if (!valid_key(key)) return ctx.error("invalid key: " + key);
    req.pairs.emplace_back(key, "");
  }
  if (args.has('c')) {
    long long expected;
    if (!parse_int(args.get('c'), 0, INT64_MAX, &expected))
      return ctx.error("invalid version: " + args.get('c'));
    req.versioned = true;
    req.expected = static_cast<uint64_t>(expected);
  }
  req.ephemeral = args.has('e');
  req.seconds = static_cast<long>(expiry);
  Group* g = &ctx.group();
  Server& server = *ctx.server();
  int id = ctx.member();
  // (the operation starts before await_door returns: it may refer to req)
  return await_door(
      ctx, [&](CoordDone done) { server.coord().request_share(*g, id, req, std::move(done)); });
}

extern const CommandEntry kCmdAgentShare(
    "agent-share", "ashare", {"c:et:ux:", 1, -1},
    "[-e] [-c version] [-t target-session] [-x seconds] key=value ... | -u key ...",
    kFlagGroup | kFlagGroupState | kFlagMember, exec_agent_share, TargetKind::kSession);

}  // namespace amux
