// Hooks: set-hook -g agent-shared 'command' runs an amux command for each event of that
// kind, with the event in formats (#{event_key}, ...). The command string is split into
// words when set and each word is expanded on its own, so a shared value can never add
// words or commands. Hooks run from the loop after the event, as if typed in the event's
// session; events their commands cause run no further hooks.
#include "amux/coord/hooks.h"

#include "amux/base/parse.h"
#include "amux/server/server.h"

namespace amux {

namespace {
struct HookKind {
  const char* hook;
  const char* kinds[2];
};
constexpr HookKind kHooks[] = {
    {"agent-joined", {"join", nullptr}},       {"agent-left", {"leave", nullptr}},
    {"agent-shared", {"share", nullptr}},      {"agent-message", {"message", nullptr}},
    {"agent-locked", {"lock", nullptr}},       {"agent-unlocked", {"unlock", "expire"}},
    {"coordinator-changed", {"coordinator", nullptr}},
    {"agent-state-changed", {"state", nullptr}},
};
}  // namespace

bool valid_hook_name(std::string_view name) {
  for (const auto& h : kHooks)
    if (name == h.hook) return true;
  return false;
}

std::string hook_names() {
  std::string out;
  for (const auto& h : kHooks) out += std::string(out.empty() ? "" : ", ") + h.hook;
  return out;
}

static const char* hook_for_kind(std::string_view kind) {
  for (const auto& h : kHooks)
    for (const char* k : h.kinds)
      if (k != nullptr && kind == k) return h.hook;
  return nullptr;
}

bool check_hook_command(const std::string& command, std::string* error) {
  std::vector<std::string> words;
  std::vector<ParsedCommand> list;
  if (!split_command_string(command, &words, error)) return false;
  if (words.empty()) {
    *error = "empty hook command";
    return false;
  }
  return parse_command_list(words, &list, error);
}

void Server::queue_hook(const Group& g, const GroupEvent& e) {
  if (in_hook_) return;
  const char* hook = hook_for_kind(e.kind);
  if (hook == nullptr) return;
  auto it = hooks.find(hook);
  if (it == hooks.end()) return;
  FormatContext fc;
  event_formats(fc, g, e);
  defer([this, command = it->second, fc = std::move(fc), session = e.session_id] {
    run_hook(command, fc, session);
  });
}

void Server::run_hook(const std::string& command, const FormatContext& fc, int session_id) {
  std::vector<std::string> words;
  std::vector<ParsedCommand> list;
  std::string error, out, err;
  if (!split_command_string(command, &words, &error)) return;
  for (auto& word : words)
    if (word != ";") word = format_expand(word, fc);
  if (!parse_command_list(words, &list, &error)) return;
  ClientInfo client;
  client.cwd = "/";
  if (session_id >= 0 && sessions.find_id(session_id) != nullptr)
    client.env.push_back("AMUX=" + socket_path_ + "," + std::to_string(pid_) + "," +
                         std::to_string(session_id));
  in_hook_ = true;
  run_command_list(this, client, list, &out, &err);
  in_hook_ = false;
}

}  // namespace amux
