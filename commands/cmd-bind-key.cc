// bind-key: bind a key to a command in a key table (prefix by default, root with -n,
// any with -T); the command is checked when bound. -r: the key repeats, pressed again
// without the prefix within repeat-time. A "\;" word separates commands of the
// bound list.
#include "amux/server/cmd.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_bind_key(CmdContext& ctx) {
  const Args& args = ctx.args();
  auto key = key_from_name(args.at(0));
  if (!key) return ctx.error("unknown key: " + args.at(0));
  std::vector<std::string> words(args.positional().begin() + 1, args.positional().end());
  for (auto& w : words)
    if (w == "\\;") w = ";";  // an escaped separator: the bound list has several commands
  std::vector<ParsedCommand> list;
  std::string error;
  if (!parse_command_list(words, &list, &error)) return ctx.error(error);
  std::string command;
  for (const auto& w : words)
    command += (command.empty() ? "" : " ") + (w == ";" ? "\\;" : quote_word(w));
  std::string table = args.has('n') ? "root" : args.get('T', "prefix");
  ctx.server()->keys.bind(table, *key, command, args.has('r'));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdBindKey("bind-key", "bind", {"nrT:", 2, -1},
                                      "[-nr] [-T key-table] key command [arguments]", 0,
                                      exec_bind_key);

}  // namespace amux
