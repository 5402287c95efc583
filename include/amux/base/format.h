// tmux-style format expansion: #{var}, #{?cond,a,b}, #{==:a,b}, #{!=:a,b}, #{t:var},
// #{l:text} and ## for a literal #. Variables come from a lookup function.
#pragma once

#include <ctime>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace amux {

using FormatLookup = std::function<std::optional<std::string>(std::string_view)>;

// A set of variables; later layers are searched first when chained with a parent.
class FormatContext {
 public:
  FormatContext() = default;
  explicit FormatContext(const FormatContext* parent) : parent_(parent) {}
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void set_lookup(FormatLookup fn) { lookup_ = std::move(fn); }
  std::optional<std::string> find(std::string_view name) const;

 private:
  const FormatContext* parent_ = nullptr;
  std::map<std::string, std::string, std::less<>> vars_;
  FormatLookup lookup_;
};

// #{...} nested deeper than this expands to nothing (tmux's loop limit is 100 too).
constexpr int kMaxFormatDepth = 100;
std::string format_expand(std::string_view fmt, const FormatContext& ctx);
// strftime(3) over text (status lines and #{T:...}: %H:%M); text as it is without a %.
std::string format_strftime(const std::string& text, time_t when);
// True for a non-empty value that is not "0".
bool format_true(std::string_view value);

}  // namespace amux
