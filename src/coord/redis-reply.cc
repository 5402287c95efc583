// Reading what Redis answers for the remote groups (see redis-reply.h).
#include "amux/coord/redis-reply.h"

#include <hiredis/hiredis.h>

#include <cstdlib>
#include <utility>

namespace amux::reply {

std::string text_of(const redisReply* r) {
  if (r == nullptr) return "";
  if (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS) return {r->str, r->len};
  if (r->type == REDIS_REPLY_INTEGER) return std::to_string(r->integer);
  return "";
}

const redisReply* item(const redisReply* r, size_t i) {
  if (r == nullptr || r->type != REDIS_REPLY_ARRAY || i >= r->elements) return nullptr;
  return r->element[i];
}

size_t count(const redisReply* r) {
  return r != nullptr && r->type == REDIS_REPLY_ARRAY ? r->elements : 0;
}

std::map<std::string, std::string> pairs_of(const redisReply* r) {
  std::map<std::string, std::string> m;
  for (size_t i = 0; i + 1 < count(r); i += 2) m[text_of(item(r, i))] = text_of(item(r, i + 1));
  return m;
}

uint64_t number(const std::string& s) {
  return s.empty() || s[0] == '-' ? 0 : strtoull(s.c_str(), nullptr, 10);
}

bool later_id(const std::string& a, const std::string& b) {
  auto parts = [](const std::string& id) {
    size_t dash = id.find('-');
    return std::pair<uint64_t, uint64_t>(
        number(id.substr(0, dash)), dash == std::string::npos ? 0 : number(id.substr(dash + 1)));
  };
  return parts(a) > parts(b);
}

int pane_number(const std::string& s) {
  return s.empty() ? -1 : static_cast<int>(strtol(s.c_str(), nullptr, 10));
}

std::string get(const std::map<std::string, std::string>& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}

std::string json_field(const cJSON* o, const char* name) {
  const cJSON* v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (v == nullptr) return "";
  if (cJSON_IsString(v)) return v->valuestring;
  if (cJSON_IsNumber(v)) return std::to_string(static_cast<long long>(v->valuedouble));
  if (cJSON_IsTrue(v)) return "1";
  return "";
}

JsonPtr parse_json(const std::string& text) {
  return JsonPtr(cJSON_ParseWithLength(text.data(), text.size()));
}

}  // namespace amux::reply
