// Splitting a byte stream into lines with a bound on each: every reader of lines from a
// peer (control clients, amux mcp's stdin) uses it, so that a line past the bound is
// discarded whole, up to its newline, and reported once, never cut into a second line.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace amux {

class LineReader {
 public:
  explicit LineReader(size_t max_line) : max_line_(max_line) {}
  // Takes bytes and calls on_line(line, false) for each complete line (without its '\n'
  // or a '\r' before it), on_line("", true) once for each line longer than max_line.
  // The callback may not feed this reader again.
  void feed(std::string_view bytes, const std::function<void(std::string&&, bool)>& on_line);
  // Bytes of a line not yet ended (0 while one too long is being discarded).
  size_t pending() const { return partial_.size(); }

 private:
  size_t max_line_;
  std::string partial_;
  bool discarding_ = false;
};

}  // namespace amux
