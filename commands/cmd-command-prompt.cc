// command-prompt: read a line on the client's status line and run it as a command; with a
// template, the line replaces %% (and %1) in it. -I gives the initial text (a format),
// -p the prompt.
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

// The text as it goes into a template: inside single quotes, a quote is closed, escaped
// and reopened.
static std::string fill_template(const std::string& tmpl, const std::string& text) {
  std::string safe;
  for (char c : text) safe += c == '\'' ? std::string("'\\''") : std::string(1, c);
  std::string out;
  for (size_t i = 0; i < tmpl.size(); i++) {
    if (tmpl[i] == '%' && i + 1 < tmpl.size() && (tmpl[i + 1] == '%' || tmpl[i + 1] == '1')) {
      out += safe;
      i++;
    } else {
      out += tmpl[i];
    }
  }
  return out;
}

static CmdStatus exec_command_prompt(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  std::string tmpl = args.count() > 0 ? args.at(0) : "";
  std::string label = ":";
  if (args.has('p'))
    label = args.get('p') + " ";
  else if (!tmpl.empty())
    label = "(" + tmpl.substr(0, tmpl.find(' ')) + ") ";
  std::string initial;
  if (args.has('I')) {
    FormatContext fc;
    Session* s = server.sessions().find_id(c->attached->session);
    if (s != nullptr && s->current != nullptr && s->current->active != nullptr)
      server.pane_formats(fc, *s->current->active);
    initial = format_expand(args.get('I'), fc);
  }
  uint64_t id = c->id;
  server.renderer().open_prompt(*c, label, initial, [&server, id, tmpl](const std::string& text) {
    ClientConn* conn = server.clients().find_client(id);
    if (conn == nullptr || !conn->attached) return;
    if (tmpl.empty() && text.empty()) return;
    server.renderer().run_for_client(*conn, tmpl.empty() ? text : fill_template(tmpl, text));
  });
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdCommandPrompt("command-prompt", nullptr, {"I:p:t:", 0, 1},
                                            "[-I inputs] [-p prompt] [-t target-client] "
                                            "[template]",
                                            0, exec_command_prompt);

}  // namespace amux
