// The SQLite store (see sqlite-store.h): the schema, opening with its refusals (a file in
// use, one that is corrupt and goes aside), writes inside the turn's transaction, the
// commit that writes each changed group's own row once, and the strict loader.
#include "amux/coord/sqlite-store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace amux {

void SqliteFree::operator()(sqlite3* db) const {
  sqlite3_close_v2(db);
}
void SqliteFree::operator()(sqlite3_value* value) const {
  sqlite3_value_free(value);
}
void SqliteFree::operator()(sqlite3_stmt* stmt) const {
  sqlite3_finalize(stmt);
}

// Schema 1, as the first durable amux wrote it; schema 2 adds to it (kUpgrade2).
static const char kSchema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO meta VALUES('schema', '1');"
    "CREATE TABLE groups(name TEXT PRIMARY KEY, created INTEGER NOT NULL,"
    " last_activity INTEGER NOT NULL, version INTEGER NOT NULL, event_seq INTEGER NOT NULL,"
    " lease_fence INTEGER NOT NULL, join_key TEXT NOT NULL);"
    "CREATE TABLE members(grp TEXT NOT NULL, position INTEGER NOT NULL, session TEXT NOT NULL,"
    " PRIMARY KEY(grp, position));"
    "CREATE TABLE context(grp TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
    " version INTEGER NOT NULL, author TEXT NOT NULL, time INTEGER NOT NULL,"
    " ephemeral INTEGER NOT NULL, expires INTEGER NOT NULL, PRIMARY KEY(grp, key)) WITHOUT ROWID;"
    "CREATE TABLE events(grp TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,"
    " session TEXT NOT NULL, time INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
    " data TEXT NOT NULL, target TEXT NOT NULL, fence INTEGER NOT NULL,"
    " PRIMARY KEY(grp, seq)) WITHOUT ROWID;"
    "CREATE TABLE inbox(grp TEXT NOT NULL, seq INTEGER NOT NULL, recipient TEXT NOT NULL,"
    " sender TEXT NOT NULL, time INTEGER NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY(grp, seq)) WITHOUT ROWID;"
    "CREATE TABLE leases(grp TEXT NOT NULL, fence INTEGER NOT NULL, path TEXT NOT NULL,"
    " holder TEXT NOT NULL, pane INTEGER NOT NULL, shared INTEGER NOT NULL,"
    " expires INTEGER NOT NULL, PRIMARY KEY(grp, fence)) WITHOUT ROWID;";

static const char kUpgrade2[] =
    "CREATE TABLE roster(grp TEXT NOT NULL, number INTEGER NOT NULL, session TEXT NOT NULL,"
    " type TEXT NOT NULL, objective TEXT NOT NULL, state TEXT NOT NULL, note TEXT NOT NULL,"
    " joined INTEGER NOT NULL, left_at INTEGER NOT NULL, finished INTEGER NOT NULL,"
    " state_since INTEGER NOT NULL, leases INTEGER NOT NULL, shares INTEGER NOT NULL,"
    " messages_sent INTEGER NOT NULL, messages_read INTEGER NOT NULL,"
    " cas_conflicts INTEGER NOT NULL, lock_conflicts INTEGER NOT NULL, working INTEGER NOT NULL,"
    " idle INTEGER NOT NULL, blocked INTEGER NOT NULL, waits TEXT NOT NULL,"
    " PRIMARY KEY(grp, number)) WITHOUT ROWID;"
    "CREATE TABLE cursors(grp TEXT NOT NULL, session TEXT NOT NULL, seq INTEGER NOT NULL,"
    " PRIMARY KEY(grp, session)) WITHOUT ROWID;"
    "ALTER TABLE inbox ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';"
    "ALTER TABLE inbox ADD COLUMN reply_to INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE events ADD COLUMN ref INTEGER NOT NULL DEFAULT 0;"
    "UPDATE meta SET value = '2' WHERE key = 'schema';";

enum class SqliteStore::Query {
  kGroup,
  kDeleteGroup,
  kDeleteMembers,
  kMember,
  kKey,
  kDeleteKey,
  kEvent,
  kTrimEvents,
  kMessage,
  kDeleteMessage,
  kRenameMessage,
  kLease,
  kDeleteLease,
  kDeleteContext,
  kDeleteEvents,
  kDeleteInbox,
  kDeleteLeases,
  kRecord,
  kDeleteRecord,
  kCursor,
  kDeleteRoster,
  kDeleteCursors,
  kDeleteCursor,
};

