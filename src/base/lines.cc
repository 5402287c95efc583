// LineReader: lines with a bound on each, an over-long one discarded up to its newline.
#include "amux/base/lines.h"

namespace amux {

void LineReader::feed(std::string_view bytes,
                      const std::function<void(std::string&&, bool)>& on_line) {
  while (!bytes.empty()) {
    size_t nl = bytes.find('\n');
    std::string_view part = bytes.substr(0, nl);
    bytes.remove_prefix(nl == std::string_view::npos ? bytes.size() : nl + 1);
    if (!discarding_ && partial_.size() + part.size() > max_line_) {
      discarding_ = true;
      partial_.clear();
      partial_.shrink_to_fit();
    }
    if (!discarding_) partial_.append(part);
    if (nl == std::string_view::npos) return;
    if (discarding_) {
      discarding_ = false;
      on_line("", true);
      continue;
    }
    std::string line = std::move(partial_);
    partial_.clear();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    on_line(std::move(line), false);
  }
}

}  // namespace amux
