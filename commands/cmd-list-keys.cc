// list-keys: the key bindings as the bind-key commands that make them (one table with -T,
// one key of it with a key argument).
#include "amux/server/cmd.h"
#include "amux/server/server.h"
#include "amux/term/input.h"

namespace amux {

static CmdStatus exec_list_keys(CmdContext& ctx) {
  KeyTables& keys = ctx.server()->keys;
  std::string table = ctx.args().get('T');
  if (!table.empty() && !keys.has_table(table))
    return ctx.error("table " + table + " doesn't exist");
  if (ctx.args().count() == 0) {
    for (const auto& line : keys.list(table)) ctx.print(line);
    return CmdStatus::kOk;
  }
  auto key = key_from_name(ctx.args().at(0));
  if (!key) return ctx.error("invalid key: " + ctx.args().at(0));
  std::string name = key_name(*key);
  bool found = false;
  for (const auto& line : keys.list(table.empty() ? "prefix" : table)) {
    // "bind-key [-r] -T TABLE KEY command": the key is the word after the table's.
    size_t a = line.find(' ', line.find(" -T ") + 4), b = line.find(' ', a + 1);
    if (line.substr(a + 1, b - a - 1) == name) ctx.print(line), found = true;
  }
  return found ? CmdStatus::kOk : ctx.error("unknown key: " + name);
}

extern const CommandEntry kCmdListKeys("list-keys", "lsk", {"T:", 0, 1}, "[-T key-table] [key]",
                                       kFlagReadOnly, exec_list_keys);

}  // namespace amux
