// Check suite: the replica of a remote group (replica.h), fed Redis's replies as Redis
// sends them (RESP, parsed by hiredis's own reader, as the server's connection does):
// stream entries in order, entries seen before, a gap, a lying entry, a group Redis lost,
// a member of this server ended by another, and snapshots (the group they describe, and
// the events a waiter had not seen).
#include "amux/coord/coordinator.h"
#include "amux/coord/replica.h"

#include <hiredis/hiredis.h>

#include <memory>

#include "check-main.h"
#include "fake-host.h"

using namespace amux;

namespace {

// RESP for a tree of strings and arrays.
struct Resp {
  std::string text;
  static Resp str(const std::string& s) {
    return {"$" + std::to_string(s.size()) + "\r\n" + s + "\r\n"};
  }
  static Resp arr(const std::vector<Resp>& items) {
    Resp r{"*" + std::to_string(items.size()) + "\r\n"};
    for (const Resp& i : items) r.text += i.text;
    return r;
  }
  static Resp strings(const std::vector<std::string>& items) {
    std::vector<Resp> out;
    for (const auto& s : items) out.push_back(str(s));
    return arr(out);
  }
};

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

ReplyPtr parsed(const Resp& r) {
  redisReader* reader = redisReaderCreate();
  ck_assert_int_eq(redisReaderFeed(reader, r.text.data(), r.text.size()), REDIS_OK);
  void* out = nullptr;
  ck_assert_int_eq(redisReaderGetReply(reader, &out), REDIS_OK);
  ck_assert_ptr_nonnull(out);
  redisReaderFree(reader);
  return ReplyPtr(static_cast<redisReply*>(out));
}

// A stream entry as XRANGE/XREAD give it: [id, [field, value, ...]].
Resp entry(const std::string& id, const std::vector<std::string>& fields) {
  return Resp::arr({Resp::str(id), Resp::strings(fields)});
}

// The server "srvA" with its session 1 ("me") in the group "team".
struct Fixture {
  FakeHost host;
  Coordinator coord{host};
  std::map<int, std::string> local{{1, "me"}};
  Replica replica{coord, "srvA",
                  [this](const std::string& group) { return group == "team" ? &local : nullptr; }};
  Group* g = nullptr;
  Fixture() {
    host.names[1] = "me";
    g = &coord.add_replica("team", "redis://r");
    coord.replica_member(1, g);
  }
  Replica::Step feed(const Resp& r, EventKind* kind = nullptr) {
    EventKind k;
    ReplyPtr reply = parsed(r);
    return replica.apply_entry(*g, reply.get(), kind != nullptr ? kind : &k);
  }
  int far() const { return g->remote_id("far"); }
};

Resp join_me(const std::string& seq) {
  return entry(seq + "-0", {"seq", seq, "kind",  "join", "actor", "me",   "time",   "100",
                            "gv",  "1", "value", "rust", "data",  "",     "server", "srvA",
                            "sid", "1", "host",  "h1",   "state", "idle", "note",   ""});
}
Resp join_far(const std::string& seq) {
  return entry(seq + "-0", {"seq", seq, "kind",  "join", "actor", "far",     "time",   "101",
                            "gv",  "2", "value", "go",   "data",  "parse",   "server", "srvB",
                            "sid", "7", "host",  "h2",   "state", "working", "note",   "busy"});
}

}  // namespace

