// Jobs: shell commands run by run-shell and if-shell, outside any pane. Each runs as
// /bin/sh -c in a session of its own, with stdin from /dev/null and stdout and stderr in
// one pipe the loop reads (the first 1 MiB is kept); once the pipe ended and the child
// was reaped, its done callback runs from the loop with the exit status and the output.
#include "amux/server/jobs.h"

#include <event2/event.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "amux/pane/pane.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

extern char** environ;

namespace amux {

constexpr size_t kMaxJobOutput = 1u << 20;

static void on_job_read(evutil_socket_t fd, short, void* arg) noexcept {
  guarded("job read", [fd, arg] {
    auto* job = static_cast<Job*>(arg);
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (n > 0) {
      size_t room = kMaxJobOutput - std::min(kMaxJobOutput, job->output.size());
      job->output.append(buf, std::min(static_cast<size_t>(n), room));
      return;
    }
    job->eof = true;
    job->read_event.reset();
    job->out.reset();
    job->owner->check(job->pid);
  });
}

// The server's environment with the client's variables over it.
std::vector<std::string> job_environment(const std::vector<std::string>& over) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e != nullptr; e++) {
    std::string kv = *e;
    vars[kv.substr(0, kv.find('='))] = kv;
  }
  for (const auto& kv : over) vars[kv.substr(0, kv.find('='))] = kv;
  std::vector<std::string> out;
  for (auto& [name, kv] : vars) out.push_back(kv);
  return out;
}

RunResult run_now(const std::vector<std::string>& argv, const std::string& cwd,
                  const std::vector<std::string>& env) {
  RunResult r;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0) return r.err = strerror(errno), r;
  Fd out_read(out[0]), out_write(out[1]);
  if (pipe2(err, O_CLOEXEC) != 0) return r.err = strerror(errno), r;
  Fd err_read(err[0]), err_write(err[1]);
  Launch how;
  how.cwd = cwd.empty() ? "/" : cwd;
  how.env = job_environment(env);
  std::string line = "exec";  // through sh: the program is found in the given PATH
  for (const auto& word : argv) line += " " + shell_quote(word);
  how.command = {line};
  how.shell = "/bin/sh";
  pid_t pid = fork();
  if (pid < 0) return r.err = strerror(errno), r;
  if (pid == 0) {
    int null = open("/dev/null", O_RDONLY);
    dup2(null, STDIN_FILENO);
    dup2(out_write.get(), STDOUT_FILENO);
    dup2(err_write.get(), STDERR_FILENO);
    exec_launch(how);
  }
  out_write.reset();
  err_write.reset();
  pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {err_read.get(), POLLIN, 0}};
  std::string* into[2] = {&r.out, &r.err};
  int open_count = 2;
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; i++) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[16384];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0 && into[i]->size() < 16 * 1024 * 1024) into[i]->append(buf, static_cast<size_t>(n));
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
        fds[i].fd = -1;
        open_count--;
      }
    }
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

Jobs::~Jobs() = default;

std::string Jobs::format_output(const std::string& command, long long interval) {
  auto it = format_jobs_.find(command);
  if (it == format_jobs_.end()) {
    if (format_jobs_.size() >= kMaxFormatJobs) {  // the one started longest ago goes
      auto oldest = std::min_element(
          format_jobs_.begin(), format_jobs_.end(), [](const auto& a, const auto& b) {
            return !a.second.running && (b.second.running || a.second.started < b.second.started);
          });
      if (oldest->second.running) return "";
      format_jobs_.erase(oldest);
    }
    it = format_jobs_.emplace(command, FormatJob{}).first;
  }
  FormatJob& fj = it->second;
  time_t now = server_.now();
  if (!fj.running && (fj.started == 0 || now - fj.started >= std::max(1LL, interval))) {
    fj.running = true;
    fj.started = now;
    std::string error;
    ClientInfo nobody;
    pid_t pid = start(
        command, nobody,
        [this, command](int, std::string output) {
          auto found = format_jobs_.find(command);
          if (found == format_jobs_.end()) return;
          found->second.running = false;
          while (!output.empty() && output.back() == '\n') output.pop_back();
          std::string line =
              output.substr(output.rfind('\n') == std::string::npos ? 0 : output.rfind('\n') + 1);
          if (line == found->second.last) return;
          found->second.last = std::move(line);
          server_.renderer().redraw(nullptr, true);
        },
        &error);
    if (pid < 0) fj.running = false;
  }
  return fj.last;
}

pid_t Jobs::start(const std::string& command, const ClientInfo& client,
                  std::function<void(int, std::string)> done, std::string* error) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return *error = strerror(errno), -1;
  Fd read_end(fds[0]), write_end(fds[1]);
  Launch how;
  how.cwd = client.cwd.empty() ? "/" : client.cwd;
  how.env = job_environment(client.env);
  how.command = {command};
  how.shell = "/bin/sh";
  pid_t pid = fork();
  if (pid < 0) return *error = strerror(errno), -1;
  if (pid == 0) {
    setsid();
    int null = open("/dev/null", O_RDONLY);
    dup2(null, STDIN_FILENO);
    dup2(write_end.get(), STDOUT_FILENO);
    dup2(write_end.get(), STDERR_FILENO);
    exec_launch(how);
  }
  auto job = std::make_unique<Job>();
  job->owner = this;
  job->pid = pid;
  job->done = std::move(done);
  evutil_make_socket_nonblocking(read_end.get());
  job->read_event.reset(
      event_new(server_.base(), read_end.get(), EV_READ | EV_PERSIST, on_job_read, job.get()));
  event_add(job->read_event.get(), nullptr);
  job->out = std::move(read_end);
  jobs_[pid] = std::move(job);
  return pid;
}

bool Jobs::exited(pid_t pid, int code) {
  auto it = jobs_.find(pid);
  if (it == jobs_.end()) return false;
  it->second->exited = true;
  it->second->status = code;
  check(pid);
  return true;
}

void Jobs::check(pid_t pid) {
  auto it = jobs_.find(pid);
  if (it == jobs_.end() || !it->second->eof || !it->second->exited) return;
  std::shared_ptr<Job> job(std::move(it->second));
  jobs_.erase(it);
  if (job->done) server_.defer([job] { job->done(job->status, std::move(job->output)); });
}

bool job_for_target(CmdContext& ctx, const std::string& command, ClientInfo* client,
                    std::string* expanded) {
  Server& server = *ctx.server();
  *client = ctx.client();
  FormatContext fc;
  server.server_formats(fc);
  if (ctx.args().has('t') || !server.sessions().empty()) {
    Target t;
    if (!ctx.target(TargetKind::kPane, &t)) return false;
    server.pane_formats(fc, *t.pane);
    client->cwd = fc.find("pane_current_path").value_or(client->cwd);
    client->env.push_back("AMUX=" + server.amux_value(t.session->id));
  }
  server.mouse_formats(fc, ctx.client());
  *expanded = format_expand(command, fc);
  return true;
}

}  // namespace amux
