// Weighted mean of factor values given directly in [0, 1]. A missing value
// (NaN) is left out and the weights of the present factors renormalised, as
// OpenSSF Scorecard leaves out inconclusive checks. Coverage is the share of
// the total weight that is present; below min_coverage the entity is not
// rated (NaN score), the way the Better Business Bureau gives "NR" when it
// lacks information.
//
//   coverage = Σ_present w_f / Σ_all w_f
//   score    = Σ_present w_f x_f / Σ_present w_f
//   contribution_f = w_f x_f / Σ_present w_f   (they add up to the score)
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace weighted_mean {

struct Result {
  double score;     // NaN when not rated
  double coverage;  // in [0, 1]
  bool rated;
};

// values, weights: `factors` each. Throws on a value outside [0, 1] (NaN is
// "missing"), a negative or non-finite weight, all weights 0, or a
// min_coverage outside [0, 1].
inline Result score(const double* values, const double* weights, std::size_t factors,
                    double min_coverage = 0) {
  require(min_coverage >= 0 && min_coverage <= 1, "weighted_mean: min_coverage must lie in [0, 1]");
  double total = 0, present = 0, sum = 0;
  for (std::size_t f = 0; f < factors; ++f) {
    const double w = weights[f], x = values[f];
    require(std::isfinite(w) && w >= 0, "weighted_mean: weights must be finite and >= 0");
    require(std::isnan(x) || (x >= 0 && x <= 1),
            "weighted_mean: a factor value must lie in [0, 1] (NaN: missing)");
    total += w;
    if (!std::isnan(x)) present += w, sum += w * x;
  }
  require(total > 0, "weighted_mean: no factor has weight");
  const double coverage = present / total;
  // Not rated below the coverage asked for, and always with nothing present.
  const bool rated = present > 0 && coverage >= min_coverage;
  return {rated ? sum / present : std::numeric_limits<double>::quiet_NaN(), coverage, rated};
}

}  // namespace weighted_mean
}  // namespace v1
}  // namespace trustscore
