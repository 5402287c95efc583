// One record codec: the one field list of each stored record (context entry, event,
// message, lease, member record) with its names and limits, read and written by every
// format that holds records: the state file's rows (sqlite-load.cc, sqlite-store.cc), the
// archive's JSON (archive.cc) and what Redis keeps (replica.cc; the Lua writes it).
//
// A field list is a function template over a visitor: a RecordReader reads each field
// and checks its limits (the first failure names the field), a writer writes it. Checks
// between records (a key's version at most its group's) are the loaders' own.
#pragma once

#include <cstdint>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "amux/base/json.h"
#include "amux/coord/group.h"

namespace amux {

enum class RecordFormat { kState, kArchive, kRedis };

// A field's name in each format (nullptr: that format does not hold it).
struct FieldName {
  const char* state;
  const char* archive;
  const char* redis;
  const char* in(RecordFormat f) const {
    return f == RecordFormat::kState ? state : f == RecordFormat::kArchive ? archive : redis;
  }
};
constexpr FieldName same(const char* name) {
  return {name, name, name};
}

constexpr size_t kMaxWord = 64;  // a record's agent type or state, as the loaders always took

// ---- The field lists -----------------------------------------------------------------
// V has text(name, s, max, nonempty), count(name, n, min), time(name, t),
// seconds(name, s), flag(name, b), pane(name, id), kind(name, k), priority(name, p) and
// waits(name, list); R is the record, const when written.

template <typename V, typename R>
void context_fields(V& v, R& e) {
  v.text(same("value"), e.value, kMaxValueLength, false);
  v.count({"version", "version", "v"}, e.version, 1);
  v.text({"author", "author", "a"}, e.author_name, kMaxSessionName, false);
  v.time({"time", "time", "t"}, e.time);
  v.flag({"ephemeral", "ephemeral", "e"}, e.ephemeral);
  v.time({"expires", "expires", "x"}, e.expires);
}

// What the Redis stream holds beyond the stored log (gv, eph, exp, paste) is what a
// replica applies (apply.h); the state file and archives keep events as history.
template <typename V, typename R>
void event_fields(V& v, R& e) {
  v.count(same("seq"), e.seq, 1);
  v.kind(same("kind"), e.kind);
  v.text({"session", "session", "actor"}, e.session, kMaxSessionName, false);
  v.time(same("time"), e.time);
  v.text(same("key"), e.key, kMaxPathLength, false);
  v.text(same("value"), e.value, kMaxValueLength, false);
  v.text(same("data"), e.data, kMaxValueLength, false);
  v.text(same("target"), e.target, kMaxSessionName, false);
  v.count(same("fence"), e.fence, 0);
  v.count(same("ref"), e.ref, 0);
  v.count({nullptr, nullptr, "gv"}, e.version, 0);
  v.flag({nullptr, nullptr, "eph"}, e.ephemeral);
  v.time({nullptr, nullptr, "exp"}, e.expires);
  v.flag({nullptr, nullptr, "paste"}, e.paste);
}

// The recipient is where the message is kept (a column, a field, the inbox's key).
template <typename V, typename R>
void message_fields(V& v, R& m) {
  v.count(same("seq"), m.seq, 1);
  v.text({"sender", "from", "from"}, m.from, kMaxSessionName, false);
  v.time(same("time"), m.time);
  v.text(same("text"), m.text, kMaxValueLength, true);
  v.priority(same("priority"), m.priority);
  v.count({"reply_to", "reply_to", "reply"}, m.reply_to, 0);
}

template <typename V, typename R>
void lease_fields(V& v, R& l) {
  v.count(same("fence"), l.fence, 1);
  v.text(same("path"), l.path, kMaxPathLength, true);
  v.text(same("holder"), l.holder_name, kMaxSessionName, false);
  v.pane(same("pane"), l.pane_id);
  v.flag(same("shared"), l.shared);
  v.time(same("expires"), l.expires);
}

template <typename V, typename R>
void record_fields(V& v, R& r) {
  v.count({"number", "number", nullptr}, r.number, 1);
  v.text({"session", "name", nullptr}, r.name, kMaxSessionName, true);
  v.text({"type", "type", nullptr}, r.type, kMaxWord, false);
  v.text({"objective", "objective", nullptr}, r.objective, kMaxObjective, false);
  v.text({"state", "state", nullptr}, r.state, kMaxWord, false);
  v.text({"note", "note", nullptr}, r.note, kMaxNote, false);
  v.time({"joined", "joined", nullptr}, r.joined);
  v.time({"left_at", "left", nullptr}, r.left);
  v.time({"finished", "finished", nullptr}, r.finished);
  v.time({"state_since", "state_since", nullptr}, r.state_since);
  v.count({"leases", "leases", nullptr}, r.leases, 0);
  v.count({"shares", "shares", nullptr}, r.shares, 0);
  v.count({"messages_sent", "messages_sent", nullptr}, r.messages_sent, 0);
  v.count({"messages_read", "messages_read", nullptr}, r.messages_read, 0);
  v.count({"cas_conflicts", "cas_conflicts", nullptr}, r.cas_conflicts, 0);
  v.count({"lock_conflicts", "lock_conflicts", nullptr}, r.lock_conflicts, 0);
  v.seconds({"working", "working", nullptr}, r.working);
  v.seconds({"idle", "idle", nullptr}, r.idle);
  v.seconds({"blocked", "blocked", nullptr}, r.blocked);
  v.waits({"waits", "waits", nullptr}, r.waits);
}

// ---- Reading -------------------------------------------------------------------------

// Reads a record's fields from one format's source and checks each against its limits.
// The first failure is kept, as "invalid NAME" or what the source says of a field that is
// missing or of the wrong kind.
class RecordReader {
 public:
  explicit RecordReader(RecordFormat format) : format_(format) {}
  virtual ~RecordReader() = default;
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void fail(const std::string& what) {
    if (error_.empty()) error_ = what;
  }
  void check(bool good, const char* what) {
    if (!good) fail(std::string("invalid ") + what);
  }

