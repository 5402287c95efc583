// amux integrate [-nu] [-p] claude|codex|gemini: installs amux agent-report as the agent's
// own hooks, in its user configuration (or with -p the project's, under the current
// directory), merged with what is there: a user's hooks are never touched, running it
// again changes nothing, -n prints the file it would write, -u takes amux's hooks out.
// Claude Code and Gemini CLI keep hooks in settings.json (per event, a list of matchers
// with their commands); Codex has one notify program in config.toml, which amux takes
// only when there is none.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "amux/base/json.h"
#include "amux/base/util.h"
#include "amux/client/agent-report.h"
#include "amux/client/client.h"

namespace amux {

namespace {

constexpr size_t kMaxConfig = 4u << 20;

struct Agent {
  const char* name;
  const char* user_dir;  // under $HOME (codex: $CODEX_HOME first)
  const char* project_dir;
  const char* file;
  std::vector<const char*> events;  // hook events (json); empty: codex's notify
  std::vector<const char*> tool_events;  // those that take a tool matcher
};

const Agent kAgents[] = {
    {"claude", ".claude", ".claude", "settings.json",
     {"SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "Notification", "Stop",
      "SubagentStop", "SessionEnd"},
     {"PreToolUse", "PostToolUse"}},
    {"gemini", ".gemini", ".gemini", "settings.json",
     {"SessionStart", "BeforeAgent", "BeforeTool", "AfterTool", "Notification", "AfterAgent",
      "SessionEnd"},
     {"BeforeTool", "AfterTool"}},
    {"codex", ".codex", ".codex", "config.toml", {}, {}},
};

std::string command_of(const Agent& a) {
  return std::string("amux agent-report ") + a.name;
}

bool ours(const cJSON* hook, const Agent& a) {
  const cJSON* c = cJSON_GetObjectItemCaseSensitive(hook, "command");
  return cJSON_IsString(c) && starts_with(c->valuestring, command_of(a));
}

// Whether the event's list has amux's hook; with remove, takes it out (and entries left
// with no hooks).
bool find_ours(cJSON* list, const Agent& a, bool remove) {
  bool found = false;
  for (int i = cJSON_GetArraySize(list) - 1; i >= 0; i--) {
    cJSON* entry = cJSON_GetArrayItem(list, i);
    cJSON* hooks = cJSON_GetObjectItemCaseSensitive(entry, "hooks");
    for (int k = cJSON_GetArraySize(hooks) - 1; k >= 0; k--) {
      if (!ours(cJSON_GetArrayItem(hooks, k), a)) continue;
      found = true;
      if (remove) cJSON_DeleteItemFromArray(hooks, k);
    }
    if (remove && cJSON_IsArray(hooks) && cJSON_GetArraySize(hooks) == 0)
      cJSON_DeleteItemFromArray(list, i);
  }
  return found;
}

bool is_tool_event(const Agent& a, const char* event) {
  for (const char* t : a.tool_events)
    if (strcmp(t, event) == 0) return true;
  return false;
}

// settings.json: text in, text out; *changed lists the events changed.
bool merge_json(const Agent& a, const std::string& text, bool remove, std::string* out,
                std::vector<std::string>* changed, std::string* error) {
  JsonPtr root(text.empty() ? cJSON_CreateObject() : cJSON_ParseWithLength(text.data(), text.size()));
  if (!cJSON_IsObject(root.get())) return *error = "not a JSON object", false;
  cJSON* hooks = cJSON_GetObjectItemCaseSensitive(root.get(), "hooks");
  if (hooks == nullptr && remove) return *out = text, true;
  if (hooks == nullptr) hooks = cJSON_AddObjectToObject(root.get(), "hooks");
  if (!cJSON_IsObject(hooks)) return *error = "its \"hooks\" is not an object", false;
  for (const char* event : a.events) {
    cJSON* list = cJSON_GetObjectItemCaseSensitive(hooks, event);
    if (list != nullptr && !cJSON_IsArray(list))
      return *error = std::string("its hooks.") + event + " is not a list", false;
    if (remove) {
      if (list == nullptr || !find_ours(list, a, true)) continue;
      changed->push_back(event);
      if (cJSON_GetArraySize(list) == 0) cJSON_DeleteItemFromObject(hooks, event);
      continue;
    }
    if (list != nullptr && find_ours(list, a, false)) continue;
    if (list == nullptr) list = cJSON_AddArrayToObject(hooks, event);
    cJSON* entry = cJSON_CreateObject();
    if (is_tool_event(a, event)) cJSON_AddStringToObject(entry, "matcher", "*");
    cJSON* commands = cJSON_AddArrayToObject(entry, "hooks");
    cJSON* hook = cJSON_CreateObject();
    cJSON_AddStringToObject(hook, "type", "command");
    cJSON_AddStringToObject(hook, "command", command_of(a).c_str());
    cJSON_AddItemToArray(commands, hook);
    cJSON_AddItemToArray(list, entry);
    changed->push_back(event);
  }
  if (remove && cJSON_GetArraySize(hooks) == 0 && !changed->empty())
    cJSON_DeleteItemFromObject(root.get(), "hooks");
  *out = json_print_pretty(root.get()) + "\n";
  return true;
}

// config.toml: its top-level notify key (before the first table) is amux's, absent, or a
// user's program, which is never replaced.
bool merge_toml(const Agent& a, const std::string& text, bool remove, std::string* out,
                std::vector<std::string>* changed, std::string* error) {
  std::string line_ours = "notify = [\"amux\", \"agent-report\", \"" + std::string(a.name) + "\"]";
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    start = nl == std::string::npos ? text.size() : nl + 1;
  }
  int found = -1;
  for (size_t i = 0; i < lines.size(); i++) {
    std::string_view l = lines[i];
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    if (!l.empty() && l.front() == '[') break;  // a table: notify is top-level only
    if (!starts_with(l, "notify")) continue;
    std::string_view rest = l.substr(6);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    if (!rest.empty() && rest.front() == '=') found = static_cast<int>(i);
  }
  bool is_ours = found >= 0 && lines[static_cast<size_t>(found)].find("\"agent-report\"") !=
                                   std::string::npos;
  if (found >= 0 && !is_ours && !remove)
    return *error = "it has a notify program already (" + one_line(lines[static_cast<size_t>(found)], 200) +
                    "): Codex runs only one, and amux does not replace it",
           false;
  if (remove && is_ours) {
    lines.erase(lines.begin() + found);
    changed->push_back("notify");
  } else if (!remove && found < 0) {
    lines.insert(lines.begin(), line_ours);
    changed->push_back("notify");
  }
  out->clear();
  for (const auto& l : lines) *out += l + "\n";
  return true;
}

std::string home_path(const Agent& a, bool project) {
  if (project) return std::string(a.project_dir) + "/" + a.file;
  if (strcmp(a.name, "codex") == 0)
    if (const char* ch = getenv("CODEX_HOME"); ch != nullptr && *ch != '\0')
      return std::string(ch) + "/" + a.file;
  const char* home = getenv("HOME");
  return std::string(home != nullptr ? home : "") + "/" + a.user_dir + "/" + a.file;
}

// Writes beside the file, then renames over it (keeping its mode): never half a file.
bool write_file(const std::string& path, const std::string& data, std::string* error) {
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return *error = "cannot make " + dir + ": " + strerror(errno), false;
  struct stat st;
  mode_t mode = stat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0600;
  std::string tmp = path + ".amux-tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return *error = "cannot write " + tmp + ": " + strerror(errno), false;
  bool ok = write_all(fd, data.data(), data.size()) && fsync(fd) == 0;
  int saved = errno;
  close(fd);
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) saved = errno;
    unlink(tmp.c_str());
    return *error = "cannot write " + path + ": " + strerror(saved), false;
  }
  return true;
}