START_TEST(entries_in_order) {
  Fixture f;
  EventKind kind;
  ck_assert(f.feed(join_me("1")) == Replica::Step::kApplied);
  ck_assert(f.feed(entry("2-0", {"seq", "2", "kind", "coordinator", "actor", "me", "time", "100",
                                 "gv", "1"})) == Replica::Step::kApplied);
  ck_assert(f.feed(join_far("3"), &kind) == Replica::Step::kApplied);
  ck_assert(kind == EventKind::kJoin);
  Group& g = *f.g;
  ck_assert_uint_eq(g.members.size(), 2);
  ck_assert_int_eq(g.members[0], 1);  // this server's session keeps its own id
  int far = f.far();
  ck_assert_int_ge(far, kRemoteIdBase);
  ck_assert_int_eq(g.members[1], far);
  ck_assert_sstr_eq(f.replica.peer(far)->host, "h2");
  ck_assert_sstr_eq(f.replica.peer(far)->objective, "parse");
  ck_assert_sstr_eq(f.coord.presence(far).state, "working");
  ck_assert_sstr_eq(f.replica.peer(far)->name, "far");

  ck_assert(f.feed(entry("4-0", {"seq", "4",  "kind", "share", "actor", "far",   "time",
                                 "102", "gv", "3",    "key",   "k",     "value", "v",
                                 "ver", "3",  "eph",  "1",     "exp",   "0"})) ==
            Replica::Step::kApplied);
  const ContextEntry& c = g.context.at("k");
  ck_assert_sstr_eq(c.value, "v");
  ck_assert_uint_eq(c.version, 3);
  ck_assert(c.ephemeral);
  ck_assert_int_eq(c.author_id, far);
  ck_assert_uint_eq(g.version, 3);
  ck_assert_int_eq(g.last_activity, 102);

  ck_assert(f.feed(entry("5-0", {"seq",  "5",    "kind", "message", "actor", "far",   "time",
                                 "103",  "gv",   "3",    "target",  "me",    "value", "hi",
                                 "data", "high", "ref",  "0",       "paste", "1"})) ==
            Replica::Step::kApplied);
  ck_assert_uint_eq(g.inbox.at(1).size(), 1);
  ck_assert_sstr_eq(g.inbox.at(1).front().text, "hi");
  ck_assert(g.inbox.at(1).front().priority == Priority::kHigh);
  ck_assert_uint_eq(f.host.typed.size(), 1);  // -p: typed into the recipient's pane
  ck_assert_int_eq(f.host.typed[0].first, 1);

  // A lease dies with a pane of the server that asked for it; another server's pane
  // number means nothing here.
  ck_assert(f.feed(entry("6-0", {"seq",    "6",         "kind",  "lock", "actor", "me",
                                 "time",   "104",       "gv",    "3",    "key",   "src/a",
                                 "data",   "exclusive", "fence", "1",    "exp",   "500",
                                 "server", "srvA",      "pane",  "3"})) == Replica::Step::kApplied);
  ck_assert(f.feed(entry("7-0", {"seq", "7",   "kind",   "lock",  "actor", "far",    "time",  "104",
                                 "gv",  "3",   "key",    "src/b", "data",  "shared", "fence", "2",
                                 "exp", "600", "server", "srvB",  "pane",  "3"})) ==
            Replica::Step::kApplied);
  ck_assert_uint_eq(g.leases.size(), 2);
  ck_assert_int_eq(g.leases[0].pane_id, 3);
  ck_assert_int_eq(g.leases[1].pane_id, -1);
  ck_assert(g.leases[1].shared);
  ck_assert_int_eq(g.leases[1].expires, 600);
  ck_assert_uint_eq(g.lease_fence, 2);
  ck_assert(f.feed(entry("8-0", {"seq", "8", "kind", "unlock", "actor", "far", "time", "105", "gv",
                                 "3", "key", "src/b", "fence", "2"}),
                   &kind) == Replica::Step::kApplied);
  ck_assert(kind == EventKind::kUnlock);
  ck_assert_uint_eq(g.leases.size(), 1);
  ck_assert_sstr_eq(g.leases[0].path, "src/a");
  ck_assert_uint_eq(g.event_seq, 8);
  ck_assert_sstr_eq(g.remote_last, "8-0");
  ck_assert_uint_eq(g.events.size(), 8);
}
END_TEST

START_TEST(seen_gap_lying_lost) {
  Fixture f;
  f.feed(join_me("1"));
  f.feed(join_far("2"));
  Group& g = *f.g;
  // The same entry again (a script's tail and the reader both bring it): nothing changes.
  ck_assert(f.feed(join_far("2")) == Replica::Step::kSeen);
  ck_assert_uint_eq(g.members.size(), 2);
  ck_assert_uint_eq(g.events.size(), 2);
  // Not the next one: the stream was trimmed past what was read.
  ck_assert(f.feed(entry("9-0", {"seq", "9", "kind", "share", "actor", "far", "time", "1", "gv",
                                 "9", "key", "k", "value", "v"})) == Replica::Step::kGap);
  ck_assert_uint_eq(g.event_seq, 2);
  ck_assert(g.context.empty());
  // A peer that lies (a name past the limit): passed over, the order kept.
  ck_assert(f.feed(entry("3-0", {"seq", "3", "kind", "share", "actor", std::string(2000, 'x'),
                                 "time", "1", "gv", "3", "key", "k", "value", "v"})) ==
            Replica::Step::kPassed);
  ck_assert_uint_eq(g.event_seq, 3);
  ck_assert(g.context.empty());
  ck_assert_uint_eq(g.events.size(), 2);
  ck_assert(f.feed(entry("4-0", {"seq", "4", "kind", "no-such-kind", "actor", "far"})) ==
            Replica::Step::kPassed);
  // A later entry with an old number: Redis lost the group and it began again.
  ck_assert(f.feed(entry("50-0", {"seq", "1", "kind", "join", "actor", "x", "time", "1"})) ==
            Replica::Step::kLost);
  ck_assert_uint_eq(g.members.size(), 2);
}
END_TEST

START_TEST(member_ended_by_another_server) {
  Fixture f;
  f.feed(join_me("1"));
  f.feed(join_far("2"));
  f.feed(entry("3-0", {"seq", "3", "kind", "leave", "actor", "me", "time", "5", "gv", "3"}));
  ck_assert_uint_eq(f.g->members.size(), 1);
  ck_assert_uint_eq(f.host.notified.size(), 1);
  ck_assert_int_eq(f.host.notified[0].first, 1);
  ck_assert(f.host.notified[0].second.starts_with("[team] me was ended by another server"));
  // A member this server took out itself is no longer local when its leave comes back.
  f.local.clear();
  f.feed(join_me("4"));
  f.feed(entry("5-0", {"seq", "5", "kind", "leave", "actor", "me", "time", "5", "gv", "5"}));
  ck_assert_uint_eq(f.host.notified.size(), 1);
}
END_TEST

