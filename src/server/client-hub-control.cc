// Control mode (-C): one connection takes command lines and answers each in a
// %begin/%end (or %error) block, and between blocks gets notifications of what changes
// (%output, %window-add, %session-changed, %layout-change, %exit...) as tmux sends them,
// with tmux's flow control (%pause, refresh-client -f pause-after, -A). Beyond tmux:
// %agent-event for the client's group, so an orchestrator holds one connection and never
// polls. Notifications never fall inside a block: raised while a block is open, they
// follow its %end. The notify_ functions also fire the hooks of the same events.
#include "amux/server/client-hub.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include <cstdio>
#include <ctime>

#include "amux/base/protocol.h"
#include "amux/coord/coordinator.h"
#include "amux/coord/events.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

// %output's data: bytes below space and backslash as \ooo, as tmux escapes them.
std::string escape_output(std::string_view data) {
  std::string out;
  out.reserve(data.size() + 16);
  for (unsigned char ch : data) {
    if (ch < ' ' || ch == '\\') {
      char esc[5];
      snprintf(esc, sizeof esc, "\\%03o", ch);
      out += esc;
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out;
}

std::string block_line(const char* what, const ControlState& st) {
  return std::string(what) + " " + std::to_string(st.time) + " " + std::to_string(st.number) + " " +
         (st.initial ? "0" : "1") + "\n";
}

}  // namespace

// What a control client that stops reading may cost the server: past this, queued to its
// socket or waiting for an open block's %end, it is ended (%exit too far behind), as an
// attached client's frames are dropped and an aevents -f stream is cut.
constexpr size_t kControlBacklog = 4u << 20;

void ClientHub::control_write(ClientConn& c, std::string_view text) {
  if (text.empty()) return;
  if (!c.control->closing &&
      evbuffer_get_length(bufferevent_get_output(c.bev.get())) > kControlBacklog)
    return control_cut(c);
  send_to_client(c, MsgType::kStdout, text);
}

// A block's %begin goes out with the first bytes written inside it, or with its %end: a
// command that waits for something (a remote share, an await) costs the client one wake-up
// and the server one write, not two. Its time is the command's start, as before.
void ClientHub::control_block_write(ClientConn& c, const std::string& text) {
  if (text.empty()) return;
  control_write(c, std::exchange(c.control->head, "") + text);
}

void ClientHub::control_cut(ClientConn& c) {
  c.control->pending.clear();
  control_exit(c, "too far behind");
}

void ClientHub::control_notify(ClientConn& c, const std::string& line) {
  if (c.control->closing) return;
  if (!c.control->running) return control_write(c, line + "\n");
  if (c.control->pending.size() + line.size() > kControlBacklog) return control_cut(c);
  c.control->pending += line + "\n";
}

void ClientHub::control_begin(ClientConn& c, std::vector<ParsedCommand> list, bool initial) {
  ControlState& st = *c.control;
  st.running = true;
  st.initial = initial;
  st.number = ++control_commands_;
  st.time = time(nullptr);
  st.head = block_line("%begin", st);
  c.list = std::move(list);
  c.next = 0;
  c.out.clear();
  c.err.clear();
  client_run(c);
}

void ClientHub::control_done(ClientConn& c, const std::string& out, const std::string& err,
                             int status) {
  ControlState& st = *c.control;
  std::string text = std::exchange(st.head, "") + out + err;
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += block_line(status == 0 ? "%end" : "%error", st);
  st.running = false;
  text += std::exchange(st.pending, "");
  control_write(c, text);
  c.list.clear();
  c.next = 0;
  c.out.clear();
  c.err.clear();
  if (st.initial && status != 0) return control_exit(c, "");
  if (st.initial && st.session < 0) {  // the first command attached nothing: the newest
    if (Session* s = server_.sessions().find_id(server_.current_session_for(c.info)))
      control_attach(c, *s);
  }
  uint64_t id = c.id;
  server_.defer([this, id] {  // the next line from the loop: no recursion however many are queued
    if (ClientConn* conn = find_client(id); conn != nullptr && conn->control) control_next(*conn);
  });
}

void ClientHub::control_next(ClientConn& c) {
  ControlState& st = *c.control;
  if (st.running || st.closing || st.lines.empty()) {
    if (!st.running && !st.closing && st.input_closed) control_exit(c, "");
    return;
  }
  std::optional<std::string> line = std::move(st.lines.front());
  st.lines.pop_front();
  if (line && line->empty()) return control_exit(c, "");  // an empty line detaches, as in tmux
  std::vector<ParsedCommand> list;
  std::string error;
  if (!line) error = "command line too long";  // discarded whole, up to its newline
  if (!line || !parse_command_string(*line, &list, &error)) {
    st.running = true;
    st.initial = false;
    st.number = ++control_commands_;
    st.time = time(nullptr);
    st.head = block_line("%begin", st);
    return control_done(c, "", line ? "parse error: " + error : error, 1);
  }
  control_begin(c, std::move(list), false);
}

void ClientHub::control_input(ClientConn& c, std::string_view bytes) {
  ControlState& st = *c.control;
  if (bytes.empty()) {
    st.input_closed = true;
  } else {
    st.input.feed(bytes, [&st](std::string&& line, bool too_long) {
      st.lines.push_back(too_long ? std::nullopt : std::optional(std::move(line)));
    });
  }
  control_next(c);
}

void ClientHub::control_exit(ClientConn& c, const std::string& reason) {
  ControlState& st = *c.control;
  if (st.closing) return;
  st.closing = true;
  control_write(
      c, std::exchange(st.pending, "") + "%exit" + (reason.empty() ? "" : " " + reason) + "\n");
  end_client(c, "", "", 0);
}

void ClientHub::control_attach(ClientConn& c, Session& s) {
  ControlState& st = *c.control;
  if (st.session == s.id) return;
  bool first = st.session < 0;
  st.session = s.id;
  server_.hooks().client("client-session-changed", c, s);
  if (first) server_.hooks().client("client-attached", c, s);
  server_.sessions().touch(s, server_.now());
  // Commands without -t act on this session, as from a pane of it.
  std::erase_if(c.info.env, [](const std::string& e) {
    return e.rfind("AMUX=", 0) == 0 || e.rfind("AMUX_PANE=", 0) == 0 || e.rfind("TMUX=", 0) == 0 ||
           e.rfind("TMUX_PANE=", 0) == 0;
  });
  c.info.env.push_back("AMUX=" + server_.amux_value(s.id));
  control_notify(c, "%session-changed $" + std::to_string(s.id) + " " + s.name);
}

ClientConn* ClientHub::control_client(const CmdContext& ctx) {
  ClientConn* c = ctx.client_id() != 0 ? find_client(ctx.client_id()) : nullptr;
  return c != nullptr && c->control ? c : nullptr;
}

std::vector<ClientConn*> ClientHub::control_clients() {
  std::vector<ClientConn*> out;
  if (control_count_ == 0) return out;
  for (auto& [id, c] : clients_)
    if (c->control && !c->control->closing) out.push_back(c.get());
  return out;
}

void ClientHub::pane_data(Pane& p, std::string_view data) {
  if (control_count_ == 0) return;
  for (ClientConn* c : control_clients()) {
    ControlState& st = *c->control;
    if (st.session != p.window->session->id || st.no_output || st.off.count(p.id) > 0) continue;
    if (st.paused.count(p.id) > 0) continue;
    std::string id = "%" + std::to_string(p.id);
    if (st.pause_after_ms < 0) {
      control_notify(*c, "%output " + id + " " + escape_output(data));
      continue;
    }
    // Flow control: output waiting longer than pause-after pauses the pane.
    int64_t age = st.behind_since_ms > 0 ? monotonic_ms() - st.behind_since_ms : 0;
    if (age > st.pause_after_ms) {
      st.paused.insert(p.id);
      control_notify(*c, "%pause " + id);
      continue;
    }
    control_notify(
        *c, "%extended-output " + id + " " + std::to_string(age) + " : " + escape_output(data));
    if (st.behind_since_ms == 0 && evbuffer_get_length(bufferevent_get_output(c->bev.get())) > 0)
      st.behind_since_ms = monotonic_ms();
  }
}

void ClientHub::control_agent_event(const Group& g, const GroupEvent& e) {
  if (control_count_ == 0) return;
  std::string line;
  for (ClientConn* c : control_clients()) {
    int sid = c->control->session;
    bool member = g.has_member(sid) || (e.kind == EventKind::kLeave && e.session_id == sid);
    if (!member) continue;
    if (line.empty()) {
      line = "%agent-event " + event_line(g.name, e, false, "");
      if (line.back() == '\n') line.pop_back();
    }
    control_notify(*c, line);
  }
}

void ClientHub::control_drained(ClientConn& c) {
  c.control->behind_since_ms = 0;
}

// refresh-client -f and -A, for a control client.
bool ClientHub::control_flags(ClientConn& c, const std::string& flags, std::string* error) {
  ControlState& st = *c.control;
  for (const std::string& flag : split(flags, ',')) {
    bool off = !flag.empty() && flag[0] == '!';
    std::string name = off ? flag.substr(1) : flag;
    if (name == "no-output") {
      st.no_output = !off;
    } else if (name.rfind("pause-after", 0) == 0) {
      long long seconds = 0;
      if (off || name == "pause-after") {
        st.pause_after_ms = -1;
      } else if (name[11] == '=' && parse_int(name.substr(12), 0, 86400, &seconds)) {
        st.pause_after_ms = seconds * 1000;
      } else {
        return *error = "invalid flag: " + flag, false;
      }
    } else if (name != "read-only" && name != "ignore-size" && name != "active-pane" &&
               name != "wait-exit") {
      return *error = "invalid flag: " + flag, false;
    }
  }
  return true;
}

bool ClientHub::control_pane_state(ClientConn& c, const std::string& spec, std::string* error) {
  ControlState& st = *c.control;
  size_t colon = spec.rfind(':');
  long long id;
  if (colon == std::string::npos || spec.size() < 2 || spec[0] != '%' ||
      !parse_int(spec.substr(1, colon - 1), 0, INT32_MAX, &id))
    return *error = "bad pane argument: " + spec, false;
  Pane* p = server_.sessions().find_pane(static_cast<int>(id));
  if (p == nullptr) return *error = "can't find pane: " + spec.substr(0, colon), false;
  std::string what = spec.substr(colon + 1), name = "%" + std::to_string(id);
  int pane = static_cast<int>(id);
  if (what == "on") {
    st.off.erase(pane);
  } else if (what == "off") {
    st.off.insert(pane);
  } else if (what == "pause") {
    if (st.paused.insert(pane).second) control_notify(c, "%pause " + name);
  } else if (what == "continue") {
    if (st.paused.erase(pane) > 0) control_notify(c, "%continue " + name);
  } else {
    return *error = "bad pane argument: " + spec, false;
  }
  return true;
}

// kInput frames of a control client: command lines (run in turn by control_input).
void ClientHub::control_read(ClientConn& c) {
  struct evbuffer* in = bufferevent_get_input(c.bev.get());
  while (c.control && !c.control->closing && evbuffer_get_length(in) >= kFrameHeaderSize) {
    unsigned char raw[kFrameHeaderSize];
    evbuffer_copyout(in, raw, sizeof raw);
    FrameHeader h = decode_header(raw);
    if (check_header(h) != HeaderCheck::kOk || h.type != static_cast<uint16_t>(MsgType::kInput)) {
      control_exit(c, "protocol error");
      break;
    }
    if (evbuffer_get_length(in) < kFrameHeaderSize + h.length) return;
    evbuffer_drain(in, kFrameHeaderSize);
    std::string payload(h.length, '\0');
    evbuffer_remove(in, payload.data(), h.length);
    control_input(c, payload);
  }
  if (c.control && c.control->closing) evbuffer_drain(in, evbuffer_get_length(in));
}

}  // namespace amux
