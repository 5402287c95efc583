// agent-share (ashare): set key=value pairs in the group's shared context (-u: remove
// keys), all or none: every pair is checked, and with -c every key must be at the given
// version (0: absent), before anything is written. -e: the keys go when the author
// leaves; -x: they expire after that many seconds.
#include "amux/server/agent.h"

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

static bool parse_keys(CmdContext& ctx, Group& g, std::vector<std::string>* out) {
  for (const auto& key : ctx.args().positional()) {
    if (!valid_key(key)) return ctx.error("invalid key: " + key), false;
    if (g.context.count(key) == 0) return ctx.error("no such key: " + key), false;
    out->push_back(key);
  }
  return true;
}

// With -c, every key must be at the expected version (0: absent).
static bool check_versions(CmdContext& ctx, Group& g, const std::vector<std::string>& keys,
                           int session_id) {
  if (!ctx.args().has('c')) return true;
  long long expected;
  if (!parse_int(ctx.args().get('c'), 0, INT64_MAX, &expected))
    return ctx.error("invalid version: " + ctx.args().get('c')), false;
  std::string why =
      ctx.server()->coord().check_versions(g, keys, static_cast<uint64_t>(expected), session_id);
  return why.empty() || (ctx.error(why), false);
}

static CmdStatus unset_keys(CmdContext& ctx, Session& s, Group& g) {
  std::vector<std::string> keys;
  if (!parse_keys(ctx, g, &keys) || !check_versions(ctx, g, keys, s.id)) return CmdStatus::kError;
  Server& server = *ctx.server();
  server.coord().unset(g, s.id, keys);
  if (s.agent) s.agent->last_activity = server.now();
  for (const auto& key : keys) ctx.print("Unset in group '" + g.name + "': " + key);
  return CmdStatus::kOk;
}

// A remote group: Redis checks the keys (-u) and versions (-c) and writes, all or none.
static CmdStatus share_remote(CmdContext& ctx, Session& s, Group& g, const KeyValues& pairs,
                              long long expiry) {
  const Args& args = ctx.args();
  bool unset = args.has('u');
  KeyValues items = pairs;
  for (const auto& key : args.positional()) {
    if (!unset) break;
    if (!valid_key(key)) return ctx.error("invalid key: " + key);
    items.emplace_back(key, "");
  }
  std::string expected;
  if (args.has('c')) {
    long long v;
    if (!parse_int(args.get('c'), 0, INT64_MAX, &v))
      return ctx.error("invalid version: " + args.get('c'));
    expected = std::to_string(v);
  }
  Server& server = *ctx.server();
  if (s.agent) s.agent->last_activity = server.now();
  int id = s.id;
  bool ephemeral = args.has('e');
  std::string group = g.name;
  return remote_wait(
      ctx,
      [&server, &g, id, items, unset, expected, ephemeral, expiry](RemoteDone done) {
        server.remote().share(g, id, items, unset, expected, ephemeral, static_cast<long>(expiry),
                              done);
      },
      [items, unset, group](const RemoteResult& r, std::string* out, std::string* err) {
        if (!r.ok) return *err = r.error + "\n", 1;
        for (const auto& [key, value] : items)
          *out += unset ? "Unset in group '" + group + "': " + key + "\n"
                        : "Shared with group '" + group + "': " + key + "=" +
                              escape_newlines(value) + "\n";
        return 0;
      });
}

static CmdStatus exec_agent_share(CmdContext& ctx) {
  const Args& args = ctx.args();
  long long expiry = 0;
  if (args.has('u') && (args.has('e') || args.has('x')))
    return ctx.error("-u does not take -e or -x");
  if (args.has('x') && !parse_int(args.get('x'), 1, 86400 * 365, &expiry))
    return ctx.error("invalid expiry: " + args.get('x'));
  KeyValues pairs;
  if (!ctx.args().has('u') && !parse_pairs(ctx, &pairs)) return CmdStatus::kError;
  Session* s = &ctx.session();
  Group* g = &ctx.group();
  if (!g->remote.empty()) return share_remote(ctx, *s, *g, pairs, expiry);
  if (ctx.args().has('u')) return unset_keys(ctx, *s, *g);
  std::vector<std::string> keys;
  for (const auto& pair : pairs) keys.push_back(pair.first);
  if (!check_versions(ctx, *g, keys, s->id)) return CmdStatus::kError;
  Server& server = *ctx.server();
  ShareMode mode;
  mode.ephemeral = ctx.args().has('e');
  if (ctx.args().has('x')) mode.expires = server.now() + static_cast<time_t>(expiry);
  server.coord().share(*g, s->id, pairs, mode);
  if (s->agent) s->agent->last_activity = server.now();
  for (const auto& [key, value] : pairs)
    ctx.print("Shared with group '" + g->name + "': " + key + "=" + escape_newlines(value));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentShare(
    "agent-share", "ashare", {"c:et:ux:", 1, -1},
    "[-e] [-c version] [-t target-session] [-x seconds] key=value ... | -u key ...",
    kFlagGroup | kFlagGroupState, exec_agent_share, TargetKind::kSession);

}  // namespace amux
