// A small command-line parser: options are declared with their kind, then
// parsed; anything unexpected is a UsageError (exit code 2).
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace trustscore::cli {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  enum class Kind { flag, value, repeated };

  void declare(const std::string& name, Kind kind) { kinds_[name] = kind; }
  // Parses argv-style words; positional words are kept in order.
  void parse(const std::vector<std::string>& words);

  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  const std::string& value(const std::string& name) const { return values_.at(name).back(); }
  std::vector<std::string> values(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // Typed accessors that turn a malformed value into a UsageError.
  long long integer(const std::string& name, long long min, long long max) const;
  double number(const std::string& name) const;

 private:
  std::map<std::string, Kind> kinds_;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, bool> flags_;
  std::vector<std::string> positional_;
};

// "NAME=VALUE" split at the first '='; UsageError naming option otherwise.
std::pair<std::string, std::string> split_assignment(const std::string& text,
                                                     const std::string& option);
double parse_number(const std::string& text, const std::string& what);
// The items of a comma-separated list ("a,b" -> a, b; "" -> one empty item).
std::vector<std::string> split_list(const std::string& text);
// "MIN,MAX" of a rating scale (option names it in errors).
void parse_scale(const std::string& text, const std::string& option, double& min, double& max);

}  // namespace trustscore::cli
