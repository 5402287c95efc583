// aexport and aimport (see archive.h). The writer prints every field of every item, so
// that what import reads back exports to the same bytes; the reader is strict about each
// field, as the state loader is about each row.
#include "amux/coord/archive.h"

#include <set>

#include "amux/base/json.h"
#include "amux/base/util.h"
#include "amux/coord/records.h"
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
    JsonRecordWriter w(c);
    context_fields(w, e);
    cJSON_AddItemToArray(context, c);
  }
  cJSON* events = cJSON_AddArrayToObject(j, "events");
  for (const GroupEvent& e : g.events) {
    cJSON* o = cJSON_CreateObject();
    JsonRecordWriter w(o);
    event_fields(w, e);
    cJSON_AddItemToArray(events, o);
  }
  cJSON* inbox = cJSON_AddArrayToObject(j, "inbox");
  auto add_messages = [&](const std::string& recipient, const std::deque<Message>& messages) {
    for (const Message& m : messages) {
      cJSON* o = cJSON_CreateObject();
      str(o, "recipient", recipient);
      JsonRecordWriter w(o);
      message_fields(w, m);
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

std::unique_ptr<Group> import_group(std::string_view text, std::string* error) {
  error->clear();
  JsonPtr doc(cJSON_ParseWithLength(text.data(), text.size()));
  if (!doc) return *error = "not JSON", nullptr;
  auto g = std::make_unique<Group>();
  JsonRecordReader r(doc.get());
  r.check(r.number_field("amux_export", kArchiveFormat, kArchiveFormat) == kArchiveFormat,
          "amux_export");
  g->name = r.text_field("group", kMaxGroupNameLength);
  r.check(valid_group_name(g->name), "group");
  g->created = r.number_field("created", 0, kMaxTime);
  g->last_activity = r.number_field("last_activity", 0, kMaxTime);
  g->version = static_cast<uint64_t>(r.number_field("version", 0, kMaxImportCount));
  g->event_seq = static_cast<uint64_t>(r.number_field("event_seq", 0, kMaxImportCount));
  g->lease_fence = static_cast<uint64_t>(r.number_field("lease_fence", 0, kMaxImportCount));
  r.each("context", kMaxCount, [&](JsonRecordReader& c) {
    std::string key = c.text_field("key", kMaxKeyLength);
    c.check(valid_key(key), "key");
    c.check(g->context.count(key) == 0, "key (twice)");
    ContextEntry e;
    context_fields(c, e);
    c.check(e.version <= g->version, "version");
    if (c.ok()) g->context[key] = std::move(e);
  });
  r.each("events", kMaxEvents, [&](JsonRecordReader& c) {
    GroupEvent e;
    event_fields(c, e);
    c.check(e.seq <= g->event_seq, "seq");
    c.check(g->events.empty() || e.seq > g->events.back().seq, "seq (out of order)");
    c.check(e.ref <= g->event_seq, "ref");
    if (c.ok()) g->events.push_back(std::move(e));
  });
  std::set<uint64_t> message_ids;
  r.each("inbox", kMaxCount, [&](JsonRecordReader& c) {
    std::string recipient = c.text_field("recipient", kMaxSessionName);
    c.check(!recipient.empty(), "recipient");
    Message m;
    message_fields(c, m);
    c.check(m.seq <= g->event_seq, "seq");
    c.check(message_ids.insert(m.seq).second, "seq (twice)");
    c.check(m.reply_to <= g->event_seq, "reply_to");
    if (c.ok()) g->held_inbox[recipient].push_back(std::move(m));
  });
  r.each("roster", kMaxRoster, [&](JsonRecordReader& c) {
    MemberRecord m;
    record_fields(c, m);
    c.check(g->roster.empty() || m.number > g->roster.back().number, "number (out of order)");
    if (c.ok()) g->roster.push_back(std::move(m));
  });
  r.each("cursors", kMaxCount, [&](JsonRecordReader& c) {
    std::string name = c.text_field("session", kMaxSessionName);
    c.check(!name.empty() && g->cursors.count(name) == 0, "session");
    uint64_t seq = static_cast<uint64_t>(c.number_field("seq", 0, kMaxImportCount));
    c.check(seq <= g->event_seq, "seq");
    if (c.ok()) g->cursors[name] = seq;
  });
  r.item("statistics", cJSON_Object);
  if (!r.ok()) return *error = r.error(), nullptr;
  return g;
}

}  // namespace amux
