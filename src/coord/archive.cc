// aexport and aimport (see archive.h). The writer prints every field of every item, so
// that what import reads back exports to the same bytes; the reader is strict about each
// field, as the state loader is about each row.
#include "amux/coord/archive.h"

#include <cmath>
#include <cstring>
#include <set>

#include "amux/base/json.h"
#include "amux/base/util.h"
#include "amux/coord/stats.h"

namespace amux {

constexpr int kArchiveFormat = 1;
constexpr size_t kMaxEvents = 1000000;

static void str(cJSON* o, const char* name, const std::string& v) {
  cJSON_AddStringToObject(o, name, v.c_str());
}

std::string export_group(const Group& g, time_t now, const std::function<std::string(int)>& namer) {
  JsonPtr doc(cJSON_CreateObject());
  cJSON* j = doc.get();
  json_add_int(j, "amux_export", kArchiveFormat);
  str(j, "group", g.name);
  json_add_int(j, "created", g.created);
  json_add_int(j, "last_activity", g.last_activity);
  json_add_int(j, "version", static_cast<int64_t>(g.version));
  json_add_int(j, "event_seq", static_cast<int64_t>(g.event_seq));
  json_add_int(j, "lease_fence", static_cast<int64_t>(g.lease_fence));
  cJSON* context = cJSON_AddArrayToObject(j, "context");
  for (const auto& [key, e] : g.context) {
    cJSON* c = cJSON_CreateObject();
    str(c, "key", key);
    str(c, "value", e.value);
    json_add_int(c, "version", static_cast<int64_t>(e.version));
    str(c, "author", e.author_name);
    json_add_int(c, "time", e.time);
    cJSON_AddBoolToObject(c, "ephemeral", e.ephemeral);
    json_add_int(c, "expires", e.expires);
    cJSON_AddItemToArray(context, c);
  }
  cJSON* events = cJSON_AddArrayToObject(j, "events");
  for (const GroupEvent& e : g.events) {
    cJSON* o = cJSON_CreateObject();
    json_add_int(o, "seq", static_cast<int64_t>(e.seq));
    str(o, "kind", event_kind_name(e.kind));
    str(o, "session", e.session);
    json_add_int(o, "time", e.time);
    str(o, "key", e.key);
    str(o, "value", e.value);
    str(o, "data", e.data);
    str(o, "target", e.target);
    json_add_int(o, "fence", static_cast<int64_t>(e.fence));
    json_add_int(o, "ref", static_cast<int64_t>(e.ref));
    cJSON_AddItemToArray(events, o);
  }
  cJSON* inbox = cJSON_AddArrayToObject(j, "inbox");
  auto add_messages = [&](const std::string& recipient, const std::deque<Message>& messages) {
    for (const Message& m : messages) {
      cJSON* o = cJSON_CreateObject();
      str(o, "recipient", recipient);
      json_add_int(o, "seq", static_cast<int64_t>(m.seq));
      str(o, "from", m.from);
      json_add_int(o, "time", m.time);
      str(o, "text", m.text);
      str(o, "priority", priority_name(m.priority));
      json_add_int(o, "reply_to", static_cast<int64_t>(m.reply_to));
      cJSON_AddItemToArray(inbox, o);
    }
  };
  for (const auto& [id, messages] : g.inbox) add_messages(namer(id), messages);
  for (const auto& [name, messages] : g.held_inbox) add_messages(name, messages);
  cJSON* roster = cJSON_AddArrayToObject(j, "roster");
  for (const MemberRecord& r : g.roster) cJSON_AddItemToArray(roster, record_json(r).release());
  cJSON* cursors = cJSON_AddArrayToObject(j, "cursors");
  for (const auto& [name, seq] : g.cursors) {
    cJSON* o = cJSON_CreateObject();
    str(o, "session", name);
    json_add_int(o, "seq", static_cast<int64_t>(seq));
    cJSON_AddItemToArray(cursors, o);
  }
  cJSON* stats = cJSON_AddObjectToObject(j, "statistics");
  add_stats_json(stats, group_stats(g, now));
  return json_print(j) + "\n";
}

namespace {

// Reads fields of one JSON object; the first failure names where.
class Reader {
 public:
  Reader(const cJSON* o, std::string where, std::string* error)
      : o_(o), where_(std::move(where)), error_(error) {
    if (o_ == nullptr || (o_->type & 0xff) != cJSON_Object) fail("not an object");
  }
  bool ok() const { return error_->empty(); }
  void fail(const std::string& what) {
    if (error_->empty()) *error_ = where_ + (where_.empty() ? "" : ": ") + what;
  }
  const cJSON* item(const char* name, int type) {
    const cJSON* found = nullptr;
    if (ok())
      for (const cJSON* c = o_->child; c != nullptr; c = c->next)
        if (c->string != nullptr && strcmp(c->string, name) == 0) found = c;
    if (ok() && (found == nullptr || (found->type & type) == 0))
      fail(std::string(found == nullptr ? "missing " : "invalid ") + name);
    return ok() ? found : nullptr;
  }
  std::string text(const char* name, size_t max = 4096) {
    const cJSON* c = item(name, cJSON_String);
    if (c == nullptr) return "";
    std::string s = c->valuestring;
    if (s.size() > max || !valid_utf8(s)) fail(std::string("invalid ") + name);
    return s;
  }
  int64_t number(const char* name, int64_t min, int64_t max) {
    const cJSON* c = item(name, cJSON_Number);
    if (c == nullptr) return 0;
    double v = c->valuedouble;
    if (!(v >= static_cast<double>(min) && v <= static_cast<double>(max)) || std::floor(v) != v)
      return fail(std::string("invalid ") + name), 0;
    return static_cast<int64_t>(v);
  }
  bool flag(const char* name) {
    const cJSON* c = item(name, cJSON_True | cJSON_False);
    return c != nullptr && (c->type & cJSON_True) != 0;
  }
  // Each element of an array field, with its reader.
  template <typename F>
  void each(const char* name, size_t max, F fn) {
    const cJSON* a = item(name, cJSON_Array);
    size_t i = 0;
    for (const cJSON* c = a != nullptr ? a->child : nullptr; c != nullptr && ok(); c = c->next) {
      if (i >= max) return fail("too many " + std::string(name));
      Reader r(c, std::string(name) + "[" + std::to_string(i++) + "]", error_);
      if (r.ok()) fn(r);
    }
  }
  void check(bool good, const char* what) {
    if (!good) fail(std::string("invalid ") + what);
  }

