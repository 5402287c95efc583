// Check suite: the grid (ring scrolling, history limit, regions, wrap and reflow, cell
// packing) and the terminal emulator over it, through capture_grid.
#include "amux/term/capture.h"
#include "amux/term/grid.h"
#include "amux/term/terminal.h"

#include "check-main.h"

using namespace amux;

static void put_text(Grid& g, int y, const char* s) {
  for (int x = 0; s[x] != 0 && x < g.cols(); x++)
    g.line(y).set(x, static_cast<unsigned char>(s[x]), Style{});
}

static std::string screen(const Grid& g) {
  return capture_grid(g, CaptureOptions{});
}

static std::string all_lines(const Grid& g) {
  CaptureOptions o;
  o.range.from_history_start = true;
  return capture_grid(g, o);
}

static std::string run(Terminal& t, const char* bytes) {
  t.write(bytes, strlen(bytes));
  return screen(t.grid());
}

START_TEST(ring_scroll_and_history) {
  Grid g(10, 3, 100);
  put_text(g, 0, "one");
  put_text(g, 1, "two");
  put_text(g, 2, "three");
  g.scroll_up(0, 2, 1, true, Style{});
  ck_assert_sstr_eq(screen(g), "two\nthree\n\n");
  ck_assert_uint_eq(g.history_size(), 1);
  ck_assert_sstr_eq(all_lines(g), "one\ntwo\nthree\n\n");
  g.scroll_down(0, 2, 1, Style{});
  ck_assert_sstr_eq(screen(g), "\ntwo\nthree\n");
}
END_TEST

START_TEST(history_limit) {
  Grid g(5, 2, 3);
  for (int i = 0; i < 10; i++) {
    char s[4] = {static_cast<char>('a' + i), 0};
    put_text(g, 1, s);
    g.scroll_up(0, 1, 1, true, Style{});
  }
  ck_assert_uint_eq(g.history_size(), 3);
  ck_assert_sstr_eq(all_lines(g), "g\nh\ni\nj\n\n");
  g.set_history_limit(1);
  ck_assert_uint_eq(g.history_size(), 1);
  g.clear_history();
  ck_assert_uint_eq(g.history_size(), 0);
  Grid none(5, 2, 0);
  none.scroll_up(0, 1, 1, true, Style{});
  ck_assert_uint_eq(none.history_size(), 0);
}
END_TEST

START_TEST(region_scroll_keeps_history_clean) {
  Grid g(4, 4, 10);
  put_text(g, 0, "a");
  put_text(g, 1, "b");
  put_text(g, 2, "c");
  put_text(g, 3, "d");
  g.scroll_up(1, 2, 1, true, Style{});
  ck_assert_sstr_eq(screen(g), "a\nc\n\nd\n");
  ck_assert_uint_eq(g.history_size(), 0);
  g.scroll_down(0, 3, 2, Style{});
  ck_assert_sstr_eq(screen(g), "\n\na\nc\n");
}
END_TEST

START_TEST(cell_packing) {
  ck_assert_uint_eq(sizeof(uint32_t), 4);
  Line l(80);
  for (int x = 0; x < 80; x++) l.set(x, 'a' + x % 26, Style{});
  size_t full = l.memory();
  l.compact();
  ck_assert_uint_lt(l.memory(), full);
  ck_assert_uint_le(l.memory(), sizeof(Line) + 96);
  ck_assert_int_eq(l.glyph(27), 'b');
  Line styled(4);
  Style red;
  red.fg = kColorIndexed | 1;
  styled.set(0, 'x', red);
  styled.compact();  // styled lines keep their cells
  ck_assert(styled.style(0) == red);
  ck_assert_int_eq(styled.size(), 4);
  Line wide(4);
  wide.set(0, 0x4e2d, Style{});
  wide.set(1, kGlyphWidePad, Style{});
  wide.set_cluster(2, "e\xcc\x81", Style{});
  ck_assert_sstr_eq(render_line(wide, 4, false, true),
                    "\xe4\xb8\xad"
                    "e\xcc\x81");
}
END_TEST

