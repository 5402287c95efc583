// What an attached client types: keys (the prefix, the key tables, the pane), pastes and
// the mouse, the command prompt's line editor, and the escape-time wait for a lone ESC.
#include "amux/server/renderer.h"

#include <event2/event.h>

#include "amux/base/trace.h"
#include "amux/server/client-hub.h"
#include "amux/server/complete.h"
#include "amux/server/modes.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

void on_escape(evutil_socket_t, short, void* arg) noexcept {
  guarded("escape-time", [arg] {
    auto* c = static_cast<ClientConn*>(arg);
    c->server->renderer().flush_input(*c);
  });
}

void on_repeat_end(evutil_socket_t, short, void* arg) noexcept {
  guarded("repeat-time", [arg] {
    auto* c = static_cast<ClientConn*>(arg);
    if (c->attached) c->attached->repeating = false;
  });
}

}  // namespace

void Renderer::client_input(ClientConn& c, std::string_view bytes) {
  if (!c.attached) return;
  c.attached->activity = server_.now();
  std::vector<InputEvent> events;
  c.attached->input.feed(bytes, &events);
  AMUX_TRACE_MARK("key-parsed");
  for (const InputEvent& ev : events) {
    if (!c.attached) return;
    client_event(c, ev);
  }
  if (!c.attached || !c.attached->input.pending()) return;
  long long ms = server_.server_options.number("escape-time");
  c.attached->escape_timer.reset(evtimer_new(server_.base(), on_escape, &c));
  struct timeval tv = ms_timeval(ms);
  evtimer_add(c.attached->escape_timer.get(), &tv);
}

void Renderer::flush_input(ClientConn& c) {
  if (!c.attached) return;
  std::vector<InputEvent> events;
  c.attached->input.flush(&events);
  for (const InputEvent& ev : events) {
    if (!c.attached) return;
    client_event(c, ev);
  }
}

// The prefix option's key, its name parsed once while it stays the same (every key asks).
static std::optional<KeyCode> prefix_key(const std::string& name) {
  static std::optional<std::string> parsed;  // none before the first key
  static std::optional<KeyCode> key;
  if (parsed != name) {
    key = key_from_name(name);
    parsed = name;
  }
  return key;
}

void Renderer::client_event(ClientConn& c, const InputEvent& ev) {
  Attached& a = *c.attached;
  Session* s = server_.sessions().find_id(a.session);
  if (s == nullptr) return;
  // A read-only client types into no pane and clicks nothing; its bindings run as it
  // (client_context), so only what a read-only user may do happens.
  if (ev.kind == InputEvent::Kind::kMouse) return c.info.read_only ? void() : mouse_event(c, ev);
  if (!a.message.empty()) {  // a key clears the message
    a.message.clear();
    a.message_timer.reset();
    redraw(s);
  }
  if (is_popup(a.mode.get()) && !a.prompt) {  // a popup takes every key, the prefix too
    if (ev.kind == InputEvent::Kind::kPaste) {
      for (char ch : ev.text) a.mode->key(static_cast<unsigned char>(ch));
    } else if (!a.mode->key(ev.key)) {
      a.mode.reset();
    }
    redraw(s);
    return;
  }
  if (ev.kind == InputEvent::Kind::kPaste) {
    if (a.prompt) {
      for (char ch : ev.text)
        if (static_cast<unsigned char>(ch) >= 0x20)
          a.prompt->text.insert(a.prompt->cursor++, 1, ch);
      redraw(s);
    } else if (!a.mode && !c.info.read_only) {
      pane_key(c, ev);
    }
    return;
  }
  if (a.prompt) return prompt_key(c, ev.key);
  if (a.repeating) {
    a.repeating = false;
    a.repeat_timer.reset();
    const KeyBinding* b = server_.keys.find("prefix", ev.key);
    if (b != nullptr && b->repeat) return run_prefix_binding(c, *b);
  }
  if (!a.key_table.empty()) {  // switch-client -T: one key from that table, then root again
    std::string table = std::move(a.key_table);
    a.key_table.clear();
    if (const KeyBinding* b = server_.keys.find(table, ev.key))
      return run_for_client(c, b->command);
  }
  if (a.prefix) {
    a.prefix = false;
    if (const KeyBinding* b = server_.keys.find("prefix", ev.key)) run_prefix_binding(c, *b);
    return;
  }
  if (auto prefix = prefix_key(s->options.get("prefix")); prefix && *prefix == ev.key) {
    a.prefix = true;
    return;
  }
  if (dynamic_cast<CopyMode*>(a.mode.get()) != nullptr) {  // keys from copy mode's table
    Window* w = s->current;
    bool vi = w != nullptr && w->options.get("mode-keys") == "vi";
    if (const KeyBinding* b = server_.keys.find(vi ? "copy-mode-vi" : "copy-mode", ev.key))
      run_for_client(c, b->command);
    redraw(s);
    return;
  }
  if (a.mode) {
    if (!a.mode->key(ev.key)) end_mode(c);
    redraw(s);
    return;
  }
  if (const KeyBinding* b = server_.keys.find("root", ev.key)) return run_for_client(c, b->command);
  if (!c.info.read_only) pane_key(c, ev);
}

