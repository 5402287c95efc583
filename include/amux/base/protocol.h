// The client/server wire protocol: fixed 12-byte frame headers (magic, version, type,
// length) followed by a bounded payload. Both sides check magic, version and size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amux {

constexpr uint32_t kProtocolMagic = 0x58554d41;  // "AMUX" little-endian
constexpr uint16_t kProtocolVersion = 1;
constexpr size_t kFrameHeaderSize = 12;
constexpr uint32_t kMaxFramePayload = 4u << 20;

enum class MsgType : uint16_t {
  kCommand = 1,  // client -> server: cwd, environment, argv
  kStdout = 2,   // server -> client: bytes for stdout
  kStderr = 3,   // server -> client: bytes for stderr
  kExit = 4,     // server -> client: 4-byte exit status, then close
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

// What a client asks the server to run.
struct CommandMessage {
  std::string cwd;
  std::vector<std::string> env;   // VAR=value
  std::vector<std::string> argv;  // command words, ";" separates commands
};

std::string encode_command(const CommandMessage& m);
std::optional<CommandMessage> decode_command(std::string_view payload);

}  // namespace amux
