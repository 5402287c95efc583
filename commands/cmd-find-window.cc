// find-window: the windows whose name (-N), active pane's title (-T) or visible text (-C)
// match, in a choose-tree of them (the default is -CNT); the match is an fnmatch(3)
// pattern made to match anywhere (*match*), or with -r a POSIX extended regular
// expression (one regcomp takes cheaply, as the formats' m/r); -i ignores case. -Z is
// accepted.
#include <fnmatch.h>
#include <regex.h>

#include "amux/server/client-hub.h"
#include "amux/server/cmd.h"
#include "amux/server/modes.h"
#include "amux/server/renderer.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace amux {

static CmdStatus exec_find_window(CmdContext& ctx) {
  Server& server = *ctx.server();
  const Args& args = ctx.args();
  ClientConn* c = command_client(ctx, 'c');
  if (c == nullptr) return CmdStatus::kError;
  bool any = !args.has('C') && !args.has('N') && !args.has('T');
  bool content = any || args.has('C'), name = any || args.has('N'), title = any || args.has('T');
  std::string match = args.at(0);
  bool icase = args.has('i');
  std::function<bool(const std::string&)> test;
  if (args.has('r')) {  // POSIX regcomp, checked first: any user's pattern
    auto* compiled = new regex_t;
    if (!regex_is_tame(match) ||
        regcomp(compiled, match.c_str(), REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0)) != 0) {
      delete compiled;
      return ctx.error("invalid regular expression: " + match);
    }
    std::shared_ptr<regex_t> re(compiled, [](regex_t* r) {
      regfree(r);
      delete r;
    });
    test = [re](const std::string& s) { return regexec(re.get(), s.c_str(), 0, nullptr, 0) == 0; };
  } else {
    std::string pattern = "*" + match + "*";
    test = [pattern, icase](const std::string& s) {
      return fnmatch(pattern.c_str(), s.c_str(), icase ? FNM_CASEFOLD : 0) == 0;
    };
  }
  TreeOptions o;
  o.filter = [content, name, title, test](Window& w) {
    if (name && test(w.name)) return true;
    Pane* p = w.active;
    if (p == nullptr || !p->term) return false;
    if (title && test(p->term->title())) return true;
    if (!content) return false;
    const Grid& g = p->term->grid();
    for (int r = 0; r < g.rows(); r++) {
      std::string line;
      const Line& l = g.line(r);
      for (int x = 0; x < l.used(); x++) line += l.text(x);
      if (test(line)) return true;
    }
    return false;
  };
  server.renderer().open_mode(*c, make_choose_tree(server, c->id, o));
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdFindWindow("find-window", "findw", {"CiNrt:TZ", 1, 1},
                                         "[-CiNrTZ] [-t target-pane] match-string", 0,
                                         exec_find_window);

}  // namespace amux