static const char* const kQueries[] = {
    "INSERT OR REPLACE INTO groups VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "DELETE FROM groups WHERE name = ?1",
    "DELETE FROM members WHERE grp = ?1",
    "INSERT INTO members VALUES(?1, ?2, ?3)",
    "INSERT OR REPLACE INTO context VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "DELETE FROM context WHERE grp = ?1 AND key = ?2",
    "INSERT OR REPLACE INTO events VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    "DELETE FROM events WHERE grp = ?1 AND seq < ?2",
    "INSERT OR REPLACE INTO inbox VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "DELETE FROM inbox WHERE grp = ?1 AND seq = ?2",
    "UPDATE inbox SET recipient = ?3 WHERE grp = ?1 AND seq = ?2",
    "INSERT OR REPLACE INTO leases VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "DELETE FROM leases WHERE grp = ?1 AND fence = ?2",
    "DELETE FROM context WHERE grp = ?1",
    "DELETE FROM events WHERE grp = ?1",
    "DELETE FROM inbox WHERE grp = ?1",
    "DELETE FROM leases WHERE grp = ?1",
    ("INSERT OR REPLACE INTO roster VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
     " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"),
    "DELETE FROM roster WHERE grp = ?1 AND number = ?2",
    "INSERT OR REPLACE INTO cursors VALUES(?1, ?2, ?3)",
    "DELETE FROM roster WHERE grp = ?1",
    "DELETE FROM cursors WHERE grp = ?1",
    "DELETE FROM cursors WHERE grp = ?1 AND session = ?2",
};

static bool exec(sqlite3* db, const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  *error = message != nullptr ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}

// What a failed write says: a full disk plainly, else SQLite's text ("disk I/O error").
static std::string write_error(int rc) {
  return (rc & 0xff) == SQLITE_FULL ? "disk is full" : sqlite3_errstr(rc);
}

// "amux" in SQLite's header (PRAGMA application_id): how a file is known to be amux's.
static constexpr uint32_t kApplicationId = 0x616d7578;
static const char kSetApplicationId[] = "PRAGMA application_id = 1634563448";
static_assert(kApplicationId == 1634563448);

bool create_state_schema(sqlite3* db, std::string* error) {
  return exec(db, kSchema, error) && exec(db, kUpgrade2, error) &&
         exec(db, kSetApplicationId, error);
}

// ---- Loading -------------------------------------------------------------------------

namespace {

// One row of a query, read with its checks; the first failed check names the row.
class Row {
 public:
  Row(sqlite3_stmt* stmt, const char* table, int number)
      : stmt_(stmt), table_(table), number_(number) {}
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(const std::string& what) {
    if (error_.empty())
      error_ = std::string(table_) + " row " + std::to_string(number_) + ": " + what;
  }
  std::string text(int col, const char* what, size_t max = 4096) {
    if (sqlite3_column_type(stmt_, col) != SQLITE_TEXT)
      return fail(std::string(what) + " not text"), "";
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    std::string s(p == nullptr ? "" : p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
    if (s.size() > max || s.find('\0') != std::string::npos || !valid_utf8(s))
      fail(std::string("invalid ") + what);
    return s;
  }
  int64_t number(int col, const char* what, int64_t min, int64_t max) {
    if (sqlite3_column_type(stmt_, col) != SQLITE_INTEGER)
      return fail(std::string(what) + " not an integer"), 0;
    int64_t v = sqlite3_column_int64(stmt_, col);
    if (v < min || v > max) fail(std::string("invalid ") + what);
    return v;
  }
  void check(bool good, const char* what) {
    if (!good) fail(std::string("invalid ") + what);
  }

 private:
  sqlite3_stmt* stmt_;
  const char* table_;
  int number_;
  std::string error_;
};


// The primary key of each table's rows (the first one or two columns), to delete a row by.
struct TableKey {
  const char* table;
  const char* columns[2];
};
constexpr TableKey kTableKeys[] = {
    {"groups", {"name", nullptr}}, {"members", {"grp", "position"}}, {"context", {"grp", "key"}},
    {"events", {"grp", "seq"}},    {"inbox", {"grp", "seq"}},        {"leases", {"grp", "fence"}},
    {"roster", {"grp", "number"}}, {"cursors", {"grp", "session"}}};

const TableKey* table_key(const char* table) {
  for (const TableKey& k : kTableKeys)
    if (strcmp(k.table, table) == 0) return &k;
  return nullptr;
}

// Runs sql and hands each row to fn; false with *error at the first bad row, or, with
// dropped, the bad row told there (with its key) and the next one read.
template <typename F>
bool each_row(sqlite3* db, const char* sql, const char* table, std::string* error, F fn,
              std::vector<DroppedRow>* dropped = nullptr) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    return *error = std::string(table) + ": " + sqlite3_errmsg(db), false;
  StatementPtr stmt(raw);
  int rc, number = 0;
  const TableKey* key = table_key(table);
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    Row row(raw, table, ++number);
    fn(row);
    if (row.ok()) continue;
    if (dropped == nullptr || key == nullptr) return *error = row.error(), false;
    DroppedRow d{row.error(), key->table, {}};
    for (int i = 0; i < 2 && key->columns[i] != nullptr; i++)
      d.key[i].reset(sqlite3_value_dup(sqlite3_column_value(raw, i)));
    dropped->push_back(std::move(d));
  }
  if (rc != SQLITE_DONE) return *error = std::string(table) + ": " + sqlite3_errmsg(db), false;
  return true;
}

}  // namespace

