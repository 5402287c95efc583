// Check suite: durable state. The SQLite store written through a Coordinator and read back
// (every stored field), what a restore makes of it (events for what ended, inboxes by
// name), reload after a failed write (members since dropped, counters never reused), the
// loader's refusals with their texts, and a corrupt or busy file.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "amux/coord/coordinator.h"
#include "amux/coord/sqlite-store.h"
#include "fake-host.h"
// after the C++ headers
#include "check-main.h"

using namespace amux;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char templ[] = "/tmp/amux-store.XXXXXX";
    path = mkdtemp(templ);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};

// A coordinator writing through a store at path; sessions 1..n named s1..sn in "team".
struct Writer {
  FakeHost host;
  Coordinator coord{host};
  std::unique_ptr<SqliteStore> store;
  StoredState loaded;
  std::string note, error;
  explicit Writer(const std::string& path) {
    store = SqliteStore::open(path, &loaded, &note, &error);
    ck_assert_msg(store != nullptr, "%s", error.c_str());
    store->set_namer([this](int id) { return host.current_name(id); });
    store->set_record_lookup(
        [this](const std::string& g, uint64_t n) { return coord.find_record(g, n); });
    coord.set_store(store.get());
  }
  void commit() {
    std::string e;
    ck_assert_msg(store->commit(&e), "%s", e.c_str());
  }
};

LeaseRequest lease(const std::string& path) {
  LeaseRequest r;
  r.paths = {path};
  return r;
}

std::string lines(const Group& g, uint64_t after) {
  std::string out;
  for (const auto& e : g.events)
    if (e.seq > after) out += event_line(g.name, e, false, "");
  return out;
}

// Writes a team of s1 and s2 with context, an ephemeral key, a lease, messages and a key.
void write_team(Writer& w) {
  std::string error;
  w.host.names = {{1, "s1"}, {2, "s2"}};
  w.coord.join(1, "team", &error);
  w.coord.join(2, "team", &error);
  Group& g = *w.coord.find_group("team");
  w.coord.share(g, 1, {{"plan", "ship"}});
  w.coord.share(g, 2, {{"draft", "1"}}, ShareMode{true, 0});
  w.coord.grant_leases(g, 1, lease("src/*.cc"));
  w.coord.send_message(g, {1, "s1"}, 2, "hello s2");
  w.coord.set_join_key(g, "sesame");
  w.commit();
}

}  // namespace

START_TEST(written_and_read_back) {
  TempDir dir;
  std::string path = dir.path + "/state.db";
  {
    Writer w(path);
    ck_assert_sstr_eq(w.note, "");
    ck_assert_uint_eq(w.loaded.groups.size(), 0);
    write_team(w);
  }
  StoredState st;
  std::string note, error;
  auto store = SqliteStore::open(path, &st, &note, &error);
  ck_assert_ptr_nonnull(store.get());
  ck_assert_uint_eq(st.groups.size(), 1);
  const StoredGroup& sg = st.groups[0];
  const Group& g = sg.group;
  ck_assert_sstr_eq(g.name, "team");
  ck_assert_uint_eq(sg.members.size(), 2);
  ck_assert_sstr_eq(sg.members[0] + "," + sg.members[1], "s1,s2");
  ck_assert_uint_eq(g.version, 4);  // two joins, two keys
  ck_assert_uint_eq(g.event_seq, 7);
  ck_assert_uint_eq(g.lease_fence, 1);
  ck_assert_sstr_eq(g.join_key, "sesame");
  ck_assert_int_eq(g.created, 1000);
  ck_assert_sstr_eq(g.context.at("plan").value, "ship");
  ck_assert_uint_eq(g.context.at("plan").version, 3);
  ck_assert_sstr_eq(g.context.at("plan").author_name, "s1");
  ck_assert(g.context.at("draft").ephemeral);
  ck_assert_sstr_eq(lines(g, 4),
                    "5 share s2 draft=1\n6 lock s1 src/*.cc fence 1 exclusive\n"
                    "7 message s1 -> s2: hello s2\n");
  ck_assert_uint_eq(g.held_inbox.at("s2").size(), 1);
  ck_assert_sstr_eq(g.held_inbox.at("s2").front().text, "hello s2");
  ck_assert_sstr_eq(g.held_inbox.at("s2").front().from, "s1");
  ck_assert_uint_eq(g.leases.size(), 1);
  ck_assert_sstr_eq(g.leases[0].holder_name, "s1");
  ck_assert_int_eq(g.leases[0].holder, -1);
}
END_TEST

