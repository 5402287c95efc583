// Hooks: set-hook keeps commands in the option sets; the server fires a hook when its
// event happens (after-COMMAND, session-created, window-linked, pane-exited, ...; the
// coordinator's agent-shared, ...) and runs the commands from the loop once the current
// callback is done, as if typed in the hook's session, window and pane. Commands a hook
// runs fire no hooks of their own.
#include "amux/server/hooks.h"

#include <algorithm>

#include "amux/base/parse.h"
#include "amux/base/util.h"
#include "amux/coord/hooks.h"
#include "amux/server/client-hub.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {
constexpr std::string_view kSessionHooks[] = {
    "alert-activity",  "alert-bell",
    "alert-silence",   "client-active",
    "client-attached", "client-detached",
    "client-focus-in", "client-focus-out",
    "client-resized",  "client-session-changed",
    "session-closed",  "session-created",
    "session-renamed", "session-window-changed",
    "window-linked",   "window-unlinked",
};
// tmux's after-COMMAND hooks, by name: set-hook knows these even where amux has no such
// command (after-queue); after-NAME of any amux command is a hook too.
constexpr std::string_view kAfterHooks[] = {
    "after-bind-key",        "after-capture-pane",
    "after-copy-mode",       "after-display-message",
    "after-display-panes",   "after-kill-pane",
    "after-list-buffers",    "after-list-clients",
    "after-list-keys",       "after-list-panes",
    "after-list-sessions",   "after-list-windows",
    "after-load-buffer",     "after-lock-server",
    "after-new-session",     "after-new-window",
    "after-paste-buffer",    "after-pipe-pane",
    "after-queue",           "after-refresh-client",
    "after-rename-session",  "after-rename-window",
    "after-resize-pane",     "after-resize-window",
    "after-save-buffer",     "after-select-layout",
    "after-select-pane",     "after-select-window",
    "after-send-keys",       "after-set-buffer",
    "after-set-environment", "after-set-hook",
    "after-set-option",      "after-show-environment",
    "after-show-messages",   "after-show-options",
    "after-split-window",    "after-unbind-key",
};
constexpr std::string_view kWindowHooks[] = {
    "pane-died",           "pane-exited",        "pane-focus-in",      "pane-focus-out",
    "pane-mode-changed",   "pane-set-clipboard", "pane-title-changed", "window-layout-changed",
    "window-pane-changed", "window-renamed",     "window-resized",
};
}  // namespace

std::optional<HookLevel> hook_level(std::string_view name) {
  if (valid_hook_name(name)) return HookLevel::kSession;
  for (std::string_view h : kSessionHooks)
    if (name == h) return HookLevel::kSession;
  for (std::string_view h : kWindowHooks)
    if (name == h) return HookLevel::kWindow;
  for (std::string_view h : kAfterHooks)
    if (name == h) return HookLevel::kSession;
  if (starts_with(name, "after-")) {
    std::string_view command = name.substr(6);
    for (const CommandEntry* e : command_table())
      if (command == e->name) return HookLevel::kSession;
  }
  return std::nullopt;
}

std::vector<std::string> hook_names(HookLevel level) {
  std::vector<std::string> out;
  if (level == HookLevel::kWindow) {
    out.assign(std::begin(kWindowHooks), std::end(kWindowHooks));
    return out;
  }
  out.assign(std::begin(kSessionHooks), std::end(kSessionHooks));
  out.insert(out.end(), std::begin(kAfterHooks), std::end(kAfterHooks));
  for (std::string& h : agent_hook_names()) out.push_back(std::move(h));
  std::sort(out.begin(), out.end());
  return out;
}

bool split_hook_name(std::string_view text, std::string* name, int* index) {
  *index = -1;
  size_t open = text.find('[');
  if (open == std::string_view::npos) {
    *name = std::string(text);
    return true;
  }
  long long n;
  if (text.back() != ']' ||
      !parse_int(text.substr(open + 1, text.size() - open - 2), 0, INT32_MAX, &n))
    return false;
  *name = std::string(text.substr(0, open));
  *index = static_cast<int>(n);
  return true;
}

HookTarget Hooks::target(Session* s, Window* w, Pane* p) {
  HookTarget t;
  if (p != nullptr && w == nullptr) w = p->window;
  if (w != nullptr && s == nullptr) s = w->session;
  if (s != nullptr) {
    t.session = s->id;
    t.session_name = s->name;
  }
  if (w != nullptr) {
    t.window = w->id;
    t.window_name = w->name;
  }
  if (p != nullptr) t.pane = p->id;
  return t;
}

const Options::HookCommands* Hooks::find(const std::string& name, const HookTarget& t) {
  if (!used_ || running_) return nullptr;
  auto level = hook_level(name);
  if (!level) return nullptr;
  if (*level == HookLevel::kSession) {
    Session* s = t.session >= 0 ? server_.sessions().find_id(t.session) : nullptr;
    return (s != nullptr ? s->options : server_.global_options).find_hook(name);
  }
  Pane* p = t.pane >= 0 ? server_.sessions().find_pane(t.pane) : nullptr;
  Window* w = p != nullptr    ? p->window
              : t.window >= 0 ? server_.sessions().find_window(t.window)
                              : nullptr;
  if (p != nullptr) return w->effective_options(*p).find_hook(name);
  return (w != nullptr ? w->options : server_.global_window_options).find_hook(name);
}

