// Worktrees (see worktrees.h): git run as the user runs it. A merge is decided by `git
// merge-tree --write-tree` before anything moves, so a conflict changes nothing; the base
// branch moves by `git merge` in the checkout that has it, or by update-ref (and
// commit-tree for a merge commit) when none has.
#include "amux/server/worktrees.h"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "amux/base/format.h"
#include "amux/base/util.h"
#include "amux/coord/coordinator.h"
#include "amux/server/cmd.h"
#include "amux/server/jobs.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxIncludedFiles = 10000;

// The first line of git's complaint, without "fatal: " / "error: ".
std::string complaint(const RunResult& r) {
  std::string text = r.err.empty() ? r.out : r.err;
  std::string line = text.substr(0, text.find('\n'));
  for (const char* prefix : {"fatal: ", "error: "})
    if (line.rfind(prefix, 0) == 0) line.erase(0, strlen(prefix));
  return line.empty() ? "exit status " + std::to_string(r.status) : line;
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  size_t b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& l : split(text, '\n'))
    if (!l.empty()) out.push_back(l);
  return out;
}

// Whether path is root or inside it: the rest after root ("" for root itself).
bool inside(const std::string& path, const std::string& root, std::string* rest) {
  if (path == root) return *rest = "", true;
  if (path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
      path[root.size()] == '/')
    return *rest = path.substr(root.size() + 1), true;
  return false;
}

}  // namespace

// git in dir; a git that cannot be run says so in the same words everywhere.
static bool git(const std::vector<std::string>& env, const std::string& dir,
                std::vector<std::string> args, RunResult* r, std::string* error) {
  // --no-optional-locks: amux reading a checkout never holds its index lock, so the
  // agent's own git add/commit there never fails for it.
  args.insert(args.begin(), {"git", "--no-optional-locks", "-C", dir});
  *r = run_now(args, dir, env);
  if (r->status == 127 && r->out.empty() && r->err.find("git") != std::string::npos &&
      r->err.find("not found") != std::string::npos) {
    if (error != nullptr) *error = "git not found: install git, or put it in PATH";
    return false;
  }
  if (r->status < 0) {
    if (error != nullptr) *error = "can't run git: " + r->err;
    return false;
  }
  return true;
}

