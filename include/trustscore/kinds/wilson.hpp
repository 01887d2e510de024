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

#include <algorithm>
#include <cmath>
#include <limits>

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

// The interval in two steps around its one square root: a loop can then take
// the roots on their own (a sqrt with errno keeps the rest of a loop from
// vectorising). radicand >= 0; total: n (no evidence when 0).
template <class T>
struct Partial {
  T center, scale, radicand, total;
};

template <class T>
inline Partial<T> partial(T positive, T negative, T z) noexcept {
  // With no evidence n is any positive number (the result is replaced in
  // complete): max, not a branch or a select, so that the divisions below stay
  // unconditional and loops over this vectorise. n > 0 is at least denorm_min.
  const T total = positive + negative;
  const T n = std::max(total, std::numeric_limits<T>::denorm_min());
  // In terms of h = z²/n: z²/(2n) = h/2 exactly, and p̂(1 − p̂)/n + z²/(4n²) =
  // (p̂(1 − p̂) + h/4)/n (GCC turns 2n and n² of the max above into branches).
  const T p = positive / n, h = z * z / n;
  const T denom = T(1) + h;
  return {(p + h * T(0.5)) / denom, z / denom, (p * (T(1) - p) + h * T(0.25)) / n, total};
}

template <class T>
inline Interval<T> complete(const Partial<T>& q, T root) noexcept {
  const T half = q.scale * root;
  // Rounding can leave the bounds a hair outside [0, 1] at p̂ = 0 or 1.
  const T lo = q.center - half, hi = q.center + half;
  const T lower = lo < T(0) ? T(0) : lo, upper = hi > T(1) ? T(1) : hi;
  return {q.total > T(0) ? lower : T(0), q.total > T(0) ? upper : T(1)};
}

// No checks (the kernel's inner loop); see validate.
template <class T>
inline Interval<T> interval_unchecked(T positive, T negative, T z) noexcept {
  const Partial<T> q = partial(positive, negative, z);
  return complete(q, std::sqrt(q.radicand));
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
