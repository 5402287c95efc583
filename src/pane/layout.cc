// Layout tree operations: split, remove, proportional resize, presets, neighbours, and
// tmux's layout strings (written and read).
#include "amux/pane/layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string_view>

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

// After c's size changed: its children are fitted to it, each along it in proportion to
// its old share of the whole (borders counted), the last taking what is left; across it,
// each is its size. As tmux fits the old cells beside a full-size split.
void fit_children(LayoutCell& c) {
  if (c.type == LayoutType::kPane) return;
  bool lr = horizontal(c);
  long long previous = -1;
  for (auto& child : c.children) previous += along(*child, lr) + 1;
  int available = along(c, lr);
  size_t n = c.children.size();
  for (size_t i = 0; i < n; i++) {
    LayoutCell& child = *c.children[i];
    int size =
        i + 1 == n || previous <= 0
            ? available
            : static_cast<int>(along(child, lr) * static_cast<long long>(available) / previous);
    size = std::max(size, 1);
    previous -= along(child, lr) + 1;
    available -= size + 1;
    along(child, lr) = size;
    (lr ? child.sy : child.sx) = lr ? c.sy : c.sx;
    fit_children(child);
  }
}

// The new and old cells' shares of total cells (less one for the border) when split:
// size, else half, the larger half to the new cell when it goes first. A size larger than
// there is room for leaves the old pane one line, as tmux does; no room is an error.
bool split_sizes(int total, int size, bool before, int* new_size, int* old_size,
                 std::string* error) {
  if (size >= 0)
    *new_size = std::min(size, total - 2);
  else
    *new_size = before ? total - 1 - (total - 1) / 2 : (total - 1) / 2;
  *old_size = total - 1 - *new_size;
  if (*new_size >= 1 && *old_size >= 1) return true;
  *error = "no space for new pane";
  return false;
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

bool starts_with_main(const std::string& name) {
  return name.rfind("main-", 0) == 0;
}

// tmux's layout checksum: a 16-bit rotate-and-add over the text.
unsigned layout_checksum(std::string_view text) {
  unsigned sum = 0;
  for (unsigned char c : text) {
    sum = (sum >> 1) + ((sum & 1) << 15);
    sum = (sum + c) & 0xffff;
  }
  return sum;
}

void dump_cell(const LayoutCell& c, std::string* out) {
  *out += std::to_string(c.sx) + "x" + std::to_string(c.sy) + "," + std::to_string(c.xoff) + "," +
          std::to_string(c.yoff);
  if (c.type == LayoutType::kPane) {
    *out += "," + std::to_string(c.pane != nullptr ? c.pane->id : 0);
    return;
  }
  *out += horizontal(c) ? '{' : '[';
  for (size_t i = 0; i < c.children.size(); i++) {
    if (i > 0) *out += ',';
    dump_cell(*c.children[i], out);
  }
  *out += horizontal(c) ? '}' : ']';
}

void collect_leaves(LayoutCell& c, std::vector<LayoutCell*>* out) {
  if (c.type == LayoutType::kPane) out->push_back(&c);
  for (auto& child : c.children) collect_leaves(*child, out);
}

// A recursive-descent reader of layout cells; nesting is bounded so no input exhausts
// the stack.
struct LayoutParser {
  std::string_view rest;
  static constexpr int kMaxDepth = 64;

  bool number(int* out) {
    size_t n = 0;
    long long v = 0;
    while (n < rest.size() && n < 6 && rest[n] >= '0' && rest[n] <= '9')
      v = v * 10 + (rest[n++] - '0');
    if (n == 0 || (n < rest.size() && rest[n] >= '0' && rest[n] <= '9')) return false;
    rest.remove_prefix(n);
    *out = static_cast<int>(v);
    return true;
  }
  bool literal(char c) {
    if (rest.empty() || rest[0] != c) return false;
    rest.remove_prefix(1);
    return true;
  }
  std::unique_ptr<LayoutCell> cell(LayoutCell* parent, int depth) {
    auto c = std::make_unique<LayoutCell>();
    c->parent = parent;
    if (depth > kMaxDepth || !number(&c->sx) || !literal('x') || !number(&c->sy) || !literal(',') ||
        !number(&c->xoff) || !literal(',') || !number(&c->yoff) || c->sx < 1 || c->sy < 1)
      return nullptr;
    if (literal(',')) {
      int id;
      return number(&id) ? std::move(c) : nullptr;
    }
    char close = literal('{') ? '}' : literal('[') ? ']' : '\0';
    if (close == '\0') return nullptr;
    c->type = close == '}' ? LayoutType::kLeftRight : LayoutType::kTopBottom;
    do {
      std::unique_ptr<LayoutCell> child = cell(c.get(), depth + 1);
      if (!child) return nullptr;
      c->children.push_back(std::move(child));
    } while (literal(','));
    if (!literal(close) || c->children.size() < 2) return nullptr;
    return c;
  }
  // Children fill their parent exactly: sizes and borders add up along it, and each
  // spans it across.
  bool fits(const LayoutCell& c) const {
    if (c.type == LayoutType::kPane) return true;
    bool lr = horizontal(c);
    int total = -1;
    for (const auto& child : c.children) {
      if ((lr ? child->sy : child->sx) != (lr ? c.sy : c.sx) || !fits(*child)) return false;
      total += (lr ? child->sx : child->sy) + 1;
    }
    return total == (lr ? c.sx : c.sy);
  }
};

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

bool Layout::split(Pane* target, Pane* added, bool lr, int size, std::string* error, bool before,
                   bool full) {
  LayoutCell* cell = find(root_.get(), target);
  if (cell == nullptr) return false;
  if (full && root_->type != LayoutType::kPane) return split_full(added, lr, size, error, before);
  int new_size, old_size;
  if (!split_sizes(lr ? cell->sx : cell->sy, size, before, &new_size, &old_size, error))
    return false;
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
    parent->children.insert(before ? it : it + 1, std::move(fresh));
  } else {
    auto moved = pane_cell(target);
    moved->sx = lr ? old_size : cell->sx;
    moved->sy = lr ? cell->sy : old_size;
    moved->parent = cell;
    fresh->parent = cell;
    cell->pane = nullptr;
    cell->type = want;
    if (before) std::swap(moved, fresh);
    cell->children.push_back(std::move(moved));
    cell->children.push_back(std::move(fresh));
  }
  fix_offsets(*root_);
  apply();
  return true;
}

