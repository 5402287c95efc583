// Hooks: set-hook -g agent-shared 'command' runs an amux command for each event of that
// kind, with the event in formats (#{event_key}, ...). The command string is split into
// words when set and each word is expanded on its own when run, so a shared value can
// never add words or commands. The host runs a hook after the event, as if typed in the
// event's session; events its commands cause run no further hooks.
#include "amux/coord/hooks.h"

#include "amux/base/parse.h"
#include "amux/coord/coordinator.h"

namespace amux {

namespace {
struct HookKind {
  const char* hook;
  EventKind kinds[4];
  int count;
};
constexpr HookKind kHooks[] = {
    {"agent-joined", {EventKind::kJoin}, 1},
    {"agent-left", {EventKind::kLeave}, 1},
    {"agent-shared", {EventKind::kShare}, 1},
    {"agent-message", {EventKind::kMessage}, 1},
    {"agent-locked", {EventKind::kLock}, 1},
    {"agent-unlocked",
     {EventKind::kUnlock, EventKind::kExpire, EventKind::kBreak, EventKind::kGive},
     4},
    {"agent-message-read", {EventKind::kRead}, 1},
    {"coordinator-changed", {EventKind::kCoordinator}, 1},
    {"agent-state-changed", {EventKind::kState}, 1},
    {"agent-objective-changed", {EventKind::kObjective}, 1},
    {"agent-conflict", {EventKind::kConflict}, 1},
};
// A state event to waiting (an agent asked for a person) runs this one too.
constexpr const char* kWaitingHook = "agent-waiting";
bool to_waiting(const GroupEvent& e) {
  return e.kind == EventKind::kState && e.value == "waiting";
}
}  // namespace

bool valid_hook_name(std::string_view name) {
  for (const auto& h : kHooks)
    if (name == h.hook) return true;
  return name == kWaitingHook;
}

std::vector<std::string> agent_hook_names() {
  std::vector<std::string> out;
  for (const auto& h : kHooks) out.emplace_back(h.hook);
  out.emplace_back(kWaitingHook);
  return out;
}

static const char* hook_for_kind(EventKind kind) {
  for (const auto& h : kHooks)
    for (int i = 0; i < h.count; i++)
      if (h.kinds[i] == kind) return h.hook;
  return nullptr;
}

bool Coordinator::hook_wanted(const GroupEvent& e) {
  const char* hook = hook_for_kind(e.kind);
  return (hook != nullptr && host_.has_hook(hook, e.session_id)) ||
         (to_waiting(e) && host_.has_hook(kWaitingHook, e.session_id));
}

void Coordinator::queue_hook(const Group& g, const GroupEvent& e) {
  for (const char* hook : {hook_for_kind(e.kind), to_waiting(e) ? kWaitingHook : nullptr}) {
    if (hook == nullptr || !host_.has_hook(hook, e.session_id)) continue;
    FormatContext fc;
    event_formats(fc, g.name, e);
    fc.set("hook_event", hook);
    host_.run_hook(hook, std::move(fc), e.session_id);
  }
}

}  // namespace amux
