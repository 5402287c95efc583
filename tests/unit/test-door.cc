// Check suite: the Coordinator's door (coordinator.h, door.cc) without a server. One call
// per operation for a group of this server (answered at once, the lines a command prints)
// and for a remote group (handed to the backend, answered when it answers), lease policy
// (conflict, -n, -w parked), and the session's last activity told to the host.
#include <map>
#include <vector>

#include "amux/coord/coordinator.h"
#include "amux/server/server.h"
#include "fake-host.h"
// after the C++ headers
#include "check-main.h"

using namespace amux;

namespace {

// A host that also counts what acted.
struct Host : FakeHost {
  std::vector<int> acted_ids;
  void acted(int id) override { acted_ids.push_back(id); }
};

// A remote backend that keeps each request's completion, to answer it when the test says.
struct FakeRemote : RemoteBackend {
  std::vector<std::string> calls;
  RemoteDone pending;
  void join(const RemoteMember& m, const std::string& group, const std::string& url,
            RemoteDone done) override {
    calls.push_back("join " + m.name + " " + group + " " + url);
    pending = std::move(done);
  }
  void leave(Group&, int, RemoteDone done) override { pending = std::move(done); }
  void share(Group& g, int, const std::vector<ShareRequest>& list, RemoteDone done) override {
    std::string call = "share " + g.name;
    for (const ShareRequest& r : list)
      call += " " + r.pairs[0].first + (r.unset ? " unset" : "") + " expected=" +
              (r.versioned ? std::to_string(r.expected) : "") + (r.ephemeral ? " e" : "") +
              " x=" + std::to_string(r.seconds);
    calls.push_back(call);
    pending = std::move(done);
  }
  void send(Group&, int, const std::vector<int>& to, const std::string& text,
            const std::string& priority, uint64_t, bool, RemoteDone done) override {
    calls.push_back("send " + std::to_string(to.size()) + " " + text + " " + priority);
    pending = std::move(done);
  }
  void read(Group&, int, const std::vector<uint64_t>&, RemoteDone done) override {
    pending = std::move(done);
  }
  void lock(Group&, int, const LeaseRequest& req, RemoteDone done) override {
    calls.push_back("lock " + req.paths[0]);
    pending = std::move(done);
  }
  void unlock(Group&, int, int, const std::vector<std::string>&, RemoteDone done) override {
    pending = std::move(done);
  }
  void lock_wait(Group&, int, uint64_t client, LeaseRequest, RemoteDone done) override {
    calls.push_back("lock_wait " + std::to_string(client));
    pending = std::move(done);
  }
  void cancel_lock_wait(uint64_t client) override {
    calls.push_back("cancel " + std::to_string(client));
  }
  void publish(Group&, const GroupEvent&) override {}
  void session_left(Group&, int) override {}
  void pane_gone(Group&, int, int) override {}
  const RemotePeer* peer(int) const override { return nullptr; }
};

struct Fixture {
  Host host;
  FakeRemote remote;
  Coordinator coord{host};
  std::vector<CoordResult> results;
  CoordDone keep() {
    return [this](const CoordResult& r) { results.push_back(r); };
  }
  Fixture() {
    coord.set_remote(&remote);
    for (int i = 1; i <= 3; i++) host.names[i] = "s" + std::to_string(i);
  }
};

LeaseRequest paths(std::vector<std::string> p) {
  LeaseRequest r;
  r.paths = std::move(p);
  return r;
}

}  // namespace

