// Small helpers shared by the client and the server: an owning fd, string and time
// utilities. Kept free of libevent so the one-shot client stays lean.
#pragma once

#include <sys/time.h>
#include <unistd.h>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amux {

// Owns one file descriptor and closes it on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) reset(std::exchange(o.fd_, -1));
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Splits on '\n' (a trailing newline ends the last line, it does not start another).
std::vector<std::string> split_lines(std::string_view s);
// The whole of a regular file of at most max bytes (a FIFO, device or huge file would
// stall the server); false with *error ("No such file or directory: x", ...).
bool read_regular_file(const std::string& path, size_t max, std::string* data, std::string* error);
// "a,b,,c" -> {"a", "b", "", "c"}; "" -> {""}.
std::vector<std::string> split(std::string_view s, char sep);
bool starts_with(std::string_view s, std::string_view prefix);
bool valid_utf8(std::string_view s);
// tmpl with each %% replaced by value (a template of display-panes, choose-tree).
std::string fill_percent(const std::string& tmpl, const std::string& value);
// s with each byte that begins no valid UTF-8 sequence replaced by U+FFFD.
std::string utf8_repaired(std::string_view s);
// Escapes newlines (and backslashes before them are left as they are) for one-line output.
std::string escape_newlines(std::string_view s);
// One line of printable text from s: controls dropped, cut at a character's start once
// `max` bytes are reached; "" when what is left is not UTF-8.
std::string one_line(std::string_view s, size_t max);
// "Sat Nov 21 19:52:51 2026", as tmux prints times.
std::string format_ctime(time_t t);
// "2026-11-21 19:52:51".
std::string format_iso_time(time_t t);
// "1 peer" / "3 peers".
std::string plural(size_t n, std::string_view one, std::string_view many);
// A word as a POSIX shell takes it: as it is when plain, else in single quotes.
std::string shell_quote(const std::string& word);
bool parse_int(std::string_view s, long long min, long long max, long long* out);
// Standard base64 (padding optional); false on any other character.
bool base64_decode(std::string_view in, std::string* out);
// Milliseconds on the monotonic clock (coarse: cheap enough for every pane read).
int64_t monotonic_ms();
// A libevent timeout of ms milliseconds.
struct timeval ms_timeval(long long ms);
// Write all of buf to fd, retrying on EINTR and short writes. False on error.
bool write_all(int fd, const void* buf, size_t len);
// The same on a socket, with no SIGPIPE when the peer has gone (false instead): a client
// writing to a server that was killed as it connected.
bool send_all(int fd, const void* buf, size_t len);

// The AMUX variable of a pane's program, "socket,server-pid,session-id": built and read
// only here.
struct AmuxEnv {
  std::string socket;
  long long pid = 0;
  int session = -1;
};
std::string format_amux_env(const AmuxEnv& e);
bool parse_amux_env(std::string_view value, AmuxEnv* out);

}  // namespace amux
