// Which scoring model a Model uses, by name, and that model's parameters.
// Every kind scores the same evidence store through the same interface
// (score.hpp); how each reads a cell's evidence is in kinds/store_kinds.hpp.
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

enum class ModelKind {
  beta,              // Beta evidence per factor (the default; kinds/beta.hpp)
  weighted_mean,     // mean signal value per factor, missing factors left out
  bayesian_average,  // all ratings shrunk toward C imaginary ones at mean m
  wilson,            // lower bound of the Wilson interval of positive/negative evidence
  dirichlet,         // multi-level ratings per factor (needs level counts in the store)
  subjective_logic,  // opinions per factor; interval [belief, plausibility]
  // σ(bias + Σ w_f t_f) of the factors' Beta means t_f with learned weights
  // (eval/logistic_fit.hpp fits them). Appended last: saved files store kinds by
  // number, so existing numbers keep their meaning.
  logistic,
};

inline constexpr ModelKind all_model_kinds[] = {
    ModelKind::beta,     ModelKind::weighted_mean, ModelKind::bayesian_average,
    ModelKind::wilson,   ModelKind::dirichlet,     ModelKind::subjective_logic,
    ModelKind::logistic,
};

inline const char* model_kind_name(ModelKind kind) noexcept {
  switch (kind) {
    case ModelKind::beta:
      return "beta";
    case ModelKind::weighted_mean:
      return "weighted_mean";
    case ModelKind::bayesian_average:
      return "bayesian_average";
    case ModelKind::wilson:
      return "wilson";
    case ModelKind::dirichlet:
      return "dirichlet";
    case ModelKind::subjective_logic:
      return "subjective_logic";
    case ModelKind::logistic:
      return "logistic";
  }
  return "?";
}

// The kind called `name`; invalid_argument listing the known names otherwise.
inline ModelKind model_kind_from_name(std::string_view name) {
  std::string known;
  for (ModelKind k : all_model_kinds) {
    if (name == model_kind_name(k)) return k;
    known += known.empty() ? "" : ", ";
    known += model_kind_name(k);
  }
  fail(Status::invalid_argument,
       "unknown model kind '" + std::string(name) + "' (known: " + known + ")");
}

// The kind and its parameters; parameters of other kinds are kept but unused.
struct ModelSettings {
  ModelKind kind = ModelKind::beta;
  // weighted_mean: an entity whose present factors carry less than this share
  // of the profile's weight is not rated (NaN score).
  double min_coverage = 0;
  // bayesian_average: C imaginary ratings at mean m, m on the signal scale
  // [0, 1]. The defaults are the review-site prior "7 ratings at 3.5 of 5
  // stars" (3.5 stars = (3.5 - 1) / 4 = 0.625 on [0, 1]).
  double prior_count = 7;
  double prior_mean = 0.625;
  // dirichlet: the utilities of the rating levels, increasing, in [0, 1]
  // (default 1-5 stars: 0, 0.25, 0.5, 0.75, 1). A signal counts for the level
  // whose utility is nearest its value; level base rates are uniform and the
  // prior weight is the factor's.
  std::vector<double> level_utilities = {0, 0.25, 0.5, 0.75, 1};
  // logistic: one weight per factor of the model's catalog, in its order, and
  // the bias (the intercept on the logit scale). Empty weights mean all 0 (an
  // unfitted model scores σ(bias) for every entity); a Model keeps them as
  // long as its catalog (a factor added later weighs 0). The profiles' weights
  // do not apply to this kind: the learned weights replace them.
  std::vector<double> logistic_weights;
  double logistic_bias = 0;

  bool operator==(const ModelSettings& o) const {
    return kind == o.kind && min_coverage == o.min_coverage && prior_count == o.prior_count &&
           prior_mean == o.prior_mean && level_utilities == o.level_utilities &&
           logistic_weights == o.logistic_weights && logistic_bias == o.logistic_bias;
  }
  bool operator!=(const ModelSettings& o) const { return !(*this == o); }
};

// Evenly spaced utilities of k levels: 0, 1/(k-1), ..., 1.
inline std::vector<double> even_levels(long long k) {
  require(k >= 2 && k <= 100, "dirichlet: the number of levels must be in [2, 100]");
  std::vector<double> u(static_cast<std::size_t>(k));
  for (long long i = 0; i < k; ++i) u[static_cast<std::size_t>(i)] = double(i) / double(k - 1);
  return u;
}

inline void validate_settings(const ModelSettings& s) {
  require(s.min_coverage >= 0 && s.min_coverage <= 1,
          "weighted_mean: min_coverage must lie in [0, 1]");
  require(std::isfinite(s.prior_count) && s.prior_count >= 0,
          "bayesian_average: prior_count must be finite and >= 0");
  require(s.prior_mean >= 0 && s.prior_mean <= 1,
          "bayesian_average: prior_mean must lie in [0, 1] (the signal scale)");
  const auto& u = s.level_utilities;
  require(u.size() >= 2 && u.size() <= 100, "dirichlet: between 2 and 100 levels are needed");
  for (std::size_t i = 0; i < u.size(); ++i) {
    require(u[i] >= 0 && u[i] <= 1, "dirichlet: level utilities must lie in [0, 1]");
    require(i == 0 || u[i] > u[i - 1], "dirichlet: level utilities must increase");
  }
  for (std::size_t f = 0; f < s.logistic_weights.size(); ++f)
    require(std::isfinite(s.logistic_weights[f]),
            "logistic: weight " + std::to_string(f) + " is not finite");
  require(std::isfinite(s.logistic_bias), "logistic: the bias is not finite");
}

// The level of a signal value: the one whose utility is nearest (the lower
// on a tie).
inline std::size_t nearest_level(const std::vector<double>& utilities, double value) noexcept {
  std::size_t best = 0;
  for (std::size_t l = 1; l < utilities.size(); ++l)
    if (std::fabs(utilities[l] - value) < std::fabs(utilities[best] - value)) best = l;
  return best;
}

}  // namespace v1
}  // namespace trustscore
