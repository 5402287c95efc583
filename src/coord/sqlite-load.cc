// The state file's schema and its strict loader (see sqlite-store.h): amux's tables and
// their upgrade, the application id that marks a file as amux's, and load_state, which
// checks every row (a bad one is named, and left out when asked).
#include <sqlite3.h>

#include <algorithm>
#include <cstring>

#include "amux/coord/records.h"
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

// Schema 3: the sessions the server saves (resurrection) and whether it ended cleanly.
static const char kUpgrade3[] =
    "CREATE TABLE sessions(name TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID;"
    "INSERT OR REPLACE INTO meta VALUES('clean', '1');"
    "UPDATE meta SET value = '3' WHERE key = 'schema';";

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
         sqlite_exec(db, kUpgrade3, error) && sqlite_exec(db, kSetApplicationId, error);
}

// ---- Loading -------------------------------------------------------------------------

namespace {

// One row of a query, its columns by name, read with the record codec's checks; the first
// failed check names the row.
class Row : public RecordReader {
 public:
  Row(sqlite3_stmt* stmt, const char* table, int number)
      : RecordReader(RecordFormat::kState), stmt_(stmt), table_(table), number_(number) {}
  std::string error_text() const {
    return std::string(table_) + " row " + std::to_string(number_) + ": " + error();
  }

 protected:
  bool raw_text(const char* name, std::string* out) override {
    int col = column(name);
    if (col < 0 || sqlite3_column_type(stmt_, col) != SQLITE_TEXT)
      return fail(std::string(name) + " not text"), false;
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    out->assign(p == nullptr ? "" : p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
    return true;
  }
  bool raw_number(const char* name, int64_t* out) override {
    int col = column(name);
    if (col < 0 || sqlite3_column_type(stmt_, col) != SQLITE_INTEGER)
      return fail(std::string(name) + " not an integer"), false;
    *out = sqlite3_column_int64(stmt_, col);
    return true;
  }
  bool raw_flag(const char* name, bool* out) override {
    *out = number_field(name, 0, 1) != 0;
    return ok();
  }

 private:
  int column(const char* name) const {
    for (int i = 0, n = sqlite3_column_count(stmt_); i < n; i++)
      if (strcmp(sqlite3_column_name(stmt_, i), name) == 0) return i;
    return -1;
  }
  sqlite3_stmt* stmt_;
  const char* table_;
  int number_;
};

// The primary key of each table's rows (the first one or two columns), to delete a row by.
struct TableKey {
  const char* table;
  const char* columns[2];
};
constexpr TableKey kTableKeys[] = {{"groups", {"name", nullptr}}, {"members", {"grp", "position"}},
                                   {"context", {"grp", "key"}},   {"events", {"grp", "seq"}},
                                   {"inbox", {"grp", "seq"}},     {"leases", {"grp", "fence"}},
                                   {"roster", {"grp", "number"}}, {"cursors", {"grp", "session"}},
                                   {"sessions", {"name", nullptr}}};

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
    if (dropped == nullptr || key == nullptr) return *error = row.error_text(), false;
    DroppedRow d{row.error_text(), key->table, {}};
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
        std::string name = r.text_field("name", kMaxGroupNameLength);
        r.check(valid_group_name(name), "group name");
        Group g;
        g.name = name;
        g.created = r.number_field("created", 0, kMaxTime);
        g.last_activity = r.number_field("last_activity", 0, kMaxTime);
        g.version = static_cast<uint64_t>(r.number_field("version", 0, kMaxCount));
        g.event_seq = static_cast<uint64_t>(r.number_field("event_seq", 0, kMaxCount));
        g.lease_fence = static_cast<uint64_t>(r.number_field("lease_fence", 0, kMaxCount));
        g.join_key = r.text_field("join_key");
        if (r.ok()) (*out)[name].group = std::move(g);
      },
      dropped);
}

// The group a row names, or nullptr (the row fails).
static Group* row_group(Row& r, std::map<std::string, StoredGroup>& groups) {
  std::string name = r.text_field("grp", kMaxGroupNameLength);
  auto it = groups.find(name);
  if (it == groups.end()) return r.fail("no such group"), nullptr;
  return &it->second.group;
}

static void load_record(Row& r, std::map<std::string, StoredGroup>& groups) {
  Group* g = row_group(r, groups);
  MemberRecord m;
  record_fields(r, m);
  if (!r.ok()) return;
  r.check(g->roster.size() < kMaxRoster, "roster size");
  if (r.ok()) g->roster.push_back(std::move(m));
}

