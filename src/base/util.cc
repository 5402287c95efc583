// String, time and I/O helpers used across the client and the server.
#include "amux/base/util.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace amux {

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

bool read_regular_file(const std::string& path, size_t max, std::string* data, std::string* error) {
  Fd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  struct stat st;
  if (!fd || fstat(fd.get(), &st) != 0) return *error = path + ": " + strerror(errno), false;
  if (!S_ISREG(st.st_mode)) return *error = "not a regular file: " + path, false;
  if (static_cast<uint64_t>(st.st_size) > max) return *error = "file too large: " + path, false;
  data->resize(static_cast<size_t>(st.st_size));
  ssize_t n = read(fd.get(), data->data(), data->size());
  if (n < 0) return *error = path + ": " + strerror(errno), false;
  data->resize(static_cast<size_t>(n));
  return true;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); i++)
    if (i == s.size() || s[i] == sep) {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    out.emplace_back(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

static size_t utf8_sequence_length(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return 2;
  if (c >= 0xe0 && c <= 0xef) return 3;
  if (c >= 0xf0 && c <= 0xf4) return 4;
  return 0;
}

// The length of the valid UTF-8 sequence at s[i], or 0.
static size_t utf8_valid_at(std::string_view s, size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t n = utf8_sequence_length(c);
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t cp = n == 1 ? c : c & (0x7f >> n);
  for (size_t k = 1; k < n; k++) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0, n; i < s.size(); i += n)
    if ((n = utf8_valid_at(s, i)) == 0) return false;
  return true;
}

std::string utf8_repaired(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0, n; i < s.size(); i += n) {
    n = utf8_valid_at(s, i);
    if (n == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD for each byte that begins no valid sequence
      n = 1;
    } else {
      out.append(s.substr(i, n));
    }
  }
  return out;
}

std::string one_line(std::string_view s, size_t max) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) continue;
    if (out.size() >= max && (c & 0xc0) != 0x80) break;  // at a character's start
    out += static_cast<char>(c);
  }
  return valid_utf8(out) ? out : "";
}

std::string escape_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

static std::string format_local_time(time_t t, const char* format) {
  struct tm tm;
  localtime_r(&t, &tm);
  char buf[64];
  strftime(buf, sizeof buf, format, &tm);
  return buf;
}

std::string format_ctime(time_t t) {
  return format_local_time(t, "%a %b %e %H:%M:%S %Y");
}

std::string format_iso_time(time_t t) {
  return format_local_time(t, "%Y-%m-%d %H:%M:%S");
}

std::string plural(size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string shell_quote(const std::string& w) {
  if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789@%+=:,./_-") == std::string::npos)
    return w;
  std::string out = "'";
  for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool parse_int(std::string_view s, long long min, long long max, long long* out) {
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return false;
  if (v < min || v > max) return false;
  *out = v;
  return true;
}

bool write_all(int fd, const void* buf, size_t len) {
  auto p = static_cast<const char*>(buf);
  while (len > 0) {
    ssize_t n = ::write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

bool send_all(int fd, const void* buf, size_t len) {
  auto p = static_cast<const char*>(buf);
  while (len > 0) {
    ssize_t n = ::send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

bool base64_decode(std::string_view in, std::string* out) {
  out->clear();
  uint32_t bits = 0;
  int nbits = 0;
  size_t i = 0;
  for (; i < in.size() && in[i] != '='; i++) {
    char c = in[i];
    int v = c >= 'A' && c <= 'Z'   ? c - 'A'
            : c >= 'a' && c <= 'z' ? c - 'a' + 26
            : c >= '0' && c <= '9' ? c - '0' + 52
            : c == '+'             ? 62
            : c == '/'             ? 63
                                   : -1;
    if (v < 0) return false;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      out->push_back(static_cast<char>((bits >> nbits) & 0xff));
    }
  }
  for (; i < in.size(); i++)
    if (in[i] != '=') return false;
  return nbits < 6;  // a lone trailing character carries no whole byte
}

int64_t monotonic_ms() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

struct timeval ms_timeval(long long ms) {
  return {static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
}

std::string format_amux_env(const AmuxEnv& e) {
  return e.socket + "," + std::to_string(e.pid) + "," + std::to_string(e.session);
}

bool parse_amux_env(std::string_view value, AmuxEnv* out) {
  size_t last = value.rfind(',');
  if (last == std::string_view::npos || last == 0) return false;
  size_t mid = value.rfind(',', last - 1);
  if (mid == std::string_view::npos || mid == 0) return false;
  long long pid, session;
  if (!parse_int(value.substr(mid + 1, last - mid - 1), 1, INT32_MAX, &pid) ||
      !parse_int(value.substr(last + 1), 0, INT32_MAX, &session))
    return false;
  out->socket = std::string(value.substr(0, mid));
  out->pid = pid;
  out->session = static_cast<int>(session);
  return true;
}

std::string fill_percent(const std::string& tmpl, const std::string& value) {
  std::string out;
  for (size_t i = 0; i < tmpl.size(); i++) {
    if (tmpl.compare(i, 2, "%%") == 0) {
      out += value;
      i++;
    } else {
      out += tmpl[i];
    }
  }
  return out;
}

}  // namespace amux
