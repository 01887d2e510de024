// The options of tuning, each with its JSON key, command-line flag, checks
// and default, and the search space read from JSON.
#include "tune_options.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "trustscore/detail/csv_text.hpp"
#include "trustscore/error.hpp"

namespace trustscore::options {

namespace {

constexpr std::int64_t unbounded = std::numeric_limits<std::int64_t>::max();

// A grid: a list of numbers (null: infinity where `infinity` allows it) or a
// range object.
std::vector<double> grid_of(const nlohmann::json& j, const std::string& name, bool infinity) {
  std::vector<double> out;
  if (j.is_array()) {
    if (j.empty()) fail(Status::invalid_argument, "search: " + name + ": the list is empty");
    for (const auto& x : j) {
      if (x.is_null() && infinity)
        out.push_back(HUGE_VAL);
      else if (x.is_number())
        out.push_back(x.get<double>());
      else
        fail(Status::invalid_argument, "search: " + name + ": " + x.dump() + " is not a number" +
                                           (infinity ? " (or null: no decay)" : ""));
    }
    return out;
  }
  if (!j.is_object())
    fail(Status::invalid_argument,
         "search: " + name + " must be a list of values or {\"min\", \"max\", \"steps\", " +
             "\"scale\"}");
  double min = NAN, max = NAN;
  std::int64_t steps = 5;
  bool log = false;
  for (const auto& [key, x] : j.items()) {
    if ((key == "min" || key == "max") && x.is_number())
      (key == "min" ? min : max) = x.get<double>();
    else if (key == "steps" && x.is_number_integer())
      steps = x.get<std::int64_t>();
    else if (key == "scale" && x.is_string() && (x == "log" || x == "linear"))
      log = x == "log";
    else
      fail(Status::invalid_argument, "search: " + name + ": bad range key '" + key +
                                         "' = " + x.dump() +
                                         " (min, max: numbers; steps: an integer; scale: "
                                         "\"linear\" or \"log\")");
  }
  if (std::isnan(min) || std::isnan(max))
    fail(Status::invalid_argument, "search: " + name + ": a range needs min and max");
  return grid_range(name, min, max, steps, log);
}

TuneOptions& set_search(TuneOptions& o, const OptionValue& v) {
  nlohmann::json j = nlohmann::json::parse(v.json());
  if (j.is_string()) {  // a command line: the JSON itself, or a file holding it
    const std::string word = j.get<std::string>();
    const std::string text =
        !word.empty() && word.front() == '{' ? word : detail::read_text_file(word);
    o.space = search_space_from_json(text);
    return o;
  }
  o.space = search_space_from_json(j.dump());
  return o;
}

const OptionTable<TuneOptions> tune_table = {
    {"search", "--search", [](TuneOptions& o, const OptionValue& v) { set_search(o, v); }, nullptr},
    {"metric", "--metric", [](TuneOptions& o, const OptionValue& v) { o.metric = v.text(); },
     nullptr},
    {"folds", "--folds",
     [](TuneOptions& o, const OptionValue& v) { o.folds = v.integer(2, unbounded); },
     [](const TuneOptions& o) { return json_of(o.folds); }},
    {"inner_folds", "--inner-folds",
     [](TuneOptions& o, const OptionValue& v) { o.inner_folds = v.integer(2, unbounded); },
     [](const TuneOptions& o) { return json_of(o.inner_folds); }},
    {"seed", "--seed",
     [](TuneOptions& o, const OptionValue& v) {
       o.seed = static_cast<std::uint64_t>(v.integer(0, unbounded));
     },
     [](const TuneOptions& o) { return json_of(static_cast<std::int64_t>(o.seed)); }},
    {"cutoff", "--cutoff", [](TuneOptions& o, const OptionValue& v) { o.cutoff = v.time(); },
     nullptr},
    {"split", "--split", [](TuneOptions& o, const OptionValue& v) { o.split = v.time(); }, nullptr},
    {"default_time", "--default-time",
     [](TuneOptions& o, const OptionValue& v) { o.default_time = v.time(); }, nullptr},
    {"profile", "--profile", [](TuneOptions& o, const OptionValue& v) { o.profile = v.text(); },
     nullptr},
    {"baseline_prior_count", "--baseline-prior-count",
     [](TuneOptions& o, const OptionValue& v) {
       const double c = v.number();
       if (!(c >= 0 && std::isfinite(c)))
         fail(Status::invalid_argument, "baseline_prior_count must be a finite number >= 0");
       o.baseline_prior_count = c;
     },
     [](const TuneOptions& o) { return json_of(o.baseline_prior_count); }},
};

}  // namespace

const OptionTable<TuneOptions>& tune_options() { return tune_table; }

TuneSpace search_space_from_json(const std::string& text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    fail(Status::invalid_argument, std::string("search: invalid JSON: ") + e.what());
  }
  if (!j.is_object()) fail(Status::invalid_argument, "search must be a JSON object");
  TuneSpace s;
  for (const auto& [key, x] : j.items()) {
    if (key == "kinds") {
      if (!x.is_array() || x.empty())
        fail(Status::invalid_argument, "search: kinds must be a non-empty list of kind names");
      for (const auto& name : x) {
        if (!name.is_string()) fail(Status::invalid_argument, "search: kinds: names are text");
        s.kinds.push_back(model_kind_from_name(name.get<std::string>()));
      }
    } else if (key == "half_life_days") {
      s.half_life_days = grid_of(x, key, true);
    } else if (key == "factor_half_life_days") {
      if (!x.is_object())
        fail(Status::invalid_argument,
             "search: factor_half_life_days must be an object {factor: grid}");
      for (const auto& [factor, g] : x.items())
        s.factor_half_life_days.emplace_back(factor, grid_of(g, key + "." + factor, true));
    } else if (key == "negativity" || key == "base_rate" || key == "prior_weight" ||
               key == "prior_count" || key == "prior_mean") {
      std::vector<double>& grid = key == "negativity"     ? s.negativity
                                  : key == "base_rate"    ? s.base_rate
                                  : key == "prior_weight" ? s.prior_weight
                                  : key == "prior_count"  ? s.prior_count
                                                          : s.prior_mean;
      grid = grid_of(x, key, false);
    } else if (key == "levels") {
      for (double k : grid_of(x, key, false)) {
        if (k != std::floor(k))
          fail(Status::invalid_argument,
               "search: levels: " + std::to_string(k) + " is not a whole number of levels");
        s.levels.push_back(static_cast<std::int64_t>(k));
      }
    } else if (key == "max_configs") {
      if (!x.is_number_integer() || x.get<std::int64_t>() < 1)
        fail(Status::invalid_argument, "search: max_configs must be an integer >= 1");
      s.max_configs = x.get<std::int64_t>();
    } else {
      fail(Status::invalid_argument,
           "search: unknown key '" + key +
               "' (known: kinds, half_life_days, factor_half_life_days, negativity, base_rate, "
               "prior_weight, prior_count, prior_mean, levels, max_configs)");
    }
  }
  return s;
}

}  // namespace trustscore::options
