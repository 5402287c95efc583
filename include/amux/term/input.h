// Keys as an attached client types them: key codes (a character or a special key, with
// Ctrl/Meta/Shift), their names as bind-key takes them, the bytes a pane gets for one, and
// the parser that splits a terminal's input into keys, pastes and mouse events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amux {

using KeyCode = uint32_t;
constexpr KeyCode kKeyShift = 1u << 29;
constexpr KeyCode kKeyMeta = 1u << 30;
constexpr KeyCode kKeyCtrl = 1u << 31;
constexpr KeyCode kKeyMods = kKeyShift | kKeyMeta | kKeyCtrl;
constexpr KeyCode kKeySpecial = 0x10000000;  // below: a Unicode character

enum SpecialKey : KeyCode {
  kKeyEnter = kKeySpecial,
  kKeyEscape,
  kKeyTab,
  kKeyBTab,
  kKeyBSpace,
  kKeyUp,
  kKeyDown,
  kKeyLeft,
  kKeyRight,
  kKeyHome,
  kKeyEnd,
  kKeyIC,
  kKeyDC,
  kKeyPPage,
  kKeyNPage,
  kKeyF1,  // F1..F12 follow in order
  kKeyF12 = kKeyF1 + 11,
  kKeyNone,  // nothing (an unknown sequence)
};

// Mouse keys, as tmux names them ("MouseDown1Pane", "WheelUpStatus", "M-MouseDown3Pane",
// "DoubleClick1Pane", "MouseDragEnd1Border"): what happened, the button (1-3; none for
// the wheel) and where (a pane, a border between panes, the status line's parts).
enum class MouseKind {
  kDown,
  kUp,
  kDrag,
  kDragEnd,
  kWheelUp,
  kWheelDown,
  kDoubleClick,
  kTripleClick
};
enum class MouseWhere { kPane, kBorder, kStatus, kStatusLeft, kStatusRight, kStatusDefault };
constexpr KeyCode kKeyMouse = kKeySpecial + 0x1000;
constexpr KeyCode kKeyMouseEnd = kKeyMouse + 0x400;
KeyCode mouse_key(MouseKind kind, int button, MouseWhere where);
inline bool is_mouse_key(KeyCode key) {
  KeyCode k = key & ~kKeyMods;
  return k >= kKeyMouse && k < kKeyMouseEnd;
}

// "C-b", "M-Up", "%", "Enter", "F5", "PageUp"; nothing when the name is not a key.
std::optional<KeyCode> key_from_name(std::string_view name);
std::string key_name(KeyCode key);
// The bytes a program in a pane gets for a key (app_cursor: DECCKM is set).
std::string key_encode(KeyCode key, bool app_cursor);

struct InputEvent {
  enum class Kind { kKey, kPaste, kMouse };
  Kind kind = Kind::kKey;
  KeyCode key = kKeyNone;
  std::string text;  // kPaste: the pasted text
  // kMouse (SGR 1006): button code as sent, 0-based cell, press or release.
  int button = 0, x = 0, y = 0;
  bool release = false;
};

// Splits terminal input into events. A sequence cut off at the end of a read waits for
// more; flush() ends the wait (the escape-time timer): what is held becomes keys.
class InputParser {
 public:
  void feed(std::string_view bytes, std::vector<InputEvent>* out);
  bool pending() const { return !held_.empty(); }
  void flush(std::vector<InputEvent>* out);

 private:
  // Parses one event at the front of s: its length, 0 when s is an incomplete prefix.
  size_t parse_one(std::string_view s, bool final, InputEvent* ev);
  size_t parse_csi(std::string_view s, bool final, InputEvent* ev);
  std::string held_;
  bool in_paste_ = false;
  std::string paste_;
};

}  // namespace amux
