// Bayesian average of star ratings: the mean of the ratings shrunk toward a
// prior of C imaginary ratings at mean m (the "true Bayesian estimate" of
// IMDb's Top 250 and of review sites). With v ratings of mean R:
//
//   score = (v R + C m) / (v + C)  =  v/(v+C) · R + C/(v+C) · m
//
// which is IMDb's weighted rating WR = v/(v+m)·R + m/(v+m)·C with IMDb's
// names swapped: there m is the prior count and C the prior mean. Here
// prior_count = C and prior_mean = m, to say which is which.
//
// Time weighting (optional): a rating of age t counts 2^(−t / h) of a full
// rating (h = half-life), so v and v R become decayed sums Σ w_i and
// Σ w_i x_i. With h = infinity (no decay) every w_i = 1 and the formula is
// IMDb's exactly. Ratings are on the caller's scale [lo, hi] (e.g. 1–5);
// score01 maps the result to [0, 1] as (score − lo)/(hi − lo).
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace bayesian_average {

struct Params {
  double prior_count = 7;   // C imaginary ratings ...
  double prior_mean = 3.5;  // ... at this mean (on the rating scale)
  double scale_min = 1, scale_max = 5;
  double half_life_days = std::numeric_limits<double>::infinity();  // infinity: no decay
};

inline void validate(const Params& p) {
  require(std::isfinite(p.prior_count) && p.prior_count >= 0,
          "bayesian_average: prior_count must be finite and >= 0");
  require(std::isfinite(p.scale_min) && std::isfinite(p.scale_max) && p.scale_min < p.scale_max,
          "bayesian_average: the rating scale needs finite scale_min < scale_max");
  require(p.prior_mean >= p.scale_min && p.prior_mean <= p.scale_max,
          "bayesian_average: prior_mean must lie on the rating scale");
  require(p.half_life_days > 0, "bayesian_average: half_life_days must be > 0 (or infinity)");
}

// Running decayed sums of one entity's ratings.
struct Sums {
  double weight = 0;    // Σ w_i   (v)
  double weighted = 0;  // Σ w_i x_i  (v R)
};

// The weight of a rating of the given age (days >= 0).
inline double age_weight(const Params& p, double age_days) {
  require(std::isfinite(age_days) && age_days >= 0,
          "bayesian_average: age must be finite and >= 0");
  return std::isinf(p.half_life_days) ? 1.0 : std::exp2(-age_days / p.half_life_days);
}

inline void add(Sums& sums, const Params& p, double rating, double age_days = 0) {
  require(rating >= p.scale_min && rating <= p.scale_max,
          "bayesian_average: rating off the scale [scale_min, scale_max]");
  const double w = age_weight(p, age_days);
  sums.weight += w;
  sums.weighted += w * rating;
}

// The score on the rating scale; with no ratings and C = 0 it is undefined
// (NaN: not rated).
inline double score(const Params& p, const Sums& s) noexcept {
  const double n = s.weight + p.prior_count;
  if (!(n > 0)) return std::numeric_limits<double>::quiet_NaN();
  return (s.weighted + p.prior_count * p.prior_mean) / n;
}

inline double score01(const Params& p, const Sums& s) noexcept {
  return (score(p, s) - p.scale_min) / (p.scale_max - p.scale_min);
}

}  // namespace bayesian_average
}  // namespace v1
}  // namespace trustscore
