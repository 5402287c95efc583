// Check suite: the Coordinator without a server, behind a fake host that keeps a clock,
// session names, parked clients and what was resumed, streamed, typed and hooked:
// membership and hand-over, compare-and-set, events and waiter matching, leases (globs,
// shared, waiters, expiry, the holder's pane), messages and inbox bounds, presence, hooks.
#include "amux/coord/coordinator.h"

#include <map>
#include <vector>

#include "fake-host.h"
// after the C++ headers
#include "check-main.h"

using namespace amux;

namespace {

struct Fixture {
  FakeHost host;
  Coordinator coord{host};
  Group* g = nullptr;
  explicit Fixture(int members = 3) {
    std::string error;
    for (int i = 1; i <= members; i++) {
      host.names[i] = "s" + std::to_string(i);
      coord.join(i, "team", &error);
    }
    g = coord.find_group("team");
  }
  std::string lines(uint64_t after = 0) const {
    std::string out;
    for (const auto& e : g->events)
      if (e.seq > after) out += event_line(g->name, e, false, "");
    return out;
  }
};

LeaseRequest request(std::vector<std::string> paths, bool shared = false, long seconds = 3600) {
  LeaseRequest r;
  r.paths = std::move(paths);
  r.shared = shared;
  r.seconds = seconds;
  return r;
}

}  // namespace

START_TEST(join_events_and_hand_over) {
  Fixture f;
  ck_assert_sstr_eq(f.lines(), "1 join s1\n2 coordinator s1\n3 join s2\n4 join s3\n");
  std::string error;
  ck_assert(!f.coord.join(2, "other", &error));
  ck_assert_sstr_eq(error, "session 's2' is already in group 'team'");
  LeaveResult r = f.coord.leave(1);
  ck_assert_int_eq(r.new_coordinator, 2);
  ck_assert_sstr_eq(f.lines(4), "5 leave s1\n6 coordinator s2\n");
  ck_assert_ptr_null(f.coord.group_of(1));
  ck_assert_ptr_eq(f.coord.group_of(2), f.g);
  ck_assert(!f.coord.delete_group("team", &error));
  ck_assert_sstr_eq(error, "group 'team' still has 2 members");
  f.coord.session_gone(2);
  f.coord.session_gone(3);
  ck_assert(f.coord.delete_group("team", &error));
  ck_assert_uint_eq(f.coord.group_count(), 0);
}
END_TEST

START_TEST(group_full) {
  FakeHost host;
  Coordinator coord(host);
  std::string error;
  for (int i = 0; i < 256; i++) ck_assert(coord.join(i, "g", &error));
  ck_assert(!coord.join(1000, "g", &error));
  ck_assert_sstr_eq(error, "group 'g' is full (256 members)");
  coord.set_member_limit(3);  // a lower limit drops nobody; nobody more joins
  ck_assert_uint_eq(coord.find_group("g")->members.size(), 256);
  ck_assert(!coord.join(1000, "g", &error));
  ck_assert_sstr_eq(error, "group 'g' is full (3 members)");
  ck_assert(coord.join(1000, "h", &error));
}
END_TEST

START_TEST(compare_and_set) {
  Fixture f;
  ck_assert_sstr_eq(f.coord.check_versions(*f.g, {"k"}, 0), "");
  f.coord.share(*f.g, 1, {{"k", "v1"}});
  uint64_t v = f.g->context.at("k").version;
  const std::string mismatch = "version mismatch: key k is at version " + std::to_string(v);
  ck_assert_sstr_eq(f.coord.check_versions(*f.g, {"k"}, 0), mismatch.c_str());
  ck_assert_sstr_eq(f.coord.check_versions(*f.g, {"k"}, v), "");
  f.coord.share(*f.g, 2, {{"k", "v2"}});
  ck_assert_sstr_eq(f.coord.check_versions(*f.g, {"k"}, v).substr(0, 16), "version mismatch");
  ck_assert_sstr_eq(f.g->context.at("k").author_name, "s2");
}
END_TEST

START_TEST(waiter_matching) {
  EventWaiter key;
  key.filter.key_glob = "k";
  ck_assert(waiter_matches(key, GroupEvent::share({1, "a"}, "k", "v")));
  ck_assert(waiter_matches(key, GroupEvent::unset({1, "a"}, "k")));
  ck_assert(!waiter_matches(key, GroupEvent::share({1, "a"}, "other", "v")));
  ck_assert(!waiter_matches(key, GroupEvent::join({1, "a"})));
  EventWaiter messages;
  messages.messages = true;
  messages.session_id = 2;
  ck_assert(waiter_matches(messages, GroupEvent::message({1, "a"}, {2, "b"}, "hi")));
  ck_assert(!waiter_matches(messages, GroupEvent::message({1, "a"}, {3, "c"}, "hi")));
  EventWaiter peer;
  peer.peer = 3;
  peer.state = "idle";
  ck_assert(waiter_matches(peer, GroupEvent::state({3, "c"}, "idle", "")));
  ck_assert(!waiter_matches(peer, GroupEvent::state({3, "c"}, "working", "")));
  ck_assert(!waiter_matches(peer, GroupEvent::state({2, "b"}, "idle", "")));
  EventWaiter any;
  ck_assert(waiter_matches(any, GroupEvent::lock({1, "a"}, "x", 1, false)));
}
END_TEST

