// cJSON, loaded when first used: the few cJSON functions amux calls are defined here and
// forward to the library opened with dlopen. This is what lets the client be linked fully
// static (Debian ships no libcjson.a): measured, a one-shot command takes ~0.95 ms with
// the static client and ~2.3 ms with a dynamic one that links libcjson normally.
#include "amux/base/json.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "amux/base/util.h"

namespace {

void* cjson_symbol(const char* name) {
  static void* handle = [] {
    void* h = dlopen("libcjson.so.1", RTLD_NOW | RTLD_LOCAL);
    if (h == nullptr) fprintf(stderr, "amux: can't load libcjson.so.1: %s\n", dlerror());
    return h;
  }();
  void* fn = handle != nullptr ? dlsym(handle, name) : nullptr;
  if (fn == nullptr) abort();  // a broken installation; nothing sensible to print
  return fn;
}

}  // namespace

// Defines name(params) to call the library's function of the same name.
#define AMUX_CJSON_FORWARD(ret, name, params, args)                        \
  extern "C" ret name params {                                             \
    static auto fn = reinterpret_cast<ret(*) params>(cjson_symbol(#name)); \
    return fn args;                                                        \
  }

AMUX_CJSON_FORWARD(cJSON*, cJSON_CreateObject, (void), ())
AMUX_CJSON_FORWARD(cJSON*, cJSON_CreateArray, (void), ())
AMUX_CJSON_FORWARD(cJSON*, cJSON_AddNumberToObject,
                   (cJSON* const o, const char* const n, const double v), (o, n, v))
AMUX_CJSON_FORWARD(cJSON*, cJSON_AddNullToObject, (cJSON* const o, const char* const n), (o, n))
AMUX_CJSON_FORWARD(cJSON*, cJSON_AddBoolToObject,
                   (cJSON* const o, const char* const n, const cJSON_bool b), (o, n, b))
AMUX_CJSON_FORWARD(cJSON*, cJSON_AddArrayToObject, (cJSON* const o, const char* const n), (o, n))
AMUX_CJSON_FORWARD(cJSON*, cJSON_AddObjectToObject, (cJSON* const o, const char* const n), (o, n))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_AddItemToArray, (cJSON * a, cJSON* item), (a, item))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_AddItemToObject, (cJSON * o, const char* s, cJSON* item),
                   (o, s, item))
AMUX_CJSON_FORWARD(cJSON*, cJSON_CreateNumber, (double v), (v))
AMUX_CJSON_FORWARD(cJSON*, cJSON_ParseWithLength, (const char* s, size_t n), (s, n))
AMUX_CJSON_FORWARD(void, cJSON_Delete, (cJSON * item), (item))
AMUX_CJSON_FORWARD(char*, cJSON_PrintUnformatted, (const cJSON* item), (item))
AMUX_CJSON_FORWARD(void, cJSON_free, (void* object), (object))
AMUX_CJSON_FORWARD(cJSON*, cJSON_Parse, (const char* s), (s))
AMUX_CJSON_FORWARD(cJSON*, cJSON_Duplicate, (const cJSON* item, cJSON_bool recurse),
                   (item, recurse))
AMUX_CJSON_FORWARD(cJSON*, cJSON_AddFalseToObject, (cJSON* const o, const char* const n), (o, n))
AMUX_CJSON_FORWARD(cJSON*, cJSON_GetObjectItemCaseSensitive,
                   (const cJSON* const o, const char* const n), (o, n))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_IsArray, (const cJSON* const item), (item))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_IsBool, (const cJSON* const item), (item))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_IsNull, (const cJSON* const item), (item))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_IsNumber, (const cJSON* const item), (item))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_IsObject, (const cJSON* const item), (item))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_IsString, (const cJSON* const item), (item))
AMUX_CJSON_FORWARD(cJSON_bool, cJSON_IsTrue, (const cJSON* const item), (item))
AMUX_CJSON_FORWARD(char*, cJSON_Print, (const cJSON* item), (item))
AMUX_CJSON_FORWARD(int, cJSON_GetArraySize, (const cJSON* a), (a))
AMUX_CJSON_FORWARD(cJSON*, cJSON_GetArrayItem, (const cJSON* a, int i), (a, i))
AMUX_CJSON_FORWARD(void, cJSON_DeleteItemFromArray, (cJSON * a, int i), (a, i))
AMUX_CJSON_FORWARD(void, cJSON_DeleteItemFromObject, (cJSON * o, const char* n), (o, n))

// Every string amux puts into JSON comes through these two: bytes that are not UTF-8 (a
// name from an old state file, a pane title a program set) become U+FFFD, so that what
// amux prints is always valid JSON.
extern "C" cJSON* cJSON_CreateString(const char* s) {
  static auto fn = reinterpret_cast<cJSON* (*)(const char*)>(cjson_symbol("cJSON_CreateString"));
  if (s == nullptr || amux::valid_utf8(s)) return fn(s);
  return fn(amux::utf8_repaired(s).c_str());
}

extern "C" cJSON* cJSON_AddStringToObject(cJSON* const o, const char* const n,
                                          const char* const s) {
  cJSON* item = cJSON_CreateString(s);
  if (item != nullptr && !cJSON_AddItemToObject(o, n, item)) {
    cJSON_Delete(item);
    return nullptr;
  }
  return item;
}

namespace amux {

void json_add_int(cJSON* o, const char* name, int64_t v) {
  cJSON_AddNumberToObject(o, name, static_cast<double>(v));
}

std::string json_print(const cJSON* j) {
  char* s = cJSON_PrintUnformatted(j);
  std::string out = s != nullptr ? s : "null";
  cJSON_free(s);
  return out;
}

std::string json_print_pretty(const cJSON* j) {
  char* s = cJSON_Print(j);
  std::string tabbed = s != nullptr ? s : "null", out;
  cJSON_free(s);
  // cJSON indents with tabs and puts one after a name's colon; inside strings a tab is
  // escaped, so every raw tab is layout.
  bool line_start = true;
  for (char c : tabbed) {
    if (c == '\t') {
      out += line_start ? "  " : " ";
      continue;
    }
    line_start = c == '\n';
    out += c;
  }
  return out;
}

}  // namespace amux