// The hook's commands as they are now (set-hook may change them before they run), run
// from the loop; an agent hook brings its event's formats.
void Hooks::queue(const std::string& name, const HookTarget& t,
                  std::optional<FormatContext> event) {
  const Options::HookCommands* found = find(name, t);
  if (found == nullptr) return;
  std::vector<std::string> commands;
  for (const auto& [index, command] : *found) commands.push_back(command);
  server_.defer([this, name, commands = std::move(commands), t, event = std::move(event)] {
    run_commands(name, commands, t, event ? &*event : nullptr);
  });
}

void Hooks::fire(const std::string& name, const HookTarget& t) {
  queue(name, t, std::nullopt);
}

void Hooks::after_command(const CmdContext& ctx) {
  if (!wanted()) return;
  HookTarget where = ctx.hook_target();
  if (where.session < 0) {  // no target named: the caller's session
    Session* s = server_.sessions().find_id(server_.current_session_for(ctx.client()));
    if (s != nullptr) where = target(s, s->current, s->current ? s->current->active : nullptr);
  }
  fire(std::string("after-") + ctx.entry().name, where);
}

bool Hooks::has_hook(const char* hook, int session_id) {
  HookTarget t;
  t.session = session_id;
  return find(hook, t) != nullptr;
}

// An agent hook: each word of its commands is expanded with the event's formats (so a
// value stays one word), and the event is in the environment of what it runs.
void Hooks::run_hook(const char* hook, FormatContext formats, Session* s, Pane* p) {
  if (p != nullptr) return queue(hook, target(s, p->window, p), std::move(formats));
  queue(hook, target(s, s ? s->current : nullptr, s && s->current ? s->current->active : nullptr),
        std::move(formats));
}

// shell_quoted(v): v as one word for /bin/sh (and for amux's own command parser).
static std::string shell_quoted(const std::string& v) {
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Expands an agent hook's command with the event's formats, once parsed: a value cannot
// become a flag or a second command. Where an argument is shell text (run-shell's and
// if-shell's command) or a command string parsed again (if-shell's branches), each value
// goes in shell-quoted: a peer's value is never run.
static void expand_hook_command(ParsedCommand& pc, const FormatContext& fc) {
  std::string_view name = pc.entry->name;
  bool run_shell = name == "run-shell", if_shell = name == "if-shell";
  bool format_condition = if_shell && pc.args.has('F');  // a format, not shell text
  FormatContext quoted;
  quoted.set_lookup([&fc](std::string_view var) -> std::optional<std::string> {
    if (auto v = fc.find(var)) return shell_quoted(*v);
    return std::nullopt;
  });
  pc.args.rewrite([&fc](const std::string& v) { return format_expand(v, fc); },
                  [&](size_t i, const std::string& v) {
                    bool quote = run_shell || (if_shell && !(i == 0 && format_condition));
                    return format_expand(v, quote ? quoted : fc);
                  });
}

void Hooks::run_commands(const std::string& name, const std::vector<std::string>& commands,
                         const HookTarget& t, const FormatContext* event) {
  ClientInfo client;
  client.cwd = "/";
  if (Session* s = t.session >= 0 ? server_.sessions().find_id(t.session) : nullptr) {
    client.env.push_back("AMUX=" + server_.amux_value(s->id));
    if (!s->cwd.empty()) client.cwd = s->cwd;
    Pane* p = t.pane >= 0 ? server_.sessions().find_pane(t.pane) : nullptr;
    if (p == nullptr && t.window >= 0)
      if (Window* w = server_.sessions().find_window(t.window); w != nullptr && w->session == s)
        p = w->active;
    if (p != nullptr && p->window->session == s)
      client.env.push_back("AMUX_PANE=%" + std::to_string(p->id));
  }
  formats_ = {
      {"hook", name},
      {"hook_session", t.session >= 0 ? "$" + std::to_string(t.session) : ""},
      {"hook_session_name", t.session_name},
      {"hook_window", t.window >= 0 ? "@" + std::to_string(t.window) : ""},
      {"hook_window_name", t.window_name},
      {"hook_pane", t.pane >= 0 ? "%" + std::to_string(t.pane) : ""},
      {"hook_client", t.client},
  };
  FormatContext fc(event);
  for (const auto& [var, value] : formats_) fc.set(var, value);
  if (event != nullptr) {
    // The event in the environment of what the hook runs (run-shell, if-shell): values
    // reach a shell as variables, never as words of its command.
    for (const char* field : {"kind", "group", "seq", "session", "key", "value", "data", "target",
                              "fence", "ref", "time", "type", "objective"}) {
      std::string var = "AMUX_EVENT_" + std::string(field);
      std::transform(var.begin(), var.end(), var.begin(), ::toupper);
      client.env.push_back(var + "=" + event->find(std::string("event_") + field).value_or(""));
    }
  }
  client.env.push_back("AMUX_HOOK=" + name);
  running_ = true;
  for (const std::string& command : commands) {
    std::vector<std::string> words;
    std::vector<ParsedCommand> list;
    std::string error, out, err;
    if (split_command_string(command, &words, &error) && parse_command_list(words, &list, &error)) {
      if (event != nullptr)
        for (ParsedCommand& pc : list) expand_hook_command(pc, fc);
      run_command_list(&server_, client, list, &out, &err);
    }
    if (!error.empty()) err = error;
    if (!err.empty()) {
      if (err.back() == '\n') err.pop_back();
      server_.renderer().log_message("hook " + name + ": " + err);
    }
  }
  running_ = false;
  formats_.clear();
}

void Hooks::add_formats(FormatContext& ctx) const {
  for (const auto& [var, value] : formats_) ctx.set(var, value);
}

void Hooks::client(const char* hook, const ClientConn& c, Session& s) {
  if (!wanted()) return;
  HookTarget t = target(&s);
  t.client = server_.clients().client_name(c);
  fire(hook, t);
}

}  // namespace amux