// -f: the new pane spans the whole window. Under a root split the same way it becomes the
// root's first or last child; else the root moves under a new root beside it. The old
// cells share what is left as a resize shares it.
bool Layout::split_full(Pane* added, bool lr, int size, std::string* error, bool before) {
  int new_size, old_size;
  if (!split_sizes(lr ? root_->sx : root_->sy, size, before, &new_size, &old_size, error))
    return false;
  LayoutType want = lr ? LayoutType::kLeftRight : LayoutType::kTopBottom;
  int sx = root_->sx, sy = root_->sy;
  if (root_->type != want) {
    auto old = std::move(root_);
    root_ = std::make_unique<LayoutCell>();
    root_->type = want;
    old->parent = root_.get();
    root_->children.push_back(std::move(old));
  }
  // The old cells first take what is left, then the new one is added.
  LayoutCell shrunk;
  shrunk.type = want;
  shrunk.sx = lr ? old_size : sx;
  shrunk.sy = lr ? sy : old_size;
  shrunk.children = std::move(root_->children);
  fit_children(shrunk);
  root_->children = std::move(shrunk.children);
  for (auto& child : root_->children) child->parent = root_.get();
  auto fresh = pane_cell(added);
  fresh->parent = root_.get();
  fresh->sx = lr ? new_size : sx;
  fresh->sy = lr ? sy : new_size;
  if (before)
    root_->children.insert(root_->children.begin(), std::move(fresh));
  else
    root_->children.push_back(std::move(fresh));
  root_->sx = sx;
  root_->sy = sy;
  root_->xoff = root_->yoff = 0;
  fix_offsets(*root_);
  apply();
  return true;
}

void Layout::replace(Pane* old, Pane* now) {
  if (LayoutCell* c = find(root_.get(), old)) c->pane = now;
}

