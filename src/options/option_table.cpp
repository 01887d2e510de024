// Reading option tables from JSON, and their defaults as JSON and in text.
#include "option_table.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "eval_options.hpp"
#include "trustscore/error.hpp"
#include "trustscore/time.hpp"
#include "tune_options.hpp"

namespace trustscore::options {

namespace {

// A JSON value of the key `key`, checked as each getter asks.
class JsonValue final : public OptionValue {
 public:
  JsonValue(const nlohmann::json& value, const std::string& key) : value_(value), key_(key) {}

  double number() const override {
    if (!value_.is_number()) bad("a number");
    return value_.get<double>();
  }
  double time() const override {
    if (value_.is_string()) return parse_time(value_.get<std::string>());
    if (!value_.is_number()) bad("a time (unix seconds or ISO-8601 text)");
    return value_.get<double>();
  }
  std::int64_t integer(std::int64_t min, std::int64_t max) const override {
    if (!value_.is_number_integer()) bad("an integer");
    const bool too_large = value_.is_number_unsigned() &&
                           value_.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX);
    const auto x = too_large ? max : value_.get<std::int64_t>();
    if (too_large || x < min || x > max)
      bad(max == INT64_MAX ? ">= " + std::to_string(min)
                           : "from " + std::to_string(min) + " to " + std::to_string(max));
    return x;
  }
  bool flag() const override {
    if (!value_.is_boolean()) bad("true or false");
    return value_.get<bool>();
  }
  std::string text() const override {
    if (!value_.is_string()) bad("a string");
    return value_.get<std::string>();
  }
  std::vector<std::string> names() const override {
    if (!value_.is_array()) bad("a list");
    std::vector<std::string> out;
    for (const auto& x : value_) {
      if (!x.is_string()) bad("a list of names");
      out.push_back(x.get<std::string>());
    }
    return out;
  }
  std::string json() const override { return value_.dump(); }

 private:
  [[noreturn]] void bad(const std::string& expected) const {
    fail(Status::invalid_argument, key_ + " must be " + expected);
  }
  const nlohmann::json& value_;
  const std::string& key_;
};

template <class Options>
const Option<Options>* find(const OptionTable<Options>& table, const std::string& key) {
  for (const auto& option : table)
    if (key == option.key) return &option;
  return nullptr;
}

}  // namespace

std::string json_of(double x) {
  if (!std::isfinite(x)) return "null";
  if (x == std::trunc(x) && std::fabs(x) < 1e15)
    return std::to_string(static_cast<std::int64_t>(x));
  return nlohmann::json(x).dump();
}
std::string json_of(std::int64_t x) { return std::to_string(x); }
std::string json_of(bool x) { return x ? "true" : "false"; }
std::string json_of(const std::string& x) { return nlohmann::json(x).dump(); }

template <class Options>
void apply_json(const OptionTable<Options>& table, const char* text, Options& options) {
  if (!text) return;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    fail(Status::invalid_argument, std::string("options_json: invalid JSON: ") + e.what());
  }
  if (!j.is_object()) fail(Status::invalid_argument, "options_json must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    const Option<Options>* option = find(table, key);
    if (!option) fail(Status::invalid_argument, "options_json: unknown key '" + key + "'");
    try {
      option->set(options, JsonValue(value, key));
    } catch (const Error& e) {
      // Name the key where the message does not already start with it.
      const std::string what = e.what();
      fail(e.status(), "options_json: " + (what.rfind(key, 0) == 0 ? what : key + ": " + what));
    }
  }
}

template <class Options>
std::string defaults_json(const OptionTable<Options>& table) {
  const Options defaults;
  std::string out = "{";
  for (const auto& option : table) {
    if (!option.default_json) continue;
    if (out.size() > 1) out += ", ";
    out += json_of(std::string(option.key)) + ": " + option.default_json(defaults);
  }
  return out + "}";
}

template <class Options>
std::string with_defaults(const OptionTable<Options>& table, std::string text) {
  const Options defaults;
  for (const auto& option : table) {
    if (!option.default_json) continue;
    std::string value = option.default_json(defaults);
    if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
    const std::string placeholder = std::string("{") + option.key + "}";
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size()))
      text.replace(at, placeholder.size(), value);
  }
  return text;
}

template void apply_json(const OptionTable<EvalOptions>&, const char*, EvalOptions&);
template void apply_json(const OptionTable<EdgePredictionCall>&, const char*, EdgePredictionCall&);
template std::string defaults_json(const OptionTable<EvalOptions>&);
template std::string defaults_json(const OptionTable<EdgePredictionCall>&);
template std::string with_defaults(const OptionTable<EvalOptions>&, std::string);
template std::string with_defaults(const OptionTable<EdgePredictionCall>&, std::string);
template void apply_json(const OptionTable<TuneOptions>&, const char*, TuneOptions&);
template std::string defaults_json(const OptionTable<TuneOptions>&);
template std::string with_defaults(const OptionTable<TuneOptions>&, std::string);

}  // namespace trustscore::options
