// Check suite: format expansion (variables, conditionals, comparisons, escapes, nesting).
#include "amux/base/format.h"

#include "check-main.h"

using namespace amux;

static std::string expand(std::string_view fmt) {
  FormatContext ctx;
  ctx.set("session_name", "work");
  ctx.set("agent_group", "team");
  ctx.set("empty", "");
  ctx.set("zero", "0");
  ctx.set("when", "0");
  return format_expand(fmt, ctx);
}

START_TEST(variables) {
  ck_assert_sstr_eq(expand("#{session_name}"), "work");
  ck_assert_sstr_eq(expand("[#{session_name}:#{agent_group}]"), "[work:team]");
  ck_assert_sstr_eq(expand("#{unknown}x"), "x");
  ck_assert_sstr_eq(expand("plain"), "plain");
}
END_TEST

START_TEST(escapes) {
  ck_assert_sstr_eq(expand("##"), "#");
  ck_assert_sstr_eq(expand("a##{session_name}"), "a#{session_name}");
  ck_assert_sstr_eq(expand("#"), "#");
  ck_assert_sstr_eq(expand("#x"), "#x");
  ck_assert_sstr_eq(expand("#{session_name"), "#{session_name");
}
END_TEST

START_TEST(conditionals) {
  ck_assert_sstr_eq(expand("#{?agent_group,in,out}"), "in");
  ck_assert_sstr_eq(expand("#{?empty,in,out}"), "out");
  ck_assert_sstr_eq(expand("#{?zero,in,out}"), "out");
  ck_assert_sstr_eq(expand("#{?missing,in}"), "");
  ck_assert_sstr_eq(expand("#{?agent_group,#{session_name}#,x,no}"), "work,x");
  ck_assert_sstr_eq(expand("#{?agent_group,#{?empty,a,b},c}"), "b");
  ck_assert_sstr_eq(expand("#{?#{session_name},yes,no}"), "yes");
}
END_TEST

START_TEST(comparisons_and_modifiers) {
  ck_assert_sstr_eq(expand("#{==:#{session_name},work}"), "1");
  ck_assert_sstr_eq(expand("#{!=:#{session_name},work}"), "0");
  ck_assert_sstr_eq(expand("#{?#{==:#{agent_group},team},same,diff}"), "same");
  ck_assert_sstr_eq(expand("#{l:#{session_name}}"), "#{session_name}");
  ck_assert(!expand("#{t:when}").empty());
}
END_TEST

START_TEST(chained_contexts) {
  FormatContext base;
  base.set("a", "base");
  base.set("b", "kept");
  FormatContext child(&base);
  child.set("a", "child");
  child.set_lookup([](std::string_view n) -> std::optional<std::string> {
    if (n == "dyn") return "computed";
    return std::nullopt;
  });
  ck_assert_sstr_eq(format_expand("#{a} #{b} #{dyn}", child), "child kept computed");
  ck_assert(format_true("x"));
  ck_assert(!format_true("0"));
  ck_assert(!format_true(""));
}
END_TEST

// nested(n): #{?session_name,...} n deep around "x".
static std::string nested(int n) {
  std::string s = "x";
  for (int i = 0; i < n; i++) s = "#{?session_name," + s + ",no}";
  return s;
}

START_TEST(depth_bound) {
  ck_assert_sstr_eq(expand(nested(kMaxFormatDepth)), "x");
  ck_assert_sstr_eq(expand(nested(kMaxFormatDepth + 1)), "");
  ck_assert_sstr_eq(expand("a" + nested(kMaxFormatDepth + 1) + "b"), "ab");
  // 40,000 unclosed and closed #{ (a read-only user's display -p once overflowed the stack).
  std::string open;
  for (int i = 0; i < 40000; i++) open += "#{";
  ck_assert_sstr_eq(expand(open), open.c_str());
  ck_assert_sstr_eq(expand(open + std::string(40000, '}')), "");
}
END_TEST

int main() {
  return run_suite("format", {variables, escapes, conditionals, comparisons_and_modifiers,
                              chained_contexts, depth_bound});
}