START_TEST(local_operations_answer_at_once) {
  Fixture f;
  JoinRequest join;
  join.group = "team";
  f.coord.request_join(1, join, f.keep());
  f.coord.request_join(2, join, f.keep());
  ck_assert_uint_eq(f.results.size(), 2);
  ck_assert_sstr_eq(f.results[0].out,
                    "Session 's1' joined group 'team'\nFirst session in group (coordinator)\n");
  ck_assert_sstr_eq(f.results[1].out, "Session 's2' joined group 'team'\nDiscovered 1 peer: s1\n");
  Group& g = *f.coord.find_group("team");
  ShareRequest share;
  share.pairs = {{"k", "a\nb"}};
  f.coord.request_share(g, 1, share, f.keep());
  ck_assert_sstr_eq(f.results.back().out, "Shared with group 'team': k=a\\nb\n");
  share.versioned = true;
  share.expected = 0;  // k exists: refused, a conflict event
  f.coord.request_share(g, 2, share, f.keep());
  ck_assert_int_eq(f.results.back().status, 1);
  ck_assert_sstr_eq(f.results.back().err, "version mismatch: key k is at version 3\n");
  ShareRequest unset;
  unset.unset = true;
  unset.pairs = {{"nope", ""}};
  f.coord.request_share(g, 1, unset, f.keep());
  ck_assert_sstr_eq(f.results.back().err, "no such key: nope\n");
  SendRequest send;
  send.to = {2};
  send.text = "hi";
  f.coord.request_send(g, 1, send, f.keep());
  ck_assert_sstr_eq(f.results.back().out, "Message 6 sent to s2\n");
  f.coord.request_leave(1, f.keep());
  ck_assert_sstr_eq(f.results.back().out,
                    "Session 's1' left group 'team'\nRemoved from 1 peer\nCoordinator is now s2\n");
  ck_assert(f.remote.calls.empty());
  // Every request counted as its session's activity, refusals of a check included.
  ck_assert_uint_eq(f.host.acted_ids.size(), 7);
}
END_TEST

START_TEST(lease_policy) {
  Fixture f;
  JoinRequest join;
  join.group = "team";
  for (int i = 1; i <= 2; i++) f.coord.request_join(i, join, f.keep());
  Group& g = *f.coord.find_group("team");
  f.coord.request_lock(g, 1, paths({"src/*.cc"}), {}, f.keep());
  ck_assert_sstr_eq(f.results.back().out,
                    "Locked in group 'team': src/*.cc (fence 1, expires in 3600s)\n");
  f.coord.request_lock(g, 2, paths({"src/a.cc"}), {}, f.keep());
  ck_assert_int_eq(f.results.back().status, 1);
  ck_assert_sstr_eq(f.results.back().err,
                    "path 'src/*.cc' is locked by session 's1' (expires in 3600s)\n");
  LockOptions check;
  check.check_only = true;
  f.coord.request_lock(g, 2, paths({"src/a.cc"}), check, f.keep());
  ck_assert_int_eq(f.results.back().status, 1);
  ck_assert_sstr_eq(f.results.back().out,
                    "path 'src/*.cc' is locked by session 's1' (expires in 3600s)\n");
  LockOptions wait;
  wait.wait = true;
  f.coord.request_lock(g, 2, paths({"src/a.cc"}), wait, f.keep());
  ck_assert_sstr_eq(f.results.back().err, "agent-lock -w needs a client to wait\n");
  wait.client = 9;
  wait.reason = "review";
  f.coord.request_lock(g, 2, paths({"src/a.cc"}), wait, f.keep());
  ck_assert(f.results.back().parked);
  ck_assert_uint_eq(g.inbox.at(1).size(), 1);  // -r asked the holder
  ck_assert_sstr_eq(g.inbox.at(1).front().text, "s2 asks for src/a.cc: review");
  f.coord.request_unlock(g, 1, {}, f.keep());
  ck_assert_sstr_eq(f.results.back().out, "Unlocked in group 'team': src/*.cc (fence 1)\n");
  ck_assert_uint_eq(f.host.resumed.size(), 1);  // the waiter was granted
  ck_assert_sstr_eq(f.host.resumed[0].out,
                    "Locked in group 'team': src/a.cc (fence 2, expires in 3600s)\n");
  f.coord.request_break(g, 2, {"src/a.cc"}, f.keep());
  ck_assert_sstr_eq(f.results.back().err,
                    "permission denied: only the coordinator can break a lease\n");
}
END_TEST