START_TEST(reflow_narrow_and_wide) {
  Terminal t(10, 3, 100);
  run(t, "0123456789abcde\r\nxy");
  ck_assert_sstr_eq(screen(t.grid()), "0123456789\nabcde\nxy\n");
  ck_assert(t.grid().line(0).wrapped);
  t.resize(5, 3);
  ck_assert_sstr_eq(all_lines(t.grid()), "01234\n56789\nabcde\nxy\n");
  ck_assert_int_eq(t.cursor_y(), 2);
  ck_assert_int_eq(t.cursor_x(), 2);
  t.resize(20, 3);
  ck_assert_sstr_eq(screen(t.grid()), "0123456789abcde\nxy\n\n");
  ck_assert_int_eq(t.cursor_y(), 1);
  ck_assert_int_eq(t.cursor_x(), 2);
  CaptureOptions joined;
  joined.join = true;
  t.resize(4, 6);
  ck_assert_sstr_eq(capture_grid(t.grid(), joined), "0123456789abcde\nxy\n\n");
}
END_TEST

// Plain text goes into a line as a run at once; a run over half of a wide character, a
// run up to the last column and a styled pen take the byte-by-byte way and end the same.
START_TEST(ascii_runs) {
  Terminal t(10, 3, 10);
  ck_assert_sstr_eq(run(t, "ab\xe4\xb8\xad" "cd\rxxx"), "xxx cd\n\n\n");
  ck_assert_int_eq(t.cursor_x(), 3);
  ck_assert_sstr_eq(run(t, "\033[2J\033[H0123456789ab"), "0123456789\nab\n\n");
  ck_assert_int_eq(t.cursor_x(), 2);
  ck_assert_sstr_eq(run(t, "\033[1;1H\033[2Kab\xe4\xb8\xad" "cd\033[1;4Hxy"), "ab xyd\nab\n\n");
  CaptureOptions e;
  e.escapes = true;
  run(t, "\033[2J\033[H\033[31mred\033[0m plain");
  ck_assert_sstr_eq(capture_grid(t.grid(), e), "\033[0;31mred\033[0m plain\n\n\n");
}
END_TEST

START_TEST(emulator_basics) {
  Terminal t(20, 4, 50);
  ck_assert_sstr_eq(run(t, "hello\r\n\033[1;31mred\033[0m plain"), "hello\nred plain\n\n\n");
  CaptureOptions e;
  e.escapes = true;
  ck_assert_sstr_eq(capture_grid(t.grid(), e), "hello\n\033[0;1;31mred\033[0m plain\n\n\n");
  run(t, "\033[2J\033[H\033[38;5;200mA\033[48;2;1;2;3mB\033[0m");
  ck_assert_sstr_eq(capture_grid(t.grid(), e),
                    "\033[0;38;5;200mA\033[0;38;5;200;48;2;1;2;3mB\033[0m\n\n\n\n");
  run(t, "\033[2J\033[Hwide:\xe4\xb8\xad|");
  ck_assert_sstr_eq(screen(t.grid()), "wide:\xe4\xb8\xad|\n\n\n\n");
  ck_assert_int_eq(t.cursor_x(), 8);
  run(t, "\033[2J\033[H\xf4\xa0\xa0\xa0|");  // decodes beyond U+10FFFF
  ck_assert_sstr_eq(screen(t.grid()), "\xef\xbf\xbd|\n\n\n\n");
  // More parameters than libvterm keeps: ignored safely, the final byte still acts.
  std::string many = "\033[2J\033[H\033[" + std::string(400, ';') + "1mX";
  ck_assert_sstr_eq(run(t, many.c_str()), "X\n\n\n\n");
  std::string digits =
      "\033[2J\033[H\033\x81\033*[" + std::string(300, '9') + ";" + std::string(50, ':') + "mY";
  ck_assert_sstr_eq(run(t, digits.c_str()), "Y\n\n\n\n");
  // REP repeats the last character and is ignored before any (libvterm would hang).
  ck_assert_sstr_eq(run(t, "\033[2J\033[H\033c\033[5bab\033[3bc"), "abbbbc\n\n\n\n");
  // UTF-8 encoded C1 controls are dropped, also when split across writes.
  run(t, "\033[2J\033[Hx\xc2\x85y\xc2");
  ck_assert_sstr_eq(run(t, "\x9bz\xc2\xa9"), "xyz\xc2\xa9\n\n\n\n");
  ck_assert_int_eq(t.cursor_x(), 4);
  // OSC: titles by BEL or ST, also split across writes; others and title changes go to
  // on_osc; strings never reach the screen.
  std::string seen;
  t.on_osc = [&](std::string_view s) { seen = std::string(s); };
  run(t, "\033[2J\033[H\033]2;a\\b\007x\033]0;sp");
  run(t, "lit\033");
  ck_assert_sstr_eq(run(t, "\\y\033]1337;SetUserVar=k=dg==\033\\\033Pq#0\033\\z"), "xyz\n\n\n\n");
  ck_assert_sstr_eq(t.title(), "split");
  ck_assert_sstr_eq(seen, "1337;SetUserVar=k=dg==");
  run(t, "\033]2;first\007\033]2;cut\033[1mB\033[0m");  // ESC ends a string early
  ck_assert_sstr_eq(t.title(), "first");
  ck_assert_sstr_eq(seen, "2;first");  // a title that changes is told too (a hook)
  seen.clear();
  run(t, "\033]2;first\007");
  ck_assert_sstr_eq(seen, "");  // the same title again is no change
  run(t, "\033[2J\033[H");
  run(t, "\033[6n");
  ck_assert_sstr_eq(t.take_replies(), "\033[1;1R");
}
END_TEST

