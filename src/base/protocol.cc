// Encoding and checking of protocol frames. Payload strings are length-prefixed, so any
// byte (but the frame's own bound) round-trips; a malformed payload decodes to nothing.
#include "amux/base/protocol.h"

#include <cstring>

namespace amux {

static void put_u32(std::string& out, uint32_t v) {
  out.append(reinterpret_cast<const char*>(&v), 4);
}

std::string encode_header(MsgType type, uint32_t length) {
  FrameHeader h;
  h.type = static_cast<uint16_t>(type);
  h.length = length;
  std::string out;
  put_u32(out, h.magic);
  out.append(reinterpret_cast<const char*>(&h.version), 2);
  out.append(reinterpret_cast<const char*>(&h.type), 2);
  put_u32(out, h.length);
  return out;
}

FrameHeader decode_header(const unsigned char* bytes) {
  FrameHeader h;
  memcpy(&h.magic, bytes, 4);
  memcpy(&h.version, bytes + 4, 2);
  memcpy(&h.type, bytes + 6, 2);
  memcpy(&h.length, bytes + 8, 4);
  return h;
}

FrameTake take_frame(std::string* buf, Frame* out, std::string* error) {
  if (buf->size() < kFrameHeaderSize) return FrameTake::kPartial;
  FrameHeader h = decode_header(reinterpret_cast<const unsigned char*>(buf->data()));
  if (HeaderCheck c = check_header(h); c != HeaderCheck::kOk) {
    *error = header_error(h, c);
    return FrameTake::kBad;
  }
  if (buf->size() < kFrameHeaderSize + h.length) return FrameTake::kPartial;
  out->type = h.type;
  out->payload.assign(*buf, kFrameHeaderSize, h.length);
  buf->erase(0, kFrameHeaderSize + h.length);
  return FrameTake::kFrame;
}

int exit_status(std::string_view payload) {
  uint32_t status = 1;
  if (payload.size() == 4) memcpy(&status, payload.data(), 4);
  return static_cast<int>(status);
}

HeaderCheck check_header(const FrameHeader& h) {
  if (h.magic != kProtocolMagic) return HeaderCheck::kBadMagic;
  if (h.version != kProtocolVersion) return HeaderCheck::kBadVersion;
  if (h.length > kMaxFramePayload) return HeaderCheck::kTooLarge;
  if (h.type < 1 || h.type > 9) return HeaderCheck::kBadType;
  return HeaderCheck::kOk;
}

std::string header_error(const FrameHeader& h, HeaderCheck c) {
  switch (c) {
    case HeaderCheck::kBadMagic: return "protocol error: not an amux message";
    case HeaderCheck::kBadVersion:
      return "protocol version mismatch (peer " + std::to_string(h.version) + ", this " +
             std::to_string(kProtocolVersion) + ")";
    case HeaderCheck::kTooLarge:
      return "protocol error: message too large (" + std::to_string(h.length) + " bytes)";
    case HeaderCheck::kBadType:
      return "protocol error: unknown message type " + std::to_string(h.type);
    case HeaderCheck::kOk: break;
  }
  return "";
}

std::string encode_frame(MsgType type, std::string_view payload) {
  std::string out = encode_header(type, static_cast<uint32_t>(payload.size()));
  out.append(payload);
  return out;
}

static void put_string(std::string& out, std::string_view s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

static void put_list(std::string& out, const std::vector<std::string>& list) {
  put_u32(out, static_cast<uint32_t>(list.size()));
  for (const auto& s : list) put_string(out, s);
}

std::string encode_command(const CommandMessage& m) {
  std::string out;
  put_string(out, m.cwd);
  put_list(out, m.env);
  put_list(out, m.argv);
  put_u32(out, m.terminal.tty ? 1 : 0);
  put_u32(out, static_cast<uint32_t>(m.terminal.cols));
  put_u32(out, static_cast<uint32_t>(m.terminal.rows));
  put_string(out, m.terminal.term);
  put_string(out, m.terminal.name);
  put_u32(out, static_cast<uint32_t>(m.terminal.pid));
  return out;
}

std::string encode_size(int cols, int rows) {
  std::string out;
  put_u32(out, static_cast<uint32_t>(cols));
  put_u32(out, static_cast<uint32_t>(rows));
  return out;
}

namespace {
struct Reader {
  std::string_view data;
  bool u32(uint32_t* v) {
    if (data.size() < 4) return false;
    memcpy(v, data.data(), 4);
    data.remove_prefix(4);
    return true;
  }
  bool str(std::string* s) {
    uint32_t n;
    if (!u32(&n) || data.size() < n) return false;
    s->assign(data.substr(0, n));
    data.remove_prefix(n);
    return true;
  }
  bool list(std::vector<std::string>* v) {
    uint32_t n;
    if (!u32(&n) || n > data.size() / 4) return false;
    v->resize(n);
    for (auto& s : *v)
      if (!str(&s)) return false;
    return true;
  }
};
}  // namespace

std::optional<CommandMessage> decode_command(std::string_view payload) {
  Reader r{payload};
  CommandMessage m;
  uint32_t tty, cols, rows, pid;
  if (!r.str(&m.cwd) || !r.list(&m.env) || !r.list(&m.argv) || !r.u32(&tty) || !r.u32(&cols) ||
      !r.u32(&rows) || !r.str(&m.terminal.term) || !r.str(&m.terminal.name) || !r.u32(&pid) ||
      !r.data.empty())
    return std::nullopt;
  if (tty > 1 || cols > kMaxTerminalSize || rows > kMaxTerminalSize) return std::nullopt;
  m.terminal.tty = tty == 1;
  m.terminal.cols = static_cast<int>(cols);
  m.terminal.rows = static_cast<int>(rows);
  m.terminal.pid = static_cast<int>(pid);
  return m;
}

bool decode_size(std::string_view payload, int* cols, int* rows) {
  Reader r{payload};
  uint32_t c, l;
  if (!r.u32(&c) || !r.u32(&l) || !r.data.empty()) return false;
  if (c < 1 || l < 1 || c > kMaxTerminalSize || l > kMaxTerminalSize) return false;
  *cols = static_cast<int>(c);
  *rows = static_cast<int>(l);
  return true;
}

}  // namespace amux
