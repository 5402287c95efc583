// Layout tree operations: split, remove, proportional resize, presets and neighbours.
#include "amux/pane/layout.h"

#include <algorithm>
#include <cmath>

#include "amux/pane/pane.h"

namespace amux {

namespace {

bool horizontal(const LayoutCell& c) {
  return c.type == LayoutType::kLeftRight;
}
int& along(LayoutCell& c, bool lr) {
  return lr ? c.sx : c.sy;
}

void fix_offsets(LayoutCell& c) {
  int pos = horizontal(c) ? c.xoff : c.yoff;
  for (auto& child : c.children) {
    child->xoff = horizontal(c) ? pos : c.xoff;
    child->yoff = horizontal(c) ? c.yoff : pos;
    pos += (horizontal(c) ? child->sx : child->sy) + 1;
    fix_offsets(*child);
  }
}

// Sets a cell's size and shares the change among its children: proportionally, or
// evenly when even is set.
void resize_cell(LayoutCell& c, int sx, int sy, bool even = false) {
  c.sx = std::max(sx, 1);
  c.sy = std::max(sy, 1);
  if (c.type == LayoutType::kPane) return;
  bool lr = horizontal(c);
  int n = static_cast<int>(c.children.size());
  int avail = std::max((lr ? c.sx : c.sy) - (n - 1), n);
  int old = 0;
  for (auto& child : c.children) old += along(*child, lr);
  int used = 0;
  for (int i = 0; i < n; i++) {
    LayoutCell& child = *c.children[static_cast<size_t>(i)];
    int size;
    if (i == n - 1)
      size = avail - used;
    else if (even || old <= 0)
      size = avail / n;
    else
      size = std::max(1, static_cast<int>(static_cast<long long>(along(child, lr)) * avail / old));
    size = std::max(1, std::min(size, avail - used - (n - 1 - i)));
    used += size;
    resize_cell(child, lr ? size : c.sx, lr ? c.sy : size, even);
  }
}

std::unique_ptr<LayoutCell> pane_cell(Pane* p) {
  auto c = std::make_unique<LayoutCell>();
  c->pane = p;
  return c;
}

std::unique_ptr<LayoutCell> container(LayoutType type,
                                      std::vector<std::unique_ptr<LayoutCell>> kids) {
  if (kids.size() == 1) return std::move(kids.front());
  auto c = std::make_unique<LayoutCell>();
  c->type = type;
  for (auto& k : kids) {
    k->parent = c.get();
    c->children.push_back(std::move(k));
  }
  return c;
}

void apply_cell(const LayoutCell& c) {
  if (c.pane != nullptr) {
    c.pane->xoff = c.xoff;
    c.pane->yoff = c.yoff;
    c.pane->sx = c.sx;
    c.pane->sy = c.sy;
  }
  for (const auto& child : c.children) apply_cell(*child);
}

}  // namespace

void Layout::init(Pane* p, int sx, int sy) {
  root_ = pane_cell(p);
  sx_ = sx;
  sy_ = sy;
  resize_cell(*root_, sx, sy);
  apply();
}

LayoutCell* Layout::find(LayoutCell* c, Pane* p) const {
  if (c == nullptr) return nullptr;
  if (c->pane == p) return c;
  for (auto& child : c->children)
    if (LayoutCell* f = find(child.get(), p)) return f;
  return nullptr;
}

bool Layout::split(Pane* target, Pane* added, bool lr, int size, std::string* error) {
  LayoutCell* cell = find(root_.get(), target);
  if (cell == nullptr) return false;
  int total = lr ? cell->sx : cell->sy;
  int new_size = size >= 0 ? size : (total - 1) / 2;
  int old_size = total - 1 - new_size;
  if (new_size < 1 || old_size < 1) {
    *error = "no space for new pane";
    return false;
  }
  LayoutType want = lr ? LayoutType::kLeftRight : LayoutType::kTopBottom;
  auto fresh = pane_cell(added);
  fresh->sx = lr ? new_size : cell->sx;
  fresh->sy = lr ? cell->sy : new_size;
  if (cell->parent != nullptr && cell->parent->type == want) {
    LayoutCell* parent = cell->parent;
    auto it = std::find_if(parent->children.begin(), parent->children.end(),
                           [&](const auto& c) { return c.get() == cell; });
    fresh->parent = parent;
    along(*cell, lr) = old_size;
    parent->children.insert(it + 1, std::move(fresh));
  } else {
    auto moved = pane_cell(target);
    moved->sx = lr ? old_size : cell->sx;
    moved->sy = lr ? cell->sy : old_size;
    moved->parent = cell;
    fresh->parent = cell;
    cell->pane = nullptr;
    cell->type = want;
    cell->children.push_back(std::move(moved));
    cell->children.push_back(std::move(fresh));
  }
  fix_offsets(*root_);
  apply();
  return true;
}

void Layout::remove(Pane* p) {
  LayoutCell* cell = find(root_.get(), p);
  if (cell == nullptr) return;
  LayoutCell* parent = cell->parent;
  if (parent == nullptr) {
    root_.reset();
    return;
  }
  bool lr = horizontal(*parent);
  auto& kids = parent->children;
  auto it = std::find_if(kids.begin(), kids.end(), [&](const auto& c) { return c.get() == cell; });
  LayoutCell& sibling = it == kids.begin() ? **(it + 1) : **(it - 1);
  int grow = along(*cell, lr) + 1;
  resize_cell(sibling, lr ? sibling.sx + grow : sibling.sx, lr ? sibling.sy : sibling.sy + grow);
  kids.erase(it);
  if (kids.size() == 1) {  // collapse the container into its last child
    std::unique_ptr<LayoutCell> only = std::move(kids.front());
    kids.clear();
    parent->type = only->type;
    parent->pane = only->pane;
    for (auto& k : only->children) {
      k->parent = parent;
      kids.push_back(std::move(k));
    }
  }
  fix_offsets(*root_);
  apply();
}

void Layout::resize(int sx, int sy) {
  sx_ = sx;
  sy_ = sy;
  if (!root_) return;
  resize_cell(*root_, sx, sy);
  fix_offsets(*root_);
  apply();
}

void Layout::resize_pane(Pane* p, bool width, int size) {
  LayoutCell* c = find(root_.get(), p);
  LayoutType want = width ? LayoutType::kLeftRight : LayoutType::kTopBottom;
  while (c != nullptr && (c->parent == nullptr || c->parent->type != want)) c = c->parent;
  if (c == nullptr) return;  // nothing beside it to take space from
  auto& kids = c->parent->children;
  auto it = std::find_if(kids.begin(), kids.end(), [&](const auto& k) { return k.get() == c; });
  LayoutCell& other = (it + 1 != kids.end()) ? **(it + 1) : **(it - 1);
  int delta = std::max(size, 1) - along(*c, width);
  delta = std::min(delta, along(other, width) - 1);
  if (delta == 0) return;
  resize_cell(*c, width ? c->sx + delta : c->sx, width ? c->sy : c->sy + delta);
  resize_cell(other, width ? other.sx - delta : other.sx, width ? other.sy : other.sy - delta);
  fix_offsets(*root_);
  apply();
}

bool Layout::set_preset(const std::string& name, const std::vector<Pane*>& panes,
                        std::string* error) {
  std::vector<std::unique_ptr<LayoutCell>> cells;
  for (Pane* p : panes) cells.push_back(pane_cell(p));
  if (name == "even-horizontal") {
    root_ = container(LayoutType::kLeftRight, std::move(cells));
  } else if (name == "even-vertical") {
    root_ = container(LayoutType::kTopBottom, std::move(cells));
  } else if (name == "main-vertical") {
    std::vector<std::unique_ptr<LayoutCell>> rest(std::make_move_iterator(cells.begin() + 1),
                                                  std::make_move_iterator(cells.end()));
    cells.resize(1);
    if (!rest.empty()) cells.push_back(container(LayoutType::kTopBottom, std::move(rest)));
    root_ = container(LayoutType::kLeftRight, std::move(cells));
  } else if (name == "tiled") {
    size_t n = cells.size();
    size_t cols = static_cast<size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
    std::vector<std::unique_ptr<LayoutCell>> rows;
    for (size_t i = 0; i < n; i += cols) {
      std::vector<std::unique_ptr<LayoutCell>> row;
      for (size_t k = i; k < std::min(n, i + cols); k++) row.push_back(std::move(cells[k]));
      rows.push_back(container(LayoutType::kLeftRight, std::move(row)));
    }
    root_ = container(LayoutType::kTopBottom, std::move(rows));
  } else {
    *error = "unknown layout: " + name;
    return false;
  }
  resize_cell(*root_, sx_, sy_, true);
  if (name == "main-vertical" && root_->children.size() == 2) {
    int main = std::min(80, (sx_ - 1) / 2);
    resize_cell(*root_->children[0], main, sy_, true);
    resize_cell(*root_->children[1], sx_ - 1 - main, sy_, true);
  }
  fix_offsets(*root_);
  apply();
  return true;
}

void Layout::apply() {
  if (root_) apply_cell(*root_);
}

Pane* Layout::neighbour(Pane* p, char direction, const std::vector<Pane*>& panes) const {
  bool lr = direction == 'L' || direction == 'R';
  int sign = (direction == 'R' || direction == 'D') ? 1 : -1;
  int extent = lr ? sx_ : sy_;
  Pane* best = nullptr;
  int best_distance = 0, best_overlap = -1;
  for (Pane* q : panes) {
    if (q == p) continue;
    int from = lr ? p->xoff : p->yoff, from_size = lr ? p->sx : p->sy;
    int to = lr ? q->xoff : q->yoff, to_size = lr ? q->sx : q->sy;
    int distance = sign > 0 ? to - (from + from_size) : from - (to + to_size);
    distance = ((distance % (extent + 1)) + extent + 1) % (extent + 1);
    int a0 = lr ? p->yoff : p->xoff, a1 = a0 + (lr ? p->sy : p->sx);
    int b0 = lr ? q->yoff : q->xoff, b1 = b0 + (lr ? q->sy : q->sx);
    int overlap = std::min(a1, b1) - std::max(a0, b0);
    if (overlap <= 0) continue;
    if (best == nullptr || distance < best_distance ||
        (distance == best_distance && overlap > best_overlap)) {
      best = q;
      best_distance = distance;
      best_overlap = overlap;
    }
  }
  return best;
}

}  // namespace amux
