// The logistic kind's formulas (the kind's scoring is in
// kinds/store_kinds.hpp, the fit of its weights in eval/logistic_fit.hpp).
// With each factor's Beta mean t_f (kinds/beta.hpp), learned weights w_f and
// a bias b, the logit and the score of an entity are
//
//   z = b + Σ_f w_f t_f,    score = σ(z) = 1 / (1 + e^{-z}).
//
// Explanations split score − baseline (baseline σ(z0), z0 = b + Σ w_f a_f: no
// evidence, every t_f at its base rate a_f) along the logit contributions
// w_f (t_f − a_f), each scaled by the secant slope of σ between z0 and z:
// they add up to σ(z) − σ(z0) exactly, and they are what integrated
// gradients (Sundararajan et al. 2017) give for a model σ(w·t) from the
// baseline t = a.
#pragma once

#include <cmath>

namespace trustscore {
inline namespace v1 {
namespace logistic {

inline double sigmoid(double z) noexcept { return 1 / (1 + std::exp(-z)); }

// (σ(a) − σ(b)) / (a − b), σ'(a) when a == b, without the cancellation of
// the difference quotient: σ(a) − σ(b) = sinh(d/2) / (2 cosh(a/2) cosh(b/2))
// with d = a − b. Far out (cosh overflowing) the quotient itself is exact
// enough, and is used.
inline double secant_slope(double a, double b) noexcept {
  const double h = (a - b) / 2;
  const double sinhc = h == 0 ? 1.0 : std::sinh(h) / h;
  const double slope = sinhc / (4 * std::cosh(a / 2) * std::cosh(b / 2));
  if (std::isfinite(slope)) return slope;
  return (sigmoid(a) - sigmoid(b)) / (a - b);
}

// σ(a) − σ(b), accurate when a and b are close.
inline double sigmoid_difference(double a, double b) noexcept {
  return a == b ? 0.0 : (a - b) * secant_slope(a, b);
}

}  // namespace logistic
}  // namespace v1
}  // namespace trustscore
