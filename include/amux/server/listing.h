// Output of listing commands: one -F line an item, or -J, a JSON array of objects with
// the given format variables as fields (numbers where the value is a number).
#pragma once

#include <string>
#include <vector>

#include "amux/base/format.h"
#include "amux/server/cmd.h"

namespace amux {

// Fields named in text_fields stay strings in JSON even when they look like numbers.
void print_listing(CmdContext& ctx, const std::vector<FormatContext>& items,
                   const std::string& default_format, const std::vector<const char*>& json_fields,
                   const std::vector<const char*>& text_fields = {});

}  // namespace amux
