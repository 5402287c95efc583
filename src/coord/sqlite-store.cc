// The SQLite store (see sqlite-store.h): opening with its refusals (another program's
// file, one in use; an amux file that is corrupt goes aside), writes inside the turn's
// transaction, and the commit that writes each changed group's own row once. The schema
// and the loader are in sqlite-load.cc.
#include "amux/coord/sqlite-store.h"

#include "amux/coord/records.h"

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
  kSession,
  kDeleteSession,
  kDeleteSessions,
  kMeta,
};

static const char* const kQueries[] = {
    "INSERT OR REPLACE INTO groups VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "DELETE FROM groups WHERE name = ?1",
    "DELETE FROM members WHERE grp = ?1",
    "INSERT INTO members VALUES(?1, ?2, ?3)",
    ("INSERT OR REPLACE INTO context(grp, key, value, version, author, time, ephemeral, expires)"
     " VALUES(?1, ?2, :value, :version, :author, :time, :ephemeral, :expires)"),
    "DELETE FROM context WHERE grp = ?1 AND key = ?2",
    ("INSERT OR REPLACE INTO events(grp, seq, kind, session, time, key, value, data, target,"
     " fence, ref) VALUES(?1, :seq, :kind, :session, :time, :key, :value, :data, :target, :fence,"
     " :ref)"),
    "DELETE FROM events WHERE grp = ?1 AND seq < ?2",
    ("INSERT OR REPLACE INTO inbox(grp, recipient, seq, sender, time, text, priority, reply_to)"
     " VALUES(?1, ?2, :seq, :sender, :time, :text, :priority, :reply_to)"),
    "DELETE FROM inbox WHERE grp = ?1 AND seq = ?2",
    "UPDATE inbox SET recipient = ?3 WHERE grp = ?1 AND seq = ?2",
    ("INSERT OR REPLACE INTO leases(grp, fence, path, holder, pane, shared, expires)"
     " VALUES(?1, :fence, :path, :holder, :pane, :shared, :expires)"),
    "DELETE FROM leases WHERE grp = ?1 AND fence = ?2",
    "DELETE FROM context WHERE grp = ?1",
    "DELETE FROM events WHERE grp = ?1",
    "DELETE FROM inbox WHERE grp = ?1",
    "DELETE FROM leases WHERE grp = ?1",
    ("INSERT OR REPLACE INTO roster(grp, number, session, type, objective, state, note, joined,"
     " left_at, finished, state_since, leases, shares, messages_sent, messages_read,"
     " cas_conflicts, lock_conflicts, working, idle, blocked, waits) VALUES(?1, :number,"
     " :session, :type, :objective, :state, :note, :joined, :left_at, :finished, :state_since,"
     " :leases, :shares, :messages_sent, :messages_read, :cas_conflicts, :lock_conflicts,"
     " :working, :idle, :blocked, :waits)"),
    "DELETE FROM roster WHERE grp = ?1 AND number = ?2",
    "INSERT OR REPLACE INTO cursors VALUES(?1, ?2, ?3)",
    "DELETE FROM roster WHERE grp = ?1",
    "DELETE FROM cursors WHERE grp = ?1",
    "DELETE FROM cursors WHERE grp = ?1 AND session = ?2",
    "INSERT OR REPLACE INTO sessions VALUES(?1, ?2)",
    "DELETE FROM sessions WHERE name = ?1",
    "DELETE FROM sessions",
    "INSERT OR REPLACE INTO meta VALUES(?1, ?2)",
};

// What a failed write says: a full disk plainly, else SQLite's text ("disk I/O error").
static std::string write_error(int rc) {
  return (rc & 0xff) == SQLITE_FULL ? "disk is full" : sqlite3_errstr(rc);
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
  bool kept = sqlite_exec(db, sql, &error);
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
  bool ok = sqlite_exec(
                db.get(),
                "PRAGMA page_size = 1024; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;",
                error) &&
            sqlite_text(db.get(), "PRAGMA quick_check", &check, error);
  if (ok && check != "ok") *error = check, ok = false;
  *state = {};
  if (ok && !upgrade_state_schema(db.get(), error)) ok = false;
  std::vector<DroppedRow> dropped;
  if (ok && !load_state(db.get(), state, error, &dropped)) ok = false;
  if (ok && !dropped.empty()) *note = drop_rows(db.get(), path, dropped);
  int tables = 0;
  if (ok) {
    std::string n;
    if (sqlite_text(db.get(), "SELECT count(*) FROM sqlite_master", &n, error))
      tables = atoi(n.c_str());
  }
  if (ok && tables == 0 && !create_state_schema(db.get(), error)) ok = false;
  if (ok && tables > 0 && !mark_state_file(db.get(), error)) ok = false;  // older files
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
  if (id != 0) return id == kStateApplicationId;
  sqlite3* raw = nullptr;
  sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  SqlitePtr db(raw);
  std::string schema, ignored;
  if (db) sqlite_text(db.get(), "SELECT value FROM meta WHERE key = 'schema'", &schema, &ignored);
  return schema == "1" || schema == "2" || schema == "3";
}

