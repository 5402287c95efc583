// libFuzzer target: what crosses the socket and the terminal — frame headers, command
// messages (cwd, environment, argv, terminal info), resize payloads, screen updates (the
// canvas codec, drawn through the terminfo writer), and a terminal's input (keys, pastes,
// mouse) fed in pieces and flushed as the escape timer does.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "amux/base/protocol.h"
#include "amux/term/canvas.h"
#include "amux/term/input.h"
#include "amux/term/tty-writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (size >= amux::kFrameHeaderSize) {
    amux::FrameHeader h = amux::decode_header(data);
    amux::HeaderCheck c = amux::check_header(h);
    if (c != amux::HeaderCheck::kOk) amux::header_error(h, c);
  }
  if (auto m = amux::decode_command(in)) amux::encode_command(*m);
  int cols, rows;
  amux::decode_size(in, &cols, &rows);
  static amux::TtyWriter writer = [] {
    amux::TtyWriter w;
    std::string error;
    w.open("xterm-256color", "", &error);
    return w;
  }();
  amux::UpdateHeader uh;
  if (amux::decode_update(in, &uh, [](const amux::UpdateRun&) {})) writer.draw(in);
  amux::InputParser parser;
  std::vector<amux::InputEvent> events;
  size_t cut = size > 0 ? data[0] % (size + 1) : 0;
  parser.feed(in.substr(0, cut), &events);
  parser.feed(in.substr(cut), &events);
  parser.flush(&events);
  for (const auto& e : events)
    if (e.kind == amux::InputEvent::Kind::kKey) amux::key_encode(e.key, (size & 1) != 0);
  amux::key_from_name(in);
  return 0;
}
