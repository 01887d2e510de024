// Internal (trustscore/detail/): not API, and may change in any release.
// The model kinds' per-entity arithmetic (kinds/store_kinds.hpp has the
// formulas), one inline function per step, shared by the block kernel (which
// calls them element-wise in loops the compiler vectorises, once per
// instruction set) and by score_kind_reference (a plain loop over entities).
//
// Every product that meets a sum is an explicit fused multiply-add (fused(),
// std::fma: one rounding on every machine) and no other product meets a sum,
// so a compiler allowed to contract a * b + c (GCC's default outside ISO
// mode) finds nothing left to contract, and every path (portable, AVX2,
// AVX-512, the reference) performs the same IEEE operations on an entity:
// the same results to the bit. Where a path has FMA instructions fused() is
// one (vectorised with the loop); elsewhere it is the C library's exact fma.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "trustscore/kinds/kind.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

#if defined(__GNUC__)
#define TRUSTSCORE_CELL_INLINE __attribute__((always_inline)) inline
#else
#define TRUSTSCORE_CELL_INLINE inline
#endif

constexpr double kCellNaN = std::numeric_limits<double>::quiet_NaN();

// a * b + c, rounded once.
TRUSTSCORE_CELL_INLINE double fused(double a, double b, double c) noexcept {
  return std::fma(a, b, c);
}

TRUSTSCORE_CELL_INLINE double clamp_unit(double x) noexcept {
  return x < 0 ? 0.0 : (x > 1 ? 1.0 : x);
}

// One factor's constants, hoisted out of the entity loops.
struct KindFactor {
  double decay, raw;   // raw = decay / negativity
  double w, om, w2;    // weight, ω = F w, w²
  double W, base, aW;  // prior weight, base rate, base rate × prior weight
  double lw, lw2;      // logistic weight λ and λ²
  double Wk;           // dirichlet: W / levels, each level's prior count
};

inline KindFactor kind_factor(double decay, double negativity, double w, std::size_t F, double W,
                              double base, double logistic_weight, std::size_t levels) {
  return {decay,
          decay / negativity,
          w,
          static_cast<double>(F) * w,
          w * w,
          W,
          base,
          base * W,
          logistic_weight,
          logistic_weight * logistic_weight,
          levels ? W / static_cast<double>(levels) : 0.0};
}

// Adds one cell (decayed evidence R, S as stored) to an entity's sums a, c, e
// (what they hold per kind: see kind_block). Not dirichlet (dirichlet_*).
template <ModelKind K>
TRUSTSCORE_CELL_INLINE void add_cell(const KindFactor& k, double R, double S, double& a, double& c,
                                     double& e) noexcept {
  if constexpr (K == ModelKind::weighted_mean) {  // a: present weight, c: Σ w x
    // No branch (it would keep the loop from vectorising): r <= n, so an
    // empty cell adds 0 / DBL_MIN = 0.
    const double r = R * k.decay, n = fused(S, k.raw, r);
    a = fused(k.w, static_cast<double>(n > 0), a);  // w or 0, without a branch
    c = fused(k.w, r / std::max(n, std::numeric_limits<double>::min()), c);
  } else if constexpr (K == ModelKind::bayesian_average ||
                       K == ModelKind::wilson) {  // a: Σ ω r, c: Σ ω s/neg
    a = fused(k.om, R * k.decay, a);
    c = fused(k.om, S * k.raw, c);
  } else if constexpr (K == ModelKind::subjective_logic) {  // a: Σ w P, c: Σ w b, e: Σ w u
    const double r = R * k.decay, q = 1.0 / (fused(S, k.decay, r) + k.W);  // one division
    a = fused(k.w * (r + k.aW), q, a);
    c = fused(k.w * r, q, c);
    e = fused(k.w * k.W, q, e);
  } else if constexpr (K == ModelKind::logistic) {  // a: b + Σ λ t, c: Σ λ² V
    const double r = R * k.decay, n = fused(S, k.decay, r) + k.W;
    const double t = fused(k.base, k.W, r) / n, V = t * (1 - t) / (n + 1);
    a = fused(k.lw, t, a);
    c = fused(k.lw2, V, c);
  }
}

// dirichlet: one level's count (column value L, utility u) into the
// factor's sums of counts, utilities and squared utilities.
TRUSTSCORE_CELL_INLINE void dirichlet_level(const KindFactor& k, double L, double u, double u2,
                                            double& total, double& mean, double& second) noexcept {
  const double cnt = fused(L, k.decay, k.Wk);
  total += cnt;
  mean = fused(u, cnt, mean);
  second = fused(u2, cnt, second);
}

