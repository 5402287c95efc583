// getopt-style argument parsing against a per-command template such as "dG:o:s:"
// (a letter followed by ':' takes a value), with bounds on positional arguments.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace amux {

struct ArgsTemplate {
  const char* flags;  // e.g. "dP" or "t:F:J"
  int min_args;
  int max_args;  // -1: unbounded
};

class Args {
 public:
  bool has(char flag) const { return flags_.count(flag) > 0; }
  // How many times a flag without a value was given (-EE: 2).
  int times(char flag) const {
    auto it = times_.find(flag);
    return it == times_.end() ? 0 : it->second;
  }
  // Last value given for a flag, or fallback.
  const std::string& get(char flag, const std::string& fallback = kEmpty) const;
  const std::vector<std::string>& all(char flag) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Every flag given, in flag order: a flag without a value has no values.
  const std::map<char, std::vector<std::string>>& flags() const { return flags_; }
  size_t count() const { return positional_.size(); }
  const std::string& at(size_t i) const { return positional_.at(i); }

  // Parses words (without the command name). On failure returns false and sets *error
  // to a message without the "command NAME: " prefix.
  bool parse(const ArgsTemplate& tmpl, const std::vector<std::string>& words, std::string* error);
  // Rewrites every value: each flag's with on_flag, the i-th positional argument's with
  // on_positional(i, value).
  void rewrite(const std::function<std::string(const std::string&)>& on_flag,
               const std::function<std::string(size_t, const std::string&)>& on_positional);

 private:
  static const std::string kEmpty;
  static const std::vector<std::string> kNone;
  std::map<char, std::vector<std::string>> flags_;
  std::map<char, int> times_;
  std::vector<std::string> positional_;
};

}  // namespace amux
