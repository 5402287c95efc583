// Check suite: the canvas (printing, wide characters, grid lines) and the update codec:
// a first update draws every cell, a later one only the cells that changed, in runs of one
// style; malformed updates are refused. Also style parsing.
#include "amux/term/canvas.h"

#include <vector>

#include "check-main.h"

using namespace amux;

namespace {

struct Decoded {
  UpdateHeader header;
  std::vector<std::string> runs;  // "row,col,cells:text"
  bool ok = false;
};

Decoded decode(const std::string& update) {
  Decoded d;
  d.ok = decode_update(update, &d.header, [&d](const UpdateRun& r) {
    d.runs.push_back(std::to_string(r.row) + "," + std::to_string(r.col) + "," +
                     std::to_string(r.cells) + ":" + std::string(r.text) +
                     (r.style.is_default() ? "" : "*"));
  });
  return d;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "|") + s;
  return out;
}

}  // namespace

START_TEST(full_then_diff) {
  Canvas a(4, 2);
  a.print(0, 0, "ab", Style{});
  Decoded d = decode(encode_update(nullptr, a, 0));
  ck_assert(d.ok);
  ck_assert(d.header.flags & kUpdateClear);
  ck_assert_int_eq(d.header.cols, 4);
  ck_assert_sstr_eq(joined(d.runs), "0,0,4:ab  |1,0,4:    ");
  Canvas b = a;
  Style red;
  red.fg = kColorIndexed | 1;
  b.print(1, 1, "xy", red);
  b.cursor_x = 3;
  b.cursor_visible = true;
  d = decode(encode_update(&a, b, kUpdatePaste));
  ck_assert(!(d.header.flags & kUpdateClear));
  ck_assert(d.header.flags & kUpdateCursor);
  ck_assert(d.header.flags & kUpdatePaste);
  ck_assert_int_eq(d.header.cursor_x, 3);
  ck_assert_sstr_eq(joined(d.runs), "1,1,2:xy*");
  ck_assert_uint_eq(encode_update(&b, b, 0).size(), kUpdateHeaderSize);
}
END_TEST

START_TEST(wide_characters) {
  Canvas a(4, 1);
  ck_assert_int_eq(a.print(0, 0,
                           "\xe4\xb8\xad"
                           "a",
                           Style{}),
                   3);  // 中 takes two cells
  Decoded d = decode(encode_update(nullptr, a, 0));
  ck_assert_sstr_eq(joined(d.runs),
                    "0,0,4:\xe4\xb8\xad"
                    "a ");
  Canvas b = a;
  b.print(1, 0, "x", Style{});  // over the right half: the update redraws from the left
  ck_assert_int_eq(a.print(3, 0, "\xe4\xb8\xad", Style{}), 0);  // no room: nothing
  d = decode(encode_update(&a, b, 0));
  ck_assert_uint_eq(d.runs.size(), 1);
  ck_assert_int_eq(d.runs[0][2], '0');
}
END_TEST

START_TEST(grid_lines) {
  Line l(6);
  Style bold;
  bold.attrs = kAttrBold;
  l.set(0, 'h', Style{});
  l.set(1, 'i', bold);
  Canvas c(4, 1);
  c.copy_line(0, 0, l, 0, 4);
  Decoded d = decode(encode_update(nullptr, c, 0));
  ck_assert_sstr_eq(joined(d.runs), "0,0,1:h|0,1,1:i*|0,2,2:  ");
}
END_TEST

START_TEST(malformed_updates) {
  UpdateHeader h;
  auto none = [](const UpdateRun&) {};
  ck_assert(!decode_update("", &h, none));
  ck_assert(!decode_update(std::string(8, '\0'), &h, none));
  Canvas a(2, 1);
  std::string u = encode_update(nullptr, a, 0);
  ck_assert(decode_update(u, &h, none));
  ck_assert(!decode_update(u.substr(0, u.size() - 1), &h, none));  // text cut short
  std::string big = u;
  big[kUpdateHeaderSize + 4] = 9;  // a run of 9 cells on a 2-cell row
  ck_assert(!decode_update(big, &h, none));
}
END_TEST

START_TEST(styles) {
  Style s;
  ck_assert(parse_style("bg=green,fg=black,bold", &s));
  ck_assert_uint_eq(s.bg, kColorIndexed | 2);
  ck_assert_uint_eq(s.fg, kColorIndexed | 0);
  ck_assert_uint_eq(s.attrs, kAttrBold);
  ck_assert(parse_style("nobold fg=colour214 bg=#1e1e2e", &s));
  ck_assert_uint_eq(s.attrs, 0);
  ck_assert_uint_eq(s.fg, kColorIndexed | 214);
  ck_assert_uint_eq(s.bg, kColorRgb | 0x1e1e2e);
  ck_assert(parse_style("default", &s));
  ck_assert(s.is_default());
  Style before = s;
  ck_assert(!parse_style("fg=nocolour", &s));
  ck_assert(!parse_style("fg=colour256", &s));
  ck_assert(!parse_style("blinky", &s));
  ck_assert(s == before);
}
END_TEST

int main() {
  return run_suite("canvas",
                   {full_then_diff, wide_characters, grid_lines, malformed_updates, styles});
}
