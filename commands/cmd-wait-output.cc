// wait-output: block until the target pane has a line (on its screen, or new output that
// scrolled into history since the wait began; soft-wrapped lines joined) matching the
// extended regular expression -r, which it prints; or until the pane is quiet for -q
// milliseconds; or, with neither, until it prints anything. Parked in the server and
// woken by the pane's output. -T gives up with exit status 2 (timed out); the pane
// exiting ends it with status 1.
#include <regex.h>

#include "amux/base/util.h"
#include "amux/server/output-waits.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_wait_output(CmdContext& ctx) {
  const Args& args = ctx.args();
  Server& server = *ctx.server();
  Pane& p = *ctx.target().pane;
  long long timeout = -1, quiet = -1;
  if (args.has('T') && !parse_int(args.get('T'), 0, 86400 * 365, &timeout))
    return ctx.error("invalid timeout: " + args.get('T'));
  if (args.has('q') && !parse_int(args.get('q'), 0, 86400000, &quiet))
    return ctx.error("invalid quiet time: " + args.get('q'));
  OutputWait w;
  w.pane = p.id;
  w.quiet_ms = quiet;
  if (args.has('r')) {
    auto compiled = std::make_unique<regex_t>();
    int rc = regcomp(compiled.get(), args.get('r').c_str(), REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {  // nothing to free: a failed regcomp keeps nothing
      char why[256];
      regerror(rc, compiled.get(), why, sizeof why);
      return ctx.error("invalid regex: " + std::string(why));
    }
    std::shared_ptr<regex_t> re(compiled.release(), [](regex_t* r) {
      regfree(r);
      delete r;
    });
    w.regex = re;
    if (auto line = server.output_waits().match_pane(p, *re, &w.seen_pushed)) {  // already there
      ctx.print(*line);
      return CmdStatus::kOk;
    }
  }
  if (p.dead) return ctx.error("pane %" + std::to_string(p.id) + " exited");
  if (ctx.client_id() == 0) return ctx.error("wait-output needs a client to wait");
  w.client = ctx.client_id();
  if (w.regex == nullptr) w.seen_pushed = p.term ? p.term->grid().history_pushed() : 0;
  if (!server.output_waits().add(std::move(w), timeout)) return ctx.error("client gone");
  return CmdStatus::kWait;
}

extern const CommandEntry kCmdWaitOutput("wait-output", "waito", {"q:r:t:T:", 0, 0},
                                         "[-q quiet-ms] [-r regex] [-t target-pane] [-T seconds]",
                                         kFlagReadOnly, exec_wait_output, TargetKind::kPane);

}  // namespace amux
