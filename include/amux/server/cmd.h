// Commands are data: a table of entries {name, alias, args template, usage, flags, exec}.
// This header holds the entry type, the context a command runs in, lookup by name, alias
// or unique prefix, and the parse of a ';'-separated command list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amux/base/args.h"

namespace amux {

class Server;
struct Session;
struct Window;
struct Pane;

// kWait: the command parked itself; the server resumes the client's list later.
enum class CmdStatus { kOk, kError, kWait };

enum class TargetKind { kSession, kWindow, kPane };

struct Target {
  Session* session = nullptr;
  Window* window = nullptr;
  Pane* pane = nullptr;
};

enum CmdFlags : unsigned {
  kFlagStartServer = 1,  // starts a server when none answers
  kFlagNoServer = 2,     // runs in the client when no server answers
  kFlagSpawns = 4,       // starts programs: needs the client's whole environment
};

// What the client told us about itself.
struct ClientInfo {
  std::string cwd;
  std::vector<std::string> env;
  std::optional<std::string> getenv(std::string_view name) const;
};

class CmdContext;
using CmdExec = CmdStatus (*)(CmdContext&);

struct CommandEntry {
  const char* name;
  const char* alias;  // may be nullptr
  ArgsTemplate args;
  const char* usage;  // flags and arguments, as list-commands prints them
  unsigned flags;
  CmdExec exec;
};

class CmdContext {
 public:
  CmdContext(Server* server, const ClientInfo& client, const CommandEntry& entry, Args args,
             uint64_t client_id = 0)
      : server_(server), client_(client), entry_(entry), args_(std::move(args)),
        client_id_(client_id) {}
  // The connection running this command (0 for config files and hooks: cannot wait).
  uint64_t client_id() const { return client_id_; }
  Server* server() const { return server_; }
  const ClientInfo& client() const { return client_; }
  const CommandEntry& entry() const { return entry_; }
  const Args& args() const { return args_; }

  void print(std::string_view line);
  CmdStatus error(std::string_view message);
  // Resolves -t (or the given target) to a session; on failure records the error.
  Session* target_session();
  Session* find_session(const std::string& target);
  // Resolves the value of a flag (default -t) as a window or pane target.
  bool target(TargetKind kind, Target* out, char flag = 't');

  std::string out;
  std::string err;

 private:
  Server* server_;
  const ClientInfo& client_;
  const CommandEntry& entry_;
  Args args_;
  uint64_t client_id_;
};

const std::vector<const CommandEntry*>& command_table();
// Finds a command by name, alias or unique name prefix; sets *error when it cannot.
const CommandEntry* find_command(std::string_view name, std::string* error);

struct ParsedCommand {
  const CommandEntry* entry;
  Args args;
};

// Splits argv on ";" words (and words ending in an unescaped ';') and parses each command.
bool parse_command_list(const std::vector<std::string>& argv, std::vector<ParsedCommand>* out,
                        std::string* error);

// Runs one command's exec; an exception becomes its error ("internal error: ...").
CmdStatus run_command(CmdContext& ctx);

// Runs a parsed list in order, stopping at the first error (for config files and
// hooks, where nothing may wait). Returns the exit status.
int run_command_list(Server* server, const ClientInfo& client,
                     std::vector<ParsedCommand>& list, std::string* out, std::string* err);

// Resolves a target string for the given client (target.cc).
bool resolve_target(Server& server, const ClientInfo& client, const std::string& target,
                    TargetKind kind, Target* out, std::string* error);

}  // namespace amux
