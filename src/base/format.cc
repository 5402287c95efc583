// Format expansion. A recursive-descent walk over the template: #{...} bodies are found by
// brace matching so conditionals nest, and top-level commas split their branches. Nesting
// deeper than kMaxFormatDepth expands to nothing: any user (a read-only one with
// display -p) can send a template, and the recursion must not outgrow the stack.
#include "amux/base/format.h"

#include <fnmatch.h>
#include <regex.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "amux/base/util.h"

namespace amux {

void FormatContext::set(std::string name, std::string value) {
  if (vars_.empty()) vars_.reserve(128);
  vars_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> FormatContext::find(std::string_view name) const {
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
    if (it->first == name) return it->second;
  if (lookup_)
    if (auto v = lookup_(name)) return v;
  if (parent_) return parent_->find(name);
  return std::nullopt;
}

std::string FormatContext::shell(const std::string& command) const {
  if (shell_) return shell_(command);
  return parent_ != nullptr ? parent_->shell(command) : "";
}

// Loops multiply: #{W:#{W:...}} nested is windows^depth expansions. One outermost
// expansion may run this many loops in all; the rest expand to nothing.
constexpr int kLoopBudget = 256;
constexpr size_t kMaxLoopOutput = 64 * 1024;
thread_local int loop_budget = kLoopBudget;
thread_local int expanding = 0;  // format_expand calls in progress on this thread

std::string FormatContext::loop(char kind, std::string_view each, std::string_view current,
                                int depth) const {
  if (loop_) {
    if (loop_budget <= 0) return "";
    loop_budget--;
    std::string out = loop_(kind, each, current, depth);
    if (out.size() > kMaxLoopOutput) out.resize(kMaxLoopOutput);
    return out;
  }
  return parent_ != nullptr ? parent_->loop(kind, each, current, depth) : "";
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

namespace {

// One modifier of #{mods:rest}: its name and what followed it (=5, s/a/b/, e|+|, m/r, ...).
struct Modifier {
  std::string name;
  std::vector<std::string> args;
};

// Reads "mod;mod;...:" at the start of body; false when body is no modifier list (a plain
// variable name). *rest is what follows the ':'.
bool parse_modifiers(std::string_view body, std::vector<Modifier>* mods, std::string_view* rest) {
  size_t i = 0;
  auto digits = [&](std::string* out) {
    size_t start = i;
    if (i < body.size() && body[i] == '-') i++;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9') i++;
    *out = std::string(body.substr(start, i - start));
    return !out->empty() && *out != "-";
  };
  // Arguments after a separator character: /a/b/ (the separator is the first character).
  auto separated = [&](Modifier& m, int count) {
    if (i >= body.size()) return false;
    char sep = body[i++];
    for (int n = 0; n < count; n++) {
      size_t end = body.find(sep, i);
      if (end == std::string_view::npos) return false;
      m.args.emplace_back(body.substr(i, end - i));
      i = end + 1;
    }
    return true;
  };
  while (i < body.size()) {
    Modifier m;
    std::string_view two = body.substr(i, 2);
    if (two == "||" || two == "&&" || two == "==" || two == "!=" || two == "<=" || two == ">=") {
      m.name = std::string(two);
      i += 2;
    } else {
      char c = body[i++];
      m.name = std::string(1, c);
      switch (c) {
        case '<':
        case '>':
        case 'b':
        case 'd':
        case 'n':
        case 'q':
        case 'l':
        case 'E':
        case 'T':
        case 'w': break;
        case 't':  // t/p, t/f/FORMAT/ are tmux's; the plain form is what is kept here
          break;
        case 'm':  // m/r (regular expression), m/i (ignoring case), m/ri
          if (i < body.size() && body[i] == '/') {
            size_t start = ++i;
            while (i < body.size() && body[i] != ':' && body[i] != ';') i++;
            m.args.emplace_back(body.substr(start, i - start));
          }
          break;
        case '=':
        case 'p': {
          std::string n;
          if (c == '=' && i < body.size() && body[i] == '/') {  // =/N/marker:
            if (!separated(m, 1)) return false;
            size_t start = i;
            while (i < body.size() && body[i] != ':' && body[i] != ';') i++;
            m.args.emplace_back(body.substr(start, i - start));
            break;
          }
          if (!digits(&n)) return false;
          m.args.push_back(n);
          break;
        }
        case 's': {  // s/pattern/replacement/flags
          if (!separated(m, 2)) return false;
          size_t start = i;
          while (i < body.size() && body[i] != ':' && body[i] != ';') i++;
          m.args.emplace_back(body.substr(start, i - start));
          break;
        }
        case 'e': {  // e|op: or e|op|flags: (f: floating point, f|N: N places)
          if (i >= body.size() || body[i] != '|') return false;
          size_t start = ++i;
          while (i < body.size() && body[i] != '|' && body[i] != ':' && body[i] != ';') i++;
          m.args.emplace_back(body.substr(start, i - start));
          start = i < body.size() && body[i] == '|' ? ++i : i;
          while (i < body.size() && body[i] != ':' && body[i] != ';') i++;
          m.args.emplace_back(body.substr(start, i - start));
          break;
        }
        default: return false;
      }
    }
    mods->push_back(std::move(m));
    if (i < body.size() && body[i] == ';') {
      i++;
      continue;
    }
    if (i < body.size() && body[i] == ':') {
      *rest = body.substr(i + 1);
      return true;
    }
    return false;
  }
  return false;
}

// A width or count of =N, pN and e|f|N: any digits a template holds, read within
// [-limit, limit] (a padding of 10^20 must not be tried).
constexpr long kMaxWidth = 100000;
long bounded(const std::string& digits, long limit) {
  errno = 0;
  long long v = strtoll(digits.c_str(), nullptr, 10);
  if (errno == ERANGE) v = v < 0 ? -limit : limit;
  return static_cast<long>(std::clamp<long long>(v, -limit, limit));
}

// A number the way e| reads one; 0 when it is none.
double number_of(const std::string& s) {
  char* end = nullptr;
  double v = strtod(s.c_str(), &end);
  return end != nullptr && end != s.c_str() ? v : 0;
}

std::string arithmetic(const Modifier& m, const std::string& a, const std::string& b) {
  const std::string& op = m.args[0];
  bool real = m.args[1].find('f') != std::string::npos;
  double x = number_of(a), y = number_of(b), r;
  if (op == "+")
    r = x + y;
  else if (op == "-")
    r = x - y;
  else if (op == "*")
    r = x * y;
  else if (op == "/")
    r = y == 0 ? 0 : x / y;
  else if (op == "%")
    r = y == 0 ? 0 : std::fmod(x, y);
  else if (op == "==")
    return x == y ? "1" : "0";
  else if (op == "!=")
    return x != y ? "1" : "0";
  else if (op == "<")
    return x < y ? "1" : "0";
  else if (op == ">")
    return x > y ? "1" : "0";
  else if (op == "<=")
    return x <= y ? "1" : "0";
  else if (op == ">=")
    return x >= y ? "1" : "0";
  else
    return "";
  if (std::isnan(r)) r = 0;
  if (!real) {  // a whole number: what a long long holds (huge or infinite results saturate)
    constexpr double kLimit = 9.2e18;
    return std::to_string(static_cast<long long>(std::clamp(r, -kLimit, kLimit)));
  }
  int places = 2;
  if (size_t bar = m.args[1].find('|'); bar != std::string::npos)
    places = static_cast<int>(std::max(0L, bounded(m.args[1].c_str() + bar + 1, 20)));
  char buf[400];  // DBL_MAX has 309 digits, and at most 20 places follow
  snprintf(buf, sizeof buf, "%.*f", places, r);
  return buf;
}

// Whether a regular expression is one regcomp can take cheaply: glibc's compiler copies a
// repeated part once per repetition, so stacked quantifiers (a++++, (a{99}){99}) or a long
// pattern can make it take gigabytes. Any user may send a format (display -p).
bool tame_regex(const std::string& pattern) {
  if (pattern.size() > 256) return false;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  bool after_quantifier = false;
  int intervals = 0;
  for (size_t k = 0; k < pattern.size(); k++) {
    char c = pattern[k];
    if (c == '\\') {
      k++;
      after_quantifier = false;
      continue;
    }
    bool quantifier = c == '*' || c == '+' || c == '?' || c == '{';
    if (quantifier && after_quantifier) return false;
    if (c == '{') {
      if (++intervals > 4) return false;
      size_t close = pattern.find('}', k);
      if (close == std::string::npos) return false;
      for (size_t d = k + 1; d < close; d++)
        if (digit(pattern[d]) && d + 2 < close && digit(pattern[d + 1]) && digit(pattern[d + 2]))
          return false;  // a count of 100 or more
      k = close;
    }
    after_quantifier = quantifier;
  }
  return true;
}

// #{m:pattern,string}: a glob (fnmatch), or with /r an extended regular expression; /i
// ignores case.
std::string matches(const Modifier& m, const std::string& pattern, const std::string& text) {
  std::string flags = m.args.empty() ? "" : m.args[0];
  bool icase = flags.find('i') != std::string::npos;
  if (flags.find('r') == std::string::npos)
    return fnmatch(pattern.c_str(), text.c_str(), icase ? FNM_CASEFOLD : 0) == 0 ? "1" : "0";
  regex_t re;
  if (!tame_regex(pattern) ||
      regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0)) != 0)
    return "0";
  bool hit = regexec(&re, text.c_str(), 0, nullptr, 0) == 0;
  regfree(&re);
  return hit ? "1" : "0";
}

std::string substitute(const Modifier& m, const std::string& value) {
  regex_t re;
  int cflags = REG_EXTENDED | (m.args[2].find('i') != std::string::npos ? REG_ICASE : 0);
  if (!tame_regex(m.args[0]) || regcomp(&re, m.args[0].c_str(), cflags) != 0) return value;
  std::string out;
  size_t at = 0;
  regmatch_t match[10];
  while (at <= value.size() &&
         regexec(&re, value.c_str() + at, 10, match, at > 0 ? REG_NOTBOL : 0) == 0) {
    out.append(value, at, static_cast<size_t>(match[0].rm_so));
    const std::string& rep = m.args[1];
    for (size_t k = 0; k < rep.size(); k++) {  // \1..\9: the groups
      if (rep[k] == '\\' && k + 1 < rep.size() && rep[k + 1] >= '0' && rep[k + 1] <= '9') {
        const regmatch_t& g = match[rep[++k] - '0'];
        if (g.rm_so >= 0)
          out.append(value, at + static_cast<size_t>(g.rm_so),
                     static_cast<size_t>(g.rm_eo - g.rm_so));
      } else {
        out += rep[k];
      }
    }
    size_t advance = static_cast<size_t>(match[0].rm_eo);
    if (match[0].rm_eo == match[0].rm_so) {  // an empty match: keep one character and go on
      if (at + advance < value.size()) out += value[at + advance];
      advance++;
    }
    at += advance;
  }
  if (at < value.size()) out.append(value, at, std::string::npos);
  regfree(&re);
  return out;
}

// Characters (code points) of a UTF-8 string: what =N, pN and w count.
size_t characters(const std::string& value) {
  size_t n = 0;
  for (char c : value) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// The first (n > 0) or last (n < 0) |n| characters of a UTF-8 string; marker where cut.
std::string trimmed(const std::string& value, long n, const std::string& marker) {
  std::vector<size_t> starts;  // byte offset of each character
  for (size_t k = 0; k < value.size(); k++)
    if ((static_cast<unsigned char>(value[k]) & 0xc0) != 0x80) starts.push_back(k);
  size_t count = starts.size(), keep = static_cast<size_t>(n < 0 ? -n : n);
  if (n == 0 || keep >= count) return value;  // =0: no limit, as tmux
  if (n > 0) return value.substr(0, starts[keep]) + marker;
  return marker + value.substr(starts[count - keep]);
}

std::string shell_escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (strchr("|&;<>()$`\\\"' *?[#~=%", c) != nullptr) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

static std::string apply_modifiers(const std::vector<Modifier>& mods, std::string_view rest,
                                   const FormatContext& ctx, int depth) {
  auto has = [&](const char* name) -> const Modifier* {
    for (const Modifier& m : mods)
      if (m.name == name) return &m;
    return nullptr;
  };
  if (has("l")) return std::string(rest);
  // Those that take two arguments: comparisons, logic, matching, arithmetic.
  for (const Modifier& m : mods) {
    const std::string& n = m.name;
    bool pair = n == "==" || n == "!=" || n == "<" || n == ">" || n == "<=" || n == ">=" ||
                n == "||" || n == "&&" || n == "m" || n == "e";
    if (!pair) continue;
    auto parts = split_top(rest);
    if (parts.size() != 2) return "";
    std::string a = expand(parts[0], ctx, depth), b = expand(parts[1], ctx, depth);
    if (n == "m") return matches(m, a, b);
    if (n == "e") return arithmetic(m, a, b);
    if (n == "||") return format_true(a) || format_true(b) ? "1" : "0";
    if (n == "&&") return format_true(a) && format_true(b) ? "1" : "0";
    int c = a.compare(b);
    bool r = n == "=="   ? c == 0
             : n == "!=" ? c != 0
             : n == "<"  ? c < 0
             : n == ">"  ? c > 0
             : n == "<=" ? c <= 0
                         : c >= 0;
    return r ? "1" : "0";
  }
  std::string value = lookup_or_expand(rest, ctx, depth);
  if (has("E") || has("T")) value = expand(value, ctx, depth + 1);
  if (has("T")) value = format_strftime(value, time(nullptr));
  if (has("t")) {
    long long when;
    if (parse_int(value, 0, INT64_MAX, &when)) value = format_ctime(static_cast<time_t>(when));
  }
  if (has("b")) value = value.substr(value.find_last_of('/') + 1);  // npos + 1 is 0
  if (has("d")) {
    size_t slash = value.find_last_of('/');
    value = slash == std::string::npos ? "." : slash == 0 ? "/" : value.substr(0, slash);
  }
  if (has("q")) value = shell_escaped(value);
  if (const Modifier* s = has("s")) value = substitute(*s, value);
  if (const Modifier* eq = has("="))
    value =
        trimmed(value, bounded(eq->args[0], kMaxWidth), eq->args.size() == 2 ? eq->args[1] : "");
  if (const Modifier* p = has("p")) {
    long n = bounded(p->args[0], kMaxWidth);
    size_t want = static_cast<size_t>(n < 0 ? -n : n), have = characters(value);
    if (have < want)
      value = n > 0 ? value + std::string(want - have, ' ') : std::string(want - have, ' ') + value;
  }
  if (has("n")) value = std::to_string(value.size());
  if (has("w")) value = std::to_string(characters(value));
  return value;
}

static std::string expand_body(std::string_view body, const FormatContext& ctx, int depth) {
  if (!body.empty() && body[0] == '?') {
    auto parts = split_top(body.substr(1));
    if (parts.size() < 2) return "";
    bool cond = format_true(lookup_or_expand(parts[0], ctx, depth));
    if (cond) return expand(parts[1], ctx, depth);
    return parts.size() > 2 ? expand(parts[2], ctx, depth) : "";
  }
  if (body.size() >= 2 && body[1] == ':' && (body[0] == 'S' || body[0] == 'W' || body[0] == 'P')) {
    // As tmux 3.3a: W: and P: take a second format for the current item, S: does not.
    std::string_view each = body.substr(2), current = each;
    if (body[0] != 'S') {
      auto parts = split_top(each);
      if (parts.empty()) return "";
      each = parts[0];
      current = parts.size() > 1 ? parts[1] : parts[0];
    }
    return ctx.loop(body[0], each, current, depth + 1);
  }
  std::vector<Modifier> mods;
  std::string_view rest;
  if (parse_modifiers(body, &mods, &rest)) return apply_modifiers(mods, rest, ctx, depth);
  return lookup_or_expand(body, ctx, depth);
}

// The variable of a one-letter alias (#S), or nullptr.
static const char* alias(char c) {
  switch (c) {
    case 'D': return "pane_id";
    case 'F': return "window_flags";
    case 'H': return "host";
    case 'h': return "host_short";
    case 'I': return "window_index";
    case 'P': return "pane_index";
    case 'S': return "session_name";
    case 'T': return "pane_title";
    case 'W': return "window_name";
    default: return nullptr;
  }
}

std::string format_strftime(const std::string& text, time_t when) {
  if (text.find('%') == std::string::npos) return text;
  struct tm tm {};
  localtime_r(&when, &tm);
  std::string out(text.size() * 4 + 64, '\0');
  size_t n = strftime(out.data(), out.size(), text.c_str(), &tm);
  if (n == 0) return text;  // too long, or nothing: the text as it was
  out.resize(n);
  return out;
}

std::string format_expand(std::string_view fmt, const FormatContext& ctx) {
  if (expanding == 0) loop_budget = kLoopBudget;  // only the outermost call starts afresh
  expanding++;
  std::string out = expand(fmt, ctx, 0);
  expanding--;
  return out;
}

std::string format_expand_at(std::string_view fmt, const FormatContext& ctx, int depth) {
  return expand(fmt, ctx, depth);
}

bool regex_is_tame(const std::string& pattern) {
  return tame_regex(pattern);
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
    } else if (next == '(') {  // #(command), its formats expanded first; parentheses nest
      size_t close = i + 2;
      for (int open = 1; close < fmt.size(); close++) {
        if (fmt[close] == '(') open++;
        if (fmt[close] == ')' && --open == 0) break;
      }
      if (close >= fmt.size()) {
        out.append(fmt.substr(i));
        break;
      }
      out += ctx.shell(expand(fmt.substr(i + 2, close - i - 2), ctx, depth + 1));
      i = close;
    } else if (next == '#' || next == ',' || next == '}') {
      out += next;
      i++;
    } else if (const char* name = alias(next)) {  // #S, #W, ...: tmux's short forms
      out += ctx.find(name).value_or("");
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace amux
