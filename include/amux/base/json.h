// RAII ownership of cJSON trees and a compact printer.
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <string>

namespace amux {

struct JsonDelete {
  void operator()(cJSON* j) const { cJSON_Delete(j); }
};
using JsonPtr = std::unique_ptr<cJSON, JsonDelete>;

// Prints compactly (one line) and owns nothing afterwards.
std::string json_print(const cJSON* j);

}  // namespace amux