Worktree* Worktrees::make(const Request& req, std::string* error) {
  RunResult r;
  if (!git(req.env, req.start_dir, {"rev-parse", "--path-format=absolute", "--show-toplevel",
                                    "--git-common-dir"},
           &r, error))
    return nullptr;
  std::vector<std::string> got = lines_of(r.out);
  if (r.status != 0 || got.size() != 2)
    return *error = "not in a git repository: " + req.start_dir, nullptr;
  std::string top = got[0];
  fs::path common(got[1]);
  if (common.filename() != ".git")
    return *error = "not in a git repository with a checkout: " + req.start_dir, nullptr;
  std::string repo = common.parent_path().string();
  // The base: the given one, else the start checkout's branch (a detached HEAD: its commit).
  std::string base = req.base;
  if (base.empty()) {
    git(req.env, top, {"symbolic-ref", "-q", "--short", "HEAD"}, &r, nullptr);
    base = trim(r.out);
    if (r.status != 0 || base.empty()) {
      git(req.env, top, {"rev-parse", "--verify", "-q", "HEAD"}, &r, nullptr);
      base = trim(r.out);
      if (r.status != 0 || base.empty()) return *error = "no commit to start from in " + top, nullptr;
    }
  } else if (base[0] == '-' || (git(req.env, top, {"rev-parse", "--verify", "-q", base + "^{commit}"}, &r, nullptr),
                                r.status != 0)) {
    return *error = "invalid base: " + base, nullptr;
  }
  std::string branch = req.branch.empty() ? "amux/" + req.name : req.branch;
  if (branch[0] == '-' || (git(req.env, top, {"check-ref-format", "--branch", branch}, &r, nullptr),
                           r.status != 0))
    return *error = "invalid branch name: " + branch, nullptr;
  git(req.env, top, {"rev-parse", "--verify", "-q", "refs/heads/" + branch}, &r, nullptr);
  if (r.status == 0) return *error = "branch exists: " + branch, nullptr;
  // Its directory: worktree-dir with the repository's and the branch's names in it.
  std::string leaf = branch.rfind("amux/", 0) == 0 ? branch.substr(5) : branch;
  std::replace(leaf.begin(), leaf.end(), '/', '-');
  FormatContext fc;
  fc.set("worktree_repo", repo);
  fc.set("worktree_repo_name", fs::path(repo).filename().string());
  fc.set("worktree_name", leaf);
  fc.set("worktree_branch", branch);
  fs::path dir(format_expand(server_.global_options.get("worktree-dir"), fc));
  if (dir.empty()) return *error = "invalid worktree-dir: it names no directory", nullptr;
  if (dir.is_relative()) dir = fs::path(repo) / dir;
  dir = dir.lexically_normal();
  std::string path = dir.string();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) return *error = "worktree directory exists: " + path, nullptr;
  std::error_code ec;
  fs::create_directories(dir.parent_path(), ec);
  if (!git(req.env, top, {"worktree", "add", "-q", "-b", branch, path, base}, &r, error))
    return nullptr;
  if (r.status != 0) return *error = "git worktree add: " + complaint(r), nullptr;
  auto w = std::make_unique<Worktree>();
  w->path = fs::canonical(dir, ec).string();
  if (ec) w->path = path;
  w->repo = repo;
  w->branch = branch;
  w->base = base;
  w->env = req.env;
  w->born = w->read_kept = reads_;
  trees_.push_back(std::move(w));
  Worktree* made = trees_.back().get();
  // The files the checkout has and git does not (.env...): those .worktreeinclude names.
  std::ifstream include(top + "/.worktreeinclude");
  std::string line;
  size_t copied = 0;
  while (include && std::getline(include, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    fs::path pattern(line);
    bool escapes = pattern.is_absolute();
    for (const auto& part : pattern)
      if (part == "..") escapes = true;
    if (escapes) {
      unmake(made);
      return *error = ".worktreeinclude: a path outside the checkout: " + line, nullptr;
    }
    glob_t g{};
    if (glob((top + "/" + line).c_str(), GLOB_NOSORT, nullptr, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc && copied < kMaxIncludedFiles; i++, copied++) {
        std::string rest;
        if (!inside(fs::path(g.gl_pathv[i]).lexically_normal().string(), top, &rest)) continue;
        fs::path to = fs::path(made->path) / rest;
        fs::create_directories(to.parent_path(), ec);
        fs::copy(g.gl_pathv[i], to,
                 fs::copy_options::recursive | fs::copy_options::skip_existing |
                     fs::copy_options::copy_symlinks,
                 ec);
        if (ec) {
          globfree(&g);
          std::string why = ec.message();
          unmake(made);
          return *error = ".worktreeinclude: can't copy " + rest + ": " + why, nullptr;
        }
      }
    }
    globfree(&g);
  }
  read_later(*made);
  return made;
}

