// tmux-style format expansion: #{var}, #{?cond,a,b}, #{==:a,b}, #{!=:a,b}, #{t:var},
// #{l:text} and ## for a literal #. Variables come from a lookup function.
#pragma once

#include <ctime>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amux {

using FormatLookup = std::function<std::optional<std::string>(std::string_view)>;

// A set of variables; later layers are searched first when chained with a parent.
class FormatContext {
 public:
  FormatContext() = default;
  explicit FormatContext(const FormatContext* parent) : parent_(parent) {}
  // Appended: a context is filled once (a hundred variables for a pane) and read a few
  // times, so a flat list beats a tree; the last set of a name wins.
  void set(std::string name, std::string value);
  void set_lookup(FormatLookup fn) { lookup_ = std::move(fn); }
  std::optional<std::string> find(std::string_view name) const;
  // #(command): what a status line shows for it (the server runs it and keeps its last
  // line); without one set here or in a parent, #(...) expands to nothing.
  void set_shell(std::function<std::string(const std::string&)> fn) { shell_ = std::move(fn); }
  std::string shell(const std::string& command) const;
  // #{S:each}, #{W:each,current}, #{P:each,current}: each session, window of the session
  // or pane of the window, expanded as each (current for the current one) and joined.
  using Loop = std::function<std::string(char kind, std::string_view each, std::string_view current,
                                         int depth)>;
  void set_loop(Loop fn) { loop_ = std::move(fn); }
  std::string loop(char kind, std::string_view each, std::string_view current, int depth) const;

 private:
  const FormatContext* parent_ = nullptr;
  std::vector<std::pair<std::string, std::string>> vars_;
  FormatLookup lookup_;
  std::function<std::string(const std::string&)> shell_;
  Loop loop_;
};

// #{...} nested deeper than this expands to nothing (tmux's loop limit is 100 too).
constexpr int kMaxFormatDepth = 100;
std::string format_expand(std::string_view fmt, const FormatContext& ctx);
// Whether regcomp(3) can take a regular expression cheaply (no stacked quantifiers, no
// large counts, not long): any user's pattern is checked before it is compiled.
bool regex_is_tame(const std::string& pattern);
// As format_expand, inside a format already depth deep (a loop's items).
std::string format_expand_at(std::string_view fmt, const FormatContext& ctx, int depth);
// strftime(3) over text (status lines and #{T:...}: %H:%M); text as it is without a %.
std::string format_strftime(const std::string& text, time_t when);
// True for a non-empty value that is not "0".
bool format_true(std::string_view value);

}  // namespace amux