int usage() {
  fprintf(stderr, "usage: amux integrate [-nu] [-p] claude|codex|gemini\n");
  return 1;
}

}  // namespace

int integrate_main(const std::vector<std::string>& args) {
  bool dry = false, remove = false, project = false;
  size_t i = 0;
  for (; i < args.size() && args[i].size() > 1 && args[i][0] == '-'; i++)
    for (char c : args[i].substr(1)) {
      if (c == 'n') dry = true;
      else if (c == 'u') remove = true;
      else if (c == 'p') project = true;
      else return usage();
    }
  if (i + 1 != args.size()) return usage();
  const Agent* agent = nullptr;
  for (const Agent& a : kAgents)
    if (args[i] == a.name) agent = &a;
  if (agent == nullptr) {
    fprintf(stderr, "integrate: unknown agent: %s (claude, codex or gemini)\n",
            one_line(args[i], 64).c_str());
    return 1;
  }
  std::string path = home_path(*agent, project), text, error;
  // A file kept elsewhere by a link (a dotfiles checkout) is edited where it is: the link
  // stays a link.
  if (char* real = realpath(path.c_str(), nullptr)) {
    path = real;
    free(real);
  }
  struct stat st;
  bool exists = stat(path.c_str(), &st) == 0;
  if (exists && !read_regular_file(path, kMaxConfig, &text, &error)) {
    fprintf(stderr, "integrate: %s\n", error.c_str());
    return 1;
  }
  std::string out;
  std::vector<std::string> changed;
  bool ok = agent->events.empty() ? merge_toml(*agent, text, remove, &out, &changed, &error)
                                  : merge_json(*agent, text, remove, &out, &changed, &error);
  if (!ok) {
    fprintf(stderr, "integrate: %s: %s; nothing changed\n", path.c_str(), error.c_str());
    return 1;
  }
  if (changed.empty()) {
    printf(remove ? "No amux hooks in %s\n" : "amux hooks are already in %s\n", path.c_str());
    return 0;
  }
  std::string what = join(changed, ", ");
  if (dry) {
    printf("Would %s amux hooks %s %s (%s):\n%s", remove ? "remove" : "add",
           remove ? "from" : "to", path.c_str(), what.c_str(), out.c_str());
    return 0;
  }
  if (!write_file(path, out, &error)) {
    fprintf(stderr, "integrate: %s; nothing changed\n", error.c_str());
    return 1;
  }
  printf("%s amux hooks %s %s: %s\n", remove ? "Removed" : "Added", remove ? "from" : "to",
         path.c_str(), what.c_str());
  return 0;
}

}  // namespace amux