static bool load_groups(sqlite3* db, std::map<std::string, StoredGroup>* out, std::string* error,
                        std::vector<DroppedRow>* dropped) {
  return each_row(db, "SELECT * FROM groups ORDER BY name", "groups", error, [&](Row& r) {
    std::string name = r.text(0, "name", kMaxGroupNameLength);
    r.check(valid_group_name(name), "group name");
    Group g;
    g.name = name;
    g.created = r.number(1, "created", 0, kMaxTime);
    g.last_activity = r.number(2, "last_activity", 0, kMaxTime);
    g.version = static_cast<uint64_t>(r.number(3, "version", 0, kMaxCount));
    g.event_seq = static_cast<uint64_t>(r.number(4, "event_seq", 0, kMaxCount));
    g.lease_fence = static_cast<uint64_t>(r.number(5, "lease_fence", 0, kMaxCount));
    g.join_key = r.text(6, "join_key");
    if (r.ok()) (*out)[name].group = std::move(g);
  }, dropped);
}

// The group a row names, or nullptr (the row fails).
static Group* row_group(Row& r, std::map<std::string, StoredGroup>& groups) {
  std::string name = r.text(0, "group", kMaxGroupNameLength);
  auto it = groups.find(name);
  if (it == groups.end()) return r.fail("no such group"), nullptr;
  return &it->second.group;
}

// "3,10,0": the seconds a member's granted waits took.
static std::vector<int64_t> parse_waits(Row& r, const std::string& text) {
  std::vector<int64_t> waits;
  size_t start = 0;
  while (start < text.size() && waits.size() <= kMaxRecordWaits) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    long long v = 0;
    if (!parse_int(text.substr(start, end - start), 0, kMaxTime, &v))
      return r.fail("invalid waits"), waits;
    waits.push_back(v);
    start = end + 1;
    if (end + 1 == text.size()) return r.fail("invalid waits"), waits;
  }
  r.check(waits.size() <= kMaxRecordWaits, "waits");
  return waits;
}

static void load_record(Row& r, std::map<std::string, StoredGroup>& groups) {
  Group* g = row_group(r, groups);
  MemberRecord m;
  m.number = static_cast<uint64_t>(r.number(1, "number", 1, kMaxCount));
  m.name = r.text(2, "session", kMaxSessionName);
  r.check(!m.name.empty(), "session");
  m.type = r.text(3, "type", 64);
  m.objective = r.text(4, "objective", kMaxObjective);
  m.state = r.text(5, "state", 64);
  m.note = r.text(6, "note", kMaxNote);
  m.joined = r.number(7, "joined", 0, kMaxTime);
  m.left = r.number(8, "left_at", 0, kMaxTime);
  m.finished = r.number(9, "finished", 0, kMaxTime);
  m.state_since = r.number(10, "state_since", 0, kMaxTime);
  uint64_t* counts[] = {&m.leases,        &m.shares,        &m.messages_sent,
                        &m.messages_read, &m.cas_conflicts, &m.lock_conflicts};
  const char* names[] = {"leases",        "shares",        "messages_sent",
                         "messages_read", "cas_conflicts", "lock_conflicts"};
  for (int i = 0; i < 6; i++)
    *counts[i] = static_cast<uint64_t>(r.number(11 + i, names[i], 0, kMaxCount));
  m.working = r.number(17, "working", 0, kMaxTime);
  m.idle = r.number(18, "idle", 0, kMaxTime);
  m.blocked = r.number(19, "blocked", 0, kMaxTime);
  m.waits = parse_waits(r, r.text(20, "waits", 16 * kMaxRecordWaits));
  if (!r.ok()) return;
  auto& roster = g->roster;
  r.check(roster.size() < kMaxRoster, "roster size");
  if (r.ok()) roster.push_back(std::move(m));
}

