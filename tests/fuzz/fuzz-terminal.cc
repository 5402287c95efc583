// libFuzzer target: arbitrary bytes into a pane's emulator and grid, with resizes (to
// exercise reflow) and captures (to walk every cell) driven by the input itself.
#include <cstddef>
#include <cstdint>

#include "amux/term/capture.h"
#include "amux/term/terminal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  int cols = 1 + data[0] % 120;
  int rows = 1 + data[1] % 50;
  amux::Terminal term(cols, rows, 1 + data[2] % 64);
  data += 3;
  size -= 3;
  while (size > 0) {
    size_t chunk = 1 + data[0] % 64;
    if (chunk > size) chunk = size;
    // A chunk starting with 0xfe is a resize command rather than output.
    if (data[0] == 0xfe && chunk >= 3) {
      term.resize(1 + data[1] % 120, 1 + data[2] % 50);
    } else {
      term.write(reinterpret_cast<const char*>(data), chunk);
      term.take_replies();
    }
    data += chunk;
    size -= chunk;
  }
  amux::CaptureOptions opts;
  opts.range.from_history_start = true;
  opts.escapes = true;
  opts.join = (cols & 1) != 0;
  std::string text = amux::capture_grid(term.grid(), opts);
  return text.size() > (1u << 30) ? 1 : 0;
}
