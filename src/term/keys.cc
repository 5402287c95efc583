// The key table: names to the byte sequences an xterm-like terminal sends.
#include "amux/term/keys.h"

#include <cctype>
#include <utility>

namespace amux {

namespace {

const std::pair<const char*, const char*> kKeys[] = {
    {"Enter", "\r"},       {"Escape", "\033"},    {"Tab", "\t"},           {"BTab", "\033[Z"},
    {"BSpace", "\177"},    {"Space", " "},        {"Up", "\033[A"},        {"Down", "\033[B"},
    {"Right", "\033[C"},   {"Left", "\033[D"},    {"Home", "\033[1~"},     {"End", "\033[4~"},
    {"PageUp", "\033[5~"}, {"PPage", "\033[5~"},  {"PageDown", "\033[6~"}, {"NPage", "\033[6~"},
    {"IC", "\033[2~"},     {"Insert", "\033[2~"}, {"DC", "\033[3~"},       {"Delete", "\033[3~"},
    {"F1", "\033OP"},      {"F2", "\033OQ"},      {"F3", "\033OR"},        {"F4", "\033OS"},
    {"F5", "\033[15~"},    {"F6", "\033[17~"},    {"F7", "\033[18~"},      {"F8", "\033[19~"},
    {"F9", "\033[20~"},    {"F10", "\033[21~"},   {"F11", "\033[23~"},     {"F12", "\033[24~"},
};

std::optional<std::string> named_key(std::string_view name) {
  for (const auto& [key, bytes] : kKeys)
    if (name == key) return std::string(bytes);
  if (name.size() == 1) return std::string(name);
  // A single UTF-8 character.
  auto lead = static_cast<unsigned char>(name[0]);
  size_t len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (len > 1 && name.size() == len) return std::string(name);
  return std::nullopt;
}

std::optional<std::string> control(std::string bytes) {
  if (bytes.size() != 1) return std::nullopt;
  unsigned char c = static_cast<unsigned char>(bytes[0]);
  if (c == ' ' || c == '@' || c == '2') return std::string(1, '\0');
  if (c == '?') return std::string(1, '\177');
  if (isalpha(c) || (c >= '[' && c <= '_'))
    return std::string(1, static_cast<char>(toupper(c) & 0x1f));
  return std::nullopt;
}

}  // namespace

std::optional<std::string> key_bytes(std::string_view name) {
  bool ctrl = false, meta = false;
  while (name.size() > 2 && name[1] == '-' && (name[0] == 'C' || name[0] == 'M')) {
    (name[0] == 'C' ? ctrl : meta) = true;
    name.remove_prefix(2);
  }
  std::optional<std::string> bytes = named_key(name);
  if (!bytes) return std::nullopt;
  if (ctrl) {
    bytes = control(*bytes);
    if (!bytes) return std::nullopt;
  }
  if (meta) bytes = std::string(1, '\033') + *bytes;
  return bytes;
}

bool hex_bytes(std::string_view word, std::string* out) {
  if (word.size() > 2 && word[0] == '0' && (word[1] == 'x' || word[1] == 'X'))
    word.remove_prefix(2);
  if (word.empty() || word.size() > 2) return false;
  int v = 0;
  for (char c : word) {
    if (!isxdigit(static_cast<unsigned char>(c))) return false;
    v = v * 16 + (isdigit(static_cast<unsigned char>(c)) ? c - '0' : (tolower(c) - 'a' + 10));
  }
  out->push_back(static_cast<char>(v));
  return true;
}

}  // namespace amux