START_TEST(restore_ends_members_and_gives_inboxes_back) {
  TempDir dir;
  std::string path = dir.path + "/state.db";
  {
    Writer w(path);
    write_team(w);
  }
  Writer w(path);
  std::vector<std::string> skipped;
  w.coord.restore(std::move(w.loaded), &skipped);
  ck_assert_uint_eq(skipped.size(), 0);
  Group* g = w.coord.find_group("team");
  ck_assert_ptr_nonnull(g);
  ck_assert_uint_eq(g->members.size(), 0);
  ck_assert_sstr_eq(lines(*g, 7),
                    "8 expire s1 src/*.cc fence 1\n9 leave s1\n"
                    "10 unset s2 draft ephemeral\n11 leave s2\n");
  ck_assert_uint_eq(g->context.count("draft"), 0);
  std::string error;
  w.host.names = {{5, "other"}, {6, "s2"}};
  ck_assert(w.coord.join(5, "team", &error, "sesame"));
  ck_assert_uint_eq(g->inbox.count(5), 0);
  ck_assert(w.coord.join(6, "team", &error, "sesame"));
  ck_assert_sstr_eq(g->inbox.at(6).front().text, "hello s2");
  ck_assert_sstr_eq(w.coord.grant_leases(*g, 5, lease("x")),
                    "Locked in group 'team': x (fence 2, expires in 3600s)\n");
  w.commit();
  // A group made before the restore (by the configuration file) is kept instead.
  Writer again(dir.path + "/other.db");
  std::string e;
  again.host.names = {{1, "s1"}};
  again.coord.join(1, "team", &e);
  StoredState st;
  st.groups.emplace_back();
  st.groups.back().group.name = "team";
  again.coord.restore(std::move(st), &skipped);
  ck_assert_uint_eq(skipped.size(), 1);
  ck_assert_uint_eq(again.coord.find_group("team")->members.size(), 1);
}
END_TEST

START_TEST(reload_goes_back_to_the_file) {
  TempDir dir;
  Writer w(dir.path + "/state.db");
  write_team(w);
  std::string error;
  StoredState committed;
  ck_assert(w.store->read(&committed, &error));
  Group& g = *w.coord.find_group("team");
  w.host.names[3] = "s3";
  w.coord.join(3, "team", &error);
  w.coord.share(g, 1, {{"plan", "changed"}, {"new", "1"}});
  w.coord.grant_leases(g, 2, lease("docs"));
  w.coord.join(4, "fresh", &error);
  uint64_t seq = g.event_seq, version = g.version, fence = g.lease_fence;
  w.coord.set_store(nullptr);
  w.coord.reload(std::move(committed));
  ck_assert_ptr_eq(w.coord.find_group("team"), &g);
  ck_assert_ptr_null(w.coord.find_group("fresh"));
  ck_assert_ptr_null(w.coord.group_of(3));
  ck_assert_ptr_null(w.coord.group_of(4));
  ck_assert_ptr_eq(w.coord.group_of(2), &g);
  ck_assert_uint_eq(g.members.size(), 2);
  ck_assert_sstr_eq(g.context.at("plan").value, "ship");
  ck_assert_uint_eq(g.context.count("new"), 0);
  ck_assert_uint_eq(g.leases.size(), 1);
  ck_assert_int_eq(g.leases[0].holder, 1);
  ck_assert_uint_eq(g.inbox.at(2).size(), 1);
  ck_assert_uint_eq(g.events.back().seq, 7);
  ck_assert_uint_eq(g.event_seq, seq);  // handed out: not again
  ck_assert_uint_eq(g.version, version);
  ck_assert_uint_eq(g.lease_fence, fence);
  w.coord.share(g, 1, {{"k", "v"}});
  ck_assert_uint_eq(g.events.back().seq, seq + 1);
}
END_TEST

