// Resurrection (see resurrect.h). A session's record is JSON: its name, directory, options
// and environment set on it, agent metadata and group, current window, and each window's
// index, name, size, layout string, active pane and zoom, with each pane's directory (as
// its program left it), the program running in it (its argv), title and, for a pane
// member, its member name, metadata and group. A session is made again with amux's own
// commands, as a user would type them: new-session, new-window, split-window,
// select-layout, send-keys (a program named in resurrect-commands is started again in the
// pane's shell), set-option, set-agent and ajoin.
#include "amux/server/resurrect.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>

#include "amux/base/handles.h"
#include "amux/base/json.h"
#include "amux/base/util.h"
#include "amux/coord/coordinator.h"
#include "amux/coord/sqlite-store.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"
#include "amux/server/state-file.h"
#include "amux/server/worktrees.h"
#include "amux/term/capture.h"

extern char** environ;

namespace amux {

namespace {

constexpr int kRecordVersion = 1;

// The program in the foreground of a pane (its shell's child, or the pane's own) and its
// directory, from /proc.
std::string proc_link(pid_t pid, const char* what) {
  char buf[4096];
  std::string path = "/proc/" + std::to_string(pid) + "/" + what;
  ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

// -1 while the pane's program is not running yet (forked, not yet exec'd: still the
// server's own program).
pid_t foreground(const Pane& p) {
  pid_t pid = p.master_fd() >= 0 ? tcgetpgrp(p.master_fd()) : -1;
  if (pid <= 0) pid = p.pid;
  static const std::string self = proc_link(getpid(), "exe");
  return pid > 0 && proc_link(pid, "exe") != self ? pid : -1;
}

// (/proc's files have no size: read until the end, at most 64 KiB.)
std::vector<std::string> proc_argv(pid_t pid) {
  std::string data;
  std::vector<std::string> argv;
  Fd fd(open(("/proc/" + std::to_string(pid) + "/cmdline").c_str(), O_RDONLY | O_CLOEXEC));
  char buf[4096];
  ssize_t n;
  while (fd && data.size() < 64 * 1024 && (n = read(fd.get(), buf, sizeof buf)) > 0)
    data.append(buf, static_cast<size_t>(n));
  size_t start = 0;
  while (start < data.size()) {
    size_t nul = data.find('\0', start);
    argv.push_back(data.substr(start, nul == std::string::npos ? std::string::npos : nul - start));
    start = nul == std::string::npos ? data.size() : nul + 1;
  }
  return argv;
}

cJSON* strings(const std::vector<std::string>& v) {
  cJSON* a = cJSON_CreateArray();
  for (const auto& s : v) cJSON_AddItemToArray(a, cJSON_CreateString(s.c_str()));
  return a;
}

void add_agent(cJSON* j, const AgentInfo& a) {
  cJSON_AddStringToObject(j, "type", a.type.c_str());
  cJSON_AddStringToObject(j, "objective", a.objective.c_str());
  cJSON_AddStringToObject(j, "conversation_id", a.conversation_id.c_str());
  cJSON_AddStringToObject(j, "transcript", a.transcript.c_str());
}

void add_worktree(cJSON* j, const Worktree* w) {
  if (w == nullptr) return;
  cJSON* wj = cJSON_AddObjectToObject(j, "worktree");
  cJSON_AddStringToObject(wj, "path", w->path.c_str());
  cJSON_AddStringToObject(wj, "repo", w->repo.c_str());
  cJSON_AddStringToObject(wj, "branch", w->branch.c_str());
  cJSON_AddStringToObject(wj, "base", w->base.c_str());
}

std::string str(const cJSON* j, const char* name) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(j, name);
  return cJSON_IsString(v) ? v->valuestring : "";
}

long long num(const cJSON* j, const char* name, long long fallback) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(j, name);
  return cJSON_IsNumber(v) ? static_cast<long long>(v->valuedouble) : fallback;
}

// The command line that starts argv's program again when resurrect-commands names it (by
// its base name, a login shell's leading '-' dropped), else "". A shell running one
// command (sh -c 'tail -f log', as a pane's command starts) is that command.
std::string restart_line(const std::vector<std::string>& argv, const std::string& list) {
  if (argv.empty()) return "";
  std::string line;
  std::string program = argv[0];
  if ((argv.size() == 3 && argv[1] == "-c") || (argv.size() == 1 && argv[0].find(' ') != std::string::npos)) {
    line = argv.back();  // a command string, as the shell takes it
    size_t start = line.find_first_not_of(" \t");
    program = start == std::string::npos ? "" : line.substr(start, line.find_first_of(" \t", start) - start);
  } else {
    for (const auto& word : argv) line += (line.empty() ? "" : " ") + shell_quote(word);
  }
  std::string name = program.substr(program.rfind('/') + 1);
  if (!name.empty() && name[0] == '-') name.erase(0, 1);
  for (const std::string& w : split(list, ' '))
    if (!w.empty() && w == name) return line;
  return "";
}

// The last `count` lines of a pane's shell screen and its history (the primary screen: a
// full-screen program's own screen is not the pane's history), colours kept, trailing
// blank lines left out; one string, lines ended by '\n'.
std::string last_lines(Terminal& term, long count) {
  Grid& g = term.primary();
  CaptureOptions opts;
  opts.escapes = true;
  opts.range.start = -std::min<long>(count, static_cast<long>(g.history_size()));
  std::string text = capture_grid(g, opts);
  while (text.size() >= 2 && text.back() == '\n' && text[text.size() - 2] == '\n') text.pop_back();
  if (text == "\n") return "";
  size_t start = text.size() - 1;  // the last line's '\n'
  for (long n = 0; n < count && start != std::string::npos && start > 0; n++)
    start = text.rfind('\n', start - 1);
  return start == std::string::npos || start == 0 ? text : text.substr(start + 1);
}

// Restored lines (as last_lines gives them) in a new pane's screen before its program
// writes, then the mark; the cursor is left at the start of the line after it.
void show_history(Pane* p, const std::string& lines) {
  if (p == nullptr || !p->term || lines.empty()) return;
  std::string out;
  size_t n = 0;
  for (char c : lines) {
    if (c == '\n') {
      out += "\033[0m\r\n";
      n++;
    } else {
      out += c;
    }
  }
  out += "\033[0;2m-- restored: " + plural(n, "line", "lines") + " --\033[0m\r\n";
  p->term->write(out.data(), out.size());
}

bool is_directory(const std::string& path) {
  struct stat st;
  return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Runs one command as the server itself (the environment it started with); its error for
// the log, "" when it worked.
std::string run(Server& server, const std::vector<std::string>& argv) {
  static ClientInfo client = [] {
    ClientInfo c;
    const char* home = getenv("HOME");
    c.cwd = home != nullptr ? home : "/";
    for (char** e = environ; *e != nullptr; e++) {
      std::string v = *e;
      if (v.rfind("AMUX", 0) != 0 && v.rfind("TMUX", 0) != 0) c.env.push_back(v);
    }
    return c;
  }();
  std::vector<ParsedCommand> list;
  std::string out, err;
  if (!parse_command_list(argv, &list, &err)) return err;
  run_command_list(&server, client, list, &out, &err);
  while (!err.empty() && err.back() == '\n') err.pop_back();
  return err;
}

// A pane of a session just made, by window index and pane index.
Pane* find_pane(Server& server, const std::string& session, int window, int pane) {
  Session* s = server.sessions().find_name(session);
  auto w = s != nullptr ? s->windows.find(window) : decltype(s->windows.end()){};
  if (s == nullptr || w == s->windows.end() || pane < 0 ||
      static_cast<size_t>(pane) >= w->second->panes.size())
    return nullptr;
  return w->second->panes[static_cast<size_t>(pane)].get();
}

}  // namespace

// A worktree a record names, known again for the session (pane -1) or pane just made.
void Resurrection::take_worktree(const cJSON* record, int session_id, int pane_id) {
  const cJSON* w = cJSON_GetObjectItemCaseSensitive(record, "worktree");
  if (!cJSON_IsObject(w)) return;
  Worktree t;
  t.path = str(w, "path");
  t.repo = str(w, "repo");
  t.branch = str(w, "branch");
  t.base = str(w, "base");
  t.session_id = session_id;
  t.pane_id = pane_id;
  if (const Session* s = server_.sessions().find_id(session_id)) t.session_name = s->name;
  server_.worktrees().adopt(std::move(t));
}

// The agent's resume command for its type with its conversation (each value one quoted
// word for the shell: a conversation id comes from a hook's payload); "" when it has no
// conversation or its type no resume command.
std::string Resurrection::resume_line(const cJSON* agent) {
  std::string conversation = str(agent, "conversation_id");
  auto it = server_.resume_commands.find(str(agent, "type"));
  if (conversation.empty() || it == server_.resume_commands.end()) return "";
  FormatContext fc;
  fc.set("agent_conversation_id", shell_quote(conversation));
  fc.set("agent_transcript", shell_quote(str(agent, "transcript")));
  fc.set("agent_type", shell_quote(str(agent, "type")));
  return format_expand(it->second, fc);
}

// What a saved pane runs again: its member's agent on its own conversation (*resumed),
// else the program resurrect-commands names with its arguments; "" for a shell.
std::string Resurrection::rerun(const cJSON* pane, const std::string& list, bool* resumed) {
  const cJSON* m = cJSON_GetObjectItemCaseSensitive(pane, "member");
  std::string resume = cJSON_IsObject(m) ? resume_line(m) : "";
  *resumed = !resume.empty();
  if (*resumed) return resume;
  std::vector<std::string> argv;
  const cJSON* a;
  cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(pane, "command")) {
    if (cJSON_IsString(a)) argv.emplace_back(a->valuestring);
  }
  return restart_line(argv, list);
}

