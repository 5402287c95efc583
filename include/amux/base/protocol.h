// The client/server wire protocol: fixed 12-byte frame headers (magic, version, type,
// length) followed by a bounded payload. Both sides check magic, version and size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amux {

// The tmux version amux speaks: `tmux -V` under the name tmux, and #{version}.
constexpr const char* kTmuxVersion = "3.4";
constexpr uint32_t kProtocolMagic = 0x58554d41;  // "AMUX" little-endian
constexpr uint16_t kProtocolVersion = 2;
constexpr size_t kFrameHeaderSize = 12;
constexpr uint32_t kMaxFramePayload = 4u << 20;
constexpr uint32_t kMaxTerminalSize = 10000;  // columns or rows

enum class MsgType : uint16_t {
  kCommand = 1,  // client -> server: cwd, environment, argv
  kStdout = 2,   // server -> client: bytes for stdout
  kStderr = 3,   // server -> client: bytes for stderr
  kExit = 4,     // server -> client: 4-byte exit status, then close
  kAttach = 5,   // server -> client: attached; the server has its terminal from now on
  kResize = 6,   // client -> server: the terminal's new size (u32 cols, u32 rows)
  kDetach = 7,   // server -> client: why it is detached (the terminal is restored)
  kControl = 8,  // client -> server: as kCommand, then control mode (-C) on this connection
  kInput = 9,    // client -> server, control mode: bytes of command lines; empty: EOF
};

struct FrameHeader {
  uint32_t magic = kProtocolMagic;
  uint16_t version = kProtocolVersion;
  uint16_t type = 0;
  uint32_t length = 0;
};

enum class HeaderCheck { kOk, kBadMagic, kBadVersion, kTooLarge, kBadType };

std::string encode_header(MsgType type, uint32_t length);
FrameHeader decode_header(const unsigned char* bytes);
HeaderCheck check_header(const FrameHeader& h);
std::string header_error(const FrameHeader& h, HeaderCheck c);
std::string encode_frame(MsgType type, std::string_view payload);

// Frames read a chunk at a time (the clients that poll): the first whole frame at the
// front of buf is taken off it (kFrame); kPartial until more bytes come; kBad with *error
// when its header is not sound.
enum class FrameTake { kFrame, kPartial, kBad };
struct Frame {
  uint16_t type = 0;
  std::string payload;
};
FrameTake take_frame(std::string* buf, Frame* out, std::string* error);
// A kExit frame's status (1 when its payload is not the 4 bytes of one).
int exit_status(std::string_view payload);

// The client's terminal, for commands that attach (tty: stdin and stdout are terminals).
struct TerminalInfo {
  bool tty = false;
  int cols = 0, rows = 0;
  std::string term;  // TERM
  std::string name;  // the tty's path
  int pid = 0;       // the client process
};

// What a client asks the server to run.
struct CommandMessage {
  std::string cwd;
  std::vector<std::string> env;   // VAR=value
  std::vector<std::string> argv;  // command words, ";" separates commands
  TerminalInfo terminal;
};

// A kResize payload and its parse (sizes are bounded to 1..10000).
std::string encode_size(int cols, int rows);
bool decode_size(std::string_view payload, int* cols, int* rows);

std::string encode_command(const CommandMessage& m);
std::optional<CommandMessage> decode_command(std::string_view payload);

}  // namespace amux
