// amux agent-report: an agent's hook payload mapped to amux commands (see agent-report.h).
// Claude Code: SessionStart keeps the conversation id and transcript; UserPromptSubmit,
// PreToolUse and PostToolUse are working (the tool as the note); Notification is waiting
// with its message; Stop and SubagentStop idle; SessionEnd hands the state back to what
// the pane does. Gemini CLI's hooks map the same way (BeforeAgent, BeforeTool, AfterTool,
// AfterAgent, Notification, SessionStart, SessionEnd). Codex's notify program: a finished
// turn is idle, with the last message. The commands run as the pane the agent runs in
// (its AMUX_PANE), print nothing on success (an agent may read a hook's stdout), and an
// agent outside any amux pane, with no -t, reports nothing.
#include "amux/client/agent-report.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "amux/base/json.h"
#include "amux/base/util.h"
#include "amux/client/client.h"

namespace amux {

namespace {

constexpr size_t kMaxPayload = 16u << 20;  // a Write tool's input can be a whole file
constexpr size_t kMaxNoteBytes = 200;

using Commands = std::vector<std::vector<std::string>>;

std::string field(const cJSON* j, const char* name) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(j, name);
  return cJSON_IsString(v) ? v->valuestring : "";
}

// The state with an optional note, as astatus takes it.
std::vector<std::string> state(const std::string& s, const std::string& note = "") {
  std::vector<std::string> c = {"agent-status", "--", s};  // a note may start with '-'
  if (std::string n = one_line(note, kMaxNoteBytes); !n.empty()) c.push_back(n);
  return c;
}

// The conversation id and transcript of a session start (either may be absent), then idle.
void session_start(const cJSON* j, Commands* out) {
  std::vector<std::string> meta = {"set-agent"};
  std::string id = one_line(field(j, "session_id"), 4096);
  std::string transcript = one_line(field(j, "transcript_path"), 4096);
  if (!id.empty()) meta.insert(meta.end(), {"-C", id});
  if (!transcript.empty()) meta.insert(meta.end(), {"-T", transcript});
  if (meta.size() > 1) out->push_back(meta);
  out->push_back(state("idle"));
}

// Numbers a payload carries (Claude Code's cost), as astatus -m.
void numbers(const cJSON* j, Commands* out) {
  const cJSON* cost = cJSON_GetObjectItemCaseSensitive(j, "cost");
  const cJSON* usd = cJSON_GetObjectItemCaseSensitive(cost, "total_cost_usd");
  if (!cJSON_IsNumber(usd) || usd->valuedouble < 0 || usd->valuedouble > 1e9) return;
  char text[64];
  snprintf(text, sizeof text, "cost=%.2f", usd->valuedouble);
  out->push_back({"agent-status", "-m", text});
}

bool hook_event(std::string_view agent, const cJSON* j, Commands* out, std::string* error) {
  std::string event = field(j, "hook_event_name");
  if (event.empty())
    return *error = "agent-report: no hook_event_name in the " + std::string(agent) + " payload",
           false;
  bool claude = agent == "claude";
  std::string tool = field(j, "tool_name");
  if (event == "SessionStart") {
    session_start(j, out);
  } else if (event == (claude ? "UserPromptSubmit" : "BeforeAgent")) {
    out->push_back(state("working"));
  } else if (event == (claude ? "PreToolUse" : "BeforeTool")) {
    out->push_back(state("working", tool));
  } else if (event == (claude ? "PostToolUse" : "AfterTool")) {
    out->push_back(state("working"));
  } else if (event == "Notification") {
    std::string message = one_line(field(j, "message"), kMaxNoteBytes);
    out->push_back(state("waiting", message.empty() ? "notification" : message));
  } else if (claude ? event == "Stop" || event == "SubagentStop" : event == "AfterAgent") {
    out->push_back(state("idle"));
  } else if (event == "SessionEnd") {
    out->push_back({"agent-status", "-u"});
  } else {
    return *error = "agent-report: unknown " + std::string(agent) +
                    " hook event: " + one_line(event, 64),
           false;
  }
  numbers(j, out);
  return true;
}

// Codex's notify: {"type": "agent-turn-complete", "thread-id", "last-assistant-message"...}.
bool codex_notify(const cJSON* j, Commands* out, std::string* error) {
  std::string type = field(j, "type");
  if (type != "agent-turn-complete")
    return *error = "agent-report: unknown codex notification: " +
                    (type.empty() ? std::string("no type") : one_line(type, 64)),
           false;
  if (std::string id = one_line(field(j, "thread-id"), 4096); !id.empty())
    out->push_back({"set-agent", "-C", id});
  out->push_back(state("idle", field(j, "last-assistant-message")));
  return true;
}

// Reads stdin whole, up to the limit; false past it.
bool read_stdin(std::string* out) {
  char buf[65536];
  ssize_t n;
  while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    out->append(buf, static_cast<size_t>(n));
    if (out->size() > kMaxPayload) return false;
  }
  return true;
}

}  // namespace