START_TEST(waiters_woken_and_ended) {
  Fixture f;
  EventWaiter w;
  w.client_id = 7;
  w.group_id = f.g->id;
  w.session_id = 2;
  w.filter.key_glob = "k";
  f.coord.add_waiter(w, -1);
  EventWaiter gone = w;
  gone.client_id = 8;
  gone.session_id = 3;
  f.coord.add_waiter(gone, -1);
  f.coord.share(*f.g, 1, {{"other", "1"}});
  ck_assert_uint_eq(f.host.resumed.size(), 0);
  f.coord.share(*f.g, 1, {{"k", "2"}});
  ck_assert_uint_eq(f.host.resumed.size(), 2);  // 8 also waits for k
  ck_assert_sstr_eq(f.host.resumed[0].out, "6 share s1 k=2\n");
  EventWaiter leaver = w;
  leaver.client_id = 9;
  f.coord.add_waiter(leaver, -1);
  f.coord.leave(2);
  ck_assert_uint_eq(f.host.resumed.size(), 3);
  ck_assert_int_eq(f.host.resumed[2].status, 1);
  ck_assert_sstr_eq(f.host.resumed[2].err, "session 's2' left group 'team'\n");
  f.host.parked[10] = nullptr;
  EventWaiter cancelled = w;
  cancelled.client_id = 10;
  cancelled.session_id = 3;
  f.coord.add_waiter(cancelled, 5);
  f.host.parked[10]();  // the client went away: the waiter is gone
  f.coord.share(*f.g, 1, {{"k", "3"}});
  ck_assert_uint_eq(f.host.resumed.size(), 3);
  EventWaiter nobody = w;
  nobody.client_id = 0;  // no connection to park: nothing is registered
  f.coord.add_waiter(nobody, -1);
  f.coord.add_lock_waiter({0, f.g->id, 3, request({"x"})}, -1);
  f.coord.add_stream({0, f.g->id, false, "", {}});
  ck_assert_uint_eq(f.coord.waiting(), 0);
}
END_TEST

START_TEST(streams_and_cut) {
  Fixture f;
  f.coord.add_stream({5, f.g->id, false, "#{event_kind}:#{event_key}", {}});
  f.coord.share(*f.g, 1, {{"a", "1"}});
  ck_assert_sstr_eq(f.host.streamed[5], "share:a\n");
  f.host.stream_ok = false;
  f.coord.share(*f.g, 1, {{"b", "1"}});
  f.host.stream_ok = true;
  f.coord.share(*f.g, 1, {{"c", "1"}});
  ck_assert_sstr_eq(f.host.streamed[5], "share:a\nshare:b\n");  // cut after b
}
END_TEST

START_TEST(event_limit_keeps_newest) {
  Fixture f(1);
  f.coord.set_event_limit(3);
  for (int i = 0; i < 5; i++) f.coord.share(*f.g, 1, {{"k", std::to_string(i)}});
  ck_assert_uint_eq(f.g->events.size(), 3);
  ck_assert_uint_eq(f.g->events.front().seq, 5);
  ck_assert_uint_eq(f.g->events.back().seq, 7);
}
END_TEST

START_TEST(lease_conflicts_and_globs) {
  Fixture f;
  ck_assert_sstr_eq(f.coord.grant_leases(*f.g, 1, request({"src/x.cc", "lib/*"})),
                    "Locked in group 'team': src/x.cc (fence 1, expires in 3600s)\n"
                    "Locked in group 'team': lib/* (fence 2, expires in 3600s)\n");
  ck_assert_ptr_nonnull(lease_conflict(*f.g, 2, "src/x.cc", false));
  ck_assert_ptr_nonnull(lease_conflict(*f.g, 2, "lib/util.c", false));
  ck_assert_ptr_null(lease_conflict(*f.g, 2, "lib/sub/util.c", false));  // * stops at /
  ck_assert_ptr_nonnull(lease_conflict(*f.g, 2, "src/*.cc", true));      // glob over path
  ck_assert_ptr_null(lease_conflict(*f.g, 1, "src/x.cc", false));        // one's own
  f.coord.grant_leases(*f.g, 2, request({"docs/a.md"}, true, 60));
  ck_assert_ptr_null(lease_conflict(*f.g, 3, "docs/a.md", true));
  const Lease* l = lease_conflict(*f.g, 3, "docs/a.md", false);
  ck_assert_ptr_nonnull(l);
  ck_assert_sstr_eq(lease_conflict_error(*l, "session 's2'", f.host.clock + 10),
                    "path 'docs/a.md' is locked by session 's2' (expires in 50s)");
  ck_assert_int_eq(f.host.expiry, f.host.clock + 60);
}
END_TEST