START_TEST(remote_operations_go_to_the_backend) {
  Fixture f;
  Group& g = f.coord.add_replica("far", "redis://r");
  f.coord.replica_member(1, &g);
  g.members.push_back(1);
  g.remote_ids["s1"] = 1;
  g.remote_ids["s9"] = kRemoteIdBase;
  ck_assert_int_eq(g.remote_id("s9"), kRemoteIdBase);
  ck_assert_sstr_eq(g.remote_name(1), "s1");
  ShareRequest share;
  share.pairs = {{"k", "v"}};
  share.versioned = true;
  share.expected = 4;
  share.seconds = 30;
  f.coord.request_share(g, 1, share, f.keep());
  ck_assert(f.results.empty());  // answered when Redis answers
  ck_assert_sstr_eq(f.remote.calls.back(), "share far k expected=4 x=30");
  RemoteResult ok;
  ok.ok = true;
  f.remote.pending(ok);
  ck_assert_sstr_eq(f.results.back().out, "Shared with group 'far': k=v\n");
  f.coord.request_lock(g, 1, paths({"p"}), {}, f.keep());
  RemoteResult held;
  held.conflict = true;
  held.rows = {{"p", "s9", "60", "7"}};
  f.remote.pending(held);
  ck_assert_sstr_eq(f.results.back().err, "path 'p' is locked by session 's9' (expires in 60s)\n");
  LockOptions wait;
  wait.wait = true;
  wait.client = 5;
  wait.timeout = 10;
  f.coord.request_lock(g, 1, paths({"p"}), wait, f.keep());
  ck_assert(f.results.back().parked);
  ck_assert_sstr_eq(f.remote.calls.back(), "lock_wait 5");
  f.host.parked.at(5)();  // the client went away: the wait is cancelled
  ck_assert_sstr_eq(f.remote.calls.back(), "cancel 5");
  LockOptions asking;
  asking.reason = "why";
  f.coord.request_lock(g, 1, paths({"p"}), asking, f.keep());
  ck_assert_sstr_eq(f.results.back().err, "-r: not supported for remote groups\n");
  RemoteResult failed;
  failed.error = "redis: no reply in 10 s";
  f.coord.request_leave(1, f.keep());
  f.remote.pending(failed);
  ck_assert_sstr_eq(f.results.back().err, "redis: no reply in 10 s\n");
  JoinRequest join;
  join.group = "other";
  join.url = "http://nope";
  f.coord.request_join(2, join, f.keep());
  ck_assert_int_eq(f.results.back().status, 1);
}
END_TEST

// A command list's shares: in order, each all or none; the first refused ends the list,
// what went before it printed. A remote group gets them as one request.
START_TEST(share_lists) {
  Fixture f;
  JoinRequest join;
  join.group = "team";
  f.coord.request_join(1, join, f.keep());
  Group& g = *f.coord.find_group("team");
  std::vector<ShareRequest> list(3);
  list[0].pairs = {{"a", "1"}};
  list[1].pairs = {{"a", "2"}};
  list[1].versioned = true;
  list[1].expected = 9;  // refused
  list[2].pairs = {{"c", "3"}};
  f.coord.request_share(g, 1, list, f.keep());
  ck_assert_int_eq(f.results.back().status, 1);
  ck_assert_sstr_eq(f.results.back().out, "Shared with group 'team': a=1\n");
  ck_assert_sstr_eq(f.results.back().err, "version mismatch: key a is at version 2\n");
  ck_assert_sstr_eq(g.context.at("a").value, "1");
  ck_assert_uint_eq(g.context.count("c"), 0);
  list[1].versioned = false;
  f.coord.request_share(g, 1, list, f.keep());
  ck_assert_int_eq(f.results.back().status, 0);
  ck_assert_sstr_eq(f.results.back().out,
                    "Shared with group 'team': a=1\nShared with group 'team': a=2\n"
                    "Shared with group 'team': c=3\n");

  Group& far = f.coord.add_replica("far", "redis://r");
  f.coord.replica_member(2, &far);
  far.members.push_back(2);
  far.remote_ids["s2"] = 2;
  list[1].versioned = true;
  list[1].expected = 4;
  list[2].unset = true;
  f.coord.request_share(far, 2, list, f.keep());
  ck_assert_sstr_eq(f.remote.calls.back(),
                    "share far a expected= x=0 a expected=4 x=0 c unset expected= x=0");
  size_t before = f.results.size();
  RemoteResult refused;
  refused.error = "version mismatch: key a is at version 5";
  refused.applied = 1;
  f.remote.pending(refused);
  ck_assert_uint_eq(f.results.size(), before + 1);
  ck_assert_int_eq(f.results.back().status, 1);
  ck_assert_sstr_eq(f.results.back().out, "Shared with group 'far': a=1\n");
  ck_assert_sstr_eq(f.results.back().err, "version mismatch: key a is at version 5\n");
  f.coord.request_share(far, 2, list, f.keep());
  RemoteResult ok;
  ok.ok = true;
  f.remote.pending(ok);
  ck_assert_sstr_eq(f.results.back().out,
                    "Shared with group 'far': a=1\nShared with group 'far': a=2\n"
                    "Unset in group 'far': c\n");
}
END_TEST

int main() {
  return run_suite(
      "door", {local_operations_answer_at_once, lease_policy, remote_operations_go_to_the_backend,
                share_lists});
}
