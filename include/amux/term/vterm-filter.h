// The filter in front of libvterm 0.1.4's parser: it guards the parser's known bugs
// (unbounded CSI arguments, string sequences handed over past the input's end) by
// trimming CSI arguments and keeping every string sequence (OSC, DCS, SOS, PM, APC) out
// of libvterm, collecting OSCs itself. An escape cut off at a write's end is held back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace amux {

class VtermFilter {
 public:
  // Where the filtered bytes go (the parser) and the collected OSCs.
  class Sink {
   public:
    virtual void parse(const char* data, size_t len) = 0;
    virtual void osc(std::string_view text) = 0;

   protected:
    ~Sink() = default;
  };

  void write(const char* data, size_t len, Sink& sink);

 private:
  void process(const char* data, size_t len, Sink& sink);

  enum class State { kGround, kEscape, kCsi, kString, kStringEscape };
  State state_ = State::kGround;
  int separators_ = 0, digits_ = 0;
  std::string pending_;  // an escape cut off at the end of the last write
  std::string string_;   // the OSC/DCS/... being collected
  bool string_is_osc_ = false;
};

}  // namespace amux
