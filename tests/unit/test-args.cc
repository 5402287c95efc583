// Check suite: argument templates, command lookup (name, alias, prefix), command lists
// and the command-string tokenizer.
#include "amux/base/args.h"
#include "amux/base/parse.h"
#include "amux/base/util.h"
#include "amux/server/cmd.h"

#include "check-main.h"

using namespace amux;

static bool parse(const ArgsTemplate& t, std::vector<std::string> w, Args* a, std::string* e) {
  return a->parse(t, w, e);
}

START_TEST(flags_and_values) {
  ArgsTemplate t = {"dPs:e:", 0, -1};
  Args a;
  std::string e;
  ck_assert(parse(t, {"-dP", "-sname", "-e", "A=1", "-e", "B=2", "cmd", "-x"}, &a, &e));
  ck_assert(a.has('d') && a.has('P') && !a.has('x'));
  ck_assert_sstr_eq(a.get('s'), "name");
  ck_assert_uint_eq(a.all('e').size(), 2);
  ck_assert_sstr_eq(a.all('e')[1], "B=2");
  ck_assert_uint_eq(a.count(), 2);
  ck_assert_sstr_eq(a.at(1), "-x");  // flags end at the first positional word
  Args b;
  ck_assert(parse(t, {"-d", "--", "-s"}, &b, &e));
  ck_assert_sstr_eq(b.at(0), "-s");
  Args c;
  ck_assert(parse(t, {"-"}, &c, &e));
  ck_assert_sstr_eq(c.at(0), "-");
  ck_assert_sstr_eq(c.get('s', "fallback"), "fallback");
}
END_TEST

START_TEST(errors) {
  ArgsTemplate t = {"t:J", 1, 2};
  std::string e;
  Args a;
  ck_assert(!parse(t, {"-z", "x"}, &a, &e));
  ck_assert_sstr_eq(e, "unknown flag -z");
  Args b;
  ck_assert(!parse(t, {"x", "-t"}, &b, &e) == false);  // -t after a positional is positional
  Args c;
  ck_assert(!parse(t, {"-t"}, &c, &e));
  ck_assert_sstr_eq(e, "-t expects an argument");
  Args d;
  ck_assert(!parse(t, {"-J"}, &d, &e));
  ck_assert_sstr_eq(e, "too few arguments (need at least 1)");
  Args f;
  ck_assert(!parse(t, {"a", "b", "c"}, &f, &e));
  ck_assert_sstr_eq(e, "too many arguments (need at most 2)");
  Args g;
  ck_assert(!parse(t, {"-:", "a"}, &g, &e));
  ck_assert_sstr_eq(e, "unknown flag -:");
}
END_TEST

START_TEST(command_lookup) {
  std::string e;
  ck_assert_str_eq(find_command("agent-join-group", &e)->name, "agent-join-group");
  ck_assert_str_eq(find_command("ajoin", &e)->name, "agent-join-group");
  ck_assert_str_eq(find_command("lsag", &e)->name, "list-agent-groups");
  ck_assert_str_eq(find_command("new", &e)->name, "new-session");
  ck_assert_str_eq(find_command("rename-s", &e)->name, "rename-session");
  ck_assert_ptr_null(find_command("frobnicate", &e));
  ck_assert_sstr_eq(e, "unknown command: frobnicate");
  ck_assert_ptr_null(find_command("kill", &e));
  ck_assert_sstr_eq(
      e, "ambiguous command: kill, could be: kill-pane, kill-server, kill-session, kill-window");
  ck_assert_ptr_null(find_command("", &e));
}
END_TEST

START_TEST(command_lists) {
  std::vector<ParsedCommand> list;
  std::string e;
  ck_assert(parse_command_list({"has", "-t", "a", ";", "ls", ";"}, &list, &e));
  ck_assert_uint_eq(list.size(), 2);
  ck_assert_str_eq(list[0].entry->name, "has-session");
  ck_assert_sstr_eq(list[0].args.get('t'), "a");
  ck_assert_str_eq(list[1].entry->name, "list-sessions");
  std::vector<ParsedCommand> bad;
  ck_assert(!parse_command_list({"ls", ";", "has", "-q"}, &bad, &e));
  ck_assert_sstr_eq(e, "command has-session: unknown flag -q");
  std::vector<ParsedCommand> value;
  ck_assert(parse_command_list({"ashare", "k=a;b"}, &value, &e));
  ck_assert_sstr_eq(value[0].args.at(0), "k=a;b");
}
END_TEST

START_TEST(tokenizer) {
  std::vector<std::string> w;
  std::string e;
  ck_assert(split_command_string("new -s 'a b' -o \"say \\\"hi\\\"\" x\\ y ; ls # note", &w, &e));
  ck_assert_uint_eq(w.size(), 8);
  ck_assert_sstr_eq(w[2], "a b");
  ck_assert_sstr_eq(w[4], "say \"hi\"");
  ck_assert_sstr_eq(w[5], "x y");
  ck_assert_sstr_eq(w[6], ";");
  ck_assert_sstr_eq(w[7], "ls");
  // An unquoted ';' ends a word and the command (tmux's rule); quoted or escaped it is text.
  std::vector<std::string> v;
  ck_assert(split_command_string("selectw -p; selectl;set -g @x 'a;b' c\\;d", &v, &e));
  ck_assert_uint_eq(v.size(), 10);
  ck_assert_sstr_eq(v[2], ";");
  ck_assert_sstr_eq(v[3], "selectl");
  ck_assert_sstr_eq(v[4], ";");
  ck_assert_sstr_eq(v[8], "a;b");
  ck_assert_sstr_eq(v[9], "c;d");
  std::vector<std::string> u;
  ck_assert(!split_command_string("new 'open", &u, &e));
  ck_assert_sstr_eq(e, "unterminated quote");
}
END_TEST

