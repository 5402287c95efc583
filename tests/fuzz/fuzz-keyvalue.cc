// libFuzzer target: the validation of what users give the coordination commands — group
// names, keys, values, hook names, agent types, session names, the AMUX variable, numbers,
// base64 (SetUserVar) — on arbitrary bytes, split at the first '=' as ashare splits.
#include <cstddef>
#include <cstdint>
#include <string>

#include "amux/base/util.h"
#include "amux/coord/group.h"
#include "amux/coord/hooks.h"
#include "amux/server/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t eq = in.find('=');
  std::string_view key = in.substr(0, eq);
  std::string_view value = eq == std::string_view::npos ? std::string_view() : in.substr(eq + 1);
  amux::valid_group_name(in);
  if (amux::valid_key(key)) amux::check_value(key, value);
  amux::valid_hook_name(in);
  amux::valid_agent_type(in);
  amux::sanitize_session_name(in);
  amux::AmuxEnv env;
  amux::parse_amux_env(in, &env);
  long long n;
  amux::parse_int(in, -1000000, 1000000, &n);
  std::string decoded;
  if (amux::base64_decode(in, &decoded)) amux::valid_utf8(decoded);
  amux::escape_newlines(in);
  return 0;
}
