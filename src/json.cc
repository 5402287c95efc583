// Printing of cJSON trees for -J output.
#include "amux/json.h"

namespace amux {

std::string json_print(const cJSON* j) {
  char* s = cJSON_PrintUnformatted(j);
  std::string out = s != nullptr ? s : "null";
  cJSON_free(s);
  return out;
}

}  // namespace amux
