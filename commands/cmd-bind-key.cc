// bind-key: bind a key to a command in a key table (prefix by default, root with -n,
// any with -T); the command is checked when bound. The command is its words, or one
// argument holding a whole command string, as tmux takes both. -r: the key repeats, pressed again
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
  std::string command;
  if (words.size() == 1 && words[0].find_first_of(" \t;") != std::string::npos) {
    // One argument holding a whole command (bind x "split-window -h"): a command string.
    if (!parse_command_string(words[0], &list, &error)) return ctx.error(error);
    command = words[0];
  } else {
    if (!parse_command_list(words, &list, &error)) return ctx.error(error);
    for (const auto& w : words)
      command += (command.empty() ? "" : " ") + (w == ";" ? "\\;" : quote_word(w));
  }
  std::string table = args.has('n') ? "root" : args.get('T', "prefix");
  ctx.server()->keys.bind(table, *key, command, args.has('r'));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdBindKey("bind-key", "bind", {"nrT:", 2, -1},
                                      "[-nr] [-T key-table] key command [arguments]", 0,
                                      exec_bind_key);

}  // namespace amux
