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

// tmux's modifiers and short forms, each checked against tmux 3.3a's output.
START_TEST(tmux_modifiers) {
  FormatContext ctx;
  ctx.set("session_name", "main");
  ctx.set("window_index", "0");
  ctx.set("pane_index", "1");
  ctx.set("window_name", "bash");
  ctx.set("pane_id", "%0");
  ctx.set("window_flags", "*");
  ctx.set("host", "vm.example");
  ctx.set("host_short", "vm");
  ctx.set("pane_title", "t");
  ctx.set("path", "/tmp/cmp/a.sock");
  ctx.set("spaced", "a b;c");
  auto x = [&](const char* f) { return format_expand(f, ctx); };
  ck_assert_sstr_eq(x("#S #I #P #W #D #F #H #h #T"), "main 0 1 bash %0 * vm.example vm t");
  ck_assert_sstr_eq(x("#{=3:session_name} #{=-3:session_name} #{=0:session_name}"), "mai ain main");
  ck_assert_sstr_eq(x("#{=/2/...:session_name} #{=/-2/..:session_name}"), "ma... ..in");
  ck_assert_sstr_eq(x("#{p6:session_name}|#{p-6:session_name}|"), "main  |  main|");
  ck_assert_sstr_eq(x("#{b:path} #{d:path} #{b:} #{d:}"), "a.sock /tmp/cmp  .");
  ck_assert_sstr_eq(x("#{s/a/X/:session_name} #{s/(a)(i)/\\2\\1/:session_name}"), "mXin mian");
  ck_assert_sstr_eq(x("#{e|+:1,2} #{e|*|f|4:5.5,3} #{e|/:7,2} #{e|%:7,3} #{e|-|f:1,3}"),
                    "3 16.5000 3 1 -2.00");
  ck_assert_sstr_eq(x("#{e|<:1,2} #{e|>=:1,2}"), "1 0");
  // Results a long long cannot hold saturate (fuzz-format found the conversion's UB).
  ck_assert_sstr_eq(x("#{e|*:1e300,1e300} #{e|-:-1e300,1e300} #{e|/:0,0}"),
                    "9200000000000000000 -9200000000000000000 0");
  ck_assert_uint_eq(x("#{e|*|f|20:1e300,1e8}").size(), 330);
  ck_assert_sstr_eq(x("#{m:m*,main} #{m:x*,main} #{m/r:^ma,main} #{m/i:MAIN,main}"), "1 0 1 1");
  ck_assert_sstr_eq(x("#{<:a,b} #{>:a,b} #{||:0,1} #{&&:1,0}"), "1 0 1 0");
  ck_assert_sstr_eq(x("#{n:session_name} #{l:abc} #{q:spaced}"), "4 abc a\\ b\\;c");
  ck_assert_sstr_eq(x("#{=2;p4:session_name}|"), "ma  |");
  // Not modifiers: variables whose names start like one.
  ctx.set("status", "s");
  ck_assert_sstr_eq(x("#{status} #{pane_index} #{path}"), "s 1 /tmp/cmp/a.sock");
  // Bounds: what any user may send (display -p) cannot make the server pad without end or
  // compile a regular expression that takes gigabytes.
  ck_assert_uint_eq(x("#{p99999999999999999999999:session_name}").size(), 100000);
  ck_assert_sstr_eq(x("#{=-99999999999999999999:session_name}"), "main");
  ck_assert_sstr_eq(x("#{m/r:a++++,aaa} #{m/r:(a{99#}){99#},a} #{m/r:a+,aaa}"), "0 0 1");
  ck_assert_sstr_eq(x("#{s/(a*)*+/x/:session_name}"), "main");
  ck_assert_sstr_eq(format_strftime("%Y-x", 0).substr(4), "-x");
  ck_assert_sstr_eq(format_strftime("no percent", 0), "no percent");
}
END_TEST

// #(command) asks the context's shell (the server's status jobs); the loops ask its loop,
// with the depth they are at, so nested loops stay within the depth bound.
START_TEST(shell_and_loops) {
  FormatContext outer;
  outer.set("name", "n");
  std::vector<std::string> asked;
  outer.set_shell([&asked](const std::string& command) {
    asked.push_back(command);
    return "<" + command + ">";
  });
  FormatContext inner(&outer);
  ck_assert_sstr_eq(format_expand("a#(echo #{name})b #(x(y)z) #(open", inner),
                    "a<echo n>b <x(y)z> #(open");
  ck_assert_uint_eq(asked.size(), 2);
  FormatContext none;
  ck_assert_sstr_eq(format_expand("[#(echo x)] [#{S:y}]", none), "[] []");
  int deepest = 0;
  outer.set_loop([&](char kind, std::string_view each, std::string_view current, int depth) {
    deepest = std::max(deepest, depth);
    std::string out = std::string(1, kind) + ":";
    FormatContext item(&outer);  // items loop again: nesting goes deeper
    out += format_expand_at(each, item, depth) + "/" + format_expand_at(current, item, depth);
    return out;
  });
  ck_assert_sstr_eq(format_expand("#{W:a,b} #{P:c} #{S:d,e}", inner), "W:a/b P:c/c S:d,e/d,e");
  std::string nested = "x";
  for (int i = 0; i < kMaxFormatDepth + 5; i++) nested = "#{W:" + nested + "}";
  format_expand(nested, inner);
  // Each level loops twice (each and current): without a bound, 2^100 expansions. The
  // loops of one expansion are bounded, so this ends, at a depth the budget allows.
  ck_assert_int_ge(deepest, 7);
  ck_assert_int_le(deepest, kMaxFormatDepth + 2);
  deepest = 0;
  format_expand("#{W:#{W:#{W:x}}}", inner);  // a new expansion: a new budget
  ck_assert_int_eq(deepest, 6);              // two depths a level: the #{ and the loop
}
END_TEST

int main() {
  return run_suite("format", {variables, escapes, conditionals, comparisons_and_modifiers,
                              chained_contexts, depth_bound, tmux_modifiers, shell_and_loops});
}
