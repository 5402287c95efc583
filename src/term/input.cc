// Key codes, names and encodings, and the parser of a terminal's input (xterm-style
// sequences: CSI and SS3 keys with modifiers, bracketed paste, SGR mouse).
#include "amux/term/input.h"

#include <strings.h>

#include <cstring>
#include <iterator>

#include "amux/term/grid.h"  // append_utf8

namespace amux {

namespace {

struct NamedKey {
  const char* name;
  KeyCode key;
};
// The first name of a key is the one printed.
constexpr NamedKey kNamedKeys[] = {
    {"Enter", kKeyEnter},    {"Escape", kKeyEscape}, {"Tab", kKeyTab},    {"BTab", kKeyBTab},
    {"BSpace", kKeyBSpace},  {"Space", ' '},         {"Up", kKeyUp},      {"Down", kKeyDown},
    {"Left", kKeyLeft},      {"Right", kKeyRight},   {"Home", kKeyHome},  {"End", kKeyEnd},
    {"IC", kKeyIC},          {"Insert", kKeyIC},     {"DC", kKeyDC},      {"Delete", kKeyDC},
    {"PPage", kKeyPPage},    {"PageUp", kKeyPPage},  {"PgUp", kKeyPPage}, {"NPage", kKeyNPage},
    {"PageDown", kKeyNPage}, {"PgDn", kKeyNPage},
};

// Characters that must be escaped to be read back as a key argument.
constexpr const char* kQuotedKeys = "\"'#;$\\{}~";

int utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

uint32_t utf8_decode(std::string_view s, int len) {
  if (len == 1) return static_cast<unsigned char>(s[0]);
  uint32_t cp = static_cast<unsigned char>(s[0]) & (0x7f >> len);
  for (int i = 1; i < len; i++) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3f);
  return cp;
}

constexpr const char* kMouseKinds[] = {"MouseDown", "MouseUp",   "MouseDrag",   "MouseDragEnd",
                                       "WheelUp",   "WheelDown", "DoubleClick", "TripleClick"};
constexpr const char* kMouseWheres[] = {"Pane",       "Border",      "Status",
                                        "StatusLeft", "StatusRight", "StatusDefault"};

bool wheel(int kind) {
  return kind == static_cast<int>(MouseKind::kWheelUp) ||
         kind == static_cast<int>(MouseKind::kWheelDown);
}

// "MouseDown1Pane" and its kin; nothing when name is not one.
std::optional<KeyCode> mouse_from_name(std::string_view name) {
  for (int kind = std::size(kMouseKinds) - 1; kind >= 0; kind--) {
    std::string_view k = kMouseKinds[kind];
    if (name.size() <= k.size() || strncasecmp(name.data(), k.data(), k.size()) != 0) continue;
    std::string_view rest = name.substr(k.size());
    int button = 0;
    if (!wheel(kind)) {
      if (rest[0] < '1' || rest[0] > '3') continue;
      button = rest[0] - '0';
      rest.remove_prefix(1);
    }
    for (size_t where = 0; where < std::size(kMouseWheres); where++)
      if (rest.size() == strlen(kMouseWheres[where]) &&
          strncasecmp(rest.data(), kMouseWheres[where], rest.size()) == 0)
        return mouse_key(static_cast<MouseKind>(kind), button, static_cast<MouseWhere>(where));
  }
  return std::nullopt;
}

std::optional<KeyCode> base_key(std::string_view name) {
  if (auto mouse = mouse_from_name(name)) return mouse;
  for (const auto& k : kNamedKeys)
    if (strlen(k.name) == name.size() && strncasecmp(name.data(), k.name, name.size()) == 0)
      return k.key;
  if ((name[0] == 'F' || name[0] == 'f') && name.size() >= 2 && name.size() <= 3) {
    int n = 0;
    for (char c : name.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    if (n >= 1 && n <= 12) return kKeyF1 + static_cast<KeyCode>(n - 1);
    return std::nullopt;
  }
  int len = utf8_length(static_cast<unsigned char>(name[0]));
  if (len == 0 || static_cast<size_t>(len) != name.size()) return std::nullopt;
  uint32_t cp = utf8_decode(name, len);
  if (cp < 0x20 || cp == 0x7f) return std::nullopt;
  return cp;
}

// The key a single control byte is.
KeyCode control_key(unsigned char c) {
  switch (c) {
    case 0x00: return ' ' | kKeyCtrl;
    case 0x09: return kKeyTab;
    case 0x0d: return kKeyEnter;
    case 0x1b: return kKeyEscape;
    case 0x7f: return kKeyBSpace;
    default: break;
  }
  if (c < 0x1b) return ('a' + c - 1) | kKeyCtrl;
  return ('\\' + c - 0x1c) | kKeyCtrl;
}

KeyCode modifiers(long param) {
  KeyCode m = 0;
  if (param < 2) return 0;
  param--;
  if (param & 1) m |= kKeyShift;
  if (param & (2 | 8)) m |= kKeyMeta;
  if (param & 4) m |= kKeyCtrl;
  return m;
}

int modifier_param(KeyCode key) {
  return 1 + ((key & kKeyShift) ? 1 : 0) + ((key & kKeyMeta) ? 2 : 0) + ((key & kKeyCtrl) ? 4 : 0);
}

KeyCode tilde_key(long n) {
  switch (n) {
    case 1:
    case 7: return kKeyHome;
    case 2: return kKeyIC;
    case 3: return kKeyDC;
    case 4:
    case 8: return kKeyEnd;
    case 5: return kKeyPPage;
    case 6: return kKeyNPage;
    case 11:
    case 12:
    case 13:
    case 14:
    case 15: return kKeyF1 + static_cast<KeyCode>(n - 11);
    case 17:
    case 18:
    case 19:
    case 20:
    case 21: return kKeyF1 + 5 + static_cast<KeyCode>(n - 17);
    case 23:
    case 24: return kKeyF1 + 10 + static_cast<KeyCode>(n - 23);
    default: return kKeyNone;
  }
}

KeyCode letter_key(char c) {
  switch (c) {
    case 'A': return kKeyUp;
    case 'B': return kKeyDown;
    case 'C': return kKeyRight;
    case 'D': return kKeyLeft;
    case 'H': return kKeyHome;
    case 'F': return kKeyEnd;
    case 'P':
    case 'Q':
    case 'R':
    case 'S': return kKeyF1 + static_cast<KeyCode>(c - 'P');
    case 'Z': return kKeyBTab;
    default: return kKeyNone;
  }
}

constexpr std::string_view kPasteEnd = "\033[201~";

}  // namespace

std::optional<KeyCode> key_from_name(std::string_view name) {
  KeyCode mods = 0;
  if (name.size() == 2 && name[0] == '^') {
    mods = kKeyCtrl;
    name.remove_prefix(1);
  }
  while (name.size() > 2 && name[1] == '-') {
    char m = name[0];
    if (m == 'C' || m == 'c')
      mods |= kKeyCtrl;
    else if (m == 'M' || m == 'm')
      mods |= kKeyMeta;
    else if (m == 'S' || m == 's')
      mods |= kKeyShift;
    else
      break;
    name.remove_prefix(2);
  }
  if (name.empty()) return std::nullopt;
  std::optional<KeyCode> key = base_key(name);
  if (!key) return std::nullopt;
  KeyCode k = *key;
  if ((mods & kKeyCtrl) && k < kKeySpecial) {
    if (k >= 'A' && k <= 'Z') k += 'a' - 'A';
    if (k == 'i') return kKeyTab | (mods & ~kKeyCtrl);
    if (k == 'm') return kKeyEnter | (mods & ~kKeyCtrl);
    if (k == '[') return kKeyEscape | (mods & ~kKeyCtrl);
    if (k == '?') return kKeyBSpace | (mods & ~kKeyCtrl);
    if (k == '@' || k == '2') k = ' ';
  }
  if ((mods & kKeyShift) && k < kKeySpecial && k >= 'a' && k <= 'z' && !(mods & kKeyCtrl)) {
    k -= 'a' - 'A';  // S-a is A
    mods &= ~kKeyShift;
  }
  return k | mods;
}

KeyCode mouse_key(MouseKind kind, int button, MouseWhere where) {
  return kKeyMouse + (static_cast<KeyCode>(kind) * 4 + static_cast<KeyCode>(button)) * 8 +
         static_cast<KeyCode>(where);
}

std::string key_name(KeyCode key) {
  std::string out;
  if (key & kKeyCtrl) out += "C-";
  if (key & kKeyMeta) out += "M-";
  if (key & kKeyShift) out += "S-";
  KeyCode k = key & ~kKeyMods;
  if (is_mouse_key(k)) {
    KeyCode n = k - kKeyMouse, kind = n / 32, button = n / 8 % 4, where = n % 8;
    if (kind < std::size(kMouseKinds) && where < std::size(kMouseWheres)) {
      out += kMouseKinds[kind];
      if (!wheel(static_cast<int>(kind))) out += std::to_string(button);
      return out + kMouseWheres[where];
    }
  }
  for (const auto& n : kNamedKeys)
    if (n.key == k) return out + n.name;
  if (k >= kKeyF1 && k <= kKeyF12) return out + "F" + std::to_string(k - kKeyF1 + 1);
  if (k >= kKeySpecial) return out + "None";
  if (k < 0x80 && strchr(kQuotedKeys, static_cast<int>(k)) != nullptr) out += '\\';
  append_utf8(out, k);
  return out;
}

std::string key_encode(KeyCode key, bool app_cursor) {
  KeyCode k = key & ~kKeyMods;
  KeyCode mods = key & kKeyMods;
  std::string out;
  if (k < kKeySpecial) {
    if (mods & kKeyMeta) out += '\033';
    if (mods & kKeyCtrl) {
      if (k == ' ' || k == '@' || k == '2') return out + '\0';
      if (k == '?') return out + '\177';
      if (k >= 'a' && k <= 'z') return out + static_cast<char>(k - 'a' + 1);
      if (k >= '[' && k <= '_') return out + static_cast<char>(k & 0x1f);
    }
    append_utf8(out, k);
    return out;
  }
  auto simple = [&](const char* bytes) {
    std::string s = (mods & kKeyMeta) ? "\033" : "";
    return s + bytes;
  };
  switch (k) {
    case kKeyEnter: return simple("\r");
    case kKeyEscape: return simple("\033");
    case kKeyTab: return (mods & kKeyShift) ? "\033[Z" : simple("\t");
    case kKeyBTab: return "\033[Z";
    case kKeyBSpace: return simple("\177");
    default: break;
  }
  char letter = 0;
  int number = 0;
  switch (k) {
    case kKeyUp: letter = 'A'; break;
    case kKeyDown: letter = 'B'; break;
    case kKeyRight: letter = 'C'; break;
    case kKeyLeft: letter = 'D'; break;
    case kKeyHome: letter = 'H'; break;
    case kKeyEnd: letter = 'F'; break;
    case kKeyIC: number = 2; break;
    case kKeyDC: number = 3; break;
    case kKeyPPage: number = 5; break;
    case kKeyNPage: number = 6; break;
    default:
      if (k >= kKeyF1 && k < kKeyF1 + 4) letter = static_cast<char>('P' + (k - kKeyF1));
      if (k >= kKeyF1 + 4 && k <= kKeyF12) {
        static constexpr int kFn[] = {15, 17, 18, 19, 20, 21, 23, 24};
        number = kFn[k - kKeyF1 - 4];
      }
      break;
  }
  if (letter != 0) {
    if (mods != 0) return "\033[1;" + std::to_string(modifier_param(key)) + letter;
    bool ss3 = (k >= kKeyF1) || app_cursor;
    return std::string(ss3 ? "\033O" : "\033[") + letter;
  }
  if (number != 0) {
    std::string s = "\033[" + std::to_string(number);
    if (mods != 0) s += ";" + std::to_string(modifier_param(key));
    return s + "~";
  }
  return "";
}

size_t InputParser::parse_csi(std::string_view s, bool final, InputEvent* ev) {
  constexpr size_t kMaxCsi = 64;
  size_t i = 2;
  while (i < s.size() && i < kMaxCsi && static_cast<unsigned char>(s[i]) >= 0x20 &&
         static_cast<unsigned char>(s[i]) <= 0x3f)
    i++;
  if (i >= s.size()) {
    if (!final) return 0;
    ev->key = kKeyEscape;  // a cut-off sequence: the Escape key, then the rest as typed
    return 1;
  }
  unsigned char fin = static_cast<unsigned char>(s[i]);
  if (i >= kMaxCsi || fin < 0x40 || fin > 0x7e) {
    ev->key = kKeyNone;
    return i + 1;
  }
  std::string_view params = s.substr(2, i - 2);
  bool sgr_mouse = !params.empty() && params[0] == '<';
  if (sgr_mouse) params.remove_prefix(1);
  long p[4] = {0, 0, 0, 0};
  int n = 0;
  for (char c : params) {
    if (c == ';') {
      if (++n >= 4) break;
    } else if (c >= '0' && c <= '9') {
      if (p[n] < 100000) p[n] = p[n] * 10 + (c - '0');
    }
  }
  if (sgr_mouse && (fin == 'M' || fin == 'm')) {
    ev->kind = InputEvent::Kind::kMouse;
    ev->button = static_cast<int>(p[0]);
    ev->x = p[1] > 0 ? static_cast<int>(p[1] - 1) : 0;
    ev->y = p[2] > 0 ? static_cast<int>(p[2] - 1) : 0;
    ev->release = fin == 'm';
    return i + 1;
  }
  if (fin == '~') {
    if (p[0] == 200) {
      in_paste_ = true;
      ev->key = kKeyNone;
      return i + 1;
    }
    KeyCode k = tilde_key(p[0]);
    ev->key = k == kKeyNone ? k : k | modifiers(p[1]);
    return i + 1;
  }
  KeyCode k = letter_key(static_cast<char>(fin));
  ev->key = k == kKeyNone || k == kKeyBTab ? k : k | modifiers(n >= 1 ? p[1] : 0);
  return i + 1;
}

size_t InputParser::parse_one(std::string_view s, bool final, InputEvent* ev) {
  ev->kind = InputEvent::Kind::kKey;
  auto c = static_cast<unsigned char>(s[0]);
  if (c == 0x1b) {
    if (s.size() == 1) {
      if (!final) return 0;
      ev->key = kKeyEscape;
      return 1;
    }
    if (s[1] == '[') return parse_csi(s, final, ev);
    if (s[1] == 'O') {
      if (s.size() == 2) {
        if (!final) return 0;
        ev->key = 'O' | kKeyMeta;
        return 2;
      }
      KeyCode k = letter_key(s[2]);
      if (k == kKeyNone || k == kKeyBTab) {
        ev->key = 'O' | kKeyMeta;
        return 2;
      }
      ev->key = k;
      return 3;
    }
    // ESC then a key: that key with Meta.
    size_t n = parse_one(s.substr(1), final, ev);
    if (n == 0) return 0;
    if (ev->kind == InputEvent::Kind::kKey && ev->key != kKeyNone) ev->key |= kKeyMeta;
    return n + 1;
  }
  if (c < 0x20 || c == 0x7f) {
    ev->key = control_key(c);
    return 1;
  }
  int len = utf8_length(c);
  if (len == 0) {
    ev->key = kKeyNone;
    return 1;
  }
  if (s.size() < static_cast<size_t>(len)) {
    if (!final) return 0;
    ev->key = kKeyNone;
    return s.size();
  }
  for (int i = 1; i < len; i++)
    if ((static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) {
      ev->key = kKeyNone;
      return static_cast<size_t>(i);
    }
  ev->key = utf8_decode(s, len);
  return static_cast<size_t>(len);
}

void InputParser::feed(std::string_view bytes, std::vector<InputEvent>* out) {
  held_.append(bytes);
  std::string_view s = held_;
  while (!s.empty()) {
    if (in_paste_) {
      paste_.append(s);
      s = {};
      size_t end = paste_.find(kPasteEnd);
      if (end == std::string::npos) break;
      InputEvent ev;
      ev.kind = InputEvent::Kind::kPaste;
      ev.text = paste_.substr(0, end);
      std::string rest = paste_.substr(end + kPasteEnd.size());
      paste_.clear();
      in_paste_ = false;
      out->push_back(std::move(ev));
      held_ = std::move(rest);
      s = held_;
      continue;
    }
    InputEvent ev;
    size_t n = parse_one(s, false, &ev);
    if (n == 0) break;
    s.remove_prefix(n);
    if (ev.kind != InputEvent::Kind::kKey || ev.key != kKeyNone) out->push_back(std::move(ev));
  }
  held_ = std::string(s);
}

void InputParser::flush(std::vector<InputEvent>* out) {
  std::string_view s = held_;
  std::string copy(s);
  s = copy;
  held_.clear();
  while (!s.empty()) {
    InputEvent ev;
    size_t n = parse_one(s, true, &ev);
    s.remove_prefix(n);
    if (ev.kind != InputEvent::Kind::kKey || ev.key != kKeyNone) out->push_back(std::move(ev));
  }
}

}  // namespace amux