 private:
  const cJSON* o_;
  std::string where_;
  std::string* error_;
};

void read_record(Reader& r, Group& g) {
  MemberRecord m;
  m.number = static_cast<uint64_t>(r.number("number", 1, kMaxImportCount));
  m.name = r.text("name", kMaxSessionName);
  r.check(!m.name.empty(), "name");
  m.type = r.text("type", 64);
  m.objective = r.text("objective", kMaxObjective);
  m.state = r.text("state", 64);
  m.note = r.text("note", kMaxNote);
  m.joined = r.number("joined", 0, kMaxTime);
  m.left = r.number("left", 0, kMaxTime);
  m.finished = r.number("finished", 0, kMaxTime);
  m.state_since = r.number("state_since", 0, kMaxTime);
  m.leases = static_cast<uint64_t>(r.number("leases", 0, kMaxImportCount));
  m.shares = static_cast<uint64_t>(r.number("shares", 0, kMaxImportCount));
  m.messages_sent = static_cast<uint64_t>(r.number("messages_sent", 0, kMaxImportCount));
  m.messages_read = static_cast<uint64_t>(r.number("messages_read", 0, kMaxImportCount));
  m.cas_conflicts = static_cast<uint64_t>(r.number("cas_conflicts", 0, kMaxImportCount));
  m.lock_conflicts = static_cast<uint64_t>(r.number("lock_conflicts", 0, kMaxImportCount));
  m.working = r.number("working", 0, kMaxTime);
  m.idle = r.number("idle", 0, kMaxTime);
  m.blocked = r.number("blocked", 0, kMaxTime);
  const cJSON* waits = r.item("waits", cJSON_Array);
  for (const cJSON* w = waits != nullptr ? waits->child : nullptr; w != nullptr; w = w->next) {
    bool good = (w->type & cJSON_Number) != 0 && w->valuedouble >= 0 &&
                w->valuedouble <= static_cast<double>(kMaxTime) &&
                std::floor(w->valuedouble) == w->valuedouble && m.waits.size() < kMaxRecordWaits;
    if (!good) return r.fail("invalid waits");
    m.waits.push_back(static_cast<int64_t>(w->valuedouble));
  }
  r.check(g.roster.empty() || m.number > g.roster.back().number, "number (out of order)");
  if (r.ok()) g.roster.push_back(std::move(m));
}

}  // namespace

std::unique_ptr<Group> import_group(std::string_view text, std::string* error) {
  error->clear();
  JsonPtr doc(cJSON_ParseWithLength(text.data(), text.size()));
  if (!doc) return *error = "not JSON", nullptr;
  auto g = std::make_unique<Group>();
  Reader r(doc.get(), "", error);
  r.check(r.number("amux_export", kArchiveFormat, kArchiveFormat) == kArchiveFormat, "amux_export");
  g->name = r.text("group", kMaxGroupNameLength);
  r.check(valid_group_name(g->name), "group");
  g->created = r.number("created", 0, kMaxTime);
  g->last_activity = r.number("last_activity", 0, kMaxTime);
  g->version = static_cast<uint64_t>(r.number("version", 0, kMaxImportCount));
  g->event_seq = static_cast<uint64_t>(r.number("event_seq", 0, kMaxImportCount));
  g->lease_fence = static_cast<uint64_t>(r.number("lease_fence", 0, kMaxImportCount));
  int64_t top_version = static_cast<int64_t>(g->version);
  int64_t top_seq = static_cast<int64_t>(g->event_seq);
  r.each("context", kMaxCount, [&](Reader& c) {
    std::string key = c.text("key", kMaxKeyLength);
    c.check(valid_key(key), "key");
    c.check(g->context.count(key) == 0, "key (twice)");
    ContextEntry e;
    e.value = c.text("value", kMaxValueLength);
    c.check(check_value(key, e.value).empty(), "value");
    e.version = static_cast<uint64_t>(c.number("version", 1, top_version));
    e.author_name = c.text("author", kMaxSessionName);
    e.time = c.number("time", 0, kMaxTime);
    e.ephemeral = c.flag("ephemeral");
    e.expires = c.number("expires", 0, kMaxTime);
    if (c.ok()) g->context[key] = std::move(e);
  });
  r.each("events", kMaxEvents, [&](Reader& c) {
    GroupEvent e;
    e.seq = static_cast<uint64_t>(c.number("seq", 1, top_seq));
    c.check(g->events.empty() || e.seq > g->events.back().seq, "seq (out of order)");
    c.check(parse_event_kind(c.text("kind", 32), &e.kind), "kind");
    e.session = c.text("session", kMaxSessionName);
    e.time = c.number("time", 0, kMaxTime);
    e.key = c.text("key");
    e.value = c.text("value", kMaxValueLength);
    e.data = c.text("data", kMaxValueLength);
    e.target = c.text("target", kMaxSessionName);
    e.fence = static_cast<uint64_t>(c.number("fence", 0, kMaxCount));
    e.ref = static_cast<uint64_t>(c.number("ref", 0, top_seq));
    if (c.ok()) g->events.push_back(std::move(e));
  });
  std::set<uint64_t> message_ids;
  r.each("inbox", kMaxCount, [&](Reader& c) {
    std::string recipient = c.text("recipient", kMaxSessionName);
    c.check(!recipient.empty(), "recipient");
    Message m;
    m.seq = static_cast<uint64_t>(c.number("seq", 1, top_seq));
    c.check(message_ids.insert(m.seq).second, "seq (twice)");
    m.from = c.text("from", kMaxSessionName);
    m.time = c.number("time", 0, kMaxTime);
    m.text = c.text("text", kMaxValueLength);
    c.check(!m.text.empty(), "text");
    c.check(parse_priority(c.text("priority", 16), &m.priority), "priority");
    m.reply_to = static_cast<uint64_t>(c.number("reply_to", 0, top_seq));
    if (c.ok()) g->held_inbox[recipient].push_back(std::move(m));
  });
  r.each("roster", kMaxRoster, [&](Reader& c) { read_record(c, *g); });
  r.each("cursors", kMaxCount, [&](Reader& c) {
    std::string name = c.text("session", kMaxSessionName);
    c.check(!name.empty() && g->cursors.count(name) == 0, "session");
    uint64_t seq = static_cast<uint64_t>(c.number("seq", 0, top_seq));
    if (c.ok()) g->cursors[name] = seq;
  });
  r.item("statistics", cJSON_Object);
  if (!r.ok()) return nullptr;
  return g;
}

}  // namespace amux
