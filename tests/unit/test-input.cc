// Check suite: key names and their parse, the bytes a pane gets for a key, and the input
// parser: control keys, CSI and SS3 keys with modifiers, Meta, UTF-8, sequences cut
// across reads (held, then flushed by the escape timer), bracketed paste, SGR mouse.
#include "amux/term/input.h"

#include <vector>

#include "check-main.h"

using namespace amux;

namespace {

std::vector<InputEvent> parse(InputParser& p, std::string_view bytes) {
  std::vector<InputEvent> out;
  p.feed(bytes, &out);
  return out;
}

std::string names(const std::vector<InputEvent>& events) {
  std::string out;
  for (const auto& e : events) {
    if (!out.empty()) out += " ";
    if (e.kind == InputEvent::Kind::kPaste)
      out += "paste:" + e.text;
    else if (e.kind == InputEvent::Kind::kMouse)
      out += "mouse:" + std::to_string(e.button) + "," + std::to_string(e.x) + "," +
             std::to_string(e.y) + (e.release ? "r" : "p");
    else
      out += key_name(e.key);
  }
  return out;
}

std::string round_trip(const char* name) {
  auto k = key_from_name(name);
  return k ? key_name(*k) : "(none)";
}

}  // namespace

START_TEST(key_names) {
  ck_assert_sstr_eq(round_trip("C-b"), "C-b");
  ck_assert_sstr_eq(round_trip("C-B"), "C-b");
  ck_assert_sstr_eq(round_trip("^b"), "C-b");
  ck_assert_sstr_eq(round_trip("M-x"), "M-x");
  ck_assert_sstr_eq(round_trip("C-M-Up"), "C-M-Up");
  ck_assert_sstr_eq(round_trip("pageup"), "PPage");
  ck_assert_sstr_eq(round_trip("F12"), "F12");
  ck_assert_sstr_eq(round_trip("F13"), "(none)");
  ck_assert_sstr_eq(round_trip("Space"), "Space");
  ck_assert_sstr_eq(round_trip("C-i"), "Tab");
  ck_assert_sstr_eq(round_trip("C-m"), "Enter");
  ck_assert_sstr_eq(round_trip("S-a"), "A");
  ck_assert_sstr_eq(round_trip("\""), "\\\"");
  ck_assert_sstr_eq(round_trip("%"), "%");
  ck_assert_sstr_eq(round_trip("é"), "é");
  ck_assert_sstr_eq(round_trip("Nope"), "(none)");
  ck_assert_sstr_eq(round_trip("C-"), "(none)");
  // Found by fuzz-protocol: a name with a NUL read past the shorter table name.
  ck_assert(!key_from_name(std::string("Delete\0\0]", 9)));
  ck_assert(!key_from_name(std::string("Tab\0", 4)));
}
END_TEST

START_TEST(key_encoding) {
  ck_assert_sstr_eq(key_encode(*key_from_name("C-b"), false), "\002");
  ck_assert(key_encode(*key_from_name("C-Space"), false) == std::string(1, '\0'));
  ck_assert_sstr_eq(key_encode(*key_from_name("M-x"), false), "\033x");
  ck_assert_sstr_eq(key_encode(kKeyUp, false), "\033[A");
  ck_assert_sstr_eq(key_encode(kKeyUp, true), "\033OA");
  ck_assert_sstr_eq(key_encode(kKeyUp | kKeyCtrl, true), "\033[1;5A");
  ck_assert_sstr_eq(key_encode(kKeyPPage, false), "\033[5~");
  ck_assert_sstr_eq(key_encode(kKeyDC | kKeyShift, false), "\033[3;2~");
  ck_assert_sstr_eq(key_encode(kKeyF1, false), "\033OP");
  ck_assert_sstr_eq(key_encode(kKeyF1 + 4, false), "\033[15~");
  ck_assert_sstr_eq(key_encode(kKeyEnter | kKeyMeta, false), "\033\r");
  ck_assert_sstr_eq(key_encode(0xe9, false), "é");
}
END_TEST

START_TEST(parser_keys) {
  InputParser p;
  ck_assert_sstr_eq(names(parse(p, "a\002\r\t\177")), "a C-b Enter Tab BSpace");
  ck_assert_sstr_eq(names(parse(p, "\033[A\033OB\033[1;5C\033[3~\033[5;3~\033[Z")),
                    "Up Down C-Right DC M-PPage BTab");
  ck_assert_sstr_eq(names(parse(p, "\033OP\033[15~\033[24~")), "F1 F5 F12");
  ck_assert_sstr_eq(names(parse(p, "\033x\033\033[A")), "M-x M-Up");
  ck_assert_sstr_eq(names(parse(p, "h\xc3\xa9!")), "h é !");
  ck_assert_sstr_eq(names(parse(p, "\033[I\033[O\033[99~z")), "z");  // focus, unknown
  ck_assert(!p.pending());
}
END_TEST

START_TEST(parser_held_and_flushed) {
  InputParser p;
  ck_assert_sstr_eq(names(parse(p, "x\033")), "x");
  ck_assert(p.pending());
  ck_assert_sstr_eq(names(parse(p, "[A")), "Up");  // the rest arrived in time
  ck_assert_sstr_eq(names(parse(p, "\033")), "");
  std::vector<InputEvent> out;
  p.flush(&out);
  ck_assert_sstr_eq(names(out), "Escape");  // alone when the timer fires
  ck_assert_sstr_eq(names(parse(p, "\033[1;")), "");
  out.clear();
  p.flush(&out);
  ck_assert_sstr_eq(names(out), "Escape [ 1 \\;");
  ck_assert_sstr_eq(names(parse(p, "\xc3")), "");
  ck_assert_sstr_eq(names(parse(p, "\xa9")), "é");
}
END_TEST

START_TEST(parser_paste_and_mouse) {
  InputParser p;
  ck_assert_sstr_eq(names(parse(p, "a\033[200~line 1\nC-b \033")), "a");  // the end marker is cut
  ck_assert_sstr_eq(names(parse(p, "[201~b")), "paste:line 1\nC-b  b");
  ck_assert_sstr_eq(names(parse(p, "\033[<0;10;5M\033[<64;1;1M\033[<0;10;5m")),
                    "mouse:0,9,4p mouse:64,0,0p mouse:0,9,4r");
}
END_TEST

int main() {
  return run_suite("input", {parser_keys, key_names, key_encoding, parser_held_and_flushed,
                             parser_paste_and_mouse});
}
