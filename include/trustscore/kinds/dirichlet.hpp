// Dirichlet model for multi-level ratings (A. Jøsang & J. Haller, "Dirichlet
// Reputation Systems", ARES 2007; Subjective Logic, Springer 2016, §3.5.3).
// Ratings fall into k levels (e.g. 1–5 stars) with utilities u_k in [0, 1]
// (1 star = 0 ... 5 stars = 1). With (decayed, weighted) counts n_k, a base
// distribution a_k (Σ a_k = 1) and prior weight W, the posterior is
// Dirichlet(n_k + W a_k), α0 = N + W with N = Σ n_k:
//
//   p̄_k   = (n_k + W a_k) / α0                  expected probability of level k
//   score = Σ u_k p̄_k                            expected utility
//   var   = (Σ u_k² p̄_k − score²) / (α0 + 1)     its variance under the posterior
//
// With two levels of utility 0 and 1 this is the Beta model exactly
// (score = (r + aW)/(r + s + W), var = p(1 − p)/(n + 1)).
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace dirichlet {

struct Params {
  std::vector<double> utility;    // k values in [0, 1]
  std::vector<double> base_rate;  // k values >= 0 summing to 1 (empty: uniform)
  double prior_weight = 2;        // W > 0
};

inline void validate(const Params& p) {
  const std::size_t k = p.utility.size();
  require(k >= 2, "dirichlet: at least two rating levels are needed");
  for (double u : p.utility) require(u >= 0 && u <= 1, "dirichlet: utilities must lie in [0, 1]");
  if (!p.base_rate.empty()) {
    require(p.base_rate.size() == k, "dirichlet: base_rate needs one value per level");
    double sum = 0;
    for (double a : p.base_rate) {
      require(a >= 0 && std::isfinite(a), "dirichlet: base rates must be finite and >= 0");
      sum += a;
    }
    require(std::fabs(sum - 1) <= 1e-9, "dirichlet: base rates must sum to 1");
  }
  require(std::isfinite(p.prior_weight) && p.prior_weight > 0,
          "dirichlet: prior_weight must be finite and > 0");
}

struct Result {
  double score, variance;
};

// counts: k values (finite, >= 0). No per-call allocation.
inline Result score(const Params& p, const double* counts) {
  const std::size_t k = p.utility.size();
  double total = 0;
  for (std::size_t i = 0; i < k; ++i) {
    require(std::isfinite(counts[i]) && counts[i] >= 0,
            "dirichlet: counts must be finite and >= 0");
    total += counts[i];
  }
  const double alpha0 = total + p.prior_weight;
  double mean = 0, second = 0;
  for (std::size_t i = 0; i < k; ++i) {
    const double a = p.base_rate.empty() ? 1.0 / static_cast<double>(k) : p.base_rate[i];
    const double pk = (counts[i] + p.prior_weight * a) / alpha0;
    mean += p.utility[i] * pk;
    second += p.utility[i] * p.utility[i] * pk;
  }
  const double var = (second - mean * mean) / (alpha0 + 1);
  return {mean, var < 0 ? 0 : var};  // rounding can leave -0.0…01 when all mass is on one level
}

inline Result score(const Params& p, const std::vector<double>& counts) {
  require(counts.size() == p.utility.size(), "dirichlet: counts need one value per level");
  return score(p, counts.data());
}

}  // namespace dirichlet
}  // namespace v1
}  // namespace trustscore