static bool load_rows(sqlite3* db, std::map<std::string, StoredGroup>& groups, std::string* error,
                      std::vector<DroppedRow>* dropped) {
  bool ok =
      each_row(db, "SELECT * FROM members ORDER BY grp, position", "members", error, [&](Row& r) {
        Group* g = row_group(r, groups);
        r.number(1, "position", 0, kMaxCount);
        std::string name = r.text(2, "session", kMaxSessionName);
        r.check(!name.empty(), "session");
        if (!r.ok()) return;
        auto& members = groups[g->name].members;
        r.check(members.size() < kMaxGroupLimit, "member count");
        r.check(std::find(members.begin(), members.end(), name) == members.end(),
                "session (twice)");
        if (r.ok()) members.push_back(name);
      }, dropped);
  ok = ok && each_row(db, "SELECT * FROM context", "context", error, [&](Row& r) {
         Group* g = row_group(r, groups);
         std::string key = r.text(1, "key", kMaxKeyLength);
         r.check(valid_key(key), "key");
         ContextEntry e;
         e.value = r.text(2, "value", kMaxValueLength);
         r.check(check_value(key, e.value).empty(), "value");
         int64_t top = g != nullptr ? static_cast<int64_t>(g->version) : 0;
         e.version = static_cast<uint64_t>(r.number(3, "version", 1, top));
         e.author_name = r.text(4, "author", kMaxSessionName);
         e.time = r.number(5, "time", 0, kMaxTime);
         e.ephemeral = r.number(6, "ephemeral", 0, 1) != 0;
         e.expires = r.number(7, "expires", 0, kMaxTime);
         if (r.ok()) g->context[key] = std::move(e);
       }, dropped);
  ok = ok && each_row(db, "SELECT * FROM events ORDER BY grp, seq", "events", error, [&](Row& r) {
         Group* g = row_group(r, groups);
         GroupEvent e;
         int64_t top = g != nullptr ? static_cast<int64_t>(g->event_seq) : 0;
         e.seq = static_cast<uint64_t>(r.number(1, "seq", 1, top));
         r.check(parse_event_kind(r.text(2, "kind", 32), &e.kind), "kind");
         e.session = r.text(3, "session", kMaxSessionName);
         e.time = r.number(4, "time", 0, kMaxTime);
         e.key = r.text(5, "key");
         e.value = r.text(6, "value", kMaxValueLength);
         e.data = r.text(7, "data", kMaxValueLength);
         e.target = r.text(8, "target", kMaxSessionName);
         e.fence = static_cast<uint64_t>(r.number(9, "fence", 0, kMaxCount));
         e.ref = static_cast<uint64_t>(r.number(10, "ref", 0, top));
         if (r.ok()) g->events.push_back(std::move(e));
       }, dropped);
  ok = ok && each_row(db, "SELECT * FROM inbox ORDER BY grp, seq", "inbox", error, [&](Row& r) {
         Group* g = row_group(r, groups);
         Message m;
         int64_t top = g != nullptr ? static_cast<int64_t>(g->event_seq) : 0;
         m.seq = static_cast<uint64_t>(r.number(1, "seq", 1, top));
         std::string recipient = r.text(2, "recipient", kMaxSessionName);
         m.from = r.text(3, "sender", kMaxSessionName);
         m.time = r.number(4, "time", 0, kMaxTime);
         m.text = r.text(5, "text", kMaxValueLength);
         r.check(!m.text.empty(), "text");
         r.check(parse_priority(r.text(6, "priority", 16), &m.priority), "priority");
         m.reply_to = static_cast<uint64_t>(r.number(7, "reply_to", 0, top));
         if (r.ok()) g->held_inbox[recipient].push_back(std::move(m));
       }, dropped);
  ok = ok && each_row(db, "SELECT * FROM leases ORDER BY grp, fence", "leases", error, [&](Row& r) {
         Group* g = row_group(r, groups);
         Lease l;
         int64_t top = g != nullptr ? static_cast<int64_t>(g->lease_fence) : 0;
         l.fence = static_cast<uint64_t>(r.number(1, "fence", 1, top));
         l.path = r.text(2, "path");
         r.check(!l.path.empty(), "path");
         l.holder_name = r.text(3, "holder", kMaxSessionName);
         l.pane_id = static_cast<int>(r.number(4, "pane", -1, INT32_MAX));
         l.shared = r.number(5, "shared", 0, 1) != 0;
         l.expires = r.number(6, "expires", 0, kMaxTime);
         if (r.ok()) g->leases.push_back(std::move(l));
       }, dropped);
  ok = ok && each_row(db, "SELECT * FROM roster ORDER BY grp, number", "roster", error,
                      [&](Row& r) { load_record(r, groups); }, dropped);
  ok = ok && each_row(db, "SELECT * FROM cursors", "cursors", error, [&](Row& r) {
         Group* g = row_group(r, groups);
         std::string name = r.text(1, "session", kMaxSessionName);
         r.check(!name.empty(), "session");
         int64_t top = g != nullptr ? static_cast<int64_t>(g->event_seq) : 0;
         uint64_t seq = static_cast<uint64_t>(r.number(2, "seq", 0, top));
         if (r.ok()) g->cursors[name] = seq;
       }, dropped);
  return ok;
}

