// libFuzzer target: a command string as a configuration line or the prompt gives one —
// split into words (quotes, escapes, comments), parsed into a command list against the
// real command table (flags, values, argument counts), then each -t value resolved as a
// session, window and pane target against a server holding a few sessions and windows.
#include <cstddef>
#include <cstdint>
#include <string>

#include "amux/base/parse.h"
#include "amux/server/server.h"
#include "amux/server/session-tree.h"

namespace {

amux::Server& server() {
  static amux::Server* s = [] {
    auto* srv = new amux::Server("/nonexistent/fuzz", "");
    for (const char* name : {"main", "work", "mainly", "1"}) {
      amux::Session& sess = srv->sessions().add(name, 0);
      for (int i = 0; i < 3; i++) {
        auto w = std::make_unique<amux::Window>();
        w->id = srv->sessions().next_window_id();
        w->index = i;
        w->name = i == 0 ? "editor" : "win" + std::to_string(i);
        w->session = &sess;
        sess.windows[i] = std::move(w);
      }
      sess.current = sess.windows[0].get();
    }
    return srv;
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> words;
  std::vector<amux::ParsedCommand> list;
  std::string error;
  if (!amux::split_command_string(line, &words, &error)) return 0;
  amux::ClientInfo client;
  for (const auto& w : words)
    for (auto kind :
         {amux::TargetKind::kSession, amux::TargetKind::kWindow, amux::TargetKind::kPane}) {
      amux::Target t;
      amux::resolve_target(server(), client, w, kind, &t, &error);
    }
  amux::parse_command_list(words, &list, &error);
  return 0;
}
