// Small statistical helpers shared by models and reports.
#pragma once

#include <cmath>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

// Standard normal quantile z with P(|Z| <= z) = confidence, e.g. 1.95996 for
// 0.95. Bisection on erfc to full double precision: called once per score call.
inline double two_sided_z(double confidence) {
  require(std::isfinite(confidence) && confidence > 0 && confidence < 1,
          "confidence must be in (0, 1)");
  // Almost every call asks for the same confidence: remember the last one.
  thread_local double cached_confidence = 0, cached_z = 0;
  if (confidence == cached_confidence) return cached_z;
  const double tail = 1 - confidence;  // P(|Z| > z) = erfc(z / sqrt 2)
  double lo = 0, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 0; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    (std::erfc(mid / std::sqrt(2.0)) > tail ? lo : hi) = mid;
  }
  cached_confidence = confidence;
  cached_z = 0.5 * (lo + hi);
  return cached_z;
}

}  // namespace v1
}  // namespace trustscore
