// Shared -F / -J output for the listing commands (windows, panes, buffers, inbox, leases).
#include "amux/server/listing.h"

#include <algorithm>

#include "amux/base/json.h"
#include "amux/base/util.h"

namespace amux {

void print_listing(CmdContext& ctx, const std::vector<FormatContext>& items,
                   const std::string& default_format, const std::vector<const char*>& json_fields,
                   const std::vector<const char*>& text_fields) {
  if (ctx.args().has('J')) {
    JsonPtr arr(cJSON_CreateArray());
    for (const auto& item : items) {
      cJSON* obj = cJSON_CreateObject();
      for (const char* field : json_fields) {
        std::string v = item.find(field).value_or("");
        long long n;
        bool text = std::find_if(text_fields.begin(), text_fields.end(), [&](const char* f) {
                      return std::string_view(f) == field;
                    }) != text_fields.end();
        if (!text && parse_int(v, INT64_MIN, INT64_MAX, &n) && (v == "0" || v[0] != '0'))
          cJSON_AddNumberToObject(obj, field, static_cast<double>(n));
        else
          cJSON_AddStringToObject(obj, field, v.c_str());
      }
      cJSON_AddItemToArray(arr.get(), obj);
    }
    ctx.print(json_print(arr.get()));
    return;
  }
  std::string fmt = ctx.args().get('F', default_format);
  for (const auto& item : items) ctx.print(format_expand(fmt, item));
}

}  // namespace amux