// Loads rows put into amux's tables; the loader's error ("" when it loads).
static std::string load_with(const char* sql) {
  sqlite3* raw = nullptr;
  sqlite3_open(":memory:", &raw);
  SqlitePtr db(raw);
  std::string error;
  if (!create_state_schema(raw, &error)) return "schema: " + error;
  if (sqlite3_exec(raw, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return sqlite3_errmsg(raw);
  StoredState st;
  return load_state(raw, &st, &error) ? "" : error;
}

START_TEST(loader_refuses_bad_rows) {
  const char* group = "INSERT INTO groups VALUES('g', 0, 0, 5, 5, 1, '');";
  ck_assert_sstr_eq(load_with(group), "");
  ck_assert_sstr_eq(load_with("INSERT INTO groups VALUES('bad name', 0, 0, 0, 0, 0, '')"),
                    "groups row 1: invalid group name");
  ck_assert_sstr_eq(load_with("INSERT INTO groups VALUES('g', 0, 0, 'x', 0, 0, '')"),
                    "groups row 1: version not an integer");
  std::string base = group;
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO context VALUES('g', 'a b', 'v', 1, 'a', 0, 0, 0)").c_str()),
      "context row 1: invalid key");
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO context VALUES('g', 'k', 'v', 6, 'a', 0, 0, 0)").c_str()),
      "context row 1: invalid version");
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO context VALUES('h', 'k', 'v', 1, 'a', 0, 0, 0)").c_str()),
      "context row 1: no such group");
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO context VALUES('g', 'k', X'ff', 1, 'a', 0, 0, 0)").c_str()),
      "context row 1: value not text");
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO events VALUES('g', 1, 'party', 'a', 0, '', '', '', '', 0, 0)")
                    .c_str()),
      "events row 1: invalid kind");
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO events VALUES('g', 9, 'join', 'a', 0, '', '', '', '', 0, 0)")
                    .c_str()),
      "events row 1: invalid seq");
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO inbox VALUES('g', 2, 'b', 'a', 0, '', 'normal', 0)").c_str()),
      "inbox row 1: invalid text");
  ck_assert_sstr_eq(
      load_with((base + "INSERT INTO leases VALUES('g', 2, 'p', 'a', -1, 0, 0)").c_str()),
      "leases row 1: invalid fence");
  ck_assert_sstr_eq(
      load_with((base +
                 "INSERT INTO members VALUES('g', 0, 'a'); INSERT INTO members VALUES('g', 1, 'a')")
                    .c_str()),
      "members row 2: invalid session (twice)");
  ck_assert_sstr_eq(load_with("UPDATE meta SET value = '4' WHERE key = 'schema'"),
                    "unknown state schema '4'");
  ck_assert_sstr_eq(load_with("DROP TABLE meta"),
                    "not an amux state file (meta: no such table: meta)");
}
END_TEST

