// Pane layout: a tree of cells (left-right or top-bottom containers, panes at the
// leaves) with a one-cell border between siblings, as tmux lays panes out.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace amux {

class Pane;

enum class LayoutType { kPane, kLeftRight, kTopBottom };

struct LayoutCell {
  LayoutType type = LayoutType::kPane;
  LayoutCell* parent = nullptr;
  std::vector<std::unique_ptr<LayoutCell>> children;
  Pane* pane = nullptr;
  int sx = 0, sy = 0, xoff = 0, yoff = 0;
};

class Layout {
 public:
  void init(Pane* p, int sx, int sy);
  // Splits target's cell; size < 0 means half; before: added goes left of or above it;
  // full: the split is of the whole window (split-window -f). Error text on failure.
  bool split(Pane* target, Pane* added, bool left_right, int size, std::string* error,
             bool before = false, bool full = false);
  // The cell of old holds now instead (a pane swapped in from another window).
  void replace(Pane* old, Pane* now);
  // Two panes of this layout trade cells.
  void swap(Pane* a, Pane* b);
  void remove(Pane* p);
  void resize(int sx, int sy);
  void resize_pane(Pane* p, bool width, int size);
  // Moves the border after p (before it, for the last pane of a row or column) by delta
  // cells, as tmux's resize-pane -L/-R/-U/-D: the cell before the border grows by delta
  // and the one after shrinks, each keeping at least one cell.
  void adjust_pane(Pane* p, bool width, int delta);
  // A mouse drag: the border at column x (vertical: between cells side by side) or row y,
  // where it crosses row y (column x), moves to `to`, each cell beside it keeping a cell.
  // The border's new place in *at; false when no border is there.
  bool drag_border(int x, int y, bool vertical, int to, int* at);
  // even-horizontal, even-vertical, main-horizontal, main-vertical, tiled; panes in
  // window order. main_width/main_height: the main pane's size (main-pane-width/-height).
  bool set_preset(const std::string& name, const std::vector<Pane*>& panes, std::string* error,
                  int main_width = 80, int main_height = 24);
  // The presets in tmux's order (select-layout -n/-p step through them).
  static const std::vector<std::string>& presets();
  // The preset last set, "" if none (select-layout without a name sets it again).
  const std::string& last_preset() const { return last_preset_; }
  // The tree as tmux's layout string: a checksum, then "WxH,X,Y" and ",pane-id" for a
  // pane, {...} for left-right, [...] for top-bottom.
  std::string dump() const;
  // Lays panes (in window order) out as a layout string says, fitted to the window;
  // false with *error, the tree unchanged, when the string is not a layout for them.
  bool parse(const std::string& text, const std::vector<Pane*>& panes, std::string* error);
  // Copies cell geometry into the panes (Pane::xoff/yoff/sx/sy).
  void apply();
  LayoutCell* root() const { return root_.get(); }
  // The pane next to p in a direction ('L', 'R', 'U', 'D'), wrapping around.
  Pane* neighbour(Pane* p, char direction, const std::vector<Pane*>& panes) const;

 private:
  LayoutCell* find(LayoutCell* c, Pane* p) const;
  bool split_full(Pane* added, bool left_right, int size, std::string* error, bool before);
  std::unique_ptr<LayoutCell> root_;
  int sx_ = 0, sy_ = 0;
  std::string last_preset_;
};

}  // namespace amux
