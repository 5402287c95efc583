// agent-import (aimport): restore a group from a document agent-export wrote (a path of
// the client's). Refused when a group of that name exists, unless -f, which replaces a
// group with no members. The group comes back without members: a session that joins
// under a name that had unread messages gets them.
#include "amux/coord/archive.h"
#include "amux/server/agent.h"
#include "amux/server/server.h"

namespace amux {

constexpr size_t kMaxArchive = 64u << 20;

static CmdStatus exec_agent_import(CmdContext& ctx) {
  std::string path = ctx.args().at(0);
  if (path.empty()) return ctx.error("invalid path: ");
  if (path[0] != '/') path = ctx.client().cwd + "/" + path;
  std::string data, error;
  if (!read_regular_file(path, kMaxArchive, &data, &error)) return ctx.error(error);
  std::unique_ptr<Group> g = import_group(data, &error);
  if (!g) return ctx.error("can't import " + path + ": " + error);
  std::string name = g->name;
  size_t keys = g->context.size(), events = g->events.size(), records = g->roster.size();
  if (!ctx.server()->coord().import_group(std::move(g), ctx.args().has('f'), &error))
    return ctx.error(error);
  ctx.print("Imported group '" + name + "': " + plural(keys, "key", "keys") + ", " +
            plural(events, "event", "events") + ", " + plural(records, "member", "members") +
            " in the roster");
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdAgentImport("agent-import", "aimport", {"f", 1, 1}, "[-f] path",
                                          kFlagGroupState, exec_agent_import);

}  // namespace amux