// Typed into the pane's shell once it has gone quiet for agent-idle-time (as asend -p
// types; a shell starting up may drop what comes before, and one that prints no prompt
// is typed into after agent-idle-time too).
void Resurrection::type_in(Pane* p, const std::string& line) {
  if (p == nullptr || line.empty()) return;
  p->deliveries.push_back(line);
  p->arm_idle_timer(p->window->session->options.number("agent-idle-time"));
}

// A member back in its group: a resumed event when its agent was started on its
// conversation, else a note on the board that it is a shell now.
void Resurrection::came_back(int member, const std::string& target, const cJSON* agent,
                             bool resumed) {
  if (resumed) {
    server_.coord().report(member, GroupEvent::resumed({}, str(agent, "type"),
                                                       str(agent, "conversation_id")));
    return;
  }
  run(server_, {"agent-status", "-t", target, "idle",
                "restored as a shell: " + std::string(str(agent, "conversation_id").empty()
                                                          ? "no conversation to resume"
                                                          : "no resume command for its type")});
}

void Resurrection::changed() {
  if (dirty_) return;
  dirty_ = true;
  server_.state().touch();
}

std::string Resurrection::snapshot(Session& s) {
  JsonPtr j(cJSON_CreateObject());
  cJSON_AddNumberToObject(j.get(), "v", kRecordVersion);
  cJSON_AddStringToObject(j.get(), "name", s.name.c_str());
  cJSON_AddStringToObject(j.get(), "cwd", s.cwd.c_str());
  cJSON_AddNumberToObject(j.get(), "current", s.current ? s.current->index : -1);
  cJSON* options = cJSON_AddObjectToObject(j.get(), "options");
  for (const auto& [name, value] : s.options.local())
    cJSON_AddStringToObject(options, name.c_str(), value.c_str());
  cJSON* env = cJSON_AddObjectToObject(j.get(), "environment");
  for (const auto& [name, e] : s.environment)
    if (!e.hidden) {
      if (e.value)
        cJSON_AddStringToObject(env, name.c_str(), e.value->c_str());
      else
        cJSON_AddNullToObject(env, name.c_str());
    }
  if (s.agent) add_agent(cJSON_AddObjectToObject(j.get(), "agent"), *s.agent);
  add_worktree(j.get(), server_.worktrees().of_session(s.id));
  if (Group* g = server_.group_of(s); g != nullptr && g->remote.empty())
    cJSON_AddStringToObject(j.get(), "group", g->name.c_str());
  cJSON* windows = cJSON_AddArrayToObject(j.get(), "windows");
  for (auto& [index, w] : s.windows) {
    cJSON* wj = cJSON_CreateObject();
    cJSON_AddNumberToObject(wj, "index", index);
    cJSON_AddStringToObject(wj, "name", w->name.c_str());
    cJSON_AddNumberToObject(wj, "width", w->sx);
    cJSON_AddNumberToObject(wj, "height", w->sy);
    cJSON_AddStringToObject(wj, "layout", w->layout.dump().c_str());
    cJSON_AddNumberToObject(wj, "active", w->pane_index(w->active));
    cJSON_AddBoolToObject(wj, "zoomed", w->zoomed);
    cJSON* panes = cJSON_AddArrayToObject(wj, "panes");
    for (auto& p : w->panes) {
      cJSON* pj = cJSON_CreateObject();
      pid_t pid = p->dead ? -1 : foreground(*p);
      std::string cwd = pid > 0 ? proc_link(pid, "cwd") : "";
      cJSON_AddStringToObject(pj, "cwd", cwd.empty() ? p->spec.cwd.c_str() : cwd.c_str());
      cJSON_AddItemToObject(pj, "command", strings(pid > 0 ? proc_argv(pid) : p->spec.command));
      cJSON_AddStringToObject(pj, "title", p->term ? p->term->title().c_str() : "");
      add_worktree(pj, server_.worktrees().of_pane(p->id));
      if (long lines = s.options.number("resurrect-history"); lines > 0 && p->term)
        cJSON_AddStringToObject(pj, "history", last_lines(*p->term, lines).c_str());
      if (server_.is_member_pane(*p)) {
        cJSON* m = cJSON_AddObjectToObject(pj, "member");
        const PaneAgent& a = server_.pane_agents.at(p->id);
        cJSON_AddStringToObject(m, "name", a.name.c_str());
        add_agent(m, a.agent);
        if (Group* g = server_.coord().group_of(pane_member_id(p->id)); g && g->remote.empty())
          cJSON_AddStringToObject(m, "group", g->name.c_str());
      }
      cJSON_AddItemToArray(panes, pj);
    }
    cJSON_AddItemToArray(windows, wj);
  }
  return json_print(j.get());
}

