// The key tables and their defaults.
#include "amux/server/key-bindings.h"

namespace amux {

namespace {

struct DefaultBinding {
  const char* key;
  const char* command;
  bool repeat = false;
};

// tmux's menus: a window's (<, a right click on the status line) and a pane's (>, a right
// click on a pane), their items formats that leave out what cannot apply.
#define kWindowMenu(where)                                                                    \
  "display-menu -T \"#[align=centre]#{window_index}:#{window_name}\" " where                  \
  " \"#{?#{>:#{session_windows},1},,-}Swap Left\" l { swap-window -t :-1 }"                   \
  " \"#{?#{>:#{session_windows},1},,-}Swap Right\" r { swap-window -t :+1 }"                  \
  " \"#{?pane_marked_set,,-}Swap Marked\" s { swap-window } ''"                               \
  " Kill X { kill-window } Respawn R { respawn-window -k }"                                   \
  " \"#{?pane_marked,Unmark,Mark}\" m { select-pane -m }"                                     \
  " Rename n { command-prompt -F -I \"#W\" { rename-window -t \"#{window_id}\" \"%%\" } } ''" \
  " \"New After\" w { new-window -a } \"New At End\" W { new-window }"
#define kPaneMenu(where)                                                                    \
  "display-menu -T \"#[align=centre]#{pane_index} (#{pane_id})\" " where                    \
  " \"#{?#{m/r:(copy|view)-mode,#{pane_mode}},Go To Top,}\" < { send-keys -X history-top }" \
  " \"#{?#{m/r:(copy|view)-mode,#{pane_mode}},Go To Bottom,}\" > { send-keys -X "           \
  "history-bottom } ''"                                                                     \
  " \"#{?mouse_word,Search For #[underscore]#{=/9/...:mouse_word},}\" C-r { if-shell -F "   \
  "\"#{?#{m/r:(copy|view)-mode,#{pane_mode}},0,1}\" \"copy-mode -t=\" ; send-keys -X -t = " \
  "search-backward \"#{q:mouse_word}\" }"                                                   \
  " \"#{?mouse_word,Type #[underscore]#{=/9/...:mouse_word},}\" C-y { copy-mode -q ; "      \
  "send-keys -l \"#{q:mouse_word}\" }"                                                      \
  " \"#{?mouse_word,Copy #[underscore]#{=/9/...:mouse_word},}\" c { copy-mode -q ; "        \
  "set-buffer \"#{q:mouse_word}\" }"                                                        \
  " \"#{?mouse_line,Copy Line,}\" l { copy-mode -q ; set-buffer \"#{q:mouse_line}\" } ''"   \
  " \"Horizontal Split\" h { split-window -h } \"Vertical Split\" v { split-window -v } ''" \
  " \"#{?#{>:#{window_panes},1},,-}Swap Up\" u { swap-pane -U }"                            \
  " \"#{?#{>:#{window_panes},1},,-}Swap Down\" d { swap-pane -D }"                          \
  " \"#{?pane_marked_set,,-}Swap Marked\" s { swap-pane } ''"                               \
  " Kill X { kill-pane } Respawn R { respawn-pane -k }"                                     \
  " \"#{?pane_marked,Unmark,Mark}\" m { select-pane -m }"                                   \
  " \"#{?#{>:#{window_panes},1},,-}#{?window_zoomed_flag,Unzoom,Zoom}\" z { resize-pane -Z }"

constexpr DefaultBinding kDefaults[] = {
    {"C-b", "send-prefix"},
    {"d", "detach-client"},
    {"c", "new-window"},
    {"n", "next-window"},
    {"p", "previous-window"},
    {"l", "select-window -l"},
    {"%", "split-window -h"},
    {"\"", "split-window -v"},
    {"o", "select-pane -t :.+"},
    {"Up", "select-pane -U", true},
    {"Down", "select-pane -D", true},
    {"Left", "select-pane -L", true},
    {"Right", "select-pane -R", true},
    {"x", "confirm-before -p \"kill-pane #P? (y/n)\" kill-pane"},
    {"&", "confirm-before -p \"kill-window #W? (y/n)\" kill-window"},
    {"<", kWindowMenu("-x W -y W")},
    {">", kPaneMenu("-x P -y P")},
    {"q", "display-panes"},
    {"s", "choose-tree -Zs"},
    {"w", "choose-tree -Zw"},
    {"f", "command-prompt \"find-window -Z -- '%%'\""},
    {"t", "clock-mode"},
    {"i", "display-message"},
    {"C-o", "rotate-window"},
    {"M-o", "rotate-window -D"},
    {"'", "command-prompt -T window-target -p index \"select-window -t ':%%'\""},
    {".", "command-prompt -T target \"move-window -t '%%'\""},
    {"z", "resize-pane -Z"},
    {",", "command-prompt -I \"#{window_name}\" \"rename-window -- '%%'\""},
    {"$", "command-prompt -I \"#{session_name}\" \"rename-session -- '%%'\""},
    {":", "command-prompt"},
    {"[", "copy-mode"},
    {"PPage", "copy-mode -u"},
    {"?", "list-keys"},
    {"~", "show-messages"},
    {"g", "agent-board"},
    {"a", "agent-next"},
    {"r", "refresh-client"},
    // tmux's defaults for what amux has (the arrows repeat, as tmux binds them with -r).
    {"C-Up", "resize-pane -U", true},
    {"C-Down", "resize-pane -D", true},
    {"C-Left", "resize-pane -L", true},
    {"C-Right", "resize-pane -R", true},
    {"M-Up", "resize-pane -U 5", true},
    {"M-Down", "resize-pane -D 5", true},
    {"M-Left", "resize-pane -L 5", true},
    {"M-Right", "resize-pane -R 5", true},
    {"Space", "next-layout"},
    {"M-1", "select-layout even-horizontal"},
    {"M-2", "select-layout even-vertical"},
    {"M-3", "select-layout main-horizontal"},
    {"M-4", "select-layout main-vertical"},
    {"M-5", "select-layout tiled"},
    {";", "last-pane"},
    {"{", "swap-pane -U"},
    {"}", "swap-pane -D"},
    {"!", "break-pane"},
    {"]", "paste-buffer -p"},
    {"#", "list-buffers"},
    {"-", "delete-buffer"},
    {"L", "switch-client -l"},
    {"(", "switch-client -p"},
    {")", "switch-client -n"},
};

// Copy mode's keys, tmux's defaults for the commands amux has: emacs (mode-keys emacs,
// the default) then vi.
constexpr DefaultBinding kCopyModeEmacs[] = {
    {"C-Space", "send-keys -X begin-selection"},
    {"C-a", "send-keys -X start-of-line"},
    {"C-b", "send-keys -X cursor-left"},
    {"C-c", "send-keys -X cancel"},
    {"C-e", "send-keys -X end-of-line"},
    {"C-f", "send-keys -X cursor-right"},
    {"C-g", "send-keys -X clear-selection"},
    {"C-k", "send-keys -X copy-pipe-end-of-line-and-cancel"},
    {"C-n", "send-keys -X cursor-down"},
    {"C-p", "send-keys -X cursor-up"},
    {"C-r", "command-prompt -T search -p '(search up)' \"send-keys -X search-backward '%%'\""},
    {"C-s", "command-prompt -T search -p '(search down)' \"send-keys -X search-forward '%%'\""},
    {"C-v", "send-keys -X page-down"},
    {"C-w", "send-keys -X copy-pipe-and-cancel"},
    {"Escape", "send-keys -X cancel"},
    {"Space", "send-keys -X page-down"},
    {",", "send-keys -X jump-reverse"},
    {";", "send-keys -X jump-again"},
    {"F", "command-prompt -1 -p '(jump backward)' \"send-keys -X jump-backward '%%'\""},
    {"N", "send-keys -X search-reverse"},
    {"T", "command-prompt -1 -p '(jump to backward)' \"send-keys -X jump-to-backward '%%'\""},
    {"X", "send-keys -X set-mark"},
    {"f", "command-prompt -1 -p '(jump forward)' \"send-keys -X jump-forward '%%'\""},
    {"g", "command-prompt -p '(goto line)' \"send-keys -X goto-line '%%'\""},
    {"n", "send-keys -X search-again"},
    {"q", "send-keys -X cancel"},
    {"r", "send-keys -X refresh-from-pane"},
    {"t", "command-prompt -1 -p '(jump to forward)' \"send-keys -X jump-to-forward '%%'\""},
    {"Home", "send-keys -X start-of-line"},
    {"End", "send-keys -X end-of-line"},
    {"NPage", "send-keys -X page-down"},
    {"PPage", "send-keys -X page-up"},
    {"Up", "send-keys -X cursor-up"},
    {"Down", "send-keys -X cursor-down"},
    {"Left", "send-keys -X cursor-left"},
    {"Right", "send-keys -X cursor-right"},
    {"M-<", "send-keys -X history-top"},
    {"M->", "send-keys -X history-bottom"},
    {"M-R", "send-keys -X top-line"},
    {"M-b", "send-keys -X previous-word"},
    {"M-f", "send-keys -X next-word-end"},
    {"M-m", "send-keys -X back-to-indentation"},
    {"M-r", "send-keys -X middle-line"},
    {"M-v", "send-keys -X page-up"},
    {"M-w", "send-keys -X copy-pipe-and-cancel"},
    {"M-x", "send-keys -X jump-to-mark"},
    {"M-Up", "send-keys -X halfpage-up"},
    {"M-Down", "send-keys -X halfpage-down"},
    {"C-Up", "send-keys -X scroll-up"},
    {"C-Down", "send-keys -X scroll-down"},
};

// tmux's mouse bindings, in the root table and in both copy-mode tables.
#define kPaneOrMode "if-shell -F \"#{||:#{pane_in_mode},#{mouse_any_flag}}\" { send-keys -M } "
constexpr DefaultBinding kRootMouse[] = {
    {"MouseDown1Pane", "select-pane -t = ; send-keys -M"},
    {"MouseDown1Status", "select-window -t ="},
    {"MouseDown2Pane", "select-pane -t = ; " kPaneOrMode "{ paste-buffer -p }"},
    {"MouseDown3Pane",
     "if-shell -F -t = \"#{||:#{mouse_any_flag},#{&&:#{pane_in_mode},#{?#{m/r:(copy|view)-mode,"
     "#{pane_mode}},0,1}}}\" { select-pane -t = ; send-keys -M } { " kPaneMenu(
         "-t = -x M -y M") " }"},
    {"MouseDown3Status", kWindowMenu("-t = -x W -y W")},
    {"MouseDown3StatusLeft",
     "display-menu -T \"#[align=centre]#{session_name}\" -t = -x M -y W Next n { switch-client "
     "-n } Previous p { switch-client -p } '' Renumber N { move-window -r } Rename n { "
     "command-prompt -I \"#S\" { rename-session \"%%\" } } '' \"New Session\" s { new-session } "
     "\"New Window\" w { new-window }"},
    {"MouseDrag1Pane", kPaneOrMode "{ copy-mode -M }"},
    {"MouseDrag1Border", "resize-pane -M"},
    {"WheelUpPane", kPaneOrMode "{ copy-mode -e }"},
    {"WheelUpStatus", "previous-window"},
    {"WheelDownStatus", "next-window"},
    {"DoubleClick1Pane",
     "select-pane -t = ; " kPaneOrMode
     "{ copy-mode -H ; send-keys -X select-word ; run-shell -d 0.3 ; send-keys -X "
     "copy-pipe-and-cancel }"},
    {"TripleClick1Pane",
     "select-pane -t = ; " kPaneOrMode
     "{ copy-mode -H ; send-keys -X select-line ; run-shell -d 0.3 ; send-keys -X "
     "copy-pipe-and-cancel }"},
    {"M-MouseDown3Pane", kPaneMenu("-t = -x M -y M")},
};
constexpr DefaultBinding kCopyModeMouse[] = {
    {"MouseDown1Pane", "select-pane"},
    {"MouseDrag1Pane", "select-pane ; send-keys -X begin-selection"},
    {"MouseDragEnd1Pane", "send-keys -X copy-pipe-and-cancel"},
    {"WheelUpPane", "select-pane ; send-keys -X -N 5 scroll-up"},
    {"WheelDownPane", "select-pane ; send-keys -X -N 5 scroll-down"},
    {"DoubleClick1Pane",
     "select-pane ; send-keys -X select-word ; run-shell -d 0.3 ; send-keys -X "
     "copy-pipe-and-cancel"},
    {"TripleClick1Pane",
     "select-pane ; send-keys -X select-line ; run-shell -d 0.3 ; send-keys -X "
     "copy-pipe-and-cancel"},
};

constexpr DefaultBinding kCopyModeVi[] = {
    {"C-b", "send-keys -X page-up"},
    {"C-c", "send-keys -X cancel"},
    {"C-d", "send-keys -X halfpage-down"},
    {"C-e", "send-keys -X scroll-down"},
    {"C-f", "send-keys -X page-down"},
    {"C-h", "send-keys -X cursor-left"},
    {"C-j", "send-keys -X copy-pipe-and-cancel"},
    {"Enter", "send-keys -X copy-pipe-and-cancel"},
    {"C-u", "send-keys -X halfpage-up"},
    {"C-y", "send-keys -X scroll-up"},
    {"Escape", "send-keys -X clear-selection"},
    {"Space", "send-keys -X begin-selection"},
    {"#", "send-keys -FX search-backward '#{copy_cursor_word}'"},
    {"$", "send-keys -X end-of-line"},
    {"*", "send-keys -FX search-forward '#{copy_cursor_word}'"},
    {",", "send-keys -X jump-reverse"},
    {"/", "command-prompt -T search -p '(search down)' \"send-keys -X search-forward '%%'\""},
    {"0", "send-keys -X start-of-line"},
    {":", "command-prompt -p '(goto line)' \"send-keys -X goto-line '%%'\""},
    {";", "send-keys -X jump-again"},
    {"?", "command-prompt -T search -p '(search up)' \"send-keys -X search-backward '%%'\""},
    {"A", "send-keys -X append-selection-and-cancel"},
    {"B", "send-keys -X previous-space"},
    {"D", "send-keys -X copy-pipe-end-of-line-and-cancel"},
    {"E", "send-keys -X next-space-end"},
    {"F", "command-prompt -1 -p '(jump backward)' \"send-keys -X jump-backward '%%'\""},
    {"G", "send-keys -X history-bottom"},
    {"H", "send-keys -X top-line"},
    {"J", "send-keys -X scroll-down"},
    {"K", "send-keys -X scroll-up"},
    {"L", "send-keys -X bottom-line"},
    {"M", "send-keys -X middle-line"},
    {"N", "send-keys -X search-reverse"},
    {"T", "command-prompt -1 -p '(jump to backward)' \"send-keys -X jump-to-backward '%%'\""},
    {"V", "send-keys -X select-line"},
    {"W", "send-keys -X next-space"},
    {"X", "send-keys -X set-mark"},
    {"^", "send-keys -X back-to-indentation"},
    {"b", "send-keys -X previous-word"},
    {"e", "send-keys -X next-word-end"},
    {"f", "command-prompt -1 -p '(jump forward)' \"send-keys -X jump-forward '%%'\""},
    {"g", "send-keys -X history-top"},
    {"h", "send-keys -X cursor-left"},
    {"j", "send-keys -X cursor-down"},
    {"k", "send-keys -X cursor-up"},
    {"l", "send-keys -X cursor-right"},
    {"n", "send-keys -X search-again"},
    {"o", "send-keys -X other-end"},
    {"q", "send-keys -X cancel"},
    {"r", "send-keys -X refresh-from-pane"},
    {"t", "command-prompt -1 -p '(jump to forward)' \"send-keys -X jump-to-forward '%%'\""},
    {"w", "send-keys -X next-word"},
    {"BSpace", "send-keys -X cursor-left"},
    {"NPage", "send-keys -X page-down"},
    {"PPage", "send-keys -X page-up"},
    {"Up", "send-keys -X cursor-up"},
    {"Down", "send-keys -X cursor-down"},
    {"Left", "send-keys -X cursor-left"},
    {"Right", "send-keys -X cursor-right"},
    {"M-x", "send-keys -X jump-to-mark"},
    {"C-Up", "send-keys -X scroll-up"},
    {"C-Down", "send-keys -X scroll-down"},
};

}  // namespace

KeyTables::KeyTables() {
  for (const auto& d : kCopyModeEmacs) tables_["copy-mode"][*key_from_name(d.key)] = {d.command};
  for (const auto& d : kCopyModeVi) tables_["copy-mode-vi"][*key_from_name(d.key)] = {d.command};
  for (const auto& d : kCopyModeMouse) {
    tables_["copy-mode"][*key_from_name(d.key)] = {d.command};
    tables_["copy-mode-vi"][*key_from_name(d.key)] = {d.command};
  }
  for (const auto& d : kRootMouse) tables_["root"][*key_from_name(d.key)] = {d.command};
  auto& prefix = tables_["prefix"];
  for (const auto& d : kDefaults) prefix[*key_from_name(d.key)] = {d.command, d.repeat};
  for (int i = 0; i <= 9; i++)
    prefix['0' + static_cast<KeyCode>(i)] = {"select-window -t :" + std::to_string(i)};
}

void KeyTables::bind(const std::string& table, KeyCode key, std::string command, bool repeat) {
  tables_[table][key] = {std::move(command), repeat};
}

bool KeyTables::unbind(const std::string& table, KeyCode key) {
  auto t = tables_.find(table);
  return t != tables_.end() && t->second.erase(key) > 0;
}

void KeyTables::unbind_all(const std::string& table) {
  auto t = tables_.find(table);
  if (t != tables_.end()) t->second.clear();
}

const KeyBinding* KeyTables::find(const std::string& table, KeyCode key) const {
  auto t = tables_.find(table);
  if (t == tables_.end()) return nullptr;
  auto k = t->second.find(key);
  return k == t->second.end() ? nullptr : &k->second;
}

std::vector<std::string> KeyTables::list(const std::string& only) const {
  std::vector<std::string> out;
  for (const auto& [table, keys] : tables_) {
    if (!only.empty() && table != only) continue;
    for (const auto& [key, b] : keys)
      out.push_back(std::string("bind-key ") + (b.repeat ? "-r " : "") + "-T " + table + " " +
                    key_name(key) + " " + b.command);
  }
  return out;
}

std::string quote_word(const std::string& word) {
  if (word.empty()) return "''";
  bool plain = true;
  for (char c : word)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/' ||
          c == ':' || c == '=' || c == '+' || c == '%' || c == ',' || c == '@'))
      plain = false;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace amux
