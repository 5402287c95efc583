// libFuzzer target: aimport's reader. Any bytes are a candidate archive: a document it
// refuses must say why, and one it takes must export and import again to the same bytes
// (the round trip aexport/aimport promises).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "amux/coord/archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  std::unique_ptr<amux::Group> g = amux::import_group(text, &error);
  if (!g) {
    if (error.empty()) abort();  // a refusal without a reason
    return 0;
  }
  auto namer = [](int id) { return std::to_string(id); };
  std::string once = amux::export_group(*g, 2000000000, namer);
  std::unique_ptr<amux::Group> again = amux::import_group(once, &error);
  if (!again) abort();  // what amux wrote, amux must read
  if (amux::export_group(*again, 2000000000, namer) != once) abort();
  return 0;
}
