// Statistics (see stats.h): summed over a group's records, or of one record.
#include "amux/coord/stats.h"

#include <algorithm>
#include <numeric>

#include "amux/coord/records.h"

namespace amux {

void Stats::add(const MemberRecord& r, time_t now) {
  members_ever++;
  if (r.left == 0) members_now++;
  if (r.finished != 0 && r.state == "done") done++;
  if (r.finished != 0 && r.state == "failed") failed++;
  if (r.finished != 0 && finishing_state(r.state))
    task_seconds.push_back(std::max<int64_t>(0, r.finished - r.joined));
  shares += r.shares;
  cas_conflicts += r.cas_conflicts;
  lock_conflicts += r.lock_conflicts;
  waits.insert(waits.end(), r.waits.begin(), r.waits.end());
  messages_sent += r.messages_sent;
  messages_read += r.messages_read;
  working += r.seconds_in("working", now);
  idle += r.seconds_in("idle", now);
  blocked += r.seconds_in("blocked", now);
}

int Stats::success_percent() const {
  uint64_t all = done + failed;
  return all == 0 ? -1 : static_cast<int>((done * 100 + all / 2) / all);
}

int64_t Stats::task_mean() const {
  if (task_seconds.empty()) return -1;
  int64_t sum = std::accumulate(task_seconds.begin(), task_seconds.end(), int64_t{0});
  return sum / static_cast<int64_t>(task_seconds.size());
}

// The middle value (the lower of the two middle ones for an even count).
static int64_t median(std::vector<int64_t> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

int64_t Stats::task_median() const {
  return median(task_seconds);
}

int64_t Stats::wait_p50() const {
  return median(waits);
}

int64_t Stats::wait_max() const {
  return waits.empty() ? -1 : *std::max_element(waits.begin(), waits.end());
}

Stats group_stats(const Group& g, time_t now) {
  Stats s;
  for (const MemberRecord& r : g.roster) s.add(r, now);
  return s;
}

Stats record_stats(const MemberRecord& r, time_t now) {
  Stats s;
  s.add(r, now);
  return s;
}

static std::string measured(int64_t v) {
  return v < 0 ? "" : std::to_string(v);
}

void stats_formats(FormatContext& ctx, const Stats& s) {
  ctx.set("stats_members_now", std::to_string(s.members_now));
  ctx.set("stats_members_ever", std::to_string(s.members_ever));
  ctx.set("stats_done", std::to_string(s.done));
  ctx.set("stats_failed", std::to_string(s.failed));
  ctx.set("stats_success", measured(s.success_percent()));
  ctx.set("stats_task_mean", measured(s.task_mean()));
  ctx.set("stats_task_median", measured(s.task_median()));
  ctx.set("stats_shares", std::to_string(s.shares));
  ctx.set("stats_cas_conflicts", std::to_string(s.cas_conflicts));
  ctx.set("stats_lock_conflicts", std::to_string(s.lock_conflicts));
  ctx.set("stats_lease_waits", std::to_string(s.waits.size()));
  ctx.set("stats_lease_wait_p50", measured(s.wait_p50()));
  ctx.set("stats_lease_wait_max", measured(s.wait_max()));
  ctx.set("stats_messages_sent", std::to_string(s.messages_sent));
  ctx.set("stats_messages_read", std::to_string(s.messages_read));
  ctx.set("stats_working", std::to_string(s.working));
  ctx.set("stats_idle", std::to_string(s.idle));
  ctx.set("stats_blocked", std::to_string(s.blocked));
}

static void add_number(cJSON* j, const char* name, int64_t v, bool measured_only = false) {
  if (measured_only && v < 0)
    cJSON_AddNullToObject(j, name);
  else
    json_add_int(j, name, v);
}

void add_stats_json(cJSON* o, const Stats& s, bool members) {
  if (members) {
    add_number(o, "members_now", static_cast<int64_t>(s.members_now));
    add_number(o, "members_ever", static_cast<int64_t>(s.members_ever));
  }
  add_number(o, "done", static_cast<int64_t>(s.done));
  add_number(o, "failed", static_cast<int64_t>(s.failed));
  add_number(o, "success_percent", s.success_percent(), true);
  add_number(o, "task_mean", s.task_mean(), true);
  add_number(o, "task_median", s.task_median(), true);
  add_number(o, "shares", static_cast<int64_t>(s.shares));
  add_number(o, "cas_conflicts", static_cast<int64_t>(s.cas_conflicts));
  add_number(o, "lock_conflicts", static_cast<int64_t>(s.lock_conflicts));
  add_number(o, "lease_waits", static_cast<int64_t>(s.waits.size()));
  add_number(o, "lease_wait_p50", s.wait_p50(), true);
  add_number(o, "lease_wait_max", s.wait_max(), true);
  add_number(o, "messages_sent", static_cast<int64_t>(s.messages_sent));
  add_number(o, "messages_read", static_cast<int64_t>(s.messages_read));
  add_number(o, "working", s.working);
  add_number(o, "idle", s.idle);
  add_number(o, "blocked", s.blocked);
}

void record_formats(FormatContext& ctx, const MemberRecord& r) {
  ctx.set("record_number", std::to_string(r.number));
  ctx.set("record_name", r.name);
  ctx.set("record_type", r.type);
  ctx.set("record_objective", r.objective);
  ctx.set("record_state", r.state);
  ctx.set("record_note", r.note);
  ctx.set("record_joined", std::to_string(r.joined));
  ctx.set("record_left", r.left ? std::to_string(r.left) : "");
  ctx.set("record_finished", r.finished ? std::to_string(r.finished) : "");
  ctx.set("record_leases", std::to_string(r.leases));
  ctx.set("record_shares", std::to_string(r.shares));
  ctx.set("record_messages_sent", std::to_string(r.messages_sent));
  ctx.set("record_messages_read", std::to_string(r.messages_read));
  ctx.set("record_cas_conflicts", std::to_string(r.cas_conflicts));
  ctx.set("record_lock_conflicts", std::to_string(r.lock_conflicts));
}

JsonPtr record_json(const MemberRecord& r) {
  JsonPtr j(cJSON_CreateObject());
  JsonRecordWriter w(j.get());
  record_fields(w, r);
  return j;
}

}  // namespace amux
