// Statistics of a group and of each member's record (astats, aexport): members now and
// ever, tasks done and failed with their durations (join to done/failed), shares,
// conflicts, lease waits, messages and time spent working, idle and blocked. Also a
// record's fields as format variables and JSON (apeers -a, astats -m).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "amux/base/format.h"
#include "amux/base/json.h"
#include "amux/coord/group.h"

namespace amux {

struct Stats {
  uint64_t members_now = 0, members_ever = 0;
  uint64_t done = 0, failed = 0;
  std::vector<int64_t> task_seconds;  // each finished task's duration
  uint64_t shares = 0, cas_conflicts = 0, lock_conflicts = 0;
  std::vector<int64_t> waits;  // each granted alock -w's wait
  uint64_t messages_sent = 0, messages_read = 0;
  int64_t working = 0, idle = 0, blocked = 0;

  void add(const MemberRecord& r, time_t now);
  // -1 when nothing to measure: success in whole percent, durations in seconds.
  int success_percent() const;
  int64_t task_mean() const;
  int64_t task_median() const;
  int64_t wait_p50() const;
  int64_t wait_max() const;
};

Stats group_stats(const Group& g, time_t now);
Stats record_stats(const MemberRecord& r, time_t now);

// #{stats_members_now}, #{stats_done}, #{stats_task_mean} ... ("" where nothing to measure).
void stats_formats(FormatContext& ctx, const Stats& s);
// Adds the statistics' fields to the JSON object o (members_now and members_ever only
// with members).
void add_stats_json(cJSON* o, const Stats& s, bool members = true);
// #{record_name}, #{record_state}, #{record_joined}, ...
void record_formats(FormatContext& ctx, const MemberRecord& r);
JsonPtr record_json(const MemberRecord& r);

}  // namespace amux