// The mode ended: the command it chose runs (for its pane, with its mouse event).
void Renderer::end_mode(ClientConn& c) {
  Overlay& mode = *c.attached->mode;
  std::string command = mode.take_command();
  int pane = mode.command_pane();
  std::optional<MouseEvent> mouse;
  if (const MouseEvent* m = mode.command_mouse()) mouse = *m;
  c.attached->mode.reset();
  if (!command.empty()) run_for_client(c, command, pane, mouse ? &*mouse : nullptr);
}

// A prefix binding runs; one bound with -r opens repeat-time for the next key.
void Renderer::run_prefix_binding(ClientConn& c, const KeyBinding& b) {
  Session* s = server_.sessions().find_id(c.attached->session);
  long long ms = s != nullptr ? s->options.number("repeat-time") : 0;
  std::string command = b.command;  // the binding may go as it runs
  if (b.repeat && ms > 0) {
    Attached& a = *c.attached;
    a.repeating = true;
    a.repeat_timer.reset(evtimer_new(server_.base(), on_repeat_end, &c));
    struct timeval tv = ms_timeval(ms);
    evtimer_add(a.repeat_timer.get(), &tv);
  }
  run_for_client(c, command);
}

void Renderer::pane_key(ClientConn& c, const InputEvent& ev) {
  Session* s = server_.sessions().find_id(c.attached->session);
  if (s == nullptr || s->current == nullptr || s->current->active == nullptr) return;
  Pane* p = s->current->active;
  if (p->dead || !p->term) return;
  std::string bytes;
  if (ev.kind == InputEvent::Kind::kPaste)
    bytes = p->term->bracketed_paste() ? "\033[200~" + ev.text + "\033[201~" : ev.text;
  else
    bytes = key_encode(ev.key, p->term->app_cursor());
  std::string error;
  AMUX_TRACE_MARK("key-bound");
  p->key_input(bytes, &error);
  AMUX_TRACE_MARK("pane-write");
  // synchronize-panes: the same input to every other live pane of the window that has it on.
  if (!s->current->effective_options(*p).flag("synchronize-panes")) return;
  for (auto& q : s->current->panes)
    if (q.get() != p && !q->dead && q->term &&
        s->current->effective_options(*q).flag("synchronize-panes"))
      q->key_input(
          ev.kind == InputEvent::Kind::kPaste ? bytes : key_encode(ev.key, q->term->app_cursor()),
          &error);
}

void Renderer::prompt_key(ClientConn& c, KeyCode key) {
  Prompt& p = *c.attached->prompt;
  redraw(server_.sessions().find_id(c.attached->session));
  p.hint.clear();
  auto answer = [&c](std::string text) {
    auto done = std::move(c.attached->prompt->done);
    c.attached->prompt.reset();
    if (done) done(text);
  };
  if (p.key_name && key != kKeyEscape && key != ('c' | kKeyCtrl)) return answer(key_name(key));
  if (p.single && key >= 0x20 && key < kKeySpecial) {
    std::string ch;
    append_utf8(ch, key);
    return answer(ch);
  }
  switch (key) {
    case kKeyEnter: return answer(p.text);
    case kKeyTab:
      if (p.type == "command") complete_prompt(server_, &p.text, &p.cursor, &p.hint);
      return;
    case kKeyEscape:
    case 'c' | kKeyCtrl: c.attached->prompt.reset(); return;
    case kKeyBSpace:
    case 'h' | kKeyCtrl:
      if (p.cursor > 0) {
        size_t start = p.cursor - 1;
        while (start > 0 && (static_cast<unsigned char>(p.text[start]) & 0xc0) == 0x80) start--;
        p.text.erase(start, p.cursor - start);
        p.cursor = start;
      }
      return;
    case kKeyLeft:
      while (p.cursor > 0 && (static_cast<unsigned char>(p.text[--p.cursor]) & 0xc0) == 0x80) {
      }
      return;
    case kKeyRight:
      if (p.cursor < p.text.size()) p.cursor++;
      while (p.cursor < p.text.size() &&
             (static_cast<unsigned char>(p.text[p.cursor]) & 0xc0) == 0x80)
        p.cursor++;
      return;
    case kKeyHome:
    case 'a' | kKeyCtrl: p.cursor = 0; return;
    case kKeyEnd:
    case 'e' | kKeyCtrl: p.cursor = p.text.size(); return;
    case 'u' | kKeyCtrl:
      p.text.erase(0, p.cursor);
      p.cursor = 0;
      return;
    case 'k' | kKeyCtrl: p.text.erase(p.cursor); return;
    default: break;
  }
  if (key >= 0x20 && key < kKeySpecial && (!p.numeric || (key >= '0' && key <= '9'))) {
    std::string ch;
    append_utf8(ch, key);
    p.text.insert(p.cursor, ch);
    p.cursor += ch.size();
  }
}

}  // namespace amux