// The highest a counter of the row's group has reached (0 without a group).
static uint64_t top(const Group* g, uint64_t Group::*counter) {
  return g != nullptr ? g->*counter : 0;
}

static bool load_rows(sqlite3* db, std::map<std::string, StoredGroup>& groups, std::string* error,
                      std::vector<DroppedRow>* dropped) {
  bool ok = each_row(
      db, "SELECT * FROM members ORDER BY grp, position", "members", error,
      [&](Row& r) {
        Group* g = row_group(r, groups);
        r.number_field("position", 0, kMaxCount);
        std::string name = r.text_field("session", kMaxSessionName);
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
                   std::string key = r.text_field("key", kMaxKeyLength);
                   r.check(valid_key(key), "key");
                   ContextEntry e;
                   context_fields(r, e);
                   r.check(e.version <= top(g, &Group::version), "version");
                   if (r.ok()) g->context[key] = std::move(e);
                 },
                 dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM events ORDER BY grp, seq", "events", error,
                 [&](Row& r) {
                   Group* g = row_group(r, groups);
                   GroupEvent e;
                   event_fields(r, e);
                   r.check(e.seq <= top(g, &Group::event_seq), "seq");
                   r.check(e.ref <= top(g, &Group::event_seq), "ref");
                   if (r.ok()) g->events.push_back(std::move(e));
                 },
                 dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM inbox ORDER BY grp, seq", "inbox", error,
                 [&](Row& r) {
                   Group* g = row_group(r, groups);
                   std::string recipient = r.text_field("recipient", kMaxSessionName);
                   Message m;
                   message_fields(r, m);
                   r.check(m.seq <= top(g, &Group::event_seq), "seq");
                   r.check(m.reply_to <= top(g, &Group::event_seq), "reply_to");
                   if (r.ok()) g->held_inbox[recipient].push_back(std::move(m));
                 },
                 dropped);
  ok = ok && each_row(
                 db, "SELECT * FROM leases ORDER BY grp, fence", "leases", error,
                 [&](Row& r) {
                   Group* g = row_group(r, groups);
                   Lease l;
                   lease_fields(r, l);
                   r.check(l.fence <= top(g, &Group::lease_fence), "fence");
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
                   std::string name = r.text_field("session", kMaxSessionName);
                   r.check(!name.empty(), "session");
                   uint64_t seq = static_cast<uint64_t>(r.number_field("seq", 0, kMaxCount));
                   r.check(seq <= top(g, &Group::event_seq), "seq");
                   if (r.ok()) g->cursors[name] = seq;
                 },
                 dropped);
  return ok;
}

bool load_state(sqlite3* db, StoredState* state, std::string* error,
                std::vector<DroppedRow>* dropped) {
  int tables = 0;
  if (!each_row(db, "SELECT count(*) AS count FROM sqlite_master", "sqlite_master", error,
                [&](Row& r) { tables = static_cast<int>(r.number_field("count", 0, INT32_MAX)); }))
    return false;
  if (tables == 0) return true;
  std::string schema;
  if (!each_row(db, "SELECT value AS schema FROM meta WHERE key = 'schema'", "meta", error,
                [&](Row& r) { schema = r.text_field("schema", 16); }))
    return *error = "not an amux state file (" + *error + ")", false;
  if (schema != "3") return *error = "unknown state schema '" + schema + "'", false;
  std::map<std::string, StoredGroup> groups;
  if (!load_groups(db, &groups, error, dropped) || !load_rows(db, groups, error, dropped))
    return false;
  for (auto& [name, sg] : groups) state->groups.push_back(std::move(sg));
  std::string clean;
  if (!each_row(db, "SELECT value FROM meta WHERE key = 'clean'", "meta", error,
                [&](Row& r) { clean = r.text_field("value", 1); }))
    return false;
  state->clean = clean != "0";
  // A session's record is the server's to read (it checks it as it restores); here only
  // its name and size.
  return each_row(
      db, "SELECT name, data FROM sessions", "sessions", error,
      [&](Row& r) {
        std::string name = r.text_field("name", kMaxSessionName);
        std::string data = r.text_field("data", kMaxSessionRecord);
        if (r.ok()) state->sessions.emplace_back(std::move(name), std::move(data));
      },
      dropped);
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
  each_row(db, "SELECT value AS schema FROM meta WHERE key = 'schema'", "meta", &ignored,
           [&](Row& r) { schema = r.text_field("schema", 16); });
  if (schema != "1" && schema != "2") return true;
  std::string sql = std::string("BEGIN;") + (schema == "1" ? kUpgrade2 : "") + kUpgrade3 + "COMMIT;";
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
