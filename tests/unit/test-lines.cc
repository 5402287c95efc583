// Check suite: LineReader (lines split across feeds, \r\n, an over-long line discarded up
// to its newline and reported once, never split into a second line).
#include "amux/base/lines.h"

#include <vector>

#include "check-main.h"

using namespace amux;

// feed_all(reader, chunks): what the reader gives for the chunks, "!" for a line too long.
static std::string feed_all(LineReader& r, std::initializer_list<std::string> chunks) {
  std::string got;
  for (const std::string& c : chunks)
    r.feed(c, [&got](std::string&& line, bool too_long) { got += (too_long ? "!" : line) + "|"; });
  return got;
}

START_TEST(split_lines) {
  LineReader r(16);
  ck_assert_sstr_eq(feed_all(r, {"a\nb", "c\r\n", "\n", "tail"}), "a|bc||");
  ck_assert_uint_eq(r.pending(), 4);
  ck_assert_sstr_eq(feed_all(r, {"\n"}), "tail|");
}
END_TEST

START_TEST(over_long_line) {
  LineReader r(8);
  ck_assert_sstr_eq(feed_all(r, {"12345678\n"}), "12345678|");
  // The tail of an over-long line is never a line of its own, however it arrives.
  ck_assert_sstr_eq(feed_all(r, {"123456789", "run-shell x\nok\n"}), "!|ok|");
  ck_assert_sstr_eq(feed_all(r, {"1234", "56789", std::string(100, ' '), "touch P #"}), "");
  ck_assert_uint_eq(r.pending(), 0);
  ck_assert_sstr_eq(feed_all(r, {"\nnext\n"}), "!|next|");
  ck_assert_sstr_eq(feed_all(r, {std::string(20, 'x') + "\n" + std::string(20, 'y') + "\nz\n"}),
                    "!|!|z|");
}
END_TEST

int main() {
  return run_suite("lines", {split_lines, over_long_line});
}
