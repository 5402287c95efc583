// The durable store: coordination state in one SQLite database (WAL mode) per server.
// Changes are written as they happen inside one open transaction, which the server
// commits once per loop turn (group commit) before it answers the clients of that turn.
// Also the loader, strict about every row, shared by the server and the fuzz target.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "amux/base/util.h"
#include "amux/coord/store.h"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_value;

namespace amux {

struct SqliteFree {
  void operator()(sqlite3* db) const;
  void operator()(sqlite3_stmt* stmt) const;
  void operator()(sqlite3_value* value) const;
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteFree>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, SqliteFree>;
using SqliteValuePtr = std::unique_ptr<sqlite3_value, SqliteFree>;

// A row the loader left out: what was wrong ("roster row 2: invalid objective") and its
// primary key, to delete it by.
struct DroppedRow {
  std::string reason;
  const char* table = nullptr;
  SqliteValuePtr key[2];
};

// The schema this amux writes; a file naming a later one is refused, left as it is.
constexpr int kStateSchema = 3;
constexpr size_t kMaxSessionRecord = 4u << 20;  // a saved session, history included
// "amux" in SQLite's header (PRAGMA application_id): how a file is known to be amux's.
constexpr uint32_t kStateApplicationId = 0x616d7578;
// Creates amux's tables in an empty database, and marks it amux's.
bool create_state_schema(sqlite3* db, std::string* error);
// Marks a database amux's (an older file had no application id).
bool mark_state_file(sqlite3* db, std::string* error);
// Runs SQL; false with SQLite's words in *error.
bool sqlite_exec(sqlite3* db, const char* sql, std::string* error);
// The first column of the last row a query gives, as text ("" when none).
bool sqlite_text(sqlite3* db, const char* sql, std::string* out, std::string* error);
// Brings a database of an older schema (1, 2) to the current one (3); true when there was
// nothing to do (a current or empty database, or one load_state will refuse).
bool upgrade_state_schema(sqlite3* db, std::string* error);
// Reads an amux state database; false with *error ("context row 3: invalid key") when it
// is not one or any row is invalid. An empty database is an empty state. With dropped, a
// bad row is left out and told there instead (the rows of a group left out go with it),
// and only a database that is not amux's fails.
bool load_state(sqlite3* db, StoredState* state, std::string* error,
                std::vector<DroppedRow>* dropped = nullptr);
// Deletes the dropped rows, in one transaction.
bool delete_dropped(sqlite3* db, const std::vector<DroppedRow>& dropped, std::string* error);

class SqliteStore final : public CoordStore {
 public:
  // Opens (or creates) the state file, mode 0600 in a directory made 0700. An amux state
  // file that fails its checks is moved aside (path.corrupt-YYYYMMDDTHHMMSS) and a new one
  // started; *note says so. *state is what the file holds. nullptr with *error when no
  // file can be had, nothing touched: not a regular file (a directory, a symlink), not
  // amux's (another program's file is never taken over), in use by another server, not
  // openable for writing (permissions, immutable), a directory that cannot be made.
  static std::unique_ptr<SqliteStore> open(const std::string& path, StoredState* state,
                                           std::string* note, std::string* error);
  ~SqliteStore() override;

  const std::string& path() const { return path_; }
  // What the file holds now (after a failed commit: what the last commit left).
  bool read(StoredState* state, std::string* error) { return load_state(db_.get(), state, error); }
  // Names of live sessions (members, inbox recipients) as they are written.
  void set_namer(std::function<std::string(int)> namer) { namer_ = std::move(namer); }
  // Finds a record by group name and number when the turn commits (nullptr: gone).
  void set_record_lookup(std::function<const MemberRecord*(const std::string&, uint64_t)> fn) {
    record_lookup_ = std::move(fn);
  }
  // Called when a turn's first change opens the transaction.
  void set_on_change(std::function<void()> fn) { on_change_ = std::move(fn); }
  bool pending() const { return in_transaction_; }
  // Writes the changed groups and commits; false with *error ("disk is full") after
  // rolling back: the file then holds what the last commit left.
  bool commit(std::string* error);
  // Sessions as the server saves them (resurrection): one opaque record a session by its
  // name, written in the turn's transaction; and whether the server ended cleanly
  // (kill-server), which a starting server reads to know whether to restore them.
  void session_saved(const std::string& name, const std::string& data);
  void session_removed(const std::string& name);
  void sessions_cleared();
  void set_clean(bool clean);
  // Replaces everything in the file with these groups, committed at once.
  bool save_all(const std::vector<Group*>& groups, std::string* error);

  void group_changed(const Group& g, bool members = false) override;
  void group_removed(const std::string& name) override;
  void group_added(const Group& g) override { write_whole_group(g); }
  void key_written(const Group& g, const std::string& key, const ContextEntry& e) override;
  void key_removed(const Group& g, const std::string& key) override;
  void event_added(const Group& g, const GroupEvent& e) override;
  void message_added(const Group& g, const std::string& recipient, const Message& m) override;
  void messages_removed(const Group& g, const std::deque<Message>& messages) override;
  void messages_renamed(const Group& g, const std::string& recipient,
                        const std::deque<Message>& messages) override;
  void lease_added(const Group& g, const Lease& l) override;
  void lease_removed(const Group& g, const Lease& l) override;
  void record_changed(const Group& g, const MemberRecord& r) override;
  void record_removed(const Group& g, uint64_t number) override;
  void cursor_set(const Group& g, const std::string& session, uint64_t seq) override;
  void cursor_removed(const Group& g, const std::string& session) override;

  enum class Query;

 private:
  SqliteStore(std::string path, Fd lock, SqlitePtr db)
      : path_(std::move(path)), lock_(std::move(lock)), db_(std::move(db)) {}
  bool begin();
  sqlite3_stmt* statement(Query q);
  template <typename... T>
  void write(Query q, const T&... values);
  // The leading values bound by position, then a record's fields (records.h) by name.
  template <typename R, typename Fields, typename... T>
  void write_record(Query q, const R& record, Fields fields, const T&... values);
  void check(int rc);
  // A group's own row as it was last reported (its members when they changed), written
  // at the commit: a copy, so a group gone since leaves nothing dangling.
  struct GroupRow {
    int64_t created = 0, last_activity = 0, version = 0, event_seq = 0, lease_fence = 0;
    int64_t first_event = 0;  // events before it are trimmed
    std::string join_key;
    bool members_changed = false;
    std::vector<std::string> members;
  };
  void write_group(const std::string& name, const GroupRow& row);
  void write_member_record(const std::string& group, const MemberRecord& r);
  void write_whole_group(const Group& g);

  std::string path_;
  Fd lock_;  // flock'd: one server a file
  SqlitePtr db_;
  std::map<int, StatementPtr> statements_;
  // Each statement's parameter numbers in the order its record's fields bind them
  // (records.h: the order is the field list's), found by name once.
  std::map<int, std::vector<int>> parameters_;
  std::map<std::string, GroupRow> changed_;
  // Records changed this turn (group, number), written as they are at the commit.
  std::set<std::pair<std::string, uint64_t>> changed_records_;
  std::function<const MemberRecord*(const std::string&, uint64_t)> record_lookup_;
  std::function<std::string(int)> namer_;
  std::function<void()> on_change_;
  bool in_transaction_ = false;
  std::string failure_;  // the first error of the open transaction
};

}  // namespace amux
