// The record codec's reading side (see records.h): the limit checks every format shares,
// and what Redis's text fields mean.
#include "amux/coord/records.h"

#include <cmath>
#include <cstring>

#include "amux/base/util.h"

namespace amux {

std::string RecordReader::text_field(const char* name, size_t max) {
  std::string s;
  if (!raw_text(name, &s)) return "";
  if (s.size() > max || s.find('\0') != std::string::npos || !valid_utf8(s))
    fail(std::string("invalid ") + name);
  return s;
}

int64_t RecordReader::number_field(const char* name, int64_t min, int64_t max) {
  int64_t v = 0;
  if (!raw_number(name, &v)) return 0;
  if (v < min || v > max) return fail(std::string("invalid ") + name), 0;
  return v;
}

void RecordReader::text(FieldName n, std::string& out, size_t max, bool nonempty) {
  const char* name = n.in(format_);
  if (name == nullptr) return;
  out = text_field(name, max);
  if (nonempty && out.empty()) fail(std::string("invalid ") + name);
}

void RecordReader::count(FieldName n, uint64_t& out, uint64_t min) {
  // An archive brings counters up to half of what the others hold (group.h).
  int64_t top = format_ == RecordFormat::kArchive ? kMaxImportCount : kMaxCount;
  if (const char* name = n.in(format_))
    out = static_cast<uint64_t>(number_field(name, static_cast<int64_t>(min), top));
}

void RecordReader::time(FieldName n, time_t& out) {
  if (const char* name = n.in(format_)) out = number_field(name, 0, kMaxTime);
}

void RecordReader::seconds(FieldName n, int64_t& out) {
  if (const char* name = n.in(format_)) out = number_field(name, 0, kMaxTime);
}

void RecordReader::flag(FieldName n, bool& out) {
  if (const char* name = n.in(format_)) raw_flag(name, &out);
}

void RecordReader::pane(FieldName n, int& out) {
  const char* name = n.in(format_);
  if (name == nullptr) return;
  // Redis leaves it empty when the lease dies with the session.
  if (format_ == RecordFormat::kRedis && text_field(name, 16).empty()) return void(out = -1);
  out = static_cast<int>(number_field(name, -1, INT32_MAX));
}

void RecordReader::kind(FieldName n, EventKind& out) {
  const char* name = n.in(format_);
  if (name != nullptr && !parse_event_kind(text_field(name, 32), &out)) check(false, name);
}

void RecordReader::priority(FieldName n, Priority& out) {
  const char* name = n.in(format_);
  if (name == nullptr) return;
  std::string p = text_field(name, 16);
  // Redis leaves a normal message's priority empty.
  if (format_ == RecordFormat::kRedis && p.empty()) p = "normal";
  if (!parse_priority(p, &out)) check(false, name);
}

void RecordReader::waits(FieldName n, std::vector<int64_t>& out) {
  if (const char* name = n.in(format_)) raw_numbers(name, &out, kMaxRecordWaits);
}

// "3,10,0": the seconds each granted wait took.
bool RecordReader::raw_numbers(const char* name, std::vector<int64_t>* out, size_t max) {
  std::string text = text_field(name, 16 * max);
  out->clear();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    long long v = 0;
    if (out->size() >= max || !parse_int(text.substr(start, end - start), 0, kMaxTime, &v) ||
        end + 1 == text.size())
      return fail(std::string("invalid ") + name), false;
    out->push_back(v);
    start = end + 1;
  }
  return true;
}

bool RedisRecordReader::raw_text(const char* name, std::string* out) {
  if (!lookup_(name, out)) out->clear();
  return true;
}

bool RedisRecordReader::raw_number(const char* name, int64_t* out) {
  std::string text;
  long long v = 0;
  if (!lookup_(name, &text) || text.empty()) return *out = 0, true;
  if (!parse_int(text, INT64_MIN, INT64_MAX, &v))
    return fail(std::string("invalid ") + name), false;
  *out = v;
  return true;
}

bool RedisRecordReader::raw_flag(const char* name, bool* out) {
  std::string text;
  *out = lookup_(name, &text) && text == "1";
  return true;
}

JsonRecordReader::JsonRecordReader(const cJSON* o) : RecordReader(RecordFormat::kArchive), o_(o) {
  if (o_ == nullptr || (o_->type & 0xff) != cJSON_Object) fail("not an object");
}

const cJSON* JsonRecordReader::item(const char* name, int type) {
  if (!ok()) return nullptr;
  const cJSON* found = nullptr;
  for (const cJSON* c = o_->child; c != nullptr; c = c->next)
    if (c->string != nullptr && strcmp(c->string, name) == 0) found = c;
  if (found == nullptr || (found->type & type) == 0)
    return fail(std::string(found == nullptr ? "missing " : "invalid ") + name), nullptr;
  return found;
}

bool JsonRecordReader::raw_text(const char* name, std::string* out) {
  const cJSON* c = item(name, cJSON_String);
  if (c == nullptr) return false;
  *out = c->valuestring;
  return true;
}

// A whole number that a double holds exactly (JSON's numbers are doubles).
static bool whole(double v) {
  return v >= -9007199254740992.0 && v <= 9007199254740992.0 && std::floor(v) == v;
}

bool JsonRecordReader::raw_number(const char* name, int64_t* out) {
  const cJSON* c = item(name, cJSON_Number);
  if (c == nullptr) return false;
  if (!whole(c->valuedouble)) return fail(std::string("invalid ") + name), false;
  *out = static_cast<int64_t>(c->valuedouble);
  return true;
}

bool JsonRecordReader::raw_flag(const char* name, bool* out) {
  const cJSON* c = item(name, cJSON_True | cJSON_False);
  *out = c != nullptr && (c->type & cJSON_True) != 0;
  return c != nullptr;
}

bool JsonRecordReader::raw_numbers(const char* name, std::vector<int64_t>* out, size_t max) {
  const cJSON* a = item(name, cJSON_Array);
  out->clear();
  for (const cJSON* w = a != nullptr ? a->child : nullptr; w != nullptr; w = w->next) {
    bool good = (w->type & cJSON_Number) != 0 && whole(w->valuedouble) && w->valuedouble >= 0 &&
                w->valuedouble <= static_cast<double>(kMaxTime) && out->size() < max;
    if (!good) return fail(std::string("invalid ") + name), false;
    out->push_back(static_cast<int64_t>(w->valuedouble));
  }
  return a != nullptr;
}

void JsonRecordWriter::text(FieldName n, const std::string& v, size_t, bool) {
  if (n.archive != nullptr) cJSON_AddStringToObject(o_, n.archive, v.c_str());
}

void JsonRecordWriter::number(FieldName n, int64_t v) {
  if (n.archive != nullptr) json_add_int(o_, n.archive, v);
}

void JsonRecordWriter::flag(FieldName n, bool v) {
  if (n.archive != nullptr) cJSON_AddBoolToObject(o_, n.archive, v);
}

void JsonRecordWriter::kind(FieldName n, EventKind k) {
  if (n.archive != nullptr) cJSON_AddStringToObject(o_, n.archive, event_kind_name(k));
}

void JsonRecordWriter::priority(FieldName n, Priority p) {
  if (n.archive != nullptr) cJSON_AddStringToObject(o_, n.archive, priority_name(p));
}

void JsonRecordWriter::waits(FieldName n, const std::vector<int64_t>& waits) {
  if (n.archive == nullptr) return;
  cJSON* a = cJSON_AddArrayToObject(o_, n.archive);
  for (int64_t w : waits) cJSON_AddItemToArray(a, cJSON_CreateNumber(static_cast<double>(w)));
}

}  // namespace amux
