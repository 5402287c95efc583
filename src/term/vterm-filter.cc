// The libvterm input filter (see vterm-filter.h): a small state machine over the escape
// states, passing runs of bytes on to the sink and keeping strings back.
#include "amux/term/vterm-filter.h"

#include <cstring>

namespace amux {

// Program output passes this filter before libvterm 0.1.4's parser, which has two
// bugs output can reach: CSI arguments are stored in a fixed array without a bound (and
// digits accumulated without one), and string sequences (OSC, DCS, SOS, PM, APC) can be
// handed over with a length running past the input. So separators past the 16th argument
// and digits past the 6th of an argument are dropped, and string sequences never reach
// libvterm: they are collected here (bounded) and OSCs go to the sink's osc(). The filter follows
// the parser's escape states closely enough to know where it is, erring towards "in a
// sequence" (0.1.4 starts a CSI or string even after intermediates or stray high bytes).
// An escape cut off at the end of a write is held back until the next one.
void VtermFilter::write(const char* data, size_t len, Sink& sink) {
  if (!pending_.empty()) {
    std::string joined = std::move(pending_);
    pending_.clear();
    joined.append(data, len);
    process(joined.data(), joined.size(), sink);
    return;
  }
  process(data, len, sink);
}

void VtermFilter::process(const char* data, size_t len, Sink& sink) {
  constexpr int kMaxSeparators = 15;
  constexpr int kMaxDigits = 6;
  constexpr size_t kMaxString = 65536 + 256;
  size_t start = 0, i = 0, esc_at = 0;
  bool esc_here = false;  // esc_at is an ESC in this buffer (not one passed on earlier)
  auto flush = [&](size_t end) {
    if (end > start) sink.parse(data + start, end - start);
    start = end;
  };
  while (i < len) {
    if (state_ == State::kGround) {
      const void* esc = memchr(data + i, 0x1b, len - i);
      if (esc == nullptr) break;
      esc_at = static_cast<size_t>(static_cast<const char*>(esc) - data);
      esc_here = true;
      i = esc_at + 1;
      state_ = State::kEscape;
      continue;
    }
    auto c = static_cast<unsigned char>(data[i]);
    if (state_ == State::kString || state_ == State::kStringEscape) {
      start = i + 1;  // strings never reach libvterm
      if (state_ == State::kStringEscape && c != '\\') {
        state_ = State::kEscape;  // the ESC ended the string and starts a sequence
        start = esc_at = i - 1;
        esc_here = true;
        continue;
      }
      if (c == 0x07 || state_ == State::kStringEscape) {  // BEL or ESC \\ ends it
        if (string_is_osc_) sink.osc(string_);
        state_ = State::kGround;
      } else if (c == 0x1b) {
        state_ = State::kStringEscape;
      } else if (c == 0x18 || c == 0x1a) {
        state_ = State::kGround;
      } else if (string_.size() < kMaxString) {
        string_ += static_cast<char>(c);
      }
      i++;
      continue;
    }
    bool drop = false;
    if (c == 0x1b) {
      state_ = State::kEscape;
      esc_at = i;
      esc_here = true;
    } else if (c == 0x18 || c == 0x1a) {
      state_ = State::kGround;
    } else if (c < 0x20) {
      // Other C0 controls run inside a sequence without ending it.
    } else if (state_ == State::kCsi) {
      if (c >= '0' && c <= '9') {
        drop = ++digits_ > kMaxDigits;
      } else if (c == ';' || c == ':') {
        drop = ++separators_ > kMaxSeparators;
        if (!drop) digits_ = 0;
      } else if (c >= 0x40 && c <= 0x7e) {
        state_ = State::kGround;
      }
    } else if (c == '[') {
      state_ = State::kCsi;
      separators_ = digits_ = 0;
    } else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
      // The ESC, its intermediates and the string stay out of libvterm; a CAN in their
      // place ends whatever libvterm was in (a CSI the ESC cut short, or an ESC it got
      // in an earlier write), as the ESC would have.
      flush(esc_here ? esc_at : i);
      sink.parse("\x18", 1);
      start = i + 1;
      state_ = State::kString;
      string_is_osc_ = c == ']';
      string_.clear();
    } else if (c >= 0x30 && c <= 0x7e) {
      state_ = State::kGround;
    }  // intermediates and other bytes leave the parser inside the escape
    if (drop) {
      flush(i);
      start = i + 1;
    }
    i++;
  }
  if (state_ == State::kEscape && esc_here && esc_at >= start && len - esc_at <= 16) {
    flush(esc_at);  // hold an unfinished escape: it may yet start a string
    pending_.assign(data + esc_at, len - esc_at);
    state_ = State::kGround;
    return;
  }
  if (state_ == State::kString || state_ == State::kStringEscape) {
    if (state_ == State::kStringEscape) {
      pending_ = "\x1b";  // decided by the next byte
      state_ = State::kString;
    }
    return;
  }
  flush(len);
}

}  // namespace amux
