// Paste buffers: named blobs of text kept by the server, newest last, at most
// buffer-limit of them (paste-buffers.cc).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace amux {

class CmdContext;
class Options;

struct PasteBuffer {
  std::string name;
  std::string data;
  uint64_t order = 0;
};

class PasteBuffers {
 public:
  explicit PasteBuffers(const Options& server_options) : options_(server_options) {}
  const std::vector<PasteBuffer>& list() const { return buffers_; }
  // The buffer of that name; the newest for "". nullptr: none.
  PasteBuffer* find(const std::string& name);
  // Sets a named buffer (it becomes the newest) or adds bufferN; past buffer-limit the
  // oldest go.
  void add(std::string data, const std::string& name = "");
  void remove(const std::string& name);

 private:
  const Options& options_;
  std::vector<PasteBuffer> buffers_;
  uint64_t order_ = 0;
};

// The buffer -b names (or the newest); records "no buffers" / "no buffer x".
PasteBuffer* require_buffer(CmdContext& ctx);

}  // namespace amux