void Resurrection::save(SqliteStore& store) {
  if (!dirty_) return;
  dirty_ = false;
  if (!server_.global_options.flag("session-resurrect")) {
    if (!written_.empty()) store.sessions_cleared();
    written_.clear();
    return;
  }
  std::map<std::string, std::string> now;
  for (Session* s : server_.sessions().list()) {
    std::string record = snapshot(*s);
    auto it = written_.find(s->name);
    if (it == written_.end() || it->second != record) store.session_saved(s->name, record);
    now.emplace(s->name, std::move(record));
  }
  for (const auto& [name, record] : written_)
    if (now.count(name) == 0) store.session_removed(name);
  written_ = std::move(now);
}

void Resurrection::start(std::vector<std::pair<std::string, std::string>> saved, bool clean,
                         SqliteStore& store) {
  saved_ = std::move(saved);
  // From now on the file holds this server's sessions, and it has not ended cleanly yet.
  store.sessions_cleared();
  store.set_clean(false);
  written_.clear();
  dirty_ = true;
  server_.state().touch();
  if (clean || saved_.empty()) return;
  if (!server_.global_options.flag("session-resurrect")) return;
  std::vector<std::string> errors;
  for (const std::string& line : restore(false, &errors)) server_.renderer().log_message(line);
  for (const std::string& e : errors) server_.renderer().log_message(e);
}