bool load_state(sqlite3* db, StoredState* state, std::string* error,
                std::vector<DroppedRow>* dropped) {
  int tables = 0;
  if (!each_row(db, "SELECT count(*) FROM sqlite_master", "sqlite_master", error,
                [&](Row& r) { tables = static_cast<int>(r.number(0, "count", 0, INT32_MAX)); }))
    return false;
  if (tables == 0) return true;
  std::string schema;
  if (!each_row(db, "SELECT value FROM meta WHERE key = 'schema'", "meta", error,
                [&](Row& r) { schema = r.text(0, "schema", 16); }))
    return *error = "not an amux state file (" + *error + ")", false;
  if (schema != "2") return *error = "unknown state schema '" + schema + "'", false;
  std::map<std::string, StoredGroup> groups;
  if (!load_groups(db, &groups, error, dropped) || !load_rows(db, groups, error, dropped))
    return false;
  for (auto& [name, sg] : groups) state->groups.push_back(std::move(sg));
  return true;
}

bool delete_dropped(sqlite3* db, const std::vector<DroppedRow>& dropped, std::string* error) {
  std::string ignored;
  if (!exec(db, "BEGIN", error)) return false;
  for (const DroppedRow& d : dropped) {
    const TableKey* key = table_key(d.table);
    std::string sql = std::string("DELETE FROM ") + key->table + " WHERE " + key->columns[0] + " IS ?1";
    if (key->columns[1] != nullptr) sql += std::string(" AND ") + key->columns[1] + " IS ?2";
    sqlite3_stmt* raw = nullptr;
    bool ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) == SQLITE_OK;
    StatementPtr stmt(raw);
    for (int i = 0; ok && i < 2 && d.key[i]; i++)
      ok = sqlite3_bind_value(raw, i + 1, d.key[i].get()) == SQLITE_OK;
    if (!ok || sqlite3_step(raw) != SQLITE_DONE) {
      *error = sqlite3_errmsg(db);
      exec(db, "ROLLBACK", &ignored);
      return false;
    }
  }
  return exec(db, "COMMIT", error);
}

bool upgrade_state_schema(sqlite3* db, std::string* error) {
  std::string schema, ignored;
  each_row(db, "SELECT value FROM meta WHERE key = 'schema'", "meta", &ignored,
           [&](Row& r) { schema = r.text(0, "schema", 16); });
  if (schema != "1") return true;
  std::string sql = std::string("BEGIN;") + kUpgrade2 + "COMMIT;";
  if (exec(db, sql.c_str(), error)) return true;
  exec(db, "ROLLBACK", &ignored);
  return false;
}

// ---- Opening -------------------------------------------------------------------------

// Makes each missing directory of path's parent, mode 0700.
static bool make_parent(const std::string& path, std::string* error) {
  for (size_t i = 1; i < path.size(); i++) {
    if (path[i] != '/') continue;
    std::string dir = path.substr(0, i);
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return *error = std::string(strerror(errno)) + ": " + dir, false;
  }
  return true;
}

static std::string utc_stamp() {
  time_t t = time(nullptr);
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &tm);
  return buf;
}

