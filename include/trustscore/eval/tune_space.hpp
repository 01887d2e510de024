// The search space of tuning (eval/tune.hpp): which kinds and which values of
// the parameters that matter are tried, and the model each choice makes.
//
// A configuration is a kind and one value of every parameter that kind reads:
//   half-life (days, every factor; +inf: no decay)  all kinds
//   a factor's own half-life (factor_half_life_days) all kinds, after the shared one
//   negativity, base rate                          beta, subjective_logic
//   prior weight                                   beta, subjective_logic, dirichlet
//   prior count and mean                           bayesian_average
//   levels (evenly spaced utilities)               dirichlet
// Parameters a kind does not read are not varied for it (weighted_mean,
// bayesian_average and wilson divide negativity out again), so no two
// configurations of a kind score alike by construction. A parameter whose
// grid is empty keeps the base model's value. The grid of each kind is the
// product of its parameters' grids; above max_configs grid points in all, a
// seeded random sample of max_configs of them is tried instead (random
// search). Each kind's defaults are tried too, besides the grid points.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "trustscore/eval/outcomes.hpp"
#include "trustscore/kinds/kind.hpp"
#include "trustscore/model.hpp"

namespace trustscore {
inline namespace v1 {

struct TuneSpace {
  std::vector<ModelKind> kinds;        // empty: the base model's kind
  std::vector<double> half_life_days;  // every factor's (+inf: no decay)
  // A factor's own half-life grid (the factor's id), applied after the shared one.
  std::vector<std::pair<std::string, std::vector<double>>> factor_half_life_days;
  std::vector<double> negativity, base_rate, prior_weight;  // every factor
  std::vector<double> prior_count, prior_mean;              // bayesian_average
  std::vector<std::int64_t> levels;                         // dirichlet
  std::int64_t max_configs = 5000;  // grid points (each kind's defaults come on top)
};

// The space tried when none is given: every kind but logistic (fitted, not
// tuned) and subjective_logic (its score is beta's), half-lives from a month
// to never, and the priors around the defaults.
inline TuneSpace default_tune_space() {
  TuneSpace s;
  s.kinds = {ModelKind::beta, ModelKind::weighted_mean, ModelKind::bayesian_average,
             ModelKind::wilson, ModelKind::dirichlet};
  s.half_life_days = {30, 90, 180, 365, 730, 1460, 2920, std::numeric_limits<double>::infinity()};
  s.negativity = {1, 1.5, 2, 3};
  s.base_rate = {0.3, 0.5, 0.7};
  s.prior_weight = {0.5, 1, 2, 4, 8};
  s.prior_count = {0, 1, 3, 7, 15, 30};
  s.prior_mean = {0.5, 0.625, 0.75, 0.85, 0.95};
  s.levels = {3, 5, 10};
  return s;
}

// One point of the space. NaN (0 levels): the base model's value.
struct TuneConfig {
  ModelKind kind = ModelKind::beta;
  double half_life_days = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> factor_half_life_days;  // one per TuneSpace::factor_half_life_days
  double negativity = std::numeric_limits<double>::quiet_NaN();
  double base_rate = std::numeric_limits<double>::quiet_NaN();
  double prior_weight = std::numeric_limits<double>::quiet_NaN();
  double prior_count = std::numeric_limits<double>::quiet_NaN();
  double prior_mean = std::numeric_limits<double>::quiet_NaN();
  std::int64_t levels = 0;
};

namespace detail {

inline bool reads_priors(ModelKind k) {
  return k == ModelKind::beta || k == ModelKind::subjective_logic;
}

inline void check_grid(const std::vector<double>& grid, const char* name, double min, double max,
                       bool min_open, bool infinity_ok) {
  for (double x : grid) {
    const bool below = min_open ? !(x > min) : !(x >= min);
    const bool finite_ok = std::isfinite(x) || (infinity_ok && x == HUGE_VAL);
    if (std::isnan(x) || below || x > max || !finite_ok)
      fail(Status::invalid_argument,
           std::string("search: ") + name + ": " + std::to_string(x) + " is out of range (" +
               (min_open ? "> " : ">= ") + std::to_string(min) +
               (max < HUGE_VAL ? ", <= " + std::to_string(max) : std::string()) +
               (infinity_ok ? "; infinity: no decay" : "") + ")");
  }
}

}  // namespace detail

// Checks every value of the space against the model's rules and the base
// model's factors; an error names the parameter and the value.
inline void validate_tune_space(const TuneSpace& s, const Model& base) {
  for (ModelKind k : s.kinds)
    if (k == ModelKind::logistic)
      fail(Status::invalid_argument,
           "search: kinds: logistic learns its weights from outcomes; compare it with the "
           "harness (trustscore eval --models logistic), it is not tuned here");
  const double inf = HUGE_VAL;
  detail::check_grid(s.half_life_days, "half_life_days", 0, inf, true, true);
  for (const auto& [factor, grid] : s.factor_half_life_days) {
    if (base.factors().find(factor) < 0)
      fail(Status::invalid_argument,
           "search: factor_half_life_days: the model has no factor '" + factor + "'");
    if (grid.empty())
      fail(Status::invalid_argument,
           "search: factor_half_life_days: '" + factor + "' has no value to try");
    detail::check_grid(grid, "factor_half_life_days", 0, inf, true, true);
  }
  detail::check_grid(s.negativity, "negativity", 0, inf, true, false);
  detail::check_grid(s.base_rate, "base_rate", 0, 1, false, false);
  detail::check_grid(s.prior_weight, "prior_weight", 0, inf, true, false);
  detail::check_grid(s.prior_count, "prior_count", 0, inf, false, false);
  detail::check_grid(s.prior_mean, "prior_mean", 0, 1, false, false);
  for (std::int64_t k : s.levels)
    if (k < 2 || k > 100)
      fail(Status::invalid_argument,
           "search: levels: " + std::to_string(k) + " is out of range (2 to 100)");
  if (s.max_configs < 1) fail(Status::invalid_argument, "search: max_configs must be >= 1");
}

// The grid of evenly spaced values from min to max (steps >= 1; one step:
// min), on a log scale when `log` (min > 0 then). An empty or inverted range
// is an error naming `name`.
inline std::vector<double> grid_range(const std::string& name, double min, double max,
                                      std::int64_t steps, bool log) {
  if (!(std::isfinite(min) && std::isfinite(max)))
    fail(Status::invalid_argument, "search: " + name + ": min and max must be finite");
  if (min > max)
    fail(Status::invalid_argument, "search: " + name + ": the range is inverted (min " +
                                       std::to_string(min) + " > max " + std::to_string(max) + ")");
  if (steps < 1)
    fail(Status::invalid_argument, "search: " + name + ": the range is empty (steps < 1)");
  if (log && !(min > 0))
    fail(Status::invalid_argument, "search: " + name + ": a log scale needs min > 0");
  std::vector<double> out;
  for (std::int64_t i = 0; i < steps; ++i) {
    const double t = steps == 1 ? 0.0 : double(i) / double(steps - 1);
    // The ends exactly as given (exp(log(x)) and min + (max - min) round).
    out.push_back(i == 0           ? min
                  : i == steps - 1 ? max
                  : log            ? std::exp(std::log(min) + t * (std::log(max) - std::log(min)))
                                   : min + t * (max - min));
  }
  return out;
}

// The model a configuration makes from the base model.
inline Model configured_model(const Model& base, const TuneSpace& space, const TuneConfig& c) {
  require(c.factor_half_life_days.size() == space.factor_half_life_days.size(),
          "configured_model: the configuration has " +
              std::to_string(c.factor_half_life_days.size()) + " factor half-lives for the " +
              std::to_string(space.factor_half_life_days.size()) + " factors the space searches");
  Model m = base;
  ModelSettings settings = m.settings();
  settings.kind = c.kind;
  if (!std::isnan(c.prior_count)) settings.prior_count = c.prior_count;
  if (!std::isnan(c.prior_mean)) settings.prior_mean = c.prior_mean;
  if (c.levels > 0) settings.level_utilities = even_levels(c.levels);
  m.set_settings(settings);
  for (std::size_t f = 0; f < m.factor_count(); ++f) {
    FactorParams p = m.params(f);
    if (!std::isnan(c.half_life_days)) p.half_life_days = c.half_life_days;
    if (!std::isnan(c.negativity)) p.negativity = c.negativity;
    if (!std::isnan(c.base_rate)) p.base_rate = c.base_rate;
    if (!std::isnan(c.prior_weight)) p.prior_weight = c.prior_weight;
    m.set_params(f, p);
  }
  for (std::size_t j = 0; j < c.factor_half_life_days.size(); ++j) {
    const auto f = static_cast<std::size_t>(m.factors().find(space.factor_half_life_days[j].first));
    FactorParams p = m.params(f);
    p.half_life_days = c.factor_half_life_days[j];
    m.set_params(f, p);
  }
  return m;
}

// Every configuration of the space (or a seeded sample of max_configs of
// them), kind by kind in the order of space.kinds. Each kind's defaults (the
// base model with that kind, every parameter its own) come first and are
// always tried: tuning never chooses among worse candidates than the defaults.
inline std::vector<TuneConfig> enumerate_configs(const TuneSpace& space, const Model& base,
                                                 std::uint64_t seed) {
  validate_tune_space(space, base);
  std::vector<ModelKind> kinds = space.kinds;
  if (kinds.empty()) kinds.push_back(base.settings().kind);
  std::vector<TuneConfig> out;
  const std::vector<double> keep{std::numeric_limits<double>::quiet_NaN()};
  const auto or_keep = [&](const std::vector<double>& g, bool used) {
    return used && !g.empty() ? g : keep;
  };
  std::vector<TuneConfig> defaults;
  for (ModelKind kind : kinds) {
    const bool priors = detail::reads_priors(kind);
    const bool weight = priors || kind == ModelKind::dirichlet;
    const std::vector<std::int64_t> levels = kind == ModelKind::dirichlet && !space.levels.empty()
                                                 ? space.levels
                                                 : std::vector<std::int64_t>{0};
    const bool bayes = kind == ModelKind::bayesian_average;
    // Every combination of the per-factor half-lives, as mixed-radix counters.
    std::size_t factor_combos = 1;
    for (const auto& g : space.factor_half_life_days) factor_combos *= g.second.size();
    const bool varied = !space.half_life_days.empty() || !space.factor_half_life_days.empty() ||
                        (priors && (!space.negativity.empty() || !space.base_rate.empty())) ||
                        (weight && !space.prior_weight.empty()) ||
                        (bayes && (!space.prior_count.empty() || !space.prior_mean.empty())) ||
                        levels.front() != 0;
    if (varied) {
      TuneConfig c;
      c.kind = kind;
      defaults.push_back(c);
    }
    for (double h : or_keep(space.half_life_days, true))
      for (std::size_t fc = 0; fc < factor_combos; ++fc)
        for (double neg : or_keep(space.negativity, priors))
          for (double rate : or_keep(space.base_rate, priors))
            for (double w : or_keep(space.prior_weight, weight))
              for (double count : or_keep(space.prior_count, bayes))
                for (double mean : or_keep(space.prior_mean, bayes))
                  for (std::int64_t lv : levels) {
                    TuneConfig c;
                    c.kind = kind, c.half_life_days = h, c.negativity = neg, c.base_rate = rate;
                    c.prior_weight = w, c.prior_count = count, c.prior_mean = mean, c.levels = lv;
                    std::size_t rest = fc;
                    for (const auto& g : space.factor_half_life_days) {
                      c.factor_half_life_days.push_back(g.second[rest % g.second.size()]);
                      rest /= g.second.size();
                    }
                    out.push_back(std::move(c));
                  }
  }
  if (static_cast<std::int64_t>(out.size()) > space.max_configs) {
    // A seeded sample, kept in enumeration order (stores are shared by neighbours).
    std::vector<std::size_t> order = detail::seeded_permutation(out.size(), seed);
    order.resize(static_cast<std::size_t>(space.max_configs));
    std::sort(order.begin(), order.end());
    std::vector<TuneConfig> sample;
    for (std::size_t i : order) sample.push_back(std::move(out[i]));
    out = std::move(sample);
  }
  out.insert(out.begin(), defaults.begin(), defaults.end());
  return out;
}

// A configuration's parameters as (name, value) pairs, those it sets only;
// factor half-lives as "half_life_days:FACTOR".
inline std::vector<std::pair<std::string, double>> config_parameters(const TuneSpace& space,
                                                                     const TuneConfig& c) {
  std::vector<std::pair<std::string, double>> out;
  const auto put = [&](const std::string& name, double x) {
    if (!std::isnan(x)) out.emplace_back(name, x);
  };
  put("half_life_days", c.half_life_days);
  for (std::size_t j = 0; j < c.factor_half_life_days.size(); ++j)
    put("half_life_days:" + space.factor_half_life_days[j].first, c.factor_half_life_days[j]);
  put("negativity", c.negativity);
  put("base_rate", c.base_rate);
  put("prior_weight", c.prior_weight);
  put("prior_count", c.prior_count);
  put("prior_mean", c.prior_mean);
  if (c.levels > 0) out.emplace_back("levels", static_cast<double>(c.levels));
  return out;
}

}  // namespace v1
}  // namespace trustscore