void Layout::swap(Pane* a, Pane* b) {
  LayoutCell* ca = find(root_.get(), a);
  LayoutCell* cb = find(root_.get(), b);
  if (ca == nullptr || cb == nullptr) return;
  ca->pane = b;
  cb->pane = a;
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

void Layout::adjust_pane(Pane* p, bool width, int delta) {
  LayoutCell* c = find(root_.get(), p);
  LayoutType want = width ? LayoutType::kLeftRight : LayoutType::kTopBottom;
  while (c != nullptr && (c->parent == nullptr || c->parent->type != want)) c = c->parent;
  if (c == nullptr) return;  // no border that way
  auto& kids = c->parent->children;
  auto it = std::find_if(kids.begin(), kids.end(), [&](const auto& k) { return k.get() == c; });
  if (it + 1 == kids.end()) --it;  // the last one: the border before it moves
  LayoutCell& before = **it;
  LayoutCell& after = **(it + 1);
  delta = std::clamp(delta, 1 - along(before, width), along(after, width) - 1);
  if (delta == 0) return;
  resize_cell(before, width ? before.sx + delta : before.sx, width ? before.sy : before.sy + delta);
  resize_cell(after, width ? after.sx - delta : after.sx, width ? after.sy : after.sy - delta);
  fix_offsets(*root_);
  apply();
}

bool Layout::drag_border(int x, int y, bool vertical, int to, int* at) {
  LayoutType want = vertical ? LayoutType::kLeftRight : LayoutType::kTopBottom;
  int pos = vertical ? x : y, cross = vertical ? y : x;
  // The container whose children i and i+1 have their border there.
  std::function<bool(LayoutCell&, LayoutCell**, size_t*)> search =
      [&](LayoutCell& c, LayoutCell** found, size_t* index) {
        int start = vertical ? c.yoff : c.xoff, size = vertical ? c.sy : c.sx;
        if (cross < start || cross >= start + size) return false;
        for (size_t i = 0; i < c.children.size(); i++) {
          LayoutCell& child = *c.children[i];
          int end = vertical ? child.xoff + child.sx : child.yoff + child.sy;
          if (c.type == want && i + 1 < c.children.size() && end == pos) {
            *found = &c;
            *index = i;
            return true;
          }
          if (search(child, found, index)) return true;
        }
        return false;
      };
  LayoutCell* parent = nullptr;
  size_t i = 0;
  if (!root_ || !search(*root_, &parent, &i)) return false;
  LayoutCell& before = *parent->children[i];
  LayoutCell& after = *parent->children[i + 1];
  int delta = std::clamp(to - pos, 1 - along(before, vertical), along(after, vertical) - 1);
  *at = pos + delta;
  if (delta == 0) return true;
  resize_cell(before, vertical ? before.sx + delta : before.sx,
              vertical ? before.sy : before.sy + delta);
  resize_cell(after, vertical ? after.sx - delta : after.sx,
              vertical ? after.sy : after.sy - delta);
  fix_offsets(*root_);
  apply();
  return true;
}

bool Layout::set_preset(const std::string& name, const std::vector<Pane*>& panes,
                        std::string* error, int main_width, int main_height) {
  std::vector<std::unique_ptr<LayoutCell>> cells;
  for (Pane* p : panes) cells.push_back(pane_cell(p));
  if (name == "even-horizontal") {
    root_ = container(LayoutType::kLeftRight, std::move(cells));
  } else if (name == "even-vertical") {
    root_ = container(LayoutType::kTopBottom, std::move(cells));
  } else if (name == "main-vertical" || name == "main-horizontal") {
    bool vertical = name == "main-vertical";
    std::vector<std::unique_ptr<LayoutCell>> rest(std::make_move_iterator(cells.begin() + 1),
                                                  std::make_move_iterator(cells.end()));
    cells.resize(1);
    if (!rest.empty())
      cells.push_back(
          container(vertical ? LayoutType::kTopBottom : LayoutType::kLeftRight, std::move(rest)));
    root_ = container(vertical ? LayoutType::kLeftRight : LayoutType::kTopBottom, std::move(cells));
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
    *error = "invalid layout: " + name;
    return false;
  }
  resize_cell(*root_, sx_, sy_, true);
  if (starts_with_main(name) && root_->children.size() == 2) {
    // The main pane takes its size; the others keep at least one line or column.
    bool vertical = name == "main-vertical";
    int extent = vertical ? sx_ : sy_;
    int main = std::max(1, std::min(vertical ? main_width : main_height, extent - 2));
    resize_cell(*root_->children[0], vertical ? main : sx_, vertical ? sy_ : main, true);
    resize_cell(*root_->children[1], vertical ? extent - 1 - main : sx_,
                vertical ? sy_ : extent - 1 - main, true);
  }
  fix_offsets(*root_);
  apply();
  last_preset_ = name;
  return true;
}

const std::vector<std::string>& Layout::presets() {
  static const std::vector<std::string> names = {"even-horizontal", "even-vertical",
                                                 "main-horizontal", "main-vertical", "tiled"};
  return names;
}

std::string Layout::dump() const {
  if (!root_) return "";
  std::string body;
  dump_cell(*root_, &body);
  char sum[8];
  snprintf(sum, sizeof sum, "%04x", layout_checksum(body));
  return std::string(sum) + "," + body;
}

bool Layout::parse(const std::string& text, const std::vector<Pane*>& panes, std::string* error) {
  *error = "invalid layout: " + text;
  unsigned sum = 0;
  if (text.size() < 6 || text[4] != ',' || sscanf(text.c_str(), "%4x", &sum) != 1 ||
      sum != layout_checksum(std::string_view(text).substr(5)))
    return false;
  LayoutParser parser{std::string_view(text).substr(5)};
  std::unique_ptr<LayoutCell> root = parser.cell(nullptr, 0);
  if (!root || !parser.rest.empty() || !parser.fits(*root)) return false;
  std::vector<LayoutCell*> leaves;
  collect_leaves(*root, &leaves);
  if (leaves.size() != panes.size()) return false;
  for (size_t i = 0; i < leaves.size(); i++) leaves[i]->pane = panes[i];
  root_ = std::move(root);
  root_->xoff = root_->yoff = 0;
  if (root_->sx != sx_ || root_->sy != sy_) resize_cell(*root_, sx_, sy_);
  fix_offsets(*root_);
  apply();
  error->clear();
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
