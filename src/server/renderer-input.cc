// What an attached client types: keys (the prefix, the key tables, the pane), pastes and
// the mouse, the command prompt's line editor, and the escape-time wait for a lone ESC.
#include "amux/server/renderer.h"

#include <event2/event.h>

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
  if (auto prefix = key_from_name(s->options.get("prefix")); prefix && *prefix == ev.key) {
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
    if (!a.mode->key(ev.key)) {
      std::string command = a.mode->take_command();
      a.mode.reset();
      if (!command.empty()) run_for_client(c, command);
    }
    redraw(s);
    return;
  }
  if (const KeyBinding* b = server_.keys.find("root", ev.key)) return run_for_client(c, b->command);
  if (!c.info.read_only) pane_key(c, ev);
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
  p->key_input(bytes, &error);
  // synchronize-panes: the same input to every other live pane of the window that has it on.
  if (!s->current->effective_options(*p).flag("synchronize-panes")) return;
  for (auto& q : s->current->panes)
    if (q.get() != p && !q->dead && q->term &&
        s->current->effective_options(*q).flag("synchronize-panes"))
      q->key_input(
          ev.kind == InputEvent::Kind::kPaste ? bytes : key_encode(ev.key, q->term->app_cursor()),
          &error);
}

// Dragging with the first button over a pane selects text, as tmux's copy mode does: the
// drag opens copy mode with the selection from where the button went down, the release
// copies it to a paste buffer and leaves.
void Renderer::select_drag(ClientConn& c, Pane& p, const InputEvent& ev, bool motion) {
  Attached& a = *c.attached;
  Session* s = p.window->session;
  int x = ev.x - p.xoff, y = ev.y - p.yoff;
  if ((ev.button & 3) != 0) return;
  if (!motion && !ev.release) {  // the button went down: where a selection would start
    a.select_from = {p.id, x, y};
    a.selecting = false;
    return;
  }
  auto* copy = dynamic_cast<CopyMode*>(a.mode.get());
  if (motion && a.select_from.pane == p.id) {
    if (!a.selecting) {
      if (copy == nullptr || copy->pane_id() != p.id) {
        open_mode(c, make_copy_mode(server_, c.id, p));
        copy = static_cast<CopyMode*>(a.mode.get());
      }
      copy->set_cursor(a.select_from.x, a.select_from.y);
      std::string error;
      copy->command("begin-selection", {}, 1, &error);
      a.selecting = true;
    }
    if (copy != nullptr) copy->set_cursor(x, y);
    redraw(s);
    return;
  }
  if (ev.release && a.selecting) {
    a.selecting = false;
    a.select_from.pane = -1;
    std::string error;
    if (copy != nullptr &&
        copy->command("copy-pipe-and-cancel", {}, 1, &error) == CopyMode::Result::kLeave)
      a.mode.reset();
    redraw(s);
  }
}

// A press on a border between panes starts a drag; moving with the button held moves the
// border; the release ends it. True when the event was the drag's.
bool Renderer::border_drag(ClientConn& c, Window& w, const InputEvent& ev, bool press) {
  Attached::BorderDrag& drag = c.attached->drag;
  if (ev.release || (!press && (ev.button & 32) == 0)) {
    bool was = drag.active;
    drag.active = false;
    return was;
  }
  if (drag.active && (ev.button & 32) != 0) {
    int at;
    if (w.layout.drag_border(drag.vertical ? drag.pos : drag.cross,
                             drag.vertical ? drag.cross : drag.pos, drag.vertical,
                             drag.vertical ? ev.x : ev.y, &at)) {
      drag.pos = at;
      server_.sessions().sync_pane_sizes(w);
      redraw(w.session);
    }
    return true;
  }
  if (!press || w.zoomed || w.panes.size() < 2 || ev.x >= w.sx || ev.y >= w.sy) return false;
  for (auto& p : w.panes) {  // on a border: beside a pane, not in one
    if (ev.x >= p->xoff && ev.x < p->xoff + p->sx && ev.y >= p->yoff && ev.y < p->yoff + p->sy)
      return false;
  }
  for (auto& p : w.panes) {
    bool right = ev.x == p->xoff + p->sx && ev.y >= p->yoff && ev.y < p->yoff + p->sy;
    bool below = ev.y == p->yoff + p->sy && ev.x >= p->xoff && ev.x < p->xoff + p->sx;
    if (!right && !below) continue;
    drag = {true, right, right ? ev.x : ev.y, right ? ev.y : ev.x};
    return true;
  }
  return false;
}

void Renderer::mouse_event(ClientConn& c, const InputEvent& ev) {
  Session* s = server_.sessions().find_id(c.attached->session);
  if (s == nullptr || s->current == nullptr || !s->options.flag("mouse")) return;
  Window& w = *s->current;
  // A click on a window's entry in the status line selects that window.
  Attached& a = *c.attached;
  bool press = (ev.button & (64 | 32)) == 0 && !ev.release && (ev.button & 3) == 0;
  if (border_drag(c, w, ev, press)) return;
  if (press && s->options.flag("status") && ev.y == a.terminal.rows - 1) {
    for (const auto& entry : a.status_windows)
      if (ev.x >= entry.x0 && ev.x < entry.x1)
        if (Window* clicked = server_.sessions().find_window(entry.window);
            clicked != nullptr && clicked->session == s) {
          server_.sessions().select_window(*s, *clicked);
          redraw(s);
        }
    return;
  }
  Pane* target = nullptr;
  for (auto& p : w.panes)
    if (ev.x >= p->xoff && ev.x < p->xoff + p->sx && ev.y >= p->yoff && ev.y < p->yoff + p->sy &&
        (!w.zoomed || p.get() == w.active))
      target = p.get();
  if (target == nullptr) return;
  bool wheel = (ev.button & 64) != 0;
  bool motion = (ev.button & 32) != 0;
  if (!wheel && !motion && !ev.release && (ev.button & 3) == 0 && target != w.active) {
    server_.sessions().select_pane(*target);
    redraw(s);
  }
  if (target->term && target->term->mouse_mode() != 0 && !c.attached->mode) {
    int x = ev.x - target->xoff + 1, y = ev.y - target->yoff + 1;
    std::string bytes;
    if (target->term->mouse_sgr()) {
      bytes = "\033[<" + std::to_string(ev.button) + ";" + std::to_string(x) + ";" +
              std::to_string(y) + (ev.release ? "m" : "M");
    } else if (x < 224 && y < 224) {
      bytes = "\033[M";
      bytes += static_cast<char>((ev.release ? 3 : ev.button) + 32);
      bytes += static_cast<char>(x + 32);
      bytes += static_cast<char>(y + 32);
    }
    std::string error;
    if (!bytes.empty()) target->key_input(bytes, &error);
    return;
  }
  if (!wheel) return select_drag(c, *target, ev, motion);
  if (target != w.active) return;
  if (!c.attached->mode && (ev.button & 1) == 0)
    open_mode(c, make_copy_mode(server_, c.id, *target));
  if (auto* copy = dynamic_cast<CopyMode*>(c.attached->mode.get())) {
    if (!copy->scroll((ev.button & 1) == 0 ? 3 : -3)) c.attached->mode.reset();
    redraw(s);
  }
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