// The schema an amux file names when it is newer than this amux's ("" otherwise): such a
// file is refused and left as it is, never moved aside as unreadable.
static std::string newer_schema(const std::string& path) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  SqlitePtr db(raw);
  std::string schema, ignored;
  if (db) sqlite_text(db.get(), "SELECT value FROM meta WHERE key = 'schema'", &schema, &ignored);
  long long n;
  return parse_int(schema, kStateSchema + 1, INT32_MAX, &n) ? schema : "";
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
  if (std::string newer = newer_schema(path); !newer.empty())
    return *error = "written by a newer amux (schema " + newer + "), left as it is: " + path,
           nullptr;
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
  parameters_.clear();
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

namespace {

// Binds a record's fields (records.h) to a statement's parameters of the same names
// (":value", ...), as the state file's columns name them. A field list binds in the same
// order every time, so the n-th field's parameter number is looked up by name once and
// kept in `numbers` (0: the state file does not hold that field).
class RowWriter {
 public:
  RowWriter(sqlite3_stmt* stmt, std::vector<int>& numbers) : stmt_(stmt), numbers_(numbers) {}
  void text(FieldName n, const std::string& v, size_t, bool) {
    if (int i = index(n)) bind(stmt_, i, v);
  }
  void count(FieldName n, uint64_t v, uint64_t) { number(n, static_cast<int64_t>(v)); }
  void time(FieldName n, time_t v) { number(n, v); }
  void seconds(FieldName n, int64_t v) { number(n, v); }
  void flag(FieldName n, bool v) { number(n, v ? 1 : 0); }
  void pane(FieldName n, int v) { number(n, v); }
  void kind(FieldName n, EventKind k) { word(n, event_kind_name(k)); }
  void priority(FieldName n, Priority p) { word(n, priority_name(p)); }
  void waits(FieldName n, const std::vector<int64_t>& waits) {
    std::string text;
    for (int64_t w : waits) text += (text.empty() ? "" : ",") + std::to_string(w);
    if (int i = index(n))
      sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }

 private:
  int index(FieldName n) {
    size_t at = next_++;
    if (at < numbers_.size()) return numbers_[at];
    int number = 0;
    if (n.state != nullptr) {
      char name[64] = ":";
      strncat(name, n.state, sizeof name - 2);
      number = sqlite3_bind_parameter_index(stmt_, name);
    }
    numbers_.push_back(number);
    return number;
  }
  void number(FieldName n, int64_t v) {
    if (int i = index(n)) sqlite3_bind_int64(stmt_, i, v);
  }
  void word(FieldName n, const char* w) {
    if (int i = index(n)) sqlite3_bind_text(stmt_, i, w, -1, SQLITE_STATIC);
  }
  sqlite3_stmt* stmt_;
  std::vector<int>& numbers_;
  size_t next_ = 0;
};

}  // namespace

template <typename... T>
void SqliteStore::write(Query q, const T&... values) {
  write_record(
      q, 0, [](RowWriter&, int) {}, values...);
}

template <typename R, typename Fields, typename... T>
void SqliteStore::write_record(Query q, const R& record, Fields fields, const T&... values) {
  if (!begin()) return;
  sqlite3_stmt* stmt = statement(q);
  if (stmt == nullptr) return;
  int i = 0;
  (bind(stmt, ++i, values), ...);
  RowWriter w(stmt, parameters_[static_cast<int>(q)]);
  fields(w, record);
  check(sqlite3_step(stmt));
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
}

// The field lists as write_record takes them.
constexpr auto kContextRow = [](RowWriter& w, const ContextEntry& e) { context_fields(w, e); };
constexpr auto kEventRow = [](RowWriter& w, const GroupEvent& e) { event_fields(w, e); };
constexpr auto kMessageRow = [](RowWriter& w, const Message& m) { message_fields(w, m); };
constexpr auto kLeaseRow = [](RowWriter& w, const Lease& l) { lease_fields(w, l); };
constexpr auto kRecordRow = [](RowWriter& w, const MemberRecord& r) { record_fields(w, r); };

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
  write_record(Query::kKey, e, kContextRow, g.name, key);
}

void SqliteStore::key_removed(const Group& g, const std::string& key) {
  write(Query::kDeleteKey, g.name, key);
}

void SqliteStore::event_added(const Group& g, const GroupEvent& e) {
  write_record(Query::kEvent, e, kEventRow, g.name);
}

void SqliteStore::message_added(const Group& g, const std::string& recipient, const Message& m) {
  write_record(Query::kMessage, m, kMessageRow, g.name, recipient);
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

void SqliteStore::write_member_record(const std::string& group, const MemberRecord& r) {
  write_record(Query::kRecord, r, kRecordRow, group);
}

void SqliteStore::messages_removed(const Group& g, const std::deque<Message>& messages) {
  for (const Message& m : messages) write(Query::kDeleteMessage, g.name, num(m.seq));
}

void SqliteStore::messages_renamed(const Group& g, const std::string& recipient,
                                   const std::deque<Message>& messages) {
  for (const Message& m : messages) write(Query::kRenameMessage, g.name, num(m.seq), recipient);
}

void SqliteStore::lease_added(const Group& g, const Lease& l) {
  write_record(Query::kLease, l, kLeaseRow, g.name);
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
      write_member_record(group, *r);
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

void SqliteStore::session_saved(const std::string& name, const std::string& data) {
  write(Query::kSession, name, data);
}

void SqliteStore::session_removed(const std::string& name) {
  write(Query::kDeleteSession, name);
}

void SqliteStore::sessions_cleared() {
  write(Query::kDeleteSessions);
}

void SqliteStore::set_clean(bool clean) {
  write(Query::kMeta, std::string("clean"), std::string(clean ? "1" : "0"));
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