// dirichlet: the factor's expected utility and variance into a: Σ w E, c: Σ w² V.
TRUSTSCORE_CELL_INLINE void dirichlet_factor(const KindFactor& k, double total, double mean,
                                             double second, double& a, double& c) noexcept {
  const double E = mean / total;
  const double V = std::max(0.0, fused(-E, E, second / total) / (total + 1));
  a = fused(k.w, E, a);
  c = fused(k.w2, V, c);
}

// What the finishing steps need besides the sums.
struct KindFinish {
  double z, min_rated, prior_count, prior_mean;
};

// The finishing steps of an entity around its one square root: `before`
// gives score and what the root is taken of (rad) and keeps x1, x2;
// `after` the interval from the root. Split so that loops over either
// vectorise (a square root with errno keeps the rest of a loop from it).
template <ModelKind K>
TRUSTSCORE_CELL_INLINE void finish_before(const KindFinish& fin, double a, double c, double e,
                                          double& score, double& rad, double& x1, double& x2,
                                          double& lower, double& upper) noexcept {
  if constexpr (K == ModelKind::weighted_mean) {
    // + NaN rather than a select, which GCC would turn into a conditional
    // (so unvectorised) division. No interval.
    score = lower = upper = c / a + (a >= fin.min_rated ? 0.0 : kCellNaN);
  } else if constexpr (K == ModelKind::bayesian_average) {
    const double n = a + c + fin.prior_count;
    score = fused(fin.prior_count, fin.prior_mean, a) / n;  // 0/0: NaN, not rated
    rad = score * (1 - score) / (n + 1);
    x1 = n;
  } else if constexpr (K == ModelKind::wilson) {
    // kinds/wilson.hpp's partial, its products fused: n = max(total, tiny)
    // keeps the divisions unconditional; h = z²/n.
    const double total = a + c, n = std::max(total, std::numeric_limits<double>::denorm_min());
    const double p = a / n, h = fin.z * fin.z / n, denom = 1 + h;
    score = fused(h, 0.5, p) / denom;  // the interval's center
    x1 = fin.z / denom;                // its scale
    rad = fused(h, 0.25, p * (1 - p)) / n;
    x2 = total;
  } else if constexpr (K == ModelKind::subjective_logic) {
    score = a, lower = c, upper = clamp_unit(c + e);
  } else if constexpr (K == ModelKind::logistic) {
    score = 1 / (1 + std::exp(-a)), rad = c;
  } else {
    score = a, rad = c;
  }
}

template <ModelKind K>
TRUSTSCORE_CELL_INLINE void finish_after(const KindFinish& fin, double a, double root, double x1,
                                         double x2, double& score, double& lower,
                                         double& upper) noexcept {
  if constexpr (K == ModelKind::bayesian_average) {
    const double lo = clamp_unit(fused(-fin.z, root, score));
    const double hi = clamp_unit(fused(fin.z, root, score));
    lower = x1 > 0 ? lo : kCellNaN;
    upper = x1 > 0 ? hi : kCellNaN;
  } else if constexpr (K == ModelKind::wilson) {
    // Rounding can leave the bounds a hair outside [0, 1] at p̂ = 0 or 1;
    // no evidence (total 0): [0, 1].
    const double lo = fused(-x1, root, score), hi = fused(x1, root, score);
    score = lower = x2 > 0 ? (lo < 0 ? 0.0 : lo) : 0.0;
    upper = x2 > 0 ? (hi > 1 ? 1.0 : hi) : 1.0;
  } else if constexpr (K == ModelKind::logistic) {
    lower = 1 / (1 + std::exp(-fused(-fin.z, root, a)));
    upper = 1 / (1 + std::exp(-fused(fin.z, root, a)));
  } else if constexpr (K == ModelKind::dirichlet) {
    lower = clamp_unit(fused(-fin.z, root, score));
    upper = clamp_unit(fused(fin.z, root, score));
  }
}

// Whether the kind takes a square root (an interval from a variance).
template <ModelKind K>
constexpr bool kind_has_root() {
  return K == ModelKind::bayesian_average || K == ModelKind::wilson || K == ModelKind::dirichlet ||
         K == ModelKind::logistic;
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