// A snapshot as the snapshot script returns it: info, members, peers, ctx, meta, leases,
// the inboxes asked for, and the newest events first.
static Resp snapshot(const std::string& seq, const std::vector<Resp>& events) {
  return Resp::arr(
      {Resp::strings({"seq", seq, "version", "5", "created", "90", "activity", "200"}),
       Resp::strings({"me", "far"}),
       Resp::strings({R"({"server":"srvA","sid":1,"host":"h1","type":"rust","state":"idle"})",
                      R"({"server":"srvB","sid":7,"host":"h2","type":"go","objective":"o",)"
                      R"("state":"blocked","note":"n"})"}),
       Resp::strings({"k", "v", "bad key!", "x"}),
       Resp::strings({"k", R"({"v":4,"a":"far","t":150,"e":1,"x":0})"}),
       Resp::strings({R"({"path":"b","holder":"me","fence":7,"shared":0,"expires":900,"pane":3})",
                      R"({"path":"a","holder":"far","fence":5,"shared":1,"expires":800,)"
                      R"("pane":3})"}),
       Resp::arr({Resp::str("me"),
                  Resp::arr({entry("11-0", {"seq", "11", "from", "far", "text", "yo", "priority",
                                            "", "reply", "0", "time", "190"})})}),
       Resp::arr(events)});
}

START_TEST(snapshot_is_clear_then_apply) {
  Fixture f;
  f.g->context["stale"].value = "gone after the reset";
  ReplyPtr snap =
      parsed(snapshot("12", {entry("12-0", {"seq", "12", "kind", "share", "actor", "far", "time",
                                            "199", "gv", "5", "key", "k", "value", "v"}),
                             entry("11-0", {"seq", "11", "kind", "message", "actor", "far", "time",
                                            "190", "gv", "4", "target", "me", "value", "yo"})}));
  f.replica.reset(*f.g, snap.get());
  Group& g = *f.g;
  int far = f.far();
  ck_assert_uint_eq(g.members.size(), 2);
  ck_assert_int_eq(g.members[0], 1);
  ck_assert_int_eq(g.members[1], far);
  ck_assert_sstr_eq(f.coord.presence(far).state, "blocked");
  ck_assert_sstr_eq(f.replica.peer(far)->objective, "o");
  ck_assert_uint_eq(g.context.size(), 1);  // "bad key!" is not a key amux writes
  ck_assert_uint_eq(g.context.at("k").version, 4);
  ck_assert(g.context.at("k").ephemeral);
  ck_assert_int_eq(g.context.at("k").author_id, far);
  ck_assert_uint_eq(g.leases.size(), 2);  // by fence
  ck_assert_sstr_eq(g.leases[0].path, "a");
  ck_assert(g.leases[0].shared);
  ck_assert_int_eq(g.leases[0].pane_id, -1);
  ck_assert_int_eq(g.leases[1].pane_id, 3);
  ck_assert_uint_eq(g.lease_fence, 7);
  ck_assert_sstr_eq(g.inbox.at(1).front().text, "yo");
  ck_assert_uint_eq(g.inbox.at(1).front().seq, 11);
  ck_assert_uint_eq(g.event_seq, 12);
  ck_assert_uint_eq(g.version, 5);
  ck_assert_int_eq(g.created, 90);
  ck_assert_int_eq(g.last_activity, 200);
  ck_assert_uint_eq(g.events.size(), 2);
  ck_assert_uint_eq(g.events.front().seq, 11);
  ck_assert_sstr_eq(g.remote_last, "12-0");
  // The first snapshot is history: nothing was waiting on it.
  ck_assert(f.host.resumed.empty());
  // The next entry after it applies.
  ck_assert(f.feed(entry("13-0", {"seq", "13", "kind", "unset", "actor", "far", "time", "201", "gv",
                                  "6", "key", "k"})) == Replica::Step::kApplied);
  ck_assert(g.context.empty());
}
END_TEST

START_TEST(snapshot_wakes_what_was_missed) {
  Fixture f;
  f.feed(join_me("1"));
  EventWaiter w;
  w.client_id = 5;
  w.group_id = f.g->id;
  w.session_id = 1;
  std::string error;
  ck_assert(w.filter.set_kinds("share", &error));
  f.coord.add_waiter(w, -1);
  // The replica fell behind (seen 1); the snapshot brings seq 12 with a share at 12.
  ReplyPtr snap =
      parsed(snapshot("12", {entry("12-0", {"seq", "12", "kind", "share", "actor", "far", "time",
                                            "199", "gv", "5", "key", "k", "value", "v"})}));
  f.replica.reset(*f.g, snap.get());
  ck_assert_uint_eq(f.host.resumed.size(), 1);
  ck_assert_int_eq(f.host.resumed[0].client, 5);
  ck_assert_sstr_eq(f.host.resumed[0].out, "12 share far k=v\n");
}
END_TEST

int main() {
  return run_suite("replica",
                   {entries_in_order, seen_gap_lying_lost, member_ended_by_another_server,
                    snapshot_is_clear_then_apply, snapshot_wakes_what_was_missed});
}
