// Options of the library's calls, declared once per call as a table: each
// option's JSON key (the C ABI's options_json and Python's keyword), its
// command-line flag, how a value sets it and its default. The C ABI reads
// JSON through the table, the CLI reads its flags through the same table and
// prints the defaults in its usage text from it, and Python reads the
// defaults through trustscore_option_defaults: a default is written once, in
// the C++ options struct, and an option's checks once, in its setter.
//
// A new call with JSON options: its options struct and table beside
// eval_options.cpp, the explicit instantiations of apply_json,
// defaults_json and with_defaults at the end of option_table.cpp (and of
// apply_flags in src/cli/option_flags.cpp if the CLI takes its flags), and
// its name in trustscore_option_defaults (src/c_api/evaluation.cpp). The
// templates are compiled there, not in this header, because they need
// nlohmann/json, which stays out of the CLI's and the tables' includes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trustscore::options {

// One option's value as its source gives it (a JSON value or a command-line
// word). Each getter checks the type and range and throws Error
// (invalid_argument) naming the option and what it expects.
class OptionValue {
 public:
  virtual ~OptionValue() = default;
  virtual double number() const = 0;
  virtual double time() const = 0;  // unix seconds (a number, or ISO-8601 text)
  virtual std::int64_t integer(std::int64_t min, std::int64_t max) const = 0;
  virtual bool flag() const = 0;
  virtual std::string text() const = 0;
  virtual std::vector<std::string> names() const = 0;  // a list (comma-separated on a command line)
  // The value as JSON text, for options whose values are objects; a command
  // line gives its word as a JSON string.
  virtual std::string json() const = 0;
};

template <class Options>
struct Option {
  const char* key;   // JSON key and Python keyword
  const char* flag;  // command-line flag; nullptr: none
  void (*set)(Options&, const OptionValue&);
  std::string (*default_json)(const Options&);  // the value in JSON; nullptr: no default to show
};

template <class Options>
using OptionTable = std::vector<Option<Options>>;

// JSON text of a value (a whole number without a fraction, 1 not 1.0;
// non-finite: null).
std::string json_of(double x);
std::string json_of(std::int64_t x);
std::string json_of(bool x);
std::string json_of(const std::string& x);

// Sets options from a JSON object's keys (text NULL: none); invalid JSON,
// another type than an object, an unknown key or a bad value is an Error
// whose message starts "options_json: " and names the key.
template <class Options>
void apply_json(const OptionTable<Options>& table, const char* text, Options& options);

// {"key": default, ...} of every option with a default, in table order.
template <class Options>
std::string defaults_json(const OptionTable<Options>& table);

// Replaces each "{key}" in text by the option's default (as JSON; strings
// without their quotes): usage texts name their defaults this way.
template <class Options>
std::string with_defaults(const OptionTable<Options>& table, std::string text);

}  // namespace trustscore::options
