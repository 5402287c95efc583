// The state file's schema and its strict loader (see sqlite-store.h): amux's tables and
// their upgrade, the application id that marks a file as amux's, and load_state, which
// checks every row (a bad one is named, and left out when asked).
#include <sqlite3.h>

#include <algorithm>
#include <cstring>

#include "amux/coord/sqlite-store.h"

namespace amux {

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

bool sqlite_exec(sqlite3* db, const char* sql, std::string* error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  *error = message != nullptr ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}
static const char kSetApplicationId[] = "PRAGMA application_id = 1634563448";
static_assert(kStateApplicationId == 1634563448);

bool create_state_schema(sqlite3* db, std::string* error) {
  return sqlite_exec(db, kSchema, error) && sqlite_exec(db, kUpgrade2, error) &&
         sqlite_exec(db, kSetApplicationId, error);
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
constexpr TableKey kTableKeys[] = {{"groups", {"name", nullptr}}, {"members", {"grp", "position"}},
                                   {"context", {"grp", "key"}},   {"events", {"grp", "seq"}},
                                   {"inbox", {"grp", "seq"}},     {"leases", {"grp", "fence"}},
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
  return each_row(
      db, "SELECT * FROM groups ORDER BY name", "groups", error,
      [&](Row& r) {
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
      },
      dropped);
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
  bool ok = each_row(
      db, "SELECT * FROM members ORDER BY grp, position", "members", error,
      [&](Row& r) {
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
      },
      dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM context", "context", error,
                 [&](Row& r) {
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
                 },
                 dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM events ORDER BY grp, seq", "events", error,
                 [&](Row& r) {
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
                 },
                 dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM inbox ORDER BY grp, seq", "inbox", error,
                 [&](Row& r) {
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
                 },
                 dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM leases ORDER BY grp, fence", "leases", error,
                 [&](Row& r) {
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
                 },
                 dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM roster ORDER BY grp, number", "roster", error,
                 [&](Row& r) { load_record(r, groups); }, dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM cursors", "cursors", error,
                 [&](Row& r) {
                   Group* g = row_group(r, groups);
                   std::string name = r.text(1, "session", kMaxSessionName);
                   r.check(!name.empty(), "session");
                   int64_t top = g != nullptr ? static_cast<int64_t>(g->event_seq) : 0;
                   uint64_t seq = static_cast<uint64_t>(r.number(2, "seq", 0, top));
                   if (r.ok()) g->cursors[name] = seq;
                 },
                 dropped);
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
  if (!sqlite_exec(db, "BEGIN", error)) return false;
  for (const DroppedRow& d : dropped) {
    const TableKey* key = table_key(d.table);
    std::string sql =
        std::string("DELETE FROM ") + key->table + " WHERE " + key->columns[0] + " IS ?1";
    if (key->columns[1] != nullptr) sql += std::string(" AND ") + key->columns[1] + " IS ?2";
    sqlite3_stmt* raw = nullptr;
    bool ok = sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) == SQLITE_OK;
    StatementPtr stmt(raw);
    for (int i = 0; ok && i < 2 && d.key[i]; i++)
      ok = sqlite3_bind_value(raw, i + 1, d.key[i].get()) == SQLITE_OK;
    if (!ok || sqlite3_step(raw) != SQLITE_DONE) {
      *error = sqlite3_errmsg(db);
      sqlite_exec(db, "ROLLBACK", &ignored);
      return false;
    }
  }
  return sqlite_exec(db, "COMMIT", error);
}

bool upgrade_state_schema(sqlite3* db, std::string* error) {
  std::string schema, ignored;
  each_row(db, "SELECT value FROM meta WHERE key = 'schema'", "meta", &ignored,
           [&](Row& r) { schema = r.text(0, "schema", 16); });
  if (schema != "1") return true;
  std::string sql = std::string("BEGIN;") + kUpgrade2 + "COMMIT;";
  if (sqlite_exec(db, sql.c_str(), error)) return true;
  sqlite_exec(db, "ROLLBACK", &ignored);
  return false;
}

bool sqlite_text(sqlite3* db, const char* sql, std::string* out, std::string* error) {
  out->clear();
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    return *error = sqlite3_errmsg(db), false;
  StatementPtr stmt(raw);
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(raw, 0);
    *out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  }
  if (rc == SQLITE_DONE) return true;
  return *error = sqlite3_errmsg(db), false;
}

bool mark_state_file(sqlite3* db, std::string* error) {
  return sqlite_exec(db, kSetApplicationId, error);
}

}  // namespace amux