START_TEST(lease_waiters_in_order) {
  Fixture f;
  f.coord.grant_leases(*f.g, 1, request({"a", "b"}));
  f.coord.add_lock_waiter({21, f.g->id, 2, request({"a", "b"})}, -1);
  f.coord.add_lock_waiter({22, f.g->id, 3, request({"a"})}, -1);
  std::string out;
  f.coord.release_leases(
      *f.g, [](const Lease& l) { return l.path == "a"; }, EventKind::kUnlock, &out);
  ck_assert_sstr_eq(out, "Unlocked in group 'team': a (fence 1)\n");
  ck_assert_uint_eq(f.host.resumed.size(), 1);  // 22 got a; 21 still needs b
  ck_assert_uint_eq(f.host.resumed[0].client, 22);
  f.coord.leave(3);  // releases a
  f.coord.release_leases(
      *f.g, [](const Lease& l) { return l.path == "b"; }, EventKind::kUnlock, nullptr);
  ck_assert_uint_eq(f.host.resumed.size(), 2);
  ck_assert_sstr_eq(f.host.resumed[1].out,
                    "Locked in group 'team': a (fence 4, expires in 3600s)\n"
                    "Locked in group 'team': b (fence 5, expires in 3600s)\n");
}
END_TEST

START_TEST(lease_dies_with_pane_and_holder) {
  Fixture f;
  LeaseRequest r = request({"p"});
  r.pane_id = 9;
  f.coord.grant_leases(*f.g, 1, r);
  f.coord.grant_leases(*f.g, 1, request({"q"}));
  f.coord.release_pane_leases(1, 8);
  ck_assert_uint_eq(f.g->leases.size(), 2);
  f.coord.release_pane_leases(1, 9);
  ck_assert_uint_eq(f.g->leases.size(), 1);
  f.coord.grant_leases(*f.g, 2, request({"z"}));
  f.coord.add_lock_waiter({30, f.g->id, 1, request({"q", "z"})}, -1);  // its own q: no bar
  f.coord.leave(1);  // q goes with it, its parked alock -w ends
  ck_assert_uint_eq(f.g->leases.size(), 1);
  ck_assert_sstr_eq(f.g->leases[0].path, "z");
  ck_assert_uint_eq(f.host.resumed.size(), 1);
  ck_assert_int_eq(f.host.resumed[0].status, 1);
  ck_assert_sstr_eq(f.host.resumed[0].err, "session 's1' left group 'team'\n");
}
END_TEST

START_TEST(expiry_of_leases_and_keys) {
  Fixture f;
  f.coord.grant_leases(*f.g, 1, request({"brief"}, false, 5));
  ShareMode mode;
  mode.expires = f.host.clock + 10;
  f.coord.share(*f.g, 2, {{"tmp", "1"}}, mode);
  ck_assert_int_eq(f.host.expiry, f.host.clock + 5);
  uint64_t seq = f.g->event_seq;
  f.host.clock += 5;
  f.coord.run_expiry();
  ck_assert_sstr_eq(f.lines(seq),
                    "7 expire s1 brief fence 1\n"
                    "8 message amux -> s1: lease on 'brief' expired (fence 1)\n");
  ck_assert_int_eq(f.host.expiry, f.host.clock + 5);
  f.host.clock += 5;
  f.coord.run_expiry();
  ck_assert_sstr_eq(f.lines(8), "9 unset s2 tmp expired\n");
  ck_assert_int_eq(f.host.expiry, 0);
  ck_assert_uint_eq(f.g->inbox.at(1).size(), 1);
}
END_TEST

START_TEST(ephemeral_keys_go_with_author) {
  Fixture f;
  ShareMode eph;
  eph.ephemeral = true;
  f.coord.share(*f.g, 2, {{"e", "1"}}, eph);
  f.coord.share(*f.g, 2, {{"kept", "1"}});
  f.coord.leave(2);
  ck_assert_uint_eq(f.g->context.count("e"), 0);
  ck_assert_uint_eq(f.g->context.count("kept"), 1);
}
END_TEST

