// Commands are data: a table of entries {name, alias, args template, usage, flags, exec,
// target kind}; the target a command names is resolved once, before its exec runs.
// This header holds the entry type, the context a command runs in, lookup by name, alias
// or unique prefix, and the parse of a ';'-separated command list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "amux/base/args.h"
#include "amux/base/protocol.h"
#include "amux/server/hooks.h"

namespace amux {

class Server;
struct Session;
struct Window;
class Pane;
struct Group;

// kWait: the command parked itself; the server resumes the client's list later.
enum class CmdStatus { kOk, kError, kWait };

// What -t names for a command: resolved before exec (kNone: the command looks itself).
enum class TargetKind { kNone, kSession, kWindow, kPane };

struct Target {
  Session* session = nullptr;
  Window* window = nullptr;
  Pane* pane = nullptr;
};

enum CmdFlags : unsigned {
  kFlagStartServer = 1,     // starts a server when none answers
  kFlagNoServer = 2,        // runs in the client when no server answers
  kFlagSpawns = 4,          // starts programs: needs the client's whole environment
  kFlagGroup = 8,           // the target session must be in a group (ctx.group())
  kFlagReadOnly = 16,       // changes nothing: a read-only client (server-access -r) may run it
  kFlagWindowOptions = 32,  // set-window-option, show-window-options: -w is implied
  kFlagGroupState = 64,     // reads or changes agent groups: needs the state file (if named)
  // Acts as a member: -t may name a pane (%N, s:w.p), and a pane that is a member (or the
  // client's own pane, without -t) acts as itself rather than as its session.
  kFlagMember = 128,
};

// What the client told us about itself.
struct ClientInfo {
  std::string cwd;
  std::vector<std::string> env;
  TerminalInfo terminal;
  // A key binding or the prompt of an attached client runs as that client (its id).
  uint64_t attached_client = 0;
  bool read_only = false;  // a user allowed with server-access -r
  std::optional<std::string> getenv(std::string_view name) const;
};

class CmdContext;
using CmdExec = CmdStatus (*)(CmdContext&);

struct CommandEntry {
  constexpr CommandEntry(const char* name_, const char* alias_, ArgsTemplate args_,
                         const char* usage_, unsigned flags_, CmdExec exec_,
                         TargetKind target_ = TargetKind::kNone)
      : name(name_),
        alias(alias_),
        args(args_),
        usage(usage_),
        flags(flags_),
        exec(exec_),
        target(target_) {}
  const char* name;
  const char* alias;  // may be nullptr
  ArgsTemplate args;
  const char* usage;  // flags and arguments, as list-commands prints them
  unsigned flags;
  CmdExec exec;
  TargetKind target;
};

class CmdContext {
 public:
  CmdContext(Server* server, const ClientInfo& client, const CommandEntry& entry, Args args,
             uint64_t client_id = 0)
      : server_(server),
        client_(client),
        entry_(entry),
        args_(std::move(args)),
        client_id_(client_id) {}
  // The connection running this command (0 for config files and hooks: cannot wait).
  uint64_t client_id() const { return client_id_; }
  Server* server() const { return server_; }
  const ClientInfo& client() const { return client_; }
  const CommandEntry& entry() const { return entry_; }
  const Args& args() const { return args_; }

  void print(std::string_view line);
  CmdStatus error(std::string_view message);
  // The entry's target, resolved before exec; for kSession, the session's current window
  // and pane come with it. group(): the session's group, with kFlagGroup.
  const Target& target() const { return target_; }
  Session& session() const { return *target_.session; }
  Group& group() const { return *group_; }
  // With kFlagMember: the member the command acts as (a session's id or a pane member's,
  // coord/group.h), and that pane (nullptr: the session acts).
  int member() const { return member_; }
  Pane* member_pane() const { return member_pane_; }
  // Resolves member() for a command without kFlagMember that needs it (aevents -o).
  bool resolve_member();
  // Resolves the entry's target (and group) once before exec; false with the error
  // recorded.
  bool resolve();
  // For commands that look themselves: -t as a session, or as a target of a kind, each
  // counted as a use of it.
  Session* target_session();
  bool target(TargetKind kind, Target* out);
  // The same for another flag's target (-s src-pane).
  bool target_of(char flag, TargetKind kind, Target* out);
  // A flag's destination window place: a session and an index (-1: its first free one).
  bool destination(char flag, Session** session, int* index);
  // The one home of what naming a target does: a session named (-t given) becomes the
  // most recently used, and a session target records the command as its last one
  // (presence shows it).
  void use(Session& s, bool named, TargetKind kind);
  // What an after-NAME hook is about: the first target the command resolved, or what
  // the command made (new-window: the new window). Kept as ids and names: the command
  // may have destroyed it.
  const HookTarget& hook_target() const { return hook_target_; }
  void set_hook_target(const Target& t);
  // Finds a session by a target string, with no side effect; the error is recorded.
  Session* find_session(const std::string& target);

  std::string out;
  std::string err;
  // run-shell -d in a list that cannot wait (a key binding, a hook): the rest of the list
  // runs this many milliseconds later.
  long long defer_ms = 0;

 private:
  Server* server_;
  const ClientInfo& client_;
  const CommandEntry& entry_;
  Args args_;
  uint64_t client_id_;
  Target target_;
  HookTarget hook_target_;
  Group* group_ = nullptr;
  int member_ = -1;
  Pane* member_pane_ = nullptr;
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
// Splits a command string into words and parses them: what a configuration line, a key
// binding or an if-shell branch holds. An empty string is an empty list.
bool parse_command_string(const std::string& text, std::vector<ParsedCommand>* out,
                          std::string* error);
// A parsed command as tmux prints one (show-hooks): its full name, the flags without a
// value together, each flag with its value, the arguments, each quoted as needed; a list
// joined with " ; ".
std::string print_command(const ParsedCommand& pc);
std::string print_command_list(const std::vector<ParsedCommand>& list);

// Runs one command's exec; an exception becomes its error ("internal error: ...").
CmdStatus run_command(CmdContext& ctx);

// Runs a parsed list in order, stopping at the first error (for config files and
// hooks, where nothing may wait). Returns the exit status.
int run_command_list(Server* server, const ClientInfo& client, std::vector<ParsedCommand>& list,
                     std::string* out, std::string* err);

// Resolves a target string for the given client (target.cc).
bool resolve_target(Server& server, const ClientInfo& client, const std::string& target,
                    TargetKind kind, Target* out, std::string* error);
// A destination window: "session:index", "session:" or "session" (its first free index:
// -1), "index" in the current session, or an existing window's name or id (its index).
bool resolve_destination(Server& server, const ClientInfo& client, const std::string& target,
                         Session** session, int* index, std::string* error);

}  // namespace amux
