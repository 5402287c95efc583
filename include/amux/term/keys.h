// Key names as send-keys takes them (Enter, C-c, M-x, F5, Up, ...) and the bytes a
// terminal sends for them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace amux {

// The bytes for a key name, or nothing when the name is not a key (it is then sent as
// literal text).
std::optional<std::string> key_bytes(std::string_view name);
// Parses hex byte words for send-keys -H ("1b", "0x41"); false on a bad word.
bool hex_bytes(std::string_view word, std::string* out);

}  // namespace amux
