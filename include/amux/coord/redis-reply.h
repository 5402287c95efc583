// Reading what Redis answers for the remote groups (remote.cc, remote-replica.cc):
// hiredis replies as text, arrays, field maps and numbers, and the JSON Redis keeps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "amux/base/json.h"

struct redisReply;

namespace amux::reply {

// What a request hears when the reply is not of the kind its script returns.
inline constexpr const char* kUnexpected = "redis: unexpected reply (is it a Redis server?)";

std::string text_of(const redisReply* r);               // a string, status or integer; else ""
const redisReply* item(const redisReply* r, size_t i);  // nullptr when not there
size_t count(const redisReply* r);                      // an array's length; else 0
std::map<std::string, std::string> pairs_of(const redisReply* r);  // [k, v, k, v ...]
uint64_t number(const std::string& s);                             // 0 when not a number
bool later_id(const std::string& a, const std::string& b);  // stream id a after b ("0": none)
int pane_number(const std::string& s);                      // -1 when empty
std::string get(const std::map<std::string, std::string>& m, const char* key);
// A JSON object's field as text (numbers without a fraction print as integers).
std::string json_field(const cJSON* o, const char* name);
JsonPtr parse_json(const std::string& text);

}  // namespace amux::reply
