// The rating sites' formulas, as baselines beside the models in the harness
// and in tuning: what a product shows without trustscore, computed from the
// same signals (values on [0, 1]) the way the sites do, with no decay,
// weights or factors:
//   plain_mean               an entity's mean signal value
//   bayes_C_at_3.5_stars     Trustpilot's Bayesian average: C imaginary ratings
//                            at 3.5 of 1-5 stars (0.625 on [0, 1]) with the
//                            entity's n ratings: (sum + C m) / (n + C); C = 7
//   bayes_C_at_global_mean   IMDb's weighted rating: the same with m the global
//                            mean of every signal value
//   global_mean              every entity gets the global mean
// An entity with no signal gets the global mean from plain_mean and the
// prior mean from the Bayesian averages. And the user's own predictions (a
// file like the outcomes: entity,outcome with the score as outcome) are a row
// too: read_score_file.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trustscore/csv.hpp"
#include "trustscore/eval/outcomes.hpp"

namespace trustscore {
inline namespace v1 {

struct BaselinePrediction {
  std::string name;
  std::vector<double> prediction;  // one per outcome entity
};

namespace detail {
inline std::string count_text(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", c);
  return buf;
}
}  // namespace detail

// The four baselines' predictions for `entities` from the signals read.
inline std::vector<BaselinePrediction> baseline_predictions(
    const CsvColumns& signals, const std::vector<std::string>& entities, double prior_count = 7) {
  require(std::isfinite(prior_count) && prior_count >= 0,
          "baseline_prior_count must be finite and >= 0");
  const auto ids = static_cast<std::size_t>(signals.id_count());
  std::vector<double> sum(ids, 0.0), count(ids, 0.0);
  double total = 0;
  for (std::size_t i = 0; i < signals.codes.size(); ++i) {
    const auto k = static_cast<std::size_t>(signals.codes[i]);
    sum[k] += signals.values[i];
    count[k] += 1;
    total += signals.values[i];
  }
  const double n_all = static_cast<double>(signals.codes.size());
  const double global = n_all > 0 ? total / n_all : std::numeric_limits<double>::quiet_NaN();
  std::unordered_map<std::string_view, std::size_t> code_of;
  for (std::size_t k = 0; k < ids; ++k) code_of.emplace(signals.id(std::int64_t(k)), k);
  const double stars = 0.625;  // 3.5 of 1-5 stars on [0, 1]
  const std::string c = detail::count_text(prior_count);
  std::vector<BaselinePrediction> out = {{"plain_mean", {}},
                                         {"bayes_" + c + "_at_3.5_stars", {}},
                                         {"bayes_" + c + "_at_global_mean", {}},
                                         {"global_mean", {}}};
  for (const std::string& entity : entities) {
    const auto it = code_of.find(entity);
    const double s = it == code_of.end() ? 0.0 : sum[it->second];
    const double n = it == code_of.end() ? 0.0 : count[it->second];
    const auto bayes = [&](double m) {
      return n + prior_count > 0 ? (s + prior_count * m) / (n + prior_count) : global;
    };
    out[0].prediction.push_back(n > 0 ? s / n : global);
    out[1].prediction.push_back(bayes(stars));
    out[2].prediction.push_back(bayes(global));
    out[3].prediction.push_back(global);
  }
  return out;
}

// The user's own predictions from a file like the outcomes (entity,outcome:
// the outcome column holds their score), for `entities` (NaN: not scored).
inline BaselinePrediction read_score_file(const std::string& label, const std::string& path,
                                          const std::vector<std::string>& entities) {
  const Outcomes scores = read_outcomes_csv_file(path);
  std::unordered_map<std::string_view, double> score_of;
  for (std::size_t i = 0; i < scores.size(); ++i)
    score_of.emplace(scores.entity[i], scores.outcome[i]);
  BaselinePrediction out{label, {}};
  for (const std::string& entity : entities) {
    const auto it = score_of.find(entity);
    out.prediction.push_back(it == score_of.end() ? std::numeric_limits<double>::quiet_NaN()
                                                  : it->second);
  }
  return out;
}

}  // namespace v1
}  // namespace trustscore
