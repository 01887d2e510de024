#include "args.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace trustscore::cli {

void Args::parse(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string word = words[i];
    if (word.size() < 2 || word.compare(0, 2, "--") != 0 || word == "--") {
      positional_.push_back(word);
      continue;
    }
    std::string inline_value;
    bool has_inline = false;
    if (const auto eq = word.find('='); eq != std::string::npos) {
      inline_value = word.substr(eq + 1);
      word = word.substr(0, eq);
      has_inline = true;
    }
    const auto it = kinds_.find(word);
    if (it == kinds_.end()) throw UsageError("unknown option " + word);
    if (it->second == Kind::flag) {
      if (has_inline) throw UsageError(word + " takes no value");
      flags_[word] = true;
      continue;
    }
    if (!has_inline) {
      if (i + 1 >= words.size()) throw UsageError(word + " needs a value");
      inline_value = words[++i];
    }
    auto& slot = values_[word];
    if (it->second == Kind::value && !slot.empty()) throw UsageError(word + " given twice");
    slot.push_back(inline_value);
  }
}

std::vector<std::string> Args::values(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

long long Args::integer(const std::string& name, long long min, long long max) const {
  const std::string& text = value(name);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < min || v > max)
    throw UsageError(name + " expects a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max) + ", not '" + text + "'");
  return v;
}

double Args::number(const std::string& name) const { return parse_number(value(name), name); }

double parse_number(const std::string& text, const std::string& what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || std::isnan(v))
    throw UsageError(what + " expects a number, not '" + text + "'");
  return v;
}

std::pair<std::string, std::string> split_assignment(const std::string& text,
                                                     const std::string& option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw UsageError(option + " expects FACTOR=VALUE, not '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

void parse_scale(const std::string& text, const std::string& option, double& min, double& max) {
  const std::size_t comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
    throw UsageError(option + " expects MIN,MAX, not '" + text + "'");
  min = parse_number(text.substr(0, comma), option + " MIN");
  max = parse_number(text.substr(comma + 1), option + " MAX");
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace trustscore::cli
