// RAII ownership of cJSON trees and a compact printer.
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <memory>
#include <string>

namespace amux {

struct JsonDelete {
  void operator()(cJSON* j) const { cJSON_Delete(j); }
};
using JsonPtr = std::unique_ptr<cJSON, JsonDelete>;

// Adds a whole number field (exact up to 2^53, as JSON numbers are).
void json_add_int(cJSON* o, const char* name, int64_t v);

// Prints compactly (one line) and owns nothing afterwards.
std::string json_print(const cJSON* j);
// Prints for a person to read and edit: two spaces an indent level (a configuration file).
std::string json_print_pretty(const cJSON* j);

}  // namespace amux