START_TEST(messages_and_inbox_bounds) {
  Fixture f;
  int pane = -1;
  uint64_t seq = f.coord.send_message(*f.g, {1, "s1"}, 2, "hello", true, &pane);
  ck_assert_uint_eq(seq, f.g->event_seq);
  ck_assert_int_eq(pane, 42);
  ck_assert_sstr_eq(f.host.typed.at(0).second, "hello");
  ck_assert_sstr_eq(f.coord.check_message(*f.g, 2, ""), "empty message");
  ck_assert_sstr_eq(f.coord.check_message(*f.g, 2, std::string(kMaxValueLength + 1, 'x')),
                    "message too long (at most 65536 bytes)");
  for (int i = 1; i < 1000; i++) f.coord.send_message(*f.g, {1, "s1"}, 3, "m");
  ck_assert_sstr_eq(f.coord.check_message(*f.g, 3, "m"), "");
  f.coord.send_message(*f.g, {1, "s1"}, 3, "m");
  ck_assert_sstr_eq(f.coord.check_message(*f.g, 3, "m"),
                    "inbox of session 's3' is full (1000 unread messages)");
  std::string big(60000, 'b');
  for (int i = 0; i < 70; i++) f.coord.send_message(*f.g, {3, "s3"}, 1, big);
  ck_assert_sstr_eq(f.coord.check_message(*f.g, 1, big),
                    "inbox of session 's1' is full (4 MiB of unread messages)");
  f.coord.leave(3);
  ck_assert_uint_eq(f.g->inbox.count(3), 0);
}
END_TEST

START_TEST(presence_states) {
  Fixture f;
  ck_assert_sstr_eq(f.coord.presence(2).state, "idle");
  uint64_t seq = f.g->event_seq;
  f.coord.set_activity(2, Activity::kWorking);
  f.coord.set_activity(2, Activity::kWorking);  // no change, no event
  f.coord.set_state(2, "blocked", "on review");
  f.coord.set_activity(2, Activity::kIdle);  // explicit state holds
  f.coord.set_activity(2, Activity::kDead);
  f.coord.set_state(2, "", "");
  ck_assert_sstr_eq(f.lines(seq),
                    "5 state s2 working\n"
                    "6 state s2 blocked on review\n"
                    "7 state s2 dead on review\n"
                    "8 state s2 dead\n");
  ck_assert_uint_eq(f.coord.presence(2).seq, 8);
  f.coord.session_gone(2);
  ck_assert_sstr_eq(f.coord.presence(2).state, "idle");
}
END_TEST

START_TEST(hooks_by_kind) {
  Fixture f;
  f.host.set_hooks = {"agent-unlocked", "agent-shared"};
  f.coord.grant_leases(*f.g, 1, request({"a"}, false, 1));  // agent-locked is not set
  f.host.clock += 1;
  f.coord.run_expiry();  // an expire runs agent-unlocked too
  f.coord.share(*f.g, 1, {{"k", "v"}});
  f.host.set_hooks.erase("agent-shared");
  f.coord.share(*f.g, 1, {{"k", "z"}});
  ck_assert_uint_eq(f.host.hooks.size(), 2);
  ck_assert_sstr_eq(f.host.hooks[0].first, "agent-unlocked");
  ck_assert_sstr_eq(f.host.hooks[0].second, "expire");
  ck_assert_sstr_eq(f.host.hooks[1].first, "agent-shared");
  ck_assert_sstr_eq(f.host.hooks[1].second, "share");
}
END_TEST

START_TEST(event_lines) {
  GroupEvent e = GroupEvent::lock({1, "dev"}, "src/x.cc", 14, true);
  e.seq = 3;
  ck_assert_sstr_eq(event_line("g", e, false, ""), "3 lock dev src/x.cc fence 14 shared\n");
  e = GroupEvent::message({1, "a"}, {2, "b"}, "two\nlines");
  e.seq = 4;
  ck_assert_sstr_eq(event_line("g", e, false, ""), "4 message a -> b: two\\nlines\n");
  ck_assert_sstr_eq(event_line("g", e, false, "#{event_kind} #{event_target}"), "message b\n");
  ck_assert_sstr_eq(event_kind_name(EventKind::kExpire), "expire");
}
END_TEST

int main() {
  return run_suite(
      "coordinator",
      {join_events_and_hand_over, group_full, compare_and_set, waiter_matching,
       waiters_woken_and_ended, streams_and_cut, event_limit_keeps_newest,
       lease_conflicts_and_globs, lease_waiters_in_order, lease_dies_with_pane_and_holder,
       expiry_of_leases_and_keys, ephemeral_keys_go_with_author, messages_and_inbox_bounds,
       presence_states, hooks_by_kind, event_lines});
}