Worktree* Worktrees::adopt(Worktree w) {
  struct stat st;
  if (w.path.empty() || w.branch.empty() || stat(w.path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return nullptr;
  for (auto& t : trees_)
    if (t->path == w.path) return nullptr;
  w.born = w.read_kept = reads_;
  trees_.push_back(std::make_unique<Worktree>(std::move(w)));
  read_later(*trees_.back());
  return trees_.back().get();
}

void Worktrees::unmake(Worktree* w) {
  RunResult r;
  git(w->env, w->repo, {"worktree", "remove", "--force", w->path}, &r, nullptr);
  git(w->env, w->repo, {"branch", "-D", w->branch}, &r, nullptr);
  std::erase_if(trees_, [w](const std::unique_ptr<Worktree>& t) { return t.get() == w; });
}

std::vector<std::string> Worktrees::with_setup(const std::string& setup,
                                               std::vector<std::string> command,
                                               const std::string& shell) const {
  if (setup.empty()) return command;
  if (command.empty())
    command = {shell, "-l"};
  else if (command.size() == 1)
    command = {shell, "-c", command[0]};
  // The setup is a word of its own, run by eval: whatever it holds (a syntax error too),
  // the pane's program starts after it.
  std::vector<std::string> out = {
      "/bin/sh", "-c",
      "(eval \"$1\") || echo \"amux: worktree-setup failed (exit $?)\"; shift; exec \"$@\"",
      "sh", setup};
  out.insert(out.end(), command.begin(), command.end());
  return out;
}

Worktree* Worktrees::of_session(int session_id) {
  for (auto& w : trees_)
    if (w->session_id == session_id && w->pane_id < 0) return w.get();
  return nullptr;
}

Worktree* Worktrees::of_pane(int pane_id) {
  for (auto& w : trees_)
    if (w->pane_id == pane_id && pane_id >= 0) return w.get();
  return nullptr;
}

Worktree* Worktrees::of_member(int session_id, int pane_id) {
  Worktree* w = pane_id >= 0 ? of_pane(pane_id) : nullptr;
  return w != nullptr ? w : of_session(session_id);
}

Worktree* Worktrees::of_member_id(int member) {
  if (trees_.empty()) return nullptr;
  Session* s = server_.member_session(member);
  Pane* p = server_.member_pane(member);
  return s != nullptr ? of_member(s->id, p != nullptr ? p->id : -1) : nullptr;
}

Worktree* Worktrees::find(const std::string& what) {
  for (Worktree* w : list())
    if (w->branch == what || w->path == what) return w;
  for (Worktree* w : list())
    if (w->session_name == what && w->pane_id < 0) return w;
  return nullptr;
}

std::vector<Worktree*> Worktrees::list() {
  std::vector<Worktree*> out;
  for (auto& w : trees_) {
    if (const Session* s = server_.sessions().find_id(w->session_id)) w->session_name = s->name;
    out.push_back(w.get());
  }
  return out;
}

bool Worktrees::read_now(Worktree& w, std::string* error) {
  unsigned long ticket = ++reads_;
  RunResult r;
  if (!git(w.env, w.path, {"status", "--porcelain", "--untracked-files=normal"}, &r, error))
    return false;
  if (r.status != 0) return *error = "git status in " + w.path + ": " + complaint(r), false;
  int changes = static_cast<int>(lines_of(r.out).size());
  if (!git(w.env, w.path, {"rev-list", "--left-right", "--count", w.base + "...HEAD"}, &r, error))
    return false;
  int behind = 0, ahead = 0;
  if (r.status != 0 || sscanf(r.out.c_str(), "%d %d", &behind, &ahead) != 2)
    return *error = "git rev-list in " + w.path + ": " + complaint(r), false;
  w.read_kept = ticket;
  w.known = true;
  w.changes = changes;
  w.ahead = ahead;
  w.behind = behind;
  return true;
}

void Worktrees::read_later(Worktree& w) {
  if (w.reading) {
    w.read_again = true;
    return;
  }
  ClientInfo client;
  client.cwd = w.path;
  client.env = w.env;
  std::string p = shell_quote(w.path);
  std::string command = "git --no-optional-locks -C " + p +
                        " status --porcelain --untracked-files=normal | wc -l; git -C " +
                        p + " rev-list --left-right --count " + shell_quote(w.base + "...HEAD");
  std::string path = w.path, error;
  w.reading = true;
  unsigned long ticket = ++reads_;
  auto done = [this, path, ticket](int status, std::string out) {
    Worktree* t = find(path);
    if (t == nullptr || ticket <= t->born) return;
    t->reading = false;
    int changes = 0, behind = 0, ahead = 0;
    if (ticket > t->read_kept && status == 0 &&
        sscanf(out.c_str(), "%d %d %d", &changes, &behind, &ahead) == 3) {
      t->read_kept = ticket;
      bool news = !t->known || t->changes != changes || t->ahead != ahead || t->behind != behind;
      t->known = true;
      t->changes = changes;
      t->ahead = ahead;
      t->behind = behind;
      if (news) server_.renderer().redraw();
    }
    if (t->read_again) {
      t->read_again = false;
      read_later(*t);
    }
  };
  if (server_.jobs().start(command, client, done, &error) < 0) w.reading = false;
}

void Worktrees::pane_quiet(int session_id, int pane_id) {
  if (Worktree* w = of_member(session_id, pane_id)) read_later(*w);
}

bool Worktrees::dirty(Worktree& w, bool* is_dirty, std::string* error) {
  RunResult r;
  if (!git(w.env, w.path, {"status", "--porcelain", "--untracked-files=normal"}, &r, error))
    return false;
  if (r.status != 0) return *error = "git status in " + w.path + ": " + complaint(r), false;
  *is_dirty = !lines_of(r.out).empty();
  return true;
}

bool Worktrees::merge(Worktree& w, bool no_ff, bool force, MergeResult* m, std::string* error) {
  RunResult r;
  const std::vector<std::string>& env = w.env;
  if (!git(env, w.repo, {"rev-parse", "--verify", "-q", "refs/heads/" + w.base}, &r, error))
    return false;
  if (r.status != 0) return *error = "can't merge into " + w.base + ": not a branch", false;
  std::string base_commit = trim(r.out);
  bool is_dirty = false;
  if (!dirty(w, &is_dirty, error)) return false;
  if (is_dirty && !force)
    return *error = "worktree has uncommitted changes: " + w.path +
                    " (commit them, or -f merges what is committed)",
           false;
  git(env, w.repo, {"rev-parse", "--verify", "-q", "refs/heads/" + w.branch}, &r, nullptr);
  std::string branch_commit = trim(r.out);
  if (r.status != 0) return *error = "branch is gone: " + w.branch, false;
  // The checkout that has the base branch, if one has: it must have nothing uncommitted.
  git(env, w.repo, {"worktree", "list", "--porcelain"}, &r, nullptr);
  std::string checkout, current;
  for (const std::string& l : lines_of(r.out)) {
    if (l.rfind("worktree ", 0) == 0) current = l.substr(9);
    if (l == "branch refs/heads/" + w.base) checkout = current;
  }
  if (!checkout.empty()) {
    git(env, checkout, {"status", "--porcelain", "--untracked-files=no"}, &r, nullptr);
    if (r.status != 0 || !lines_of(r.out).empty())
      return *error = "base " + w.base + " has uncommitted changes in " + checkout, false;
  }
  git(env, w.repo, {"merge-base", "--is-ancestor", branch_commit, base_commit}, &r, nullptr);
  if (r.status == 0) {
    m->line = "Nothing to merge: " + w.branch + " is in " + w.base;
    return true;
  }
  git(env, w.repo, {"merge-tree", "--write-tree", "--name-only", "--no-messages", base_commit,
                    branch_commit},
      &r, nullptr);
  std::vector<std::string> out = lines_of(r.out);
  if (r.status == 1) {
    m->conflicts.assign(out.begin() + (out.empty() ? 0 : 1), out.end());
    std::string files;
    for (const std::string& f : m->conflicts) files += (files.empty() ? "" : ", ") + f;
    return *error = "merge of " + w.branch + " into " + w.base + " conflicts in: " + files, false;
  }
  if (r.status != 0 || out.empty()) return *error = "git merge-tree: " + complaint(r), false;
  std::string tree = out[0];
  git(env, w.repo, {"merge-base", "--is-ancestor", base_commit, branch_commit}, &r, nullptr);
  bool ff = r.status == 0 && !no_ff;
  std::string message = "Merge branch '" + w.branch + "' into " + w.base;
  std::string result;
  if (!checkout.empty()) {
    std::vector<std::string> args = {"merge", "-q", "--no-edit", ff ? "--ff-only" : "--no-ff", "-m",
                                     message, w.branch};
    if (ff) args.erase(args.begin() + 4, args.begin() + 6);
    git(env, checkout, args, &r, nullptr);
    if (r.status != 0) {
      *error = "git merge: " + complaint(r);
      git(env, checkout, {"merge", "--abort"}, &r, nullptr);
      return false;
    }
  } else {
    std::string to = branch_commit;
    if (!ff) {
      git(env, w.repo, {"commit-tree", tree, "-p", base_commit, "-p", branch_commit, "-m", message},
          &r, nullptr);
      if (r.status != 0) return *error = "git commit-tree: " + complaint(r), false;
      to = trim(r.out);
    }
    git(env, w.repo, {"update-ref", "-m", message, "refs/heads/" + w.base, to, base_commit}, &r,
        nullptr);
    if (r.status != 0) return *error = "git update-ref: " + complaint(r), false;
  }
  git(env, w.repo, {"rev-parse", "--short", "refs/heads/" + w.base}, &r, nullptr);
  m->line = "Merged " + w.branch + " into " + w.base + " (" +
            (ff ? "fast-forward to " : "merge commit ") + trim(r.out) + ")";
  read_later(w);
  return true;
}

bool Worktrees::remove(Worktree& w, bool force, std::string* error) {
  bool is_dirty = false;
  struct stat st;
  if (stat(w.path.c_str(), &st) == 0) {
    if (!dirty(w, &is_dirty, error)) return false;
    if (is_dirty && !force)
      return *error = "worktree has uncommitted changes: " + w.path + " (-f removes them)", false;
  }
  RunResult r;
  std::vector<std::string> args = {"worktree", "remove", w.path};
  if (force) args.insert(args.begin() + 2, "--force");
  if (!git(w.env, w.repo, args, &r, error)) return false;
  if (r.status != 0 && stat(w.path.c_str(), &st) == 0)
    return *error = "git worktree remove: " + complaint(r), false;
  git(w.env, w.repo, {"worktree", "prune"}, &r, nullptr);
  Worktree* gone = &w;
  std::erase_if(trees_, [gone](const std::unique_ptr<Worktree>& t) { return t.get() == gone; });
  return true;
}

std::string Worktrees::lease_path(const std::string& cwd, const std::string& path) const {
  if (trees_.empty() || path.empty()) return path;
  std::vector<std::string> roots;
  for (const auto& w : trees_) {
    roots.push_back(w->path);
    roots.push_back(w->repo);
  }
  // The deepest checkout first: a worktree may lie inside its repository.
  std::sort(roots.begin(), roots.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string rest;
  bool from_inside = false;
  for (const std::string& root : roots) from_inside = from_inside || inside(cwd, root, &rest);
  if (path[0] != '/' && !from_inside) return path;
  std::string full = (path[0] == '/' ? fs::path(path) : fs::path(cwd) / path).lexically_normal().string();
  for (const std::string& root : roots)
    if (inside(full, root, &rest) && !rest.empty()) return rest;
  return path;
}

int Worktrees::member_of(const Worktree& w) {
  if (w.pane_id >= 0 && server_.pane_agents.count(w.pane_id) != 0 &&
      server_.coord().group_of(pane_member_id(w.pane_id)) != nullptr)
    return pane_member_id(w.pane_id);
  if (w.pane_id < 0 && server_.sessions().find_id(w.session_id) != nullptr &&
      server_.coord().group_of(w.session_id) != nullptr)
    return w.session_id;
  return -1;
}

Worktree* target_worktree(CmdContext& ctx) {
  Worktrees& trees = ctx.server()->worktrees();
  if (ctx.args().count() > 0) {
    Worktree* w = trees.find(ctx.args().at(0));
    if (w == nullptr) ctx.error("no worktree: " + ctx.args().at(0));
    return w;
  }
  const Target& t = ctx.target();
  Worktree* w = t.pane != nullptr ? trees.of_member(t.session->id, t.pane->id) : nullptr;
  if (w == nullptr)
    ctx.error("no worktree for pane %" + std::to_string(t.pane != nullptr ? t.pane->id : -1) +
              " or session " + t.session->name);
  return w;
}

void worktree_formats(FormatContext& fc, const char* prefix, const Worktree* w) {
  std::string p = prefix;
  fc.set(p + "_worktree", w != nullptr ? w->path : "");
  fc.set(p + "_branch", w != nullptr ? w->branch : "");
  if (p != "peer") return;
  bool known = w != nullptr && w->known;
  fc.set("peer_ahead", known ? std::to_string(w->ahead) : "");
  fc.set("peer_behind", known ? std::to_string(w->behind) : "");
  fc.set("peer_changes", known ? std::to_string(w->changes) : "");
}

std::string worktree_summary(const Worktree& w) {
  if (!w.known) return w.branch;
  return w.branch + " +" + std::to_string(w.ahead) + " -" + std::to_string(w.behind) +
         (w.changes > 0 ? " ~" + std::to_string(w.changes) : "");
}

}  // namespace amux
