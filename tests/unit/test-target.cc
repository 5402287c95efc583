// Check suite: session target resolution ($id, =exact, exact, unique prefix, current,
// most recently used) and name sanitizing.
#include "amux/server/session.h"

#include "check-main.h"

using namespace amux;

START_TEST(resolve_forms) {
  SessionRegistry r;
  Session& alpha = r.add("alpha", 10);
  Session& alpine = r.add("alpine", 20);
  Session& beta = r.add("beta", 5);
  std::string e;
  ck_assert_ptr_eq(r.resolve("alpha", -1, &e), &alpha);
  ck_assert_ptr_eq(r.resolve("$1", -1, &e), &alpine);
  ck_assert_ptr_eq(r.resolve("b", -1, &e), &beta);
  ck_assert_ptr_eq(r.resolve("alpi", -1, &e), &alpine);
  ck_assert_ptr_eq(r.resolve("beta:0.1", -1, &e), &beta);
  ck_assert_ptr_null(r.resolve("alp", -1, &e));
  ck_assert_sstr_eq(e, "can't find session: alp");
  ck_assert_ptr_null(r.resolve("=alp", -1, &e));
  ck_assert_sstr_eq(e, "can't find session: =alp");
  ck_assert_ptr_eq(r.resolve("=beta", -1, &e), &beta);
  ck_assert_ptr_null(r.resolve("$9", -1, &e));
  ck_assert_sstr_eq(e, "can't find session: $9");
  ck_assert_ptr_null(r.resolve("gamma", -1, &e));
}
END_TEST

START_TEST(exact_beats_prefix) {
  SessionRegistry r;
  Session& a = r.add("a", 0);
  r.add("ab", 0);
  std::string e;
  ck_assert_ptr_eq(r.resolve("a", -1, &e), &a);
}
END_TEST

START_TEST(current_and_recent) {
  SessionRegistry r;
  std::string e;
  ck_assert_ptr_null(r.resolve("", -1, &e));
  ck_assert_sstr_eq(e, "no current session");
  Session& one = r.add("one", 10);
  Session& two = r.add("two", 10);
  ck_assert_ptr_eq(r.resolve("", -1, &e), &two);  // created last
  ck_assert_ptr_eq(r.resolve("", one.id, &e), &one);
  r.touch(one, 10);
  ck_assert_ptr_eq(r.resolve("", 99, &e), &one);
  r.touch(two, 10);
  int gone = one.id;
  r.remove(gone);
  ck_assert_ptr_eq(r.resolve("", gone, &e), &two);
}
END_TEST

// A pane's owner that is told nothing: the registry only finds panes.
struct NullOwner : PaneOwner {
  struct event_base* base() const override {
    return nullptr;
  }
  void pane_output(Pane&) override {}
  void pane_closed(Pane&) override {}
  void pane_osc(Pane&, std::string_view) override {}
  void pane_idle_timer(Pane&) override {}
};

START_TEST(ids_names_and_panes) {
  NullOwner owner;
  SessionRegistry r;
  Session& s = r.add("", 0);
  ck_assert_sstr_eq(s.name, "0");
  ck_assert_sstr_eq(sanitize_session_name("a:b.c"), "a_b_c");
  auto w = std::make_unique<Window>();
  w->session = &s;
  auto p = std::make_unique<Pane>(7, owner, w.get());
  Pane* raw = p.get();
  w->panes.push_back(std::move(p));
  s.windows.emplace(0, std::move(w));
  ck_assert_ptr_eq(r.find_pane(7), raw);
  ck_assert_ptr_null(r.find_pane(8));
  auto names = r.list();
  ck_assert_uint_eq(names.size(), 1);
  ck_assert(valid_agent_type("research"));
  ck_assert(valid_agent_type("csharp"));
  ck_assert(valid_agent_type("react.native_2-x"));
  ck_assert(valid_agent_type("a234567890123456789012345678901b"));  // 32
  ck_assert(!valid_agent_type("a234567890123456789012345678901bc"));
  ck_assert(!valid_agent_type(""));
  ck_assert(!valid_agent_type("Robot"));
  ck_assert(!valid_agent_type("9lives"));
  ck_assert(!valid_agent_type("c++"));
  ck_assert_sstr_eq(agent_type_error("C++"),
                    "invalid agent type: C++ (a lowercase letter, then up to 31 of a-z 0-9 _ . -)");
}
END_TEST

int main() {
  return run_suite("target",
                   {resolve_forms, exact_beats_prefix, current_and_recent, ids_names_and_panes});
}
