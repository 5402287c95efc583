// Check suite: the group registry (join order, coordinator hand-over, limits, versions)
// and validation of group names, keys and values.
#include "amux/coord/group.h"

#include "check-main.h"

using namespace amux;

START_TEST(join_order_and_coordinator) {
  GroupRegistry r;
  Group& g = r.get_or_create("team", 100);
  ck_assert_int_eq(static_cast<int>(r.join(g, 5, 101)), static_cast<int>(JoinError::kNone));
  r.join(g, 3, 102);
  r.join(g, 9, 103);
  ck_assert_int_eq(g.coordinator(), 5);
  ck_assert_int_eq(g.members[1], 3);
  ck_assert_int_eq(g.members[2], 9);
  ck_assert_int_eq(static_cast<int>(r.join(g, 3, 104)),
                   static_cast<int>(JoinError::kAlreadyMember));
  ck_assert_int_eq(g.last_activity, 103);
}
END_TEST

START_TEST(coordinator_hand_over) {
  GroupRegistry r;
  Group& g = r.get_or_create("team", 0);
  r.join(g, 1, 0);
  r.join(g, 2, 0);
  r.join(g, 3, 0);
  LeaveResult lr = r.leave(g.id, 2, 0);
  ck_assert(!lr.was_coordinator);
  ck_assert_int_eq(lr.new_coordinator, -1);
  ck_assert_int_eq(lr.remaining, 2);
  lr = r.leave(g.id, 1, 0);
  ck_assert(lr.was_coordinator);
  ck_assert_int_eq(lr.new_coordinator, 3);
  lr = r.leave(g.id, 3, 0);
  ck_assert(lr.was_coordinator);
  ck_assert_int_eq(lr.new_coordinator, -1);
  ck_assert_int_eq(lr.remaining, 0);
  ck_assert_ptr_nonnull(r.find("team"));  // an empty group keeps existing
  lr = r.leave(g.id, 3, 0);
  ck_assert_ptr_null(lr.group);
}
END_TEST

START_TEST(share_versions) {
  GroupRegistry r;
  Group& g = r.get_or_create("v", 0);
  r.join(g, 1, 0);  // version 1
  r.share(g, {{"a", "x"}, {"b", "y"}}, 1, "s1", 50);
  ck_assert_uint_eq(g.context.at("a").version, 2);
  ck_assert_uint_eq(g.context.at("b").version, 3);
  r.share(g, {{"a", "z"}}, 1, "s1", 60);
  ck_assert_sstr_eq(g.context.at("a").value, "z");
  ck_assert_uint_eq(g.context.at("a").version, 4);
  ck_assert_uint_eq(g.context.size(), 2);
  ck_assert_uint_eq(g.context_bytes(), 4);
  ck_assert_int_eq(g.context.at("a").time, 60);
  ck_assert_sstr_eq(g.context.at("a").author_name, "s1");
}
END_TEST

START_TEST(registry_listing_and_remove) {
  GroupRegistry r;
  r.get_or_create("zeta", 0);
  r.get_or_create("alpha", 0);
  auto list = r.list();
  ck_assert_uint_eq(list.size(), 2);
  ck_assert_sstr_eq(list[0]->name, "alpha");
  ck_assert(list[0]->id != list[1]->id);
  ck_assert_ptr_eq(r.find(list[1]->id), list[1]);
  ck_assert(r.remove("alpha"));
  ck_assert(!r.remove("alpha"));
  ck_assert_uint_eq(r.size(), 1);
}
END_TEST

START_TEST(group_names) {
  ck_assert(valid_group_name("oauth-team"));
  ck_assert(valid_group_name("a.b_c-9"));
  ck_assert(valid_group_name(std::string(64, 'g')));
  ck_assert(!valid_group_name(std::string(65, 'g')));
  ck_assert(!valid_group_name(""));
  ck_assert(!valid_group_name("bad name"));
  ck_assert(!valid_group_name("a/b"));
  ck_assert(!valid_group_name("caf\xc3\xa9"));
}
END_TEST

START_TEST(keys_and_values) {
  ck_assert(valid_key("finding"));
  ck_assert(valid_key("api:v1/auth.token-x_y"));
  ck_assert(valid_key(std::string(128, 'k')));
  ck_assert(!valid_key(std::string(129, 'k')));
  ck_assert(!valid_key(""));
  ck_assert(!valid_key("a b"));
  ck_assert(!valid_key("a=b"));
  ck_assert_sstr_eq(check_value("k", "plain text"), "");
  ck_assert_sstr_eq(check_value("k", "caf\xc3\xa9 \xe2\x9c\x93"), "");
  ck_assert_sstr_eq(check_value("k", std::string(65536, 'v')), "");
  ck_assert_sstr_eq(check_value("k", std::string(65537, 'v')), "value too long for key: k");
  ck_assert_sstr_eq(check_value("k", "bad \xff"), "invalid value for key: k (not UTF-8 text)");
  ck_assert_sstr_eq(check_value("k", "\xc0\x80"), "invalid value for key: k (not UTF-8 text)");
  ck_assert_sstr_eq(check_value("k", std::string("a\0b", 3)),
                    "invalid value for key: k (not UTF-8 text)");
}
END_TEST

int main() {
  return run_suite("group", {join_order_and_coordinator, coordinator_hand_over, share_versions,
                             registry_listing_and_remove, group_names, keys_and_values});
}
