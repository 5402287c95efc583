// list-keys: the key bindings as the bind-key commands that make them (one table with -T).
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_list_keys(CmdContext& ctx) {
  KeyTables& keys = ctx.server()->keys;
  std::string table = ctx.args().get('T');
  if (!table.empty() && !keys.has_table(table))
    return ctx.error("table " + table + " doesn't exist");
  for (const auto& line : keys.list(table)) ctx.print(line);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListKeys("list-keys", "lsk", {"T:", 0, 0}, "[-T key-table]",
                                       kFlagReadOnly, exec_list_keys);

}  // namespace amux