bool known_report_agent(std::string_view agent) {
  return agent == "claude" || agent == "codex" || agent == "gemini";
}

bool map_agent_report(std::string_view agent, std::string_view payload, Commands* commands,
                      std::string* error) {
  if (!known_report_agent(agent))
    return *error = "agent-report: unknown agent: " + one_line(agent, 64) +
                    " (claude, codex or gemini)",
           false;
  JsonPtr j(cJSON_ParseWithLength(payload.data(), payload.size()));
  if (!cJSON_IsObject(j.get()))
    return *error = "agent-report: payload is not a JSON object", false;
  Commands out;
  if (!(agent == "codex" ? codex_notify(j.get(), &out, error)
                         : hook_event(agent, j.get(), &out, error)))
    return false;
  *commands = std::move(out);
  return true;
}

int agent_report_main(const ClientOptions& opts, const std::vector<std::string>& args) {
  std::string target, agent, payload;
  bool have_payload = false;
  size_t i = 0;
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; i++) {
    if (args[i] == "-t" && i + 1 < args.size()) {
      target = args[++i];
    } else {
      fprintf(stderr, "usage: amux agent-report [-t target-pane] claude|codex|gemini [payload]\n");
      return 1;
    }
  }
  if (i < args.size()) agent = args[i++];
  if (i < args.size()) payload = args[i++], have_payload = true;
  if (agent.empty() || i < args.size()) {
    fprintf(stderr, "usage: amux agent-report [-t target-pane] claude|codex|gemini [payload]\n");
    return 1;
  }
  if (!have_payload && !read_stdin(&payload)) {
    fprintf(stderr, "agent-report: payload too large (at most 16 MiB)\n");
    return 1;
  }
  Commands commands;
  std::string error;
  if (!map_agent_report(agent, payload, &commands, &error)) {
    fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  // Outside any amux pane and without -t there is no member to report for.
  if (target.empty() && getenv("AMUX") == nullptr && getenv("TMUX_PANE") == nullptr) return 0;
  std::vector<std::string> words;
  for (auto& c : commands) {
    if (!words.empty()) words.emplace_back(";");
    words.push_back(c[0]);
    if (!target.empty()) words.insert(words.end(), {"-t", target});
    // A word ending in ';' would end the command: "\\;" keeps it an argument.
    for (auto it = c.begin() + 1; it != c.end(); ++it)
      words.push_back(!it->empty() && it->back() == ';' ? it->substr(0, it->size() - 1) + "\\;"
                                                        : *it);
  }
  // What the commands print (the state line) is not the agent's to read.
  int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDOUT_FILENO);
  ClientOptions quiet = opts;
  quiet.no_start = true;  // a report never starts a server
  int status = client_main(quiet, words);
  if (saved >= 0) dup2(saved, STDOUT_FILENO), close(saved);
  if (null >= 0) close(null);
  return status;
}

}  // namespace amux
