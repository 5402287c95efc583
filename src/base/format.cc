// Format expansion. A recursive-descent walk over the template: #{...} bodies are found by
// brace matching so conditionals nest, and top-level commas split their branches. Nesting
// deeper than kMaxFormatDepth expands to nothing: any user (a read-only one with
// display -p) can send a template, and the recursion must not outgrow the stack.
#include "amux/base/format.h"

#include <vector>

#include "amux/base/util.h"

namespace amux {

std::optional<std::string> FormatContext::find(std::string_view name) const {
  if (auto it = vars_.find(name); it != vars_.end()) return it->second;
  if (lookup_)
    if (auto v = lookup_(name)) return v;
  if (parent_) return parent_->find(name);
  return std::nullopt;
}

bool format_true(std::string_view value) {
  return !value.empty() && value != "0";
}

// Returns the index of the '}' closing a body that starts at `start`, or npos.
static size_t find_close(std::string_view s, size_t start) {
  int depth = 1;
  for (size_t i = start; i < s.size(); i++) {
    if (s[i] == '#' && i + 1 < s.size() && s[i + 1] == '{') {
      depth++;
      i++;
    } else if (s[i] == '#' && i + 1 < s.size()) {
      i++;  // escaped character such as #, or #}
    } else if (s[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Splits on commas that are not inside a nested #{...} and not escaped as #,.
static std::vector<std::string_view> split_top(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '#' && i + 1 < s.size() && s[i + 1] == '{') {
      size_t close = find_close(s, i + 2);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (s[i] == '#' && i + 1 < s.size()) {
      i++;
    } else if (s[i] == ',') {
      parts.push_back(s.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  parts.push_back(s.substr(begin));
  return parts;
}

static std::string expand(std::string_view fmt, const FormatContext& ctx, int depth);

static std::string lookup_or_expand(std::string_view s, const FormatContext& ctx, int depth) {
  if (s.find('#') != std::string_view::npos) return expand(s, ctx, depth);
  return ctx.find(s).value_or("");
}

static std::string expand_body(std::string_view body, const FormatContext& ctx, int depth) {
  if (!body.empty() && body[0] == '?') {
    auto parts = split_top(body.substr(1));
    if (parts.size() < 2) return "";
    bool cond = format_true(lookup_or_expand(parts[0], ctx, depth));
    if (cond) return expand(parts[1], ctx, depth);
    return parts.size() > 2 ? expand(parts[2], ctx, depth) : "";
  }
  if (starts_with(body, "==:") || starts_with(body, "!=:")) {
    auto parts = split_top(body.substr(3));
    if (parts.size() != 2) return "";
    bool same = expand(parts[0], ctx, depth) == expand(parts[1], ctx, depth);
    return (same == (body[0] == '=')) ? "1" : "0";
  }
  if (starts_with(body, "l:")) return std::string(body.substr(2));
  if (starts_with(body, "t:")) {
    long long t;
    std::string v = lookup_or_expand(body.substr(2), ctx, depth);
    return parse_int(v, 0, INT64_MAX, &t) ? format_ctime(static_cast<time_t>(t)) : v;
  }
  return lookup_or_expand(body, ctx, depth);
}

std::string format_expand(std::string_view fmt, const FormatContext& ctx) {
  return expand(fmt, ctx, 0);
}

static std::string expand(std::string_view fmt, const FormatContext& ctx, int depth) {
  if (depth > kMaxFormatDepth) return "";
  std::string out;
  out.reserve(fmt.size());
  for (size_t i = 0; i < fmt.size(); i++) {
    char c = fmt[i];
    if (c != '#' || i + 1 >= fmt.size()) {
      out += c;
      continue;
    }
    char next = fmt[i + 1];
    if (next == '{') {
      size_t close = find_close(fmt, i + 2);
      if (close == std::string_view::npos) {
        out.append(fmt.substr(i));
        break;
      }
      out += expand_body(fmt.substr(i + 2, close - i - 2), ctx, depth + 1);
      i = close;
    } else if (next == '#' || next == ',' || next == '}') {
      out += next;
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace amux