void Resurrection::clean_exit(SqliteStore& store) {
  dirty_ = true;
  save(store);
  store.set_clean(true);
}

std::vector<std::string> Resurrection::restore(bool dry_run, std::vector<std::string>* errors) {
  std::vector<std::string> lines;
  std::string list = server_.global_options.get("resurrect-commands");
  const char* home_env = getenv("HOME");
  std::string home = home_env != nullptr ? home_env : "/";
  // Group memberships, made once every session is back.
  struct Join {
    std::string group, name, target;
    std::vector<std::string> argv;
    std::function<void()> then;
  };
  std::vector<Join> joins;
  std::vector<JsonPtr> records;  // the saved records joins point into
  for (const auto& [saved_name, record] : saved_) {
    records.emplace_back(cJSON_Parse(record.c_str()));
    const JsonPtr& j = records.back();
    const cJSON* windows = cJSON_GetObjectItemCaseSensitive(j.get(), "windows");
    std::string name = str(j.get(), "name");
    if (!cJSON_IsObject(j.get()) || num(j.get(), "v", 0) != kRecordVersion || name != saved_name ||
        !cJSON_IsArray(windows) || cJSON_GetArraySize(windows) == 0 ||
        sanitize_session_name(name) != name) {
      errors->push_back("resurrect: session '" + one_line(saved_name, 64) +
                        "': its saved record is not one this amux reads");
      continue;
    }
    if (server_.sessions().find_name(name) != nullptr) {
      lines.push_back("Session '" + name + "' exists: not restored");
      continue;
    }
    int window_count = 0, pane_count = 0;
    std::vector<std::string> plan;
    // The directory a pane starts in: its own if it is still there, else HOME.
    auto place = [&](const std::string& where, const std::string& dir) {
      if (is_directory(dir)) return dir;
      errors->push_back("resurrect: " + where + ": directory " + dir + " is gone, using " + home);
      return home;
    };
    const cJSON* w;
    bool first = true;
    cJSON_ArrayForEach(w, windows) {
      const cJSON* panes = cJSON_GetObjectItemCaseSensitive(w, "panes");
      int count = cJSON_GetArraySize(panes);
      long long index = num(w, "index", -1);
      if (!cJSON_IsArray(panes) || count == 0 || index < 0 || index > 1000000) continue;
      std::string target = name + ":" + std::to_string(index);
      window_count++;
      int k = 0;
      const cJSON* p;
      std::vector<std::string> dirs;
      cJSON_ArrayForEach(p, panes) {
        std::string where = target + "." + std::to_string(k++);
        dirs.push_back(dry_run ? str(p, "cwd") : place(where, str(p, "cwd")));
      }
      if (dry_run) {
        k = 0;
        cJSON_ArrayForEach(p, panes) {
          bool resumed = false;
          std::string line = rerun(p, list, &resumed);
          std::string what = line.empty() ? std::string("a shell")
                                          : line + (resumed ? " (resumed)" : " (started again)");
          std::string history = str(p, "history");
          if (size_t n = static_cast<size_t>(std::count(history.begin(), history.end(), '\n')))
            what += ", " + plural(n, "line", "lines") + " of history";
          plan.push_back("  " + target + "." + std::to_string(k) + " in " +
                         dirs[static_cast<size_t>(k)] + ": " + what);
          k++;
        }
        pane_count += count;
        first = false;
        continue;
      }
      std::string width = std::to_string(std::clamp(num(w, "width", 80), 1LL, 10000LL));
      std::string height = std::to_string(std::clamp(num(w, "height", 24), 1LL, 10000LL));
      std::string error;
      if (first) {
        error = run(server_, {"new-session", "-d", "-s", name, "-n", str(w, "name"), "-c", dirs[0],
                              "-x", width, "-y", height});
        if (error.empty()) {
          Session* s = server_.sessions().find_name(name);
          int base = s != nullptr && s->current ? s->current->index : 0;
          if (base != index)
            error = run(server_, {"move-window", "-s", name + ":" + std::to_string(base), "-t",
                                  target});
        }
      } else {
        error = run(server_, {"new-window", "-d", "-t", target, "-n", str(w, "name"), "-c", dirs[0]});
      }
      if (!error.empty()) {
        errors->push_back("resurrect: " + target + ": " + error);
        if (first) break;
        continue;
      }
      first = false;
      // Each new pane after the last one: the window's order is the saved one.
      for (size_t i = 1; i < dirs.size(); i++)
        if (std::string e = run(server_, {"split-window", "-d", "-t",
                                          target + "." + std::to_string(i - 1), "-c", dirs[i]});
            !e.empty())
          errors->push_back("resurrect: " + target + ": " + e);
      if (std::string e = run(server_, {"select-layout", "-t", target, str(w, "layout")}); !e.empty())
        errors->push_back("resurrect: " + target + ": " + e);
      k = 0;
      cJSON_ArrayForEach(p, panes) {
        std::string pane = target + "." + std::to_string(k++);
        if (std::string title = str(p, "title"); !title.empty())
          run(server_, {"select-pane", "-t", pane, "-T", title});
        Pane* made = find_pane(server_, name, static_cast<int>(index), k - 1);
        show_history(made, str(p, "history"));
        if (made != nullptr) take_worktree(p, made->window->session->id, made->id);
        bool resumed = false;
        type_in(made, rerun(p, list, &resumed));
        const cJSON* m = cJSON_GetObjectItemCaseSensitive(p, "member");
        if (made != nullptr && cJSON_IsObject(m) && !str(m, "group").empty()) {
          int member = pane_member_id(made->id);
          joins.push_back({str(m, "group"), str(m, "name"), pane,
                           {"agent-join-group", "-t", pane, "-n", str(m, "name"), "-G",
                            str(m, "type"), "-o", str(m, "objective"), str(m, "group")},
                           [this, m, pane, member, resumed] {
                             if (!str(m, "conversation_id").empty())
                               run(server_, {"set-agent", "-t", pane, "-C",
                                             str(m, "conversation_id"), "-T",
                                             str(m, "transcript")});
                             came_back(member, pane, m, resumed);
                           }});
        }
      }
      run(server_, {"select-pane", "-t", target + "." + std::to_string(num(w, "active", 0))});
      if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(w, "zoomed")))
        run(server_, {"resize-pane", "-Z", "-t", target});
      pane_count += count;
    }
    if (dry_run) {
      lines.push_back("Session '" + name + "': " + plural(window_count, "window", "windows") +
                      ", " + plural(pane_count, "pane", "panes"));
      lines.insert(lines.end(), plan.begin(), plan.end());
      continue;
    }
    if (server_.sessions().find_name(name) == nullptr) continue;
    take_worktree(j.get(), server_.sessions().find_name(name)->id, -1);
    const cJSON* item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(j.get(), "options")) {
      if (cJSON_IsString(item)) run(server_, {"set-option", "-t", name, item->string, item->valuestring});
    }
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(j.get(), "environment")) {
      if (cJSON_IsString(item))
        run(server_, {"set-environment", "-t", name, item->string, item->valuestring});
      else
        run(server_, {"set-environment", "-r", "-t", name, item->string});
    }
    const cJSON* agent = cJSON_GetObjectItemCaseSensitive(j.get(), "agent");
    if (cJSON_IsObject(agent)) {
      std::vector<std::string> set = {"set-agent", "-t", name, "-G", str(agent, "type"), "-o",
                                      str(agent, "objective")};
      if (!str(agent, "conversation_id").empty())
        set.insert(set.end(), {"-C", str(agent, "conversation_id"), "-T", str(agent, "transcript")});
      if (std::string e = run(server_, set); !e.empty())
        errors->push_back("resurrect: " + name + ": " + e);
    }
    if (long long current = num(j.get(), "current", -1); current >= 0)
      run(server_, {"select-window", "-t", name + ":" + std::to_string(current)});
    if (std::string group = str(j.get(), "group"); cJSON_IsObject(agent) && !group.empty())
      // A session's own agent runs in its current pane: resumed there.
      joins.push_back({group, name, name, {"agent-join-group", "-t", name, group},
                       [this, agent, name] {
                         Session* made = server_.sessions().find_name(name);
                         if (made == nullptr || made->current == nullptr) return;
                         std::string resume = resume_line(agent);
                         type_in(made->current->active, resume);
                         came_back(made->id, name, agent, !resume.empty());
                       }});
    lines.push_back("Restored session '" + name + "': " +
                    plural(window_count, "window", "windows") + ", " +
                    plural(pane_count, "pane", "panes"));
  }
  // Members rejoin in the order they had joined (the coordinator stays the coordinator),
  // each continuing its record; then come their conversations and notes.
  auto& coord = server_.coord();
  auto rank = [&](const Join& m) {
    uint64_t n = coord.retired_record(m.group, m.name);
    return n != 0 ? n : UINT64_MAX;
  };
  std::stable_sort(joins.begin(), joins.end(),
                   [&](const Join& a, const Join& b) { return rank(a) < rank(b); });
  coord.set_continuing(true);
  for (Join& m : joins) {
    if (std::string e = run(server_, m.argv); !e.empty())
      errors->push_back("resurrect: " + m.target + ": " + e);
    else
      m.then();
  }
  coord.set_continuing(false);
  return lines;
}

}  // namespace amux