// With a list for them, bad rows are left out and named, the rest loads, and they can be
// deleted by their keys; a group left out takes its rows with it.
START_TEST(loader_leaves_bad_rows_out) {
  sqlite3* raw = nullptr;
  sqlite3_open(":memory:", &raw);
  SqlitePtr db(raw);
  std::string error;
  ck_assert(create_state_schema(raw, &error));
  const char* rows =
      "INSERT INTO groups VALUES('g', 0, 0, 5, 5, 1, '');"
      "INSERT INTO groups VALUES('bad name', 0, 0, 0, 0, 0, '');"
      "INSERT INTO context VALUES('g', 'a b', 'v', 1, 'a', 0, 0, 0);"
      "INSERT INTO context VALUES('g', 'k', 'v', 1, 'a', 0, 0, 0);"
      "INSERT INTO context VALUES('bad name', 'k', 'v', 1, 'a', 0, 0, 0);"
      "INSERT INTO events VALUES('g', 9, 'join', 'a', 0, '', '', '', '', 0, 0);"
      "INSERT INTO events VALUES('g', 2, 'join', 'a', 0, '', '', '', '', 0, 0);";
  ck_assert_int_eq(sqlite3_exec(raw, rows, nullptr, nullptr, nullptr), SQLITE_OK);
  StoredState st;
  std::vector<DroppedRow> dropped;
  ck_assert(load_state(raw, &st, &error, &dropped));
  ck_assert_uint_eq(st.groups.size(), 1);
  ck_assert_sstr_eq(st.groups[0].group.name, "g");
  ck_assert_uint_eq(st.groups[0].group.context.size(), 1);
  ck_assert_uint_eq(st.groups[0].group.events.size(), 1);
  std::string reasons;
  for (const DroppedRow& d : dropped) reasons += d.reason + "|";
  ck_assert_sstr_eq(reasons,
                    "groups row 1: invalid group name|context row 1: no such group|"
                    "context row 2: invalid key|events row 2: invalid seq|");
  ck_assert(delete_dropped(raw, dropped, &error));
  StoredState again;
  ck_assert(load_state(raw, &again, &error));  // strict now: nothing bad is left
  ck_assert_uint_eq(again.groups.size(), 1);
  ck_assert_uint_eq(again.groups[0].group.context.size(), 1);
}
END_TEST

START_TEST(foreign_file_refused_corrupt_file_aside_busy_file) {
  TempDir dir;
  std::string path = dir.path + "/state.db";
  const std::string text = "not a database, not at all, and long enough to be read as one";
  std::ofstream(path) << text;
  StoredState st;
  std::string note, error;
  auto store = SqliteStore::open(path, &st, &note, &error);
  ck_assert_ptr_null(store.get());
  std::string foreign = "not an amux state file (left as it is): " + path;
  ck_assert_sstr_eq(error, foreign.c_str());
  std::string kept;
  std::getline(std::ifstream(path), kept);
  ck_assert_sstr_eq(kept, text.c_str());
  // An amux file (its application id) whose pages are garbage goes aside.
  unlink(path.c_str());
  store = SqliteStore::open(path, &st, &note, &error);
  ck_assert_ptr_nonnull(store.get());
  store.reset();
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(1024);
    f << std::string(4096, '\xff');
  }
  store = SqliteStore::open(path, &st, &note, &error);
  ck_assert_ptr_nonnull(store.get());
  std::string prefix = "state file " + path + " not readable (";
  ck_assert_sstr_eq(note.substr(0, prefix.size()), prefix.c_str());
  ck_assert_int_eq(access(note.substr(note.rfind(' ') + 1).c_str(), R_OK), 0);
  auto second = SqliteStore::open(path, &st, &note, &error);
  ck_assert_ptr_null(second.get());
  std::string busy = "in use by another server: " + path;
  ck_assert_sstr_eq(error, busy.c_str());
  second = SqliteStore::open(dir.path, &st, &note, &error);
  ck_assert_ptr_null(second.get());
  std::string is_dir = "Is a directory: " + dir.path;
  ck_assert_sstr_eq(error, is_dir.c_str());
}
END_TEST

int main() {
  return run_suite(
      "store", {written_and_read_back, restore_ends_members_and_gives_inboxes_back,
                reload_goes_back_to_the_file, loader_refuses_bad_rows, loader_leaves_bad_rows_out,
                foreign_file_refused_corrupt_file_aside_busy_file});
}