  void text(FieldName n, std::string& out, size_t max, bool nonempty);
  void count(FieldName n, uint64_t& out, uint64_t min);
  void time(FieldName n, time_t& out);
  void seconds(FieldName n, int64_t& out);
  void flag(FieldName n, bool& out);
  void pane(FieldName n, int& out);
  void kind(FieldName n, EventKind& out);
  void priority(FieldName n, Priority& out);
  void waits(FieldName n, std::vector<int64_t>& out);
  // A field outside the record lists (a row's group, a message's recipient), by the
  // same rules.
  std::string text_field(const char* name, size_t max = kMaxPathLength);
  int64_t number_field(const char* name, int64_t min, int64_t max);

 protected:
  // The raw field: false (after failing) when it is missing or not of the kind.
  virtual bool raw_text(const char* name, std::string* out) = 0;
  virtual bool raw_number(const char* name, int64_t* out) = 0;
  virtual bool raw_flag(const char* name, bool* out) = 0;
  // A list of numbers (waits): as text "3,10,0" unless the format has lists.
  virtual bool raw_numbers(const char* name, std::vector<int64_t>* out, size_t max);
  RecordFormat format_;

 private:
  std::string error_;
};

// What Redis keeps: every field is text (a stream entry's or hash's value, a JSON field
// printed), and a missing one is empty (the scripts write only the fields an event has).
class RedisRecordReader : public RecordReader {
 public:
  // lookup(name, &text): false when the field is not there.
  template <typename F>
  explicit RedisRecordReader(F lookup) : RecordReader(RecordFormat::kRedis), lookup_(lookup) {}

 protected:
  bool raw_text(const char* name, std::string* out) override;
  bool raw_number(const char* name, int64_t* out) override;
  bool raw_flag(const char* name, bool* out) override;

 private:
  std::function<bool(const char*, std::string*)> lookup_;
};

// An archive's JSON object (archive.cc): a missing field is "missing NAME", one of the
// wrong type "invalid NAME"; each reads arrays of objects, naming the element that failed
// ("context[2]: invalid key").
class JsonRecordReader : public RecordReader {
 public:
  explicit JsonRecordReader(const cJSON* o);
  // The field of that cJSON type, or nullptr (after failing).
  const cJSON* item(const char* name, int type);
  template <typename F>
  void each(const char* name, size_t max, F fn) {
    const cJSON* a = item(name, cJSON_Array);
    size_t i = 0;
    for (const cJSON* c = a != nullptr ? a->child : nullptr; c != nullptr && ok(); c = c->next) {
      if (i >= max) return fail("too many " + std::string(name));
      JsonRecordReader r(c);
      if (r.ok()) fn(r);
      if (!r.ok()) fail(std::string(name) + "[" + std::to_string(i) + "]: " + r.error());
      i++;
    }
  }

 protected:
  bool raw_text(const char* name, std::string* out) override;
  bool raw_number(const char* name, int64_t* out) override;
  bool raw_flag(const char* name, bool* out) override;
  bool raw_numbers(const char* name, std::vector<int64_t>* out, size_t max) override;

 private:
  const cJSON* o_;
};

// Writes a record's fields into a JSON object, by their archive names.
class JsonRecordWriter {
 public:
  explicit JsonRecordWriter(cJSON* o) : o_(o) {}
  void text(FieldName n, const std::string& v, size_t, bool);
  void count(FieldName n, uint64_t v, uint64_t) { number(n, static_cast<int64_t>(v)); }
  void time(FieldName n, time_t v) { number(n, v); }
  void seconds(FieldName n, int64_t v) { number(n, v); }
  void flag(FieldName n, bool v);
  void pane(FieldName n, int v) { number(n, v); }
  void kind(FieldName n, EventKind k);
  void priority(FieldName n, Priority p);
  void waits(FieldName n, const std::vector<int64_t>& waits);

 private:
  void number(FieldName n, int64_t v);
  cJSON* o_;
};

}  // namespace amux
