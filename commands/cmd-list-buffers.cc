// list-buffers: the paste buffers, newest first, -F or -J.
#include "amux/server/listing.h"
#include "amux/server/paste-buffers.h"
#include "amux/server/server.h"

namespace amux {

static CmdStatus exec_list_buffers(CmdContext& ctx) {
  std::vector<FormatContext> items;
  const auto& buffers = ctx.server()->paste().list();
  for (auto it = buffers.rbegin(); it != buffers.rend(); ++it) {
    items.emplace_back();
    items.back().set("buffer_name", it->name);
    items.back().set("buffer_size", std::to_string(it->data.size()));
    items.back().set("buffer_sample", escape_newlines(it->data.substr(0, 50)));
  }
  print_listing(ctx, items, "#{buffer_name}: #{buffer_size} bytes: \"#{buffer_sample}\"",
                {"buffer_name", "buffer_size", "buffer_sample"});
  return CmdStatus::kOk;
}

extern const CommandEntry kCmdListBuffers("list-buffers", "lsb", {"F:J", 0, 0}, "[-J] [-F format]",
                                          kFlagReadOnly, exec_list_buffers);

}  // namespace amux
