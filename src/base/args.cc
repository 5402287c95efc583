// Argument parsing: flags may be bundled (-dP), values attached (-sname) or separate
// (-s name); "--" ends the flags; a lone "-" is a positional argument.
#include "amux/base/args.h"

#include <cstring>

namespace amux {

const std::string Args::kEmpty;
const std::vector<std::string> Args::kNone;

const std::string& Args::get(char flag, const std::string& fallback) const {
  auto it = flags_.find(flag);
  return it == flags_.end() || it->second.empty() ? fallback : it->second.back();
}

const std::vector<std::string>& Args::all(char flag) const {
  auto it = flags_.find(flag);
  return it == flags_.end() ? kNone : it->second;
}

bool Args::parse(const ArgsTemplate& tmpl, const std::vector<std::string>& words,
                 std::string* error) {
  size_t i = 0;
  for (; i < words.size(); i++) {
    const std::string& w = words[i];
    if (w == "--") {
      i++;
      break;
    }
    if (w.size() < 2 || w[0] != '-') break;
    for (size_t k = 1; k < w.size(); k++) {
      char c = w[k];
      // strchr finds the terminating NUL too: a NUL in a word is no flag.
      const char* spec = c == ':' || c == '\0' ? nullptr : strchr(tmpl.flags, c);
      if (spec == nullptr) {
        *error = std::string("unknown flag -") + c;
        return false;
      }
      if (spec[1] != ':') {
        flags_[c];
        times_[c]++;
        continue;
      }
      if (k + 1 < w.size()) {
        flags_[c].push_back(w.substr(k + 1));
      } else if (i + 1 < words.size()) {
        flags_[c].push_back(words[++i]);
      } else {
        *error = {'-', c};
        error->append(" expects an argument");
        return false;
      }
      break;
    }
  }
  positional_.assign(words.begin() + static_cast<long>(i), words.end());
  int n = static_cast<int>(positional_.size());
  if (n < tmpl.min_args) {
    *error = "too few arguments (need at least " + std::to_string(tmpl.min_args) + ")";
    return false;
  }
  if (tmpl.max_args >= 0 && n > tmpl.max_args) {
    *error = "too many arguments (need at most " + std::to_string(tmpl.max_args) + ")";
    return false;
  }
  return true;
}

void Args::rewrite(const std::function<std::string(const std::string&)>& on_flag,
                   const std::function<std::string(size_t, const std::string&)>& on_positional) {
  for (auto& [flag, values] : flags_)
    for (std::string& v : values) v = on_flag(v);
  for (size_t i = 0; i < positional_.size(); i++) positional_[i] = on_positional(i, positional_[i]);
}

}  // namespace amux
