// Wilson score interval for a proportion (E. B. Wilson, "Probable inference,
// the law of succession, and statistical inference", JASA 22, 1927), the
// ranking rule of Evan Miller's "How Not To Sort By Average Rating" (2009):
// sort by the lower bound, which punishes small samples. With n = pos + neg
// observations, p̂ = pos / n and z the normal quantile of the confidence:
//
//   center    = (p̂ + z²/(2n)) / (1 + z²/n)
//   halfwidth = z / (1 + z²/n) · sqrt(p̂ (1 − p̂) / n + z² / (4 n²))
//   lower, upper = center ∓ halfwidth
//
// This is statsmodels' proportion_confint(method="wilson"). Counts may be
// fractional (decayed, weighted evidence). With n = 0 there is no
// information: the interval is [0, 1] and the entity is not rated.
#pragma once

#include <cmath>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace wilson {

template <class T>
struct Interval {
  T lower, upper;
};

// Throws when a count is negative or not finite, or z is not positive.
template <class T>
inline void validate(T positive, T negative, T z) {
  require(std::isfinite(positive) && positive >= T(0),
          "wilson: positive count must be finite and >= 0");
  require(std::isfinite(negative) && negative >= T(0),
          "wilson: negative count must be finite and >= 0");
  require(std::isfinite(z) && z > T(0), "wilson: z must be finite and > 0");
}

// No checks (the kernel's inner loop); see validate.
template <class T>
inline Interval<T> interval_unchecked(T positive, T negative, T z) noexcept {
  const T n = positive + negative;
  if (!(n > T(0))) return {T(0), T(1)};
  const T p = positive / n, z2 = z * z;
  const T denom = T(1) + z2 / n;
  const T center = (p + z2 / (T(2) * n)) / denom;
  const T half = z / denom * std::sqrt(p * (T(1) - p) / n + z2 / (T(4) * n * n));
  // Rounding can leave the bounds a hair outside [0, 1] at p̂ = 0 or 1.
  const T lo = center - half, hi = center + half;
  return {lo < T(0) ? T(0) : lo, hi > T(1) ? T(1) : hi};
}

template <class T>
inline Interval<T> interval(T positive, T negative, T z) {
  validate(positive, negative, z);
  return interval_unchecked(positive, negative, z);
}

template <class T>
inline T lower_bound(T positive, T negative, T z) {
  return interval(positive, negative, z).lower;
}

}  // namespace wilson
}  // namespace v1
}  // namespace trustscore