START_TEST(emulator_alt_screen_and_regions) {
  Terminal t(10, 4, 50);
  run(t, "main\r\n");
  ck_assert_sstr_eq(run(t, "\033[?1049h\033[Halt"), "alt\n\n\n\n");
  ck_assert(t.alternate());
  ck_assert_sstr_eq(run(t, "\033[?1049l"), "main\n\n\n\n");
  ck_assert_sstr_eq(run(t, "\033[H\033[2J1\r\n2\r\n3\r\n4\033[2;3r\033[2H\033[L"), "1\n\n2\n4\n");
  ck_assert_uint_eq(t.grid().history_size(), 0);
  ck_assert_sstr_eq(run(t, "\033[r\033[4;1H\n\n"), "2\n4\n\n\n");
  ck_assert_uint_eq(t.grid().history_size(), 2);
  ck_assert_sstr_eq(run(t, "\033[H\033[2Jabcdef\033[1;3H\033[2P"), "abef\n\n\n\n");
  ck_assert_sstr_eq(run(t, "\033[1;2H\033[3@"), "a   bef\n\n\n\n");
  // IND, NEL and RI (ESC D, E, M), DEC line drawing, save/restore cursor.
  ck_assert_sstr_eq(run(t, "\033[H\033[2Jab\033Dc\033Ed\033M\033Me"), "ae\n  c\nd\n\n");
  ck_assert_sstr_eq(run(t, "\033[H\033[2J\033(0lqk\033(Bx\0337\033[3;3Hy\0338z"),
                    "\xe2\x94\x8c\xe2\x94\x80\xe2\x94\x90xz\n\n  y\n\n");
}
END_TEST

// Every attribute of the SGR table set, cleared and written back by capture -e.
START_TEST(sgr_attributes) {
  Terminal t(40, 2, 10);
  CaptureOptions e;
  e.escapes = true;
  run(t, "\033[1;3;4;5;7;9ma\033[22;23;24;25;27;29mb\033[21mc\033[4:3md\033[4:0;6me\033[0mf");
  ck_assert_sstr_eq(capture_grid(t.grid(), e),
                    "\033[0;1;3;4;5;7;9ma\033[0mb\033[0;4:2mc\033[0;4:3md\033[0;5me\033[0mf\n\n");
  // Colours: the eight, bright eight, 256 and default, foreground and background.
  run(t, "\033[2J\033[H\033[31;42ma\033[93;104mb\033[39mc\033[49;38;5;9md\033[0me");
  ck_assert_sstr_eq(capture_grid(t.grid(), e),
                    "\033[0;31;42ma\033[0;93;104mb\033[0;104mc\033[0;91md\033[0me\n\n");
}
END_TEST

int main() {
  return run_suite("grid", {ring_scroll_and_history, history_limit,
                            region_scroll_keeps_history_clean, cell_packing, reflow_narrow_and_wide,
                            ascii_runs, emulator_basics, emulator_alt_screen_and_regions, sgr_attributes});
}