// The file and its WAL go aside under one new name; returns that name.
static std::string move_aside(const std::string& path) {
  std::string aside = path + ".corrupt-" + utc_stamp();
  rename(path.c_str(), aside.c_str());
  rename((path + "-wal").c_str(), (aside + "-wal").c_str());
  unlink((path + "-shm").c_str());
  return aside;
}

// What a load that left rows out says, the file as it was kept aside first (VACUUM INTO
// makes one consistent copy, WAL included), then the rows deleted from it.
static std::string drop_rows(sqlite3* db, const std::string& path,
                             const std::vector<DroppedRow>& dropped) {
  std::string aside = path + ".corrupt-" + utc_stamp(), error;
  char* sql = sqlite3_mprintf("VACUUM INTO %Q", aside.c_str());
  bool kept = exec(db, sql, &error);
  sqlite3_free(sql);
  std::string note = "state file " + path + ": " + std::to_string(dropped.size()) +
                     (dropped.size() == 1 ? " bad row" : " bad rows") + " left out (";
  for (size_t i = 0; i < dropped.size() && i < 3; i++)
    note += (i > 0 ? "; " : "") + dropped[i].reason;
  if (dropped.size() > 3) note += "; ...";
  if (!kept) return note + "), the file unchanged: can't keep a copy (" + error + ")";
  if (!delete_dropped(db, dropped, &error)) return note + "), can't delete them: " + error;
  return note + "), the file as it was kept as " + aside;
}

// Opens path with SQLite, WAL mode, and checks it holds a sound amux state (or none): a
// bad row is left out (see drop_rows), a file that is not amux's fails.
static SqlitePtr open_database(const std::string& path, StoredState* state, std::string* note,
                               std::string* error) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqlitePtr db(raw);
  if (rc != SQLITE_OK) return *error = sqlite3_errstr(rc), nullptr;
  std::string check;
  bool ok = exec(db.get(),
                 "PRAGMA page_size = 1024; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                 error) &&
            each_row(db.get(), "PRAGMA quick_check", "quick_check", error,
                     [&](Row& r) { check = r.text(0, "result"); });
  if (ok && check != "ok") *error = check, ok = false;
  *state = {};
  if (ok && !upgrade_state_schema(db.get(), error)) ok = false;
  std::vector<DroppedRow> dropped;
  if (ok && !load_state(db.get(), state, error, &dropped)) ok = false;
  if (ok && !dropped.empty()) *note = drop_rows(db.get(), path, dropped);
  int tables = 0;
  if (ok)
    each_row(db.get(), "SELECT count(*) FROM sqlite_master", "sqlite_master", error,
             [&](Row& r) { tables = static_cast<int>(r.number(0, "count", 0, INT32_MAX)); });
  if (ok && tables == 0 && !create_state_schema(db.get(), error)) ok = false;
  if (ok && tables > 0 && !exec(db.get(), kSetApplicationId, error)) ok = false;  // older files
  return ok ? std::move(db) : nullptr;
}

// Whether a file may be taken as amux's state: nothing in it yet, or amux's by its header's
// application id, or (written before amux set one) by the schema its meta table names.
// Anything else is another program's file and is never written to, locked or moved.
static bool amux_file(int fd, const std::string& path) {
  unsigned char header[100];
  ssize_t n = pread(fd, header, sizeof header, 0);
  if (n == 0) return true;
  if (n != sizeof header || memcmp(header, "SQLite format 3", 16) != 0) return false;
  uint32_t id = static_cast<uint32_t>(header[68]) << 24 | static_cast<uint32_t>(header[69]) << 16 |
                static_cast<uint32_t>(header[70]) << 8 | header[71];
  if (id != 0) return id == kApplicationId;
  sqlite3* raw = nullptr;
  sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  SqlitePtr db(raw);
  std::string schema, ignored;
  if (db)
    each_row(db.get(), "SELECT value FROM meta WHERE key = 'schema'", "meta", &ignored,
             [&](Row& r) { schema = r.text(0, "schema", 16); });
  return schema == "1" || schema == "2";
}

