// Check suite: the registry and the one state change (apply.h: join order, coordinator
// hand-over, versions, messages, leases), and validation of group names, keys and values.
#include "amux/coord/apply.h"
#include "amux/coord/coordinator.h"

#include "check-main.h"

using namespace amux;

// An event numbered as the Coordinator numbers it, then applied.
static void applied(Group& g, GroupEvent e, time_t t) {
  e.seq = g.event_seq + 1;
  e.time = t;
  e.version = g.version + (changes_version(g, e) ? 1 : 0);
  apply_event(g, e, 3);
}

START_TEST(join_order_and_coordinator) {
  GroupRegistry r;
  Group& g = r.get_or_create("team", 100);
  applied(g, GroupEvent::join({5, "a"}), 101);
  applied(g, GroupEvent::join({3, "b"}), 102);
  applied(g, GroupEvent::join({9, "c"}), 103);
  ck_assert_int_eq(g.coordinator(), 5);
  ck_assert_int_eq(g.members[1], 3);
  ck_assert_int_eq(g.members[2], 9);
  ck_assert(!changes_version(g, GroupEvent::join({3, "b"})));
  applied(g, GroupEvent::join({3, "b"}), 104);  // a member joining again changes nothing
  ck_assert_uint_eq(g.members.size(), 3);
  ck_assert_uint_eq(g.version, 3);
  ck_assert_uint_eq(g.event_seq, 4);
  ck_assert_int_eq(g.last_activity, 104);
  ck_assert_uint_eq(g.events.size(), 3);  // the log keeps the newest 3
  ck_assert_uint_eq(g.events.front().seq, 2);
}
END_TEST

START_TEST(coordinator_hand_over) {
  GroupRegistry r;
  Group& g = r.get_or_create("team", 0);
  for (int id : {1, 2, 3}) applied(g, GroupEvent::join({id, "s" + std::to_string(id)}), 0);
  g.inbox[2].push_back(Message{});
  applied(g, GroupEvent::leave({2, "s2"}), 0);
  ck_assert_int_eq(g.coordinator(), 1);
  ck_assert_uint_eq(g.inbox.count(2), 0);  // its inbox goes with it
  applied(g, GroupEvent::leave({1, "s1"}), 0);
  ck_assert_int_eq(g.coordinator(), 3);
  applied(g, GroupEvent::leave({3, "s3"}), 0);
  ck_assert_int_eq(g.coordinator(), -1);
  ck_assert_uint_eq(g.version, 6);
  ck_assert(!changes_version(g, GroupEvent::leave({3, "s3"})));  // no longer a member
  ck_assert_ptr_nonnull(r.find("team"));                         // an empty group stays
}
END_TEST

START_TEST(share_versions) {
  GroupRegistry r;
  Group& g = r.get_or_create("v", 0);
  applied(g, GroupEvent::join({1, "s1"}), 0);  // version 1
  applied(g, GroupEvent::share({1, "s1"}, "a", "x"), 50);
  GroupEvent b = GroupEvent::share({1, "s1"}, "b", "y");
  b.ephemeral = true;
  b.expires = 99;
  applied(g, b, 50);
  ck_assert_uint_eq(g.context.at("a").version, 2);
  ck_assert_uint_eq(g.context.at("b").version, 3);
  ck_assert(g.context.at("b").ephemeral);
  ck_assert_int_eq(g.context.at("b").expires, 99);
  applied(g, GroupEvent::share({1, "s1"}, "a", "z"), 60);
  ck_assert_sstr_eq(g.context.at("a").value, "z");
  ck_assert_uint_eq(g.context.at("a").version, 4);
  ck_assert_uint_eq(g.context.size(), 2);
  ck_assert_uint_eq(g.context_bytes(), 4);
  ck_assert_int_eq(g.context.at("a").time, 60);
  ck_assert_sstr_eq(g.context.at("a").author_name, "s1");
  applied(g, GroupEvent::unset({1, "s1"}, "a"), 61);
  ck_assert_uint_eq(g.context.count("a"), 0);
  ck_assert_uint_eq(g.version, 5);
}
END_TEST

START_TEST(messages_and_leases) {
  GroupRegistry r;
  Group& g = r.get_or_create("m", 0);
  applied(g, GroupEvent::join({1, "a"}), 0);
  applied(g, GroupEvent::join({2, "b"}), 0);
  applied(g, GroupEvent::message({1, "a"}, {2, "b"}, "hi", "high", 0), 10);
  applied(g, GroupEvent::message({1, "a"}, {kRemoteIdBase, "far"}, "x"), 10);
  ck_assert_uint_eq(g.inbox.size(), 1);  // another server's member keeps its own inbox
  const Message& m = g.inbox.at(2).front();
  ck_assert_uint_eq(m.seq, 3);
  ck_assert_sstr_eq(m.text, "hi");
  ck_assert(m.priority == Priority::kHigh);
  applied(g, GroupEvent::read({2, "b"}, {1, "a"}, 3), 11);
  ck_assert_uint_eq(g.inbox.count(2), 0);
  GroupEvent lock = GroupEvent::lock({1, "a"}, "src/x", 1, false);
  lock.expires = 500;
  lock.pane_id = 7;
  applied(g, lock, 12);
  lock.fence = 2;  // asked again: renewed
  applied(g, lock, 13);
  ck_assert_uint_eq(g.leases.size(), 1);
  ck_assert_uint_eq(g.leases[0].fence, 2);
  ck_assert_int_eq(g.leases[0].pane_id, 7);
  ck_assert_uint_eq(g.lease_fence, 2);
  GroupEvent broken = GroupEvent::lease_break({2, "b"}, {1, "a"}, "src/x", 2);
  broken.fence_counter = 3;
  applied(g, broken, 14);
  ck_assert(g.leases.empty());
  ck_assert_uint_eq(g.lease_fence, 3);
  ck_assert_uint_eq(g.version, 2);  // messages and leases leave the version alone
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
  return run_suite(
      "group", {join_order_and_coordinator, coordinator_hand_over, share_versions,
                messages_and_leases, registry_listing_and_remove, group_names, keys_and_values});
}
