// Shared runner for the Check suites: runs one suite and turns failures into exit 1.
// Included after the C++ headers, since check.h defines a macro named fail.
#pragma once

#include <check.h>

#include <initializer_list>
#include <string>

inline int run_suite(const char* name, std::initializer_list<const TTest*> tests) {
  Suite* s = suite_create(name);
  TCase* tc = tcase_create("core");
  for (const TTest* t : tests) _tcase_add_test(tc, t, 0, 0, 0, 1);
  suite_add_tcase(s, tc);
  SRunner* sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? 0 : 1;
}

// Compares a std::string expression with a C string; the value is kept alive for Check.
#define ck_assert_sstr_eq(X, Y)               \
  do {                                        \
    const std::string ck_value_ = (X);        \
    ck_assert_str_eq(ck_value_.c_str(), (Y)); \
  } while (0)
