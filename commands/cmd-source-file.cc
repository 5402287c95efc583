// source-file: run the commands in files, a command list a line (# comments, a trailing
// backslash continues a line), as the configuration file runs. Paths are the client's
// (relative to its directory) and may be glob patterns; -q: a path that matches nothing
// is not an error.
#include <glob.h>
#include <unistd.h>

#include "amux/server/server.h"

namespace amux {

// The files a path names: itself, or what its pattern matches, sorted.
static std::vector<std::string> expand(const std::string& path) {
  glob_t g = {};
  std::vector<std::string> files;
  if (glob(path.c_str(), 0, nullptr, &g) == 0)
    for (size_t i = 0; i < g.gl_pathc; i++) files.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  if (files.empty() && path.find_first_of("*?[") == std::string::npos) files.push_back(path);
  return files;
}

static CmdStatus exec_source_file(CmdContext& ctx) {
  bool ok = true;
  for (std::string path : ctx.args().positional()) {
    if (path.empty()) return ctx.error("invalid path: ");
    if (path[0] != '/') path = ctx.client().cwd + "/" + path;
    std::vector<std::string> files = expand(path);
    if (files.empty() && !ctx.args().has('q')) {
      ok = false;
      ctx.error("no files match: " + path);
    }
    for (const auto& file : files) {
      if (ctx.args().has('q') && access(file.c_str(), F_OK) != 0) continue;
      ok = ctx.server()->source_file(file, ctx.client(), &ctx.out, &ctx.err) && ok;
    }
  }
  return ok ? CmdStatus::kOk : CmdStatus::kError;
}

extern const CommandEntry kCmdSourceFile("source-file", "source", {"q", 1, -1}, "[-q] path ...", 0,
                                         exec_source_file);

}  // namespace amux
