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
  // Splits target's cell; size < 0 means half. Error text on failure.
  bool split(Pane* target, Pane* added, bool left_right, int size, std::string* error);
  void remove(Pane* p);
  void resize(int sx, int sy);
  void resize_pane(Pane* p, bool width, int size);
  // even-horizontal, even-vertical, main-vertical, tiled; panes in window order.
  bool set_preset(const std::string& name, const std::vector<Pane*>& panes, std::string* error);
  // Copies cell geometry into the panes (Pane::xoff/yoff/sx/sy).
  void apply();
  LayoutCell* root() const { return root_.get(); }
  // The pane next to p in a direction ('L', 'R', 'U', 'D'), wrapping around.
  Pane* neighbour(Pane* p, char direction, const std::vector<Pane*>& panes) const;

 private:
  LayoutCell* find(LayoutCell* c, Pane* p) const;
  std::unique_ptr<LayoutCell> root_;
  int sx_ = 0, sy_ = 0;
};

}  // namespace amux
