// Command lookup (name, alias, unique prefix), command-list parsing and execution, and
// the helpers a command's exec uses to print, fail and find its target.
#include "amux/server/cmd.h"

#include <set>

#include "amux/base/parse.h"
#include "amux/base/util.h"
#include "amux/server/agent.h"
#include "amux/server/renderer.h"
#include "amux/server/resurrect.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/state-file.h"

namespace amux {

std::optional<std::string> ClientInfo::getenv(std::string_view name) const {
  for (const auto& e : env)
    if (e.size() > name.size() && e[name.size()] == '=' && starts_with(e, name))
      return e.substr(name.size() + 1);
  return std::nullopt;
}

void CmdContext::print(std::string_view line) {
  out.append(line);
  out += '\n';
}

CmdStatus CmdContext::error(std::string_view message) {
  err.append(message);
  err += '\n';
  return CmdStatus::kError;
}

Session* CmdContext::find_session(const std::string& target) {
  std::string error;
  Session* s = server_->sessions().resolve(target, server_->current_session_for(client_), &error);
  if (s == nullptr) this->error(error);
  return s;
}

void CmdContext::use(Session& s, bool named, TargetKind kind) {
  if (named) server_->sessions().touch(s, server_->now());
  if (kind == TargetKind::kSession) s.last_command = entry_.name;
}

// A pane target (%N, s:w.p; session names hold neither ':' nor '.') or, without -t, the
// client's own pane: a pane that is a member acts as itself, any other as its session.
bool CmdContext::resolve_member() {
  const std::string& t = args_.get('t');
  Pane* p = nullptr;
  if (args_.has('t') && t.find_first_of("%:.") != std::string::npos) {
    if (!target(TargetKind::kPane, &target_)) return false;
    use(*target_.session, true, TargetKind::kSession);
    p = target_.pane;
  } else {
    Session* s = target_session();
    if (s == nullptr) return false;
    target_ = {s, s->current, s->current != nullptr ? s->current->active : nullptr};
    if (!args_.has('t')) p = server_->client_pane(client_);
  }
  member_ = target_.session->id;
  if (p != nullptr && p->window->session == target_.session) {
    member_pane_ = p;
    if (server_->is_member_pane(*p)) member_ = pane_member_id(p->id);
  }
  return true;
}

bool CmdContext::resolve() {
  if ((entry_.flags & kFlagMember) != 0 && server_ != nullptr) {
    if (!resolve_member()) return false;
  } else if (entry_.target == TargetKind::kSession) {
    Session* s = target_session();
    if (s == nullptr) return false;
    target_.session = s;
    target_.window = s->current;
    target_.pane = s->current != nullptr ? s->current->active : nullptr;
  } else if (entry_.target != TargetKind::kNone && !target(entry_.target, &target_)) {
    return false;
  }
  if (hook_target_.session < 0) set_hook_target(target_);
  if ((entry_.flags & kFlagGroup) != 0)
    group_ = member_ >= 0 ? require_member_group(*this, member_)
                          : require_group(*this, *target_.session);
  return (entry_.flags & kFlagGroup) == 0 || group_ != nullptr;
}

void CmdContext::set_hook_target(const Target& t) {
  // Only worth the names once hooks are in use: shares and the like run by the million.
  if (server_ != nullptr && server_->hooks().wanted())
    hook_target_ = server_->hooks().target(t.session, t.window, t.pane);
}

Session* CmdContext::target_session() {
  Session* s = find_session(args_.get('t'));
  if (s != nullptr) use(*s, args_.has('t'), TargetKind::kSession);
  if (s != nullptr && hook_target_.session < 0)
    set_hook_target({s, s->current, s->current != nullptr ? s->current->active : nullptr});
  return s;
}

bool CmdContext::target(TargetKind kind, Target* out) {
  return target_of('t', kind, out);
}

bool CmdContext::destination(char flag, Session** session, int* index) {
  std::string error;
  if (!resolve_destination(*server_, client_, args_.get(flag), session, index, &error)) {
    this->error(error);
    return false;
  }
  use(**session, args_.has(flag), TargetKind::kWindow);
  return true;
}

bool CmdContext::target_of(char flag, TargetKind kind, Target* out) {
  std::string error;
  std::string t = args_.get(flag);
  // As tmux: a marked pane is the source these commands take when -s is not given.
  static const std::set<std::string> kMarkedDefault = {"swap-pane", "join-pane", "move-pane",
                                                       "swap-window", "move-window"};
  if (flag == 's' && !args_.has('s') && kMarkedDefault.count(entry_.name) > 0 &&
      server_->marked_pane() != nullptr)
    t = "{marked}";
  if (!resolve_target(*server_, client_, t, kind, out, &error)) {
    this->error(error);
    return false;
  }
  use(*out->session, !t.empty(), kind);
  if (hook_target_.session < 0) set_hook_target(*out);
  return true;
}

const CommandEntry* find_command(std::string_view name, std::string* error) {
  const auto& table = command_table();
  for (const CommandEntry* e : table)
    if (name == e->name || (e->alias != nullptr && name == e->alias)) return e;
  std::vector<std::string> matches;
  const CommandEntry* found = nullptr;
  if (!name.empty())
    for (const CommandEntry* e : table)
      if (starts_with(e->name, name)) {
        matches.push_back(e->name);
        found = e;
      }
  if (matches.size() == 1) return found;
  // A prefix tmux takes as one of its commands stays so (amux a is attach-session): the
  // agent commands do not make it ambiguous.
  const CommandEntry* tmux_found = nullptr;
  int tmux_matches = 0;
  for (const CommandEntry* e : table)
    if (starts_with(e->name, name) &&
        std::string_view(e->name).find("agent") == std::string_view::npos)
      tmux_found = e, tmux_matches++;
  if (tmux_matches == 1 && !name.empty()) return tmux_found;
  if (matches.empty())
    *error = "unknown command: " + std::string(name);
  else
    *error = "ambiguous command: " + std::string(name) + ", could be: " + join(matches, ", ");
  return nullptr;
}

static bool parse_one(const std::vector<std::string>& words, std::vector<ParsedCommand>* out,
                      std::string* error) {
  if (words.empty()) return true;
  const CommandEntry* entry = find_command(words[0], error);
  if (entry == nullptr) return false;
  Args args;
  std::string why;
  if (!args.parse(entry->args, std::vector<std::string>(words.begin() + 1, words.end()), &why)) {
    *error = "command " + std::string(entry->name) + ": " + why;
    return false;
  }
  out->push_back({entry, std::move(args)});
  return true;
}

bool parse_command_list(const std::vector<std::string>& argv, std::vector<ParsedCommand>* out,
                        std::string* error) {
  std::vector<std::string> words;
  for (const auto& w : argv) {
    if (w == ";") {
      if (!parse_one(words, out, error)) return false;
      words.clear();
    } else if (w.size() > 1 && w.back() == ';' && w[w.size() - 2] != '\\') {
      words.push_back(w.substr(0, w.size() - 1));  // "word;" ends the command, as in tmux
      if (!parse_one(words, out, error)) return false;
      words.clear();
    } else if (w.size() > 1 && w.back() == ';') {
      words.push_back(w.substr(0, w.size() - 2) + ";");  // "\\;": an argument, unescaped
    } else {
      words.push_back(w);
    }
  }
  return parse_one(words, out, error);
}

std::string print_command(const ParsedCommand& pc) {
  std::string out = pc.entry->name, bare;
  for (const auto& [flag, values] : pc.args.flags())
    if (values.empty()) bare += flag;
  if (!bare.empty()) out += " -" + bare;
  for (const auto& [flag, values] : pc.args.flags())
    for (const auto& v : values) out += std::string(" -") + flag + " " + quote_argument(v);
  for (const auto& word : pc.args.positional()) out += " " + quote_argument(word);
  return out;
}

std::string print_command_list(const std::vector<ParsedCommand>& list) {
  std::string out;
  for (const ParsedCommand& pc : list) out += (out.empty() ? "" : " ; ") + print_command(pc);
  return out;
}

bool parse_command_string(const std::string& text, std::vector<ParsedCommand>* out,
                          std::string* error) {
  std::vector<std::string> words;
  return split_command_string(text, &words, error) && parse_command_list(words, out, error);
}

CmdStatus run_command(CmdContext& ctx) {
  try {
    if (ctx.client().read_only && (ctx.entry().flags & kFlagReadOnly) == 0)
      return ctx.error("access denied: read-only");
    std::string unavailable;
    if ((ctx.entry().flags & kFlagGroupState) != 0 && ctx.server() != nullptr &&
        !ctx.server()->state().available(&unavailable))
      return ctx.error(unavailable);
    if (!ctx.resolve()) return CmdStatus::kError;
    CmdStatus status = ctx.entry().exec(ctx);
    // What a command changed of the sessions is saved when the turn commits (not for the
    // agent commands: the groups keep their own, and shares stay off this path).
    unsigned flags = ctx.entry().flags;
    if (ctx.server() != nullptr && status != CmdStatus::kError &&
        (flags & (kFlagReadOnly | kFlagGroupState)) == 0)
      ctx.server()->resurrect().changed();
    if (ctx.server() != nullptr) {
      if (status == CmdStatus::kOk) ctx.server()->hooks().after_command(ctx);
      // Whatever it changed shows on attached clients (each draws only what differs).
      ctx.server()->renderer().redraw();
    }
    return status;
  } catch (const std::exception& e) {
    return ctx.error(std::string("internal error: ") + e.what());
  }
}

int run_command_list(Server* server, const ClientInfo& client, std::vector<ParsedCommand>& list,
                     std::string* out, std::string* err) {
  for (size_t i = 0; i < list.size(); i++) {
    CmdContext ctx(server, client, *list[i].entry, std::move(list[i].args));
    CmdStatus status = run_command(ctx);
    out->append(ctx.out);
    err->append(ctx.err);
    if (status != CmdStatus::kOk) return 1;
    if (ctx.defer_ms > 0 && server != nullptr && i + 1 < list.size()) {
      // The rest waits (run-shell -d): it runs later as the same client, its output lost
      // as a background command's is.
      auto rest = std::make_shared<std::vector<ParsedCommand>>(
          std::make_move_iterator(list.begin() + static_cast<long>(i) + 1),
          std::make_move_iterator(list.end()));
      server->later(ctx.defer_ms, [server, client, rest] {
        std::string o, e;
        run_command_list(server, client, *rest, &o, &e);
      });
      return 0;
    }
  }
  return 0;
}

}  // namespace amux