std::unique_ptr<SqliteStore> SqliteStore::open(const std::string& path, StoredState* state,
                                               std::string* note, std::string* error) {
  if (!make_parent(path, error)) return nullptr;
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600));
  if (!fd) return *error = std::string(strerror(errno)) + ": " + path, nullptr;
  struct stat st;
  if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return *error = "not a regular file: " + path, nullptr;
  if (!amux_file(fd.get(), path))
    return *error = "not an amux state file (left as it is): " + path, nullptr;
  if (flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
    return *error = "in use by another server: " + path, nullptr;
  fchmod(fd.get(), 0600);
  std::string why;
  SqlitePtr db = open_database(path, state, note, &why);
  if (!db) {
    std::string aside = move_aside(path);
    *note = "state file " + path + " not readable (" + why + "), moved to " + aside;
    // The lock was on the old file: a new one is made, locked and opened.
    fd.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd || flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
      return *error = "can't make state file: " + path, nullptr;
    db = open_database(path, state, note, &why);
    if (!db) return *error = why + ": " + path, nullptr;
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, std::move(fd), std::move(db)));
}

SqliteStore::~SqliteStore() {
  std::string error;
  if (in_transaction_) commit(&error);
  statements_.clear();
  db_.reset();  // before the lock's descriptor closes
}

// ---- Writing -------------------------------------------------------------------------

sqlite3_stmt* SqliteStore::statement(Query q) {
  auto& slot = statements_[static_cast<int>(q)];
  if (!slot) {
    sqlite3_stmt* raw = nullptr;
    check(sqlite3_prepare_v3(db_.get(), kQueries[static_cast<int>(q)], -1,
                             SQLITE_PREPARE_PERSISTENT, &raw, nullptr));
    slot.reset(raw);
  }
  return slot.get();
}

void SqliteStore::check(int rc) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW && failure_.empty())
    failure_ = write_error(rc);
}

bool SqliteStore::begin() {
  if (in_transaction_) return failure_.empty();
  in_transaction_ = true;
  check(sqlite3_exec(db_.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr));
  if (on_change_) on_change_();
  return failure_.empty();
}