// tmux's { } blocks: one argument holding the commands, lines inside becoming " ; ".
START_TEST(brace_blocks) {
  std::vector<std::string> w;
  std::string e;
  ck_assert(
      split_command_string("if -F '#{x}' { display \"a }\" ; neww } {\n  # a comment\n  splitw "
                           "-h\n  selectp -t '{left}'\n}",
                           &w, &e));
  ck_assert_uint_eq(w.size(), 5);
  ck_assert_sstr_eq(w[2], "#{x}");
  ck_assert_sstr_eq(w[3], "display \"a }\" ; neww");
  ck_assert_sstr_eq(w[4], "splitw -h ; selectp -t '{left}'");
  std::vector<std::string> n;  // nested blocks are kept as written, for the next parse
  ck_assert(split_command_string("bind x { if 1 { a } { b } ; c }", &n, &e));
  ck_assert_uint_eq(n.size(), 3);
  ck_assert_sstr_eq(n[2], "if 1 { a } { b } ; c");
  std::vector<std::string> f;  // a brace inside a word is text: #{...} and a{b}
  ck_assert(split_command_string("display #{pane_id}{x} a{b}", &f, &e));
  ck_assert_uint_eq(f.size(), 3);
  ck_assert_sstr_eq(f[1], "#{pane_id}{x}");
  std::vector<std::string> u;
  ck_assert(!split_command_string("bind x {\n display a", &u, &e));
  ck_assert_sstr_eq(e, "unterminated {");
  ck_assert(!command_string_complete("bind x {"));
  ck_assert(command_string_complete("bind x { a }"));
  ck_assert(command_string_complete("new 'open"));  // another error: not waited for
}
END_TEST

START_TEST(amux_variable) {
  AmuxEnv e;
  ck_assert(parse_amux_env("/tmp/a,b/sock,123,4", &e));
  ck_assert_sstr_eq(e.socket, "/tmp/a,b/sock");
  ck_assert_int_eq(e.pid, 123);
  ck_assert_int_eq(e.session, 4);
  ck_assert_sstr_eq(format_amux_env(e), "/tmp/a,b/sock,123,4");
  for (const char* bad : {"", "/s", "/s,1", "/s,x,1", "/s,1,-2", ",1,2", "/s,0,1"})
    ck_assert_msg(!parse_amux_env(bad, &e), "accepted %s", bad);
}
END_TEST

// Found by fuzz-command: a NUL inside a flag word matched the template's terminator.
START_TEST(nul_in_flag_word) {
  Args a;
  std::string error;
  ArgsTemplate t{"dt:", 0, 1};
  ck_assert(!a.parse(t, {std::string("-\0", 2)}, &error));
  ck_assert(error == std::string("unknown flag -") + '\0');
  ck_assert(!a.parse(t, {std::string("-d\0", 3)}, &error));
}
END_TEST

// A configuration line's \; (bind r source-file x \; display y) is an argument, a ~ at a
// word's start a home directory, and what a parsed command prints reads back the same.
START_TEST(escapes_and_printing) {
  std::string e;
  std::vector<std::string> w;
  setenv("HOME", "/home/tester", 1);
  ck_assert(split_command_string("bind r source-file ~/a.conf \\; display '~' \\~x", &w, &e));
  ck_assert_uint_eq(w.size(), 8);
  ck_assert_sstr_eq(w[3], "/home/tester/a.conf");
  ck_assert_sstr_eq(w[4], "\\;");
  ck_assert_sstr_eq(w[6], "~");
  ck_assert_sstr_eq(w[7], "~x");
  std::vector<ParsedCommand> list;
  ck_assert(parse_command_list(w, &list, &e));
  ck_assert_uint_eq(list.size(), 1);  // the ; went to bind-key as an argument
  ck_assert_sstr_eq(print_command_list(list),
                    "bind-key r source-file /home/tester/a.conf \\; display \\~ \\~x");
  for (const char* word : {"", "a b", "#{x}", "say \"hi\"", "a\"b", "$x", "~", ";", "x\ty",
                           "back\\slash", "it's", "|second", "a;"}) {
    std::vector<ParsedCommand> back;
    ck_assert(parse_command_string("set-buffer " + quote_argument(word), &back, &e));
    ck_assert_uint_eq(back.size(), 1);
    ck_assert_sstr_eq(back[0].args.at(0).c_str(), word);
  }
  ck_assert_sstr_eq(quote_argument(""), "''");
  ck_assert_sstr_eq(quote_argument("a\"b"), "'a\"b'");
  ck_assert_sstr_eq(quote_argument("#{x}"), "\"#{x}\"");
  ck_assert_sstr_eq(quote_argument("~x"), "\\~x");
}
END_TEST

int main() {
  return run_suite("args", {flags_and_values, errors, command_lookup, command_lists, tokenizer,
                            brace_blocks, amux_variable, nul_in_flag_word, escapes_and_printing});
}
