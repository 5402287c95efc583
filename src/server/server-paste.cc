// Paste buffers: named blobs of text kept by the server, newest last.
#include "amux/server/server.h"

#include "amux/server/cmd.h"

namespace amux {

PasteBuffer* Server::find_buffer(const std::string& name) {
  if (name.empty()) return buffers_.empty() ? nullptr : &buffers_.back();
  for (auto& b : buffers_)
    if (b.name == name) return &b;
  return nullptr;
}

void Server::add_buffer(std::string data, const std::string& name) {
  if (!name.empty())
    if (PasteBuffer* b = find_buffer(name)) {
      b->data = std::move(data);
      b->order = ++buffer_order_;
      PasteBuffer moved = std::move(*b);
      delete_buffer(name);
      buffers_.push_back(std::move(moved));
      return;
    }
  std::string chosen = name;
  for (uint64_t n = 0; chosen.empty(); n++)
    if (find_buffer("buffer" + std::to_string(n)) == nullptr) chosen = "buffer" + std::to_string(n);
  buffers_.push_back({chosen, std::move(data), ++buffer_order_});
  // Past buffer-limit, the oldest go first.
  size_t limit = static_cast<size_t>(server_options.number("buffer-limit"));
  while (buffers_.size() > limit) buffers_.erase(buffers_.begin());
}

void Server::delete_buffer(const std::string& name) {
  std::erase_if(buffers_, [&](const PasteBuffer& x) { return x.name == name; });
}

PasteBuffer* require_buffer(CmdContext& ctx) {
  const std::string& name = ctx.args().get('b');
  PasteBuffer* b = ctx.server()->find_buffer(name);
  if (b == nullptr) ctx.error(name.empty() ? "no buffers" : "no buffer " + name);
  return b;
}

}  // namespace amux
