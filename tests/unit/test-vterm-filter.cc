// Check suite: the filter in front of libvterm's parser: what passes on untouched, how
// CSI arguments are trimmed, how string sequences are kept out and OSCs collected, and
// how escapes and strings cut across writes are carried to the next write.
#include "amux/term/vterm-filter.h"

#include <vector>

#include "check-main.h"

using namespace amux;

namespace {

struct Recorder : VtermFilter::Sink {
  std::string parsed;
  std::vector<std::string> oscs;
  void parse(const char* data, size_t len) override { parsed.append(data, len); }
  void osc(std::string_view text) override { oscs.emplace_back(text); }
};

std::string run(VtermFilter& f, Recorder& r, std::string_view in) {
  f.write(in.data(), in.size(), r);
  return r.parsed;
}

}  // namespace

START_TEST(text_and_csi_pass) {
  VtermFilter f;
  Recorder r;
  ck_assert_sstr_eq(run(f, r, "hello \x1b[1;31mred\x1b[0m\r\n"), "hello \x1b[1;31mred\x1b[0m\r\n");
  ck_assert_uint_eq(r.oscs.size(), 0);
}
END_TEST

START_TEST(csi_arguments_bounded) {
  VtermFilter f;
  Recorder r;
  std::string many = "\x1b[";
  for (int i = 0; i < 20; i++) many += "1;";
  many += "m";
  std::string expected = "\x1b[";
  for (int i = 0; i < 15; i++) expected += "1;";
  expected += "11111m";  // separators past the 15th dropped, their digits kept
  ck_assert_sstr_eq(run(f, r, many), expected.c_str());
  Recorder r2;
  ck_assert_sstr_eq(run(f, r2, "\x1b[123456789H"), "\x1b[123456H");  // digits past the 6th
}
END_TEST

START_TEST(osc_collected_not_parsed) {
  VtermFilter f;
  Recorder r;
  ck_assert_sstr_eq(run(f, r,
                        "a\x1b]0;title\x07"
                        "b\x1b]1337;SetUserVar=k=dg==\x1b\\c"),
                    "a\x18"
                    "b\x18"
                    "c");
  ck_assert_uint_eq(r.oscs.size(), 2);
  ck_assert_sstr_eq(r.oscs[0], "0;title");
  ck_assert_sstr_eq(r.oscs[1], "1337;SetUserVar=k=dg==");
}
END_TEST

START_TEST(dcs_kept_out_and_cancelled) {
  VtermFilter f;
  Recorder r;
  ck_assert_sstr_eq(run(f, r, "x\x1bPq#0;2;0;0;0\x1b\\y\x1b]2;never\x18z"), "x\x18y\x18z");
  ck_assert_uint_eq(r.oscs.size(), 0);  // a DCS is not an OSC; CAN ends a string unread
}
END_TEST

START_TEST(cut_across_writes) {
  VtermFilter f;
  Recorder r;
  run(f, r, "one\x1b");  // held back: it may start a string
  ck_assert_sstr_eq(r.parsed, "one");
  run(f, r, "]2;split");
  run(f, r, " title\x1b");
  run(f, r, "\\two");
  ck_assert_sstr_eq(r.parsed, "one\x18two");
  ck_assert_uint_eq(r.oscs.size(), 1);
  ck_assert_sstr_eq(r.oscs[0], "2;split title");
  run(f, r, "\x1b[3");
  run(f, r, "1mx");
  ck_assert_sstr_eq(r.parsed, "one\x18two\x1b[31mx");
}
END_TEST

START_TEST(string_bounded) {
  VtermFilter f;
  Recorder r;
  std::string huge = "\x1b]9;" + std::string(200000, 'a') + "\x07";
  run(f, r, huge);
  ck_assert_uint_eq(r.oscs.size(), 1);
  ck_assert_uint_le(r.oscs[0].size(), 65536 + 256);
}
END_TEST

int main() {
  return run_suite("vterm-filter",
                   {text_and_csi_pass, csi_arguments_bounded, osc_collected_not_parsed,
                    dcs_kept_out_and_cancelled, cut_across_writes, string_bounded});
}
