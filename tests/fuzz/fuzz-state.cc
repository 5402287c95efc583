// libFuzzer target: the state loader. The first byte picks the form: even, the rest is a
// SQLite file image (opened in memory); odd, the rest is rows, one a line
// ("c|group|key|value|1|a|0|0|0"; r: roster, u: cursors), inserted into amux's own
// tables (schema 3; an image of schema 1 or 2 is upgraded first). Whatever loads is then
// restored into a Coordinator, former members join again under their names (their
// inboxes come back) and expiry runs: a bad file or row must be refused, never crash.
// The corpus has rows at the loader's limits and one past them (limits-*: names, keys,
// objectives, notes, counters and times; a value's 64 KiB is past max_len, shell-tested).
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "amux/coord/coordinator.h"
#include "amux/coord/sqlite-store.h"

namespace {

class Host : public amux::CoordHost {
 public:
  time_t now() const override { return 2000000000; }
  std::string current_name(int id) const override {
    static const char* const kNames[] = {"a", "b", "bee", "dev1"};
    return id >= 0 && id < 4 ? kNames[id] : "";
  }
  bool park(uint64_t, long, std::function<void()>) override { return false; }
  void resume(uint64_t, int, const std::string&, const std::string&) override {}
  bool stream(uint64_t, const std::string&) override { return true; }
  int type_into_pane(int, const std::string&) override { return -1; }
  void cancel_typing(int) override {}
  bool has_hook(const char*, int) override { return false; }
  void run_hook(const char*, amux::FormatContext, int) override {}
  void arm_expiry(time_t) override {}
};

// The columns of each table, by its letter.
struct Table {
  char letter;
  const char* name;
  int columns;
};
constexpr Table kTables[] = {{'x', "meta", 2},    {'g', "groups", 7},  {'m', "members", 3},
                             {'c', "context", 8}, {'e', "events", 11}, {'i', "inbox", 8},
                             {'l', "leases", 7},  {'r', "roster", 21}, {'u', "cursors", 3},
                             {'s', "sessions", 2}};

void bind_field(sqlite3_stmt* stmt, int i, const std::string& field) {
  char* end = nullptr;
  long long n = strtoll(field.c_str(), &end, 10);
  if (!field.empty() && end != nullptr && *end == '\0')
    sqlite3_bind_int64(stmt, i, n);
  else
    sqlite3_bind_text(stmt, i, field.data(), static_cast<int>(field.size()), SQLITE_TRANSIENT);
}

// One connection with amux's tables, emptied before each input; its INSERTs prepared once.
class RowsDb {
 public:
  RowsDb() {
    sqlite3* raw = nullptr;
    sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr);
    db_.reset(raw);
    std::string error;
    amux::create_state_schema(raw, &error);
    for (const Table& t : kTables) {
      std::string sql = std::string("INSERT INTO ") + t.name + " VALUES(?";
      for (int i = 1; i < t.columns; i++) sql += ", ?";
      inserts_.push_back(prepare(sql + ")"));
      clears_.push_back(prepare(std::string("DELETE FROM ") + t.name));
    }
  }
  sqlite3* fill(std::string_view rows) {
    for (auto& clear : clears_) {
      sqlite3_step(clear.get());
      sqlite3_reset(clear.get());
    }
    while (!rows.empty()) {
      size_t nl = rows.find('\n');
      std::string line(rows.substr(0, nl));
      rows.remove_prefix(nl == std::string_view::npos ? rows.size() : nl + 1);
      if (line.size() >= 2 && line[1] == '|') insert(line);
    }
    return db_.get();
  }

 private:
  amux::StatementPtr prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &stmt, nullptr);
    return amux::StatementPtr(stmt);
  }
  void insert(const std::string& line) {
    for (size_t t = 0; t < std::size(kTables); t++) {
      if (kTables[t].letter != line[0]) continue;
      sqlite3_stmt* stmt = inserts_[t].get();
      size_t pos = 2;
      for (int i = 1; i <= kTables[t].columns; i++) {
        size_t bar = line.find('|', pos);
        std::string field = pos <= line.size() ? line.substr(pos, bar - pos) : "";
        pos = bar == std::string::npos ? line.size() + 1 : bar + 1;
        bind_field(stmt, i, field);
      }
      sqlite3_step(stmt);
      sqlite3_reset(stmt);
    }
  }
  amux::SqlitePtr db_;
  std::vector<amux::StatementPtr> inserts_, clears_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static RowsDb rows;
  amux::SqlitePtr image_db;
  sqlite3* db = nullptr;
  if (data[0] % 2 == 0) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return 0;
    image_db.reset(raw);
    size_t n = size - 1;
    auto* image = static_cast<unsigned char*>(sqlite3_malloc64(n == 0 ? 1 : n));
    if (image == nullptr) return 0;
    memcpy(image, data + 1, n);
    if (n > 19 && image[18] == 2 && image[19] == 2) image[18] = image[19] = 1;  // not WAL
    if (sqlite3_deserialize(
            raw, "main", image, static_cast<sqlite3_int64>(n), static_cast<sqlite3_int64>(n),
            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) != SQLITE_OK)
      return 0;
    db = raw;
    // An image of an older schema is brought up to date first, as the server does on opening.
    std::string error;
    if (!amux::upgrade_state_schema(db, &error)) return 0;
  } else {
    db = rows.fill(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  }
  amux::StoredState state;
  std::string error;
  // As the server loads: a bad row is left out (and then deleted), the rest loads; once
  // they are gone the strict loader must take what is left.
  std::vector<amux::DroppedRow> dropped;
  bool loaded = amux::load_state(db, &state, &error, &dropped);
  static const bool verbose = getenv("AMUX_FUZZ_VERBOSE") != nullptr;  // why an input is refused
  if (verbose) fprintf(stderr, "%s\n", loaded ? "loaded" : error.c_str());
  for (const auto& d : dropped)
    if (verbose) fprintf(stderr, "left out: %s\n", d.reason.c_str());
  if (!loaded) return 0;
  // (Only for a file that passes SQLite's quick_check, as the server opens no other: in a
  // malformed one a row may not be found again by its key.)
  std::string check;
  if (!dropped.empty() && amux::sqlite_text(db, "PRAGMA quick_check", &check, &error) &&
      check == "ok" && amux::delete_dropped(db, dropped, &error)) {
    amux::StoredState again;
    if (!amux::load_state(db, &again, &error)) {
      fprintf(stderr, "left bad rows behind: %s\n", error.c_str());
      abort();
    }
  }
  Host host;
  amux::Coordinator coord(host);
  std::vector<std::string> skipped;
  coord.restore(std::move(state), &skipped);
  for (amux::Group* g : coord.groups()) {
    std::string join_error;
    for (int id = 0; id < 4; id++) coord.join(id, g->name, &join_error, g->join_key);
    coord.run_expiry();
    for (int id = 0; id < 4; id++) coord.leave(id);
  }
  return 0;
}
