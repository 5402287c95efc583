// Paste buffers: named blobs of text kept by the server, newest last.
#include "amux/server/paste-buffers.h"

#include "amux/server/cmd.h"
#include "amux/server/options.h"
#include "amux/server/server.h"

namespace amux {

PasteBuffer* PasteBuffers::find(const std::string& name) {
  if (name.empty()) return buffers_.empty() ? nullptr : &buffers_.back();
  for (auto& b : buffers_)
    if (b.name == name) return &b;
  return nullptr;
}

void PasteBuffers::add(std::string data, const std::string& name) {
  if (!name.empty())
    if (PasteBuffer* b = find(name)) {
      b->data = std::move(data);
      b->order = ++order_;
      PasteBuffer moved = std::move(*b);
      remove(name);
      buffers_.push_back(std::move(moved));
      return;
    }
  std::string chosen = name;
  for (uint64_t n = 0; chosen.empty(); n++)
    if (find("buffer" + std::to_string(n)) == nullptr) chosen = "buffer" + std::to_string(n);
  buffers_.push_back({chosen, std::move(data), ++order_});
  // Past buffer-limit, the oldest go first.
  size_t limit = static_cast<size_t>(options_.number("buffer-limit"));
  while (buffers_.size() > limit) buffers_.erase(buffers_.begin());
}

void PasteBuffers::remove(const std::string& name) {
  std::erase_if(buffers_, [&](const PasteBuffer& x) { return x.name == name; });
}

PasteBuffer* require_buffer(CmdContext& ctx) {
  const std::string& name = ctx.args().get('b');
  PasteBuffer* b = ctx.server()->paste().find(name);
  if (b == nullptr) ctx.error(name.empty() ? "no buffers" : "no buffer " + name);
  return b;
}

}  // namespace amux
