// unbind-key: remove a key's binding (a key that is not bound is no error, as in tmux),
// or every binding of a table with -a.
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_unbind_key(CmdContext& ctx) {
  const Args& args = ctx.args();
  KeyTables& keys = ctx.server()->keys;
  std::string table = args.has('n') ? "root" : args.get('T', "prefix");
  if (!keys.has_table(table)) return ctx.error("table " + table + " doesn't exist");
  if (args.has('a')) {
    if (args.count() > 0) return ctx.error("key given with -a");
    keys.unbind_all(table);
    return CmdStatus::kOk;
  }
  if (args.count() == 0) return ctx.error("missing key");
  auto key = key_from_name(args.at(0));
  if (!key) return ctx.error("unknown key: " + args.at(0));
  keys.unbind(table, *key);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdUnbindKey("unbind-key", "unbind", {"anT:", 0, 1},
                                        "[-an] [-T key-table] [key]", 0, exec_unbind_key);

}  // namespace amux
