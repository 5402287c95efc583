// agent-share (ashare): set key=value pairs in the group's shared context (-u: remove
// keys), all or none: every pair is checked, and with -c every key must be at the given
// version (0: absent), before anything is written. -e: the keys go when the author
// leaves; -x: they expire after that many seconds. In a remote group, the shares that
// follow in the command list go with it as one request.
#include "amux/server/agent.h"
#include "amux/server/client-hub.h"
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

// The request the command's arguments make; false once its error is printed.
static bool make_request(CmdContext& ctx, ShareRequest* req) {
  const Args& args = ctx.args();
  long long expiry = 0;
  if (args.has('u') && (args.has('e') || args.has('x')))
    return ctx.error("-u does not take -e or -x"), false;
  if (args.has('x') && !parse_int(args.get('x'), 1, 86400 * 365, &expiry))
    return ctx.error("invalid expiry: " + args.get('x')), false;
  req->unset = args.has('u');
  if (!req->unset && !parse_pairs(ctx, &req->pairs)) return false;
  for (const auto& key : args.positional()) {
    if (!req->unset) break;
    if (!valid_key(key)) return ctx.error("invalid key: " + key), false;
    req->pairs.emplace_back(key, "");
  }
  if (args.has('c')) {
    long long expected;
    if (!parse_int(args.get('c'), 0, INT64_MAX, &expected))
      return ctx.error("invalid version: " + args.get('c')), false;
    req->versioned = true;
    req->expected = static_cast<uint64_t>(expected);
  }
  req->ephemeral = args.has('e');
  req->seconds = static_cast<long>(expiry);
  return true;
}

// A remote group's shares cost a round trip each: the shares that follow this one in the
// client's command list, by the same member, go with it as one request (one script in
// Redis), up to a bound that keeps Redis's turn short. The first that names another
// member or does not parse stops the gathering: it runs on its own after, as it would.
constexpr size_t kMaxShareList = 1000;
constexpr size_t kMaxShareListBytes = 1 << 20;

static void gather_following(CmdContext& ctx, const Group& g, std::vector<ShareRequest>* list) {
  Server& server = *ctx.server();
  ClientConn* c = ctx.client_id() != 0 ? server.clients().find_client(ctx.client_id()) : nullptr;
  if (c == nullptr) return;
  size_t bytes = 0;
  while (c->next < c->list.size() && list->size() < kMaxShareList &&
         bytes < kMaxShareListBytes) {
    const ParsedCommand& pc = c->list[c->next];
    if (pc.entry != &ctx.entry()) return;
    CmdContext next(&server, c->info, *pc.entry, Args(pc.args), c->id);
    ShareRequest req;
    if (!next.resolve() || next.member() != ctx.member() || &next.group() != &g ||
        !make_request(next, &req))
      return;
    for (const auto& [key, value] : req.pairs) bytes += key.size() + value.size();
    list->push_back(std::move(req));
    c->next++;
  }
}

static CmdStatus exec_agent_share(CmdContext& ctx) {
  std::vector<ShareRequest> list(1);
  if (!make_request(ctx, &list[0])) return CmdStatus::kError;
  Group* g = &ctx.group();
  if (!g->remote.empty()) gather_following(ctx, *g, &list);
  Server& server = *ctx.server();
  int id = ctx.member();
  // (the operation starts before await_door returns: it may refer to list)
  return await_door(
      ctx, [&](CoordDone done) { server.coord().request_share(*g, id, list, std::move(done)); });
}

extern const CommandEntry kCmdAgentShare(
    "agent-share", "ashare", {"c:et:ux:", 1, -1},
    "[-e] [-c version] [-t target-session] [-x seconds] key=value ... | -u key ...",
    kFlagGroup | kFlagGroupState | kFlagMember, exec_agent_share, TargetKind::kSession);

}  // namespace amux
