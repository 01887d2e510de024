// Internal (trustscore/detail/): not API, and may change in any release.
// Batch kernels of the other scoring models (formulas and references in
// their own headers): one pass over caller-owned columns, entity-major
// outputs, in blocks of entities whose scratch lives on the stack (no
// allocation per entity or per block), as plain loops over the block (GCC
// vectorises the branch-free ones; the loops with NaN tests and optional
// outputs stay scalar for now: bench/models_bench.cpp measures them),
// and split over threads with parallel_chunks. Each is tested against its
// scalar formula. Arguments are checked once per call, values as the scalar
// versions check them; after an error the outputs may be partly written.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "trustscore/detail/parallel.hpp"
#include "trustscore/error.hpp"
#include "trustscore/kinds/bayesian_average.hpp"
#include "trustscore/kinds/dirichlet.hpp"
#include "trustscore/kinds/wilson.hpp"

namespace trustscore {
inline namespace v1 {
namespace batch {

// Entities per block (the stack scratch of the kernels below).
constexpr std::int64_t kBlock = 512;
// Below this many entities per thread one more thread costs more than it saves.
constexpr std::int64_t kMinPerThread = 32768;

constexpr double kInf = std::numeric_limits<double>::infinity();

namespace detail {
inline void check_count(std::int64_t n) { require(n >= 0, "entity count is negative"); }
inline void check_in(const void* p, std::int64_t n, const char* name) {
  if (n > 0 && p == nullptr) fail(Status::invalid_argument, std::string(name) + " is null");
}
}  // namespace detail

// Wilson interval of n entities from positive and negative counts; lower or
// upper may be null (not written).
inline void wilson_intervals(const double* positive, const double* negative, std::int64_t n,
                             double z, double* lower, double* upper, int threads = 0) {
  detail::check_count(n);
  detail::check_in(positive, n, "positive");
  detail::check_in(negative, n, "negative");
  require(std::isfinite(z) && z > 0, "wilson: z must be finite and > 0");
  parallel_chunks(n, threads, kMinPerThread, kBlock, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t b = begin; b < end; b += kBlock) {
      const std::int64_t len = std::min(kBlock, end - b);
      int bad = 0;
      for (std::int64_t i = b; i < b + len; ++i)
        bad |= int(!(positive[i] >= 0)) | int(!(negative[i] >= 0)) | int(positive[i] == kInf) |
               int(negative[i] == kInf);
      require(!bad, "wilson: counts must be finite and >= 0");
      // The scalar formula itself, so batch and scalar intervals are the same numbers.
      for (std::int64_t i = b; i < b + len; ++i) {
        const auto w = wilson::interval_unchecked(positive[i], negative[i], z);
        if (lower) lower[i] = w.lower;
        if (upper) upper[i] = w.upper;
      }
    }
  });
}

// Bayesian averages (on the rating scale) of n entities from their decayed
// rating weights v and weighted rating sums v R.
inline void bayesian_averages(const double* weight_sum, const double* weighted_sum, std::int64_t n,
                              const bayesian_average::Params& params, double* score,
                              int threads = 0) {
  detail::check_count(n);
  detail::check_in(weight_sum, n, "weight_sum");
  detail::check_in(weighted_sum, n, "weighted_sum");
  detail::check_in(score, n, "score");
  bayesian_average::validate(params);
  const double C = params.prior_count, Cm = params.prior_count * params.prior_mean;
  parallel_chunks(n, threads, kMinPerThread, kBlock, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t b = begin; b < end; b += kBlock) {
      const std::int64_t len = std::min(kBlock, end - b);
      const double* v = weight_sum + b;
      const double* vr = weighted_sum + b;
      int bad = 0;
      for (std::int64_t i = 0; i < len; ++i)
        bad |= int(!(v[i] >= 0)) | int(v[i] == kInf) | int(!(vr[i] - vr[i] == 0));
      require(!bad, "bayesian_average: weight sums must be finite and >= 0");
      // The operations of bayesian_average::score; 0/0 (no ratings, C = 0) is NaN.
      for (std::int64_t i = 0; i < len; ++i) score[b + i] = (vr[i] + Cm) / (v[i] + C);
    }
  });
}

