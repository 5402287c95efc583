// command-prompt: read a line on the client's status line and run it as a command. With
// a template, the answers replace %1..%9 (the first, second ... prompt's) and each %% in
// turn. -p: comma-separated prompts, asked in order; -I: their initial texts (formats);
// -1: one key answers; -k: the key's name answers; -N: digits only; -F: the template is a
// format; -T: what Tab
// completes (command, the default, completes command, option and target names); -b and
// -i are accepted: the prompt never blocks the command queue here.
#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace {

// An answer as it goes into a template: inside single quotes, a quote is closed, escaped
// and reopened.
std::string quoted_answer(const std::string& text) {
  std::string safe;
  for (char c : text) safe += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return safe;
}

std::string fill_template(const std::string& tmpl, const std::vector<std::string>& answers) {
  std::string out;
  size_t next = 0;  // the answer the next %% takes
  for (size_t i = 0; i < tmpl.size(); i++) {
    char c = i + 1 < tmpl.size() ? tmpl[i + 1] : '\0';
    if (tmpl[i] == '%' && c == '%') {
      if (next < answers.size()) out += quoted_answer(answers[next++]);
      i++;
    } else if (tmpl[i] == '%' && c >= '1' && c <= '9') {
      size_t n = static_cast<size_t>(c - '1');
      if (n < answers.size()) out += quoted_answer(answers[n]);
      i++;
    } else {
      out += tmpl[i];
    }
  }
  return out;
}

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

struct PromptRun {
  uint64_t client;
  std::string tmpl;
  std::vector<std::string> labels, initials, answers;
  bool single, key_name, numeric;
  std::string type;
};

void ask(Server& server, std::shared_ptr<PromptRun> run) {
  ClientConn* c = server.clients().find_client(run->client);
  if (c == nullptr || !c->attached) return;
  size_t i = run->answers.size();
  std::string initial = i < run->initials.size() ? run->initials[i] : "";
  Prompt* p = server.renderer().open_prompt(
      *c, run->labels[i], initial, [&server, run](const std::string& text) {
        ClientConn* conn = server.clients().find_client(run->client);
        if (conn == nullptr || !conn->attached) return;
        run->answers.push_back(text);
        if (run->answers.size() < run->labels.size()) return ask(server, run);
        if (run->tmpl.empty() && text.empty()) return;
        server.renderer().run_for_client(
            *conn, run->tmpl.empty() ? text : fill_template(run->tmpl, run->answers));
      });
  if (p == nullptr) return;
  p->single = run->single;
  p->key_name = run->key_name;
  p->numeric = run->numeric;
  p->type = run->type;
}

}  // namespace

static CmdStatus exec_command_prompt(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 't');
  if (c == nullptr) return CmdStatus::kError;
  auto run = std::make_shared<PromptRun>();
  run->client = c->id;
  run->tmpl = args.count() > 0 ? args.at(0) : "";
  if (args.has('p')) {
    for (auto& label : split_commas(args.get('p'))) run->labels.push_back(label + " ");
  } else {
    run->labels.push_back(
        run->tmpl.empty() ? ":" : "(" + run->tmpl.substr(0, run->tmpl.find(' ')) + ") ");
  }
  FormatContext fc;
  if (Pane* p = server.renderer().shown_pane(*c)) server.pane_formats(fc, *p);
  if (args.has('F')) run->tmpl = format_expand(run->tmpl, fc);
  if (args.has('I')) {
    for (auto& text : split_commas(args.get('I'))) run->initials.push_back(format_expand(text, fc));
  }
  run->single = args.has('1');
  run->key_name = args.has('k');
  run->numeric = args.has('N');
  run->type = args.get('T', "command");
  static const char* const kTypes[] = {"command", "search", "target", "window-target"};
  if (std::find(std::begin(kTypes), std::end(kTypes), run->type) == std::end(kTypes))
    return ctx.error("unknown type: " + run->type);
  ask(server, run);
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdCommandPrompt("command-prompt", nullptr, {"1bFiI:kNp:t:T:", 0, 1},
                                            "[-1bFikN] [-I inputs] [-p prompts] "
                                            "[-t target-client] [-T prompt-type] [template]",
                                            0, exec_command_prompt);

}  // namespace amux