static void bind(sqlite3_stmt* stmt, int i, const std::string& v) {
  sqlite3_bind_text(stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
static void bind(sqlite3_stmt* stmt, int i, int64_t v) {
  sqlite3_bind_int64(stmt, i, v);
}

template <typename... T>
void SqliteStore::write(Query q, const T&... values) {
  if (!begin()) return;
  sqlite3_stmt* stmt = statement(q);
  if (stmt == nullptr) return;
  int i = 0;
  (bind(stmt, ++i, values), ...);
  check(sqlite3_step(stmt));
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
}

static int64_t num(uint64_t v) {
  return static_cast<int64_t>(v);
}

void SqliteStore::group_changed(const Group& g, bool members) {
  if (!begin()) return;
  GroupRow& row = changed_[g.name];
  row.created = g.created;
  row.last_activity = g.last_activity;
  row.version = num(g.version);
  row.event_seq = num(g.event_seq);
  row.lease_fence = num(g.lease_fence);
  row.first_event = num(g.events.empty() ? g.event_seq + 1 : g.events.front().seq);
  row.join_key = g.join_key;
  if (!members) return;
  row.members_changed = true;
  row.members.clear();
  for (int id : g.members) row.members.push_back(namer_ ? namer_(id) : std::to_string(id));
}

void SqliteStore::group_removed(const std::string& name) {
  changed_.erase(name);
  std::erase_if(changed_records_, [&](const auto& key) { return key.first == name; });
  for (Query q :
       {Query::kDeleteGroup, Query::kDeleteMembers, Query::kDeleteContext, Query::kDeleteEvents,
        Query::kDeleteInbox, Query::kDeleteLeases, Query::kDeleteRoster, Query::kDeleteCursors})
    write(q, name);
}

void SqliteStore::key_written(const Group& g, const std::string& key, const ContextEntry& e) {
  write(Query::kKey, g.name, key, e.value, num(e.version), e.author_name, int64_t{e.time},
        int64_t{e.ephemeral}, int64_t{e.expires});
}

void SqliteStore::key_removed(const Group& g, const std::string& key) {
  write(Query::kDeleteKey, g.name, key);
}

void SqliteStore::event_added(const Group& g, const GroupEvent& e) {
  write(Query::kEvent, g.name, num(e.seq), std::string(event_kind_name(e.kind)), e.session,
        int64_t{e.time}, e.key, e.value, e.data, e.target, num(e.fence), num(e.ref));
}

void SqliteStore::message_added(const Group& g, const std::string& recipient, const Message& m) {
  write(Query::kMessage, g.name, num(m.seq), recipient, m.from, int64_t{m.time}, m.text,
        std::string(priority_name(m.priority)), num(m.reply_to));
}

void SqliteStore::record_changed(const Group& g, const MemberRecord& r) {
  if (begin()) changed_records_.emplace(g.name, r.number);
}

void SqliteStore::record_removed(const Group& g, uint64_t number) {
  changed_records_.erase({g.name, number});
  write(Query::kDeleteRecord, g.name, num(number));
}

void SqliteStore::cursor_set(const Group& g, const std::string& session, uint64_t seq) {
  write(Query::kCursor, g.name, session, num(seq));
}

void SqliteStore::cursor_removed(const Group& g, const std::string& session) {
  write(Query::kDeleteCursor, g.name, session);
}

void SqliteStore::write_record(const std::string& group, const MemberRecord& r) {
  std::string waits;
  for (int64_t w : r.waits) waits += (waits.empty() ? "" : ",") + std::to_string(w);
  write(Query::kRecord, group, num(r.number), r.name, r.type, r.objective, r.state, r.note,
        int64_t{r.joined}, int64_t{r.left}, int64_t{r.finished}, int64_t{r.state_since},
        num(r.leases), num(r.shares), num(r.messages_sent), num(r.messages_read),
        num(r.cas_conflicts), num(r.lock_conflicts), r.working, r.idle, r.blocked, waits);
}

void SqliteStore::messages_removed(const Group& g, const std::deque<Message>& messages) {
  for (const Message& m : messages) write(Query::kDeleteMessage, g.name, num(m.seq));
}

void SqliteStore::messages_renamed(const Group& g, const std::string& recipient,
                                   const std::deque<Message>& messages) {
  for (const Message& m : messages) write(Query::kRenameMessage, g.name, num(m.seq), recipient);
}

void SqliteStore::lease_added(const Group& g, const Lease& l) {
  write(Query::kLease, g.name, num(l.fence), l.path, l.holder_name, int64_t{l.pane_id},
        int64_t{l.shared}, int64_t{l.expires});
}

void SqliteStore::lease_removed(const Group& g, const Lease& l) {
  write(Query::kDeleteLease, g.name, num(l.fence));
}

// A group's own row, its members and the end of its event log, once a turn.
void SqliteStore::write_group(const std::string& name, const GroupRow& row) {
  write(Query::kGroup, name, row.created, row.last_activity, row.version, row.event_seq,
        row.lease_fence, row.join_key);
  if (row.members_changed) {
    write(Query::kDeleteMembers, name);
    for (size_t i = 0; i < row.members.size(); i++)
      write(Query::kMember, name, static_cast<int64_t>(i), row.members[i]);
  }
  write(Query::kTrimEvents, name, row.first_event);
}

bool SqliteStore::commit(std::string* error) {
  if (!in_transaction_) return true;
  for (auto& [name, row] : changed_) write_group(name, row);
  changed_.clear();
  for (auto& [group, number] : changed_records_)
    if (const MemberRecord* r = record_lookup_ ? record_lookup_(group, number) : nullptr)
      write_record(group, *r);
  changed_records_.clear();
  if (failure_.empty()) check(sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr));
  in_transaction_ = false;
  if (failure_.empty()) return true;
  *error = std::exchange(failure_, "");
  if (!sqlite3_get_autocommit(db_.get()))
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  return false;
}

void SqliteStore::write_whole_group(const Group& g) {
  for (const auto& [key, e] : g.context) key_written(g, key, e);
  for (const GroupEvent& e : g.events) event_added(g, e);
  for (const auto& [id, messages] : g.inbox)
    for (const Message& m : messages) message_added(g, namer_ ? namer_(id) : std::to_string(id), m);
  for (const auto& [name, messages] : g.held_inbox)
    for (const Message& m : messages) message_added(g, name, m);
  for (const Lease& l : g.leases) lease_added(g, l);
  for (const MemberRecord& r : g.roster) record_changed(g, r);
  for (const auto& [name, seq] : g.cursors) cursor_set(g, name, seq);
  group_changed(g, true);
}

bool SqliteStore::save_all(const std::vector<Group*>& groups, std::string* error) {
  if (in_transaction_ && !commit(error)) return false;
  begin();
  for (const char* table :
       {"groups", "members", "context", "events", "inbox", "leases", "roster", "cursors"})
    check(sqlite3_exec(db_.get(), ("DELETE FROM " + std::string(table)).c_str(), nullptr, nullptr,
                       nullptr));
  for (const Group* g : groups) write_whole_group(*g);
  return commit(error);
}

}  // namespace amux