// Weighted means of n entities from `factors` value columns (NaN: missing):
// score (NaN when not rated) and coverage, either may be null.
inline void weighted_means(const double* const* values, const double* weights, std::size_t factors,
                           std::int64_t n, double min_coverage, double* score, double* coverage,
                           int threads = 0) {
  detail::check_count(n);
  require(factors > 0, "weighted_mean: no factors");
  require(values != nullptr && weights != nullptr, "weighted_mean: values or weights is null");
  for (std::size_t f = 0; f < factors; ++f) detail::check_in(values[f], n, "a value column");
  require(min_coverage >= 0 && min_coverage <= 1, "weighted_mean: min_coverage must lie in [0, 1]");
  double total = 0;
  for (std::size_t f = 0; f < factors; ++f) {
    require(std::isfinite(weights[f]) && weights[f] >= 0,
            "weighted_mean: weights must be finite and >= 0");
    total += weights[f];
  }
  require(total > 0, "weighted_mean: no factor has weight");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  parallel_chunks(n, threads, kMinPerThread, kBlock, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t b = begin; b < end; b += kBlock) {
      const std::int64_t len = std::min(kBlock, end - b);
      alignas(64) double present[kBlock] = {}, sum[kBlock] = {};
      int bad = 0;
      for (std::size_t f = 0; f < factors; ++f) {
        const double* x = values[f] + b;
        const double w = weights[f];
        for (std::int64_t i = 0; i < len; ++i) {
          const bool here = x[i] == x[i];  // NaN: missing (and never "bad" below)
          bad |= int(x[i] < 0) | int(x[i] > 1);
          present[i] += here ? w : 0.0;
          sum[i] += here ? w * x[i] : 0.0;
        }
      }
      require(!bad, "weighted_mean: a factor value must lie in [0, 1] (NaN: missing)");
      for (std::int64_t i = 0; i < len; ++i) {
        const double cov = present[i] / total;
        if (coverage) coverage[b + i] = cov;
        if (score) score[b + i] = present[i] > 0 && cov >= min_coverage ? sum[i] / present[i] : nan;
      }
    }
  });
}

// Dirichlet expected utility and variance of n entities from k count columns.
inline void dirichlet_scores(const double* const* counts, std::int64_t n,
                             const dirichlet::Params& params, double* score, double* variance,
                             int threads = 0) {
  detail::check_count(n);
  dirichlet::validate(params);
  const std::size_t k = params.utility.size();
  require(counts != nullptr, "dirichlet: counts is null");
  for (std::size_t i = 0; i < k; ++i) detail::check_in(counts[i], n, "a count column");
  const double W = params.prior_weight;
  parallel_chunks(n, threads, kMinPerThread, kBlock, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t b = begin; b < end; b += kBlock) {
      const std::int64_t len = std::min(kBlock, end - b);
      alignas(64) double total[kBlock] = {}, mean[kBlock] = {}, second[kBlock] = {};
      int bad = 0;
      for (std::size_t l = 0; l < k; ++l) {
        const double* c = counts[l] + b;
        for (std::int64_t i = 0; i < len; ++i) {
          bad |= int(!(c[i] >= 0)) | int(c[i] == kInf);
          total[i] += c[i];
        }
      }
      require(!bad, "dirichlet: counts must be finite and >= 0");
      // The operations of dirichlet::score, in its order.
      for (std::size_t l = 0; l < k; ++l) {
        const double a =
            params.base_rate.empty() ? 1.0 / static_cast<double>(k) : params.base_rate[l];
        const double u = params.utility[l], uu = u * u, Wa = W * a;
        const double* c = counts[l] + b;
        for (std::int64_t i = 0; i < len; ++i) {
          const double pk = (c[i] + Wa) / (total[i] + W);
          mean[i] += u * pk;
          second[i] += uu * pk;
        }
      }
      for (std::int64_t i = 0; i < len; ++i) {
        const double var = (second[i] - mean[i] * mean[i]) / (total[i] + W + 1);
        if (score) score[b + i] = mean[i];
        if (variance) variance[b + i] = var < 0 ? 0.0 : var;
      }
    }
  });
}

}  // namespace batch
}  // namespace v1
}  // namespace trustscore
