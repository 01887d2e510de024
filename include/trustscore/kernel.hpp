// The batch scoring kernel of the Beta evidence model (formulas in
// models/beta.hpp). It reads factor-major evidence columns once, in blocks of
// entities, with Eigen array expressions the compiler vectorises, on several
// threads, and writes into caller-owned arrays: no allocation per entity and
// no virtual call anywhere. score_reference is the plain scalar loop the fast
// path is tested against.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/models/beta.hpp"

namespace trustscore {
inline namespace v1 {

// Evidence of `entities` entities: per factor one column of positive and one
// of negative mass, each `entities` long (EvidenceStore's layout).
template <class T>
struct EvidenceColumns {
  std::int64_t entities = 0;
  std::size_t factors = 0;
  const T* const* positive = nullptr;
  const T* const* negative = nullptr;
};

// Per-factor parameters, each an array of `factors` values.
template <class T>
struct KernelParams {
  const T* weight = nullptr;        // normalised: sums to 1
  const T* base_rate = nullptr;     // a
  const T* prior_weight = nullptr;  // W
  const T* decay = nullptr;         // multiplies r and s (2^-(as_of - t0)/h); null: 1
  T z = T(1.959963984540054);       // interval half-width in standard deviations
};

// Caller-owned outputs. Every pointer may be null (that output is skipped).
// contributions and gains are entities x factors, row-major (entity-major).
template <class T>
struct KernelOutput {
  T* score = nullptr;
  T* lower = nullptr;
  T* upper = nullptr;
  T* contributions = nullptr;
  T* gains = nullptr;
  std::int32_t* best_lever = nullptr;  // argmax of gains; -1 when no factor weighs
};

struct KernelOptions {
  int threads = 0;  // 0: every hardware thread
  // Entities below which one more thread costs more than it saves.
  std::int64_t min_entities_per_thread = 32768;
};

template <class T>
inline T baseline(const KernelParams<T>& p, std::size_t factors) {
  T b = 0;
  for (std::size_t f = 0; f < factors; ++f) b += p.weight[f] * p.base_rate[f];
  return b;
}

namespace detail {

template <class T>
inline T clamp01(T x) {
  return x < T(0) ? T(0) : (x > T(1) ? T(1) : x);
}

template <class T>
inline void check_kernel_args(const EvidenceColumns<T>& ev, const KernelParams<T>& p) {
  require(ev.entities >= 0, "entity count is negative");
  require(ev.factors > 0, "no factors");
  require(ev.entities == 0 || (ev.positive && ev.negative), "evidence columns are null");
  require(p.weight && p.base_rate && p.prior_weight, "kernel parameters are null");
}

}  // namespace detail

// Scalar reference: one entity at a time, straight from the formulas.
template <class T>
void score_reference(const EvidenceColumns<T>& ev, const KernelParams<T>& p,
                     const KernelOutput<T>& out) {
  detail::check_kernel_args(ev, p);
  const std::size_t F = ev.factors;
  for (std::int64_t e = 0; e < ev.entities; ++e) {
    T score = 0, var = 0, best_gain = -1;
    std::int32_t best = -1;
    for (std::size_t f = 0; f < F; ++f) {
      const T d = p.decay ? p.decay[f] : T(1);
      const auto t = beta::factor_trust(ev.positive[f][e] * d, ev.negative[f][e] * d,
                                        p.base_rate[f], p.prior_weight[f]);
      const T w = p.weight[f];
      score += w * t.p;
      var += w * w * t.variance;
      const T gain = w * t.gain;
      if (out.contributions) out.contributions[e * F + f] = w * (t.p - p.base_rate[f]);
      if (out.gains) out.gains[e * F + f] = gain;
      if (w > 0 && gain > best_gain) best_gain = gain, best = static_cast<std::int32_t>(f);
    }
    const T sd = std::sqrt(var);
    if (out.score) out.score[e] = score;
    if (out.lower) out.lower[e] = detail::clamp01(score - p.z * sd);
    if (out.upper) out.upper[e] = detail::clamp01(score + p.z * sd);
    if (out.best_lever) out.best_lever[e] = best;
  }
}

namespace detail {

// Scores entities [begin, end) in blocks; scratch is allocated once per call.
template <class T>
void score_range(const EvidenceColumns<T>& ev, const KernelParams<T>& p, const KernelOutput<T>& out,
                 std::int64_t begin, std::int64_t end) {
  using Array = Eigen::Array<T, Eigen::Dynamic, 1>;
  using Map = Eigen::Map<Array>;
  using ConstMap = Eigen::Map<const Array>;
  using StridedMap = Eigen::Map<Array, 0, Eigen::InnerStride<>>;
  constexpr std::int64_t block = 512;  // 4 KiB per column block for double: stays in L1
  const std::size_t F = ev.factors;
  const auto stride = static_cast<Eigen::Index>(F);
  const bool want_gains = out.gains || out.best_lever;
  Array acc(block), var(block), n(block), mean(block), gain(block), sd(block);
  // Gains are needed per entity for the best lever even when not returned.
  std::vector<T> gain_scratch(out.best_lever && !out.gains ? block * F : 0);

  for (std::int64_t b0 = begin; b0 < end; b0 += block) {
    const auto len = static_cast<Eigen::Index>(std::min(block, end - b0));
    auto a = acc.head(len);
    auto v = var.head(len);
    auto nn = n.head(len);
    auto pm = mean.head(len);
    a.setZero();
    v.setZero();
    T* gain_rows = out.gains ? out.gains + b0 * stride : gain_scratch.data();
    for (std::size_t f = 0; f < F; ++f) {
      const T d = p.decay ? p.decay[f] : T(1);
      const T W = p.prior_weight[f], aW = p.base_rate[f] * W, w = p.weight[f];
      const ConstMap r(ev.positive[f] + b0, len), s(ev.negative[f] + b0, len);
      nn = (r + s) * d + W;
      pm = (r * d + aW) / nn;
      a += w * pm;
      // One division for both 1/(n+1) uses below.
      auto inv_n1 = gain.head(len);
      inv_n1 = (nn + T(1)).inverse();
      v += (w * w) * pm * (T(1) - pm) * inv_n1;
      if (out.contributions)
        StridedMap(out.contributions + b0 * stride + f, len, Eigen::InnerStride<>(stride)) =
            w * (pm - p.base_rate[f]);
      if (want_gains)
        StridedMap(gain_rows + f, len, Eigen::InnerStride<>(stride)) = w * (T(1) - pm) * inv_n1;
    }
    auto dev = sd.head(len);
    dev = p.z * v.sqrt();
    if (out.score) Map(out.score + b0, len) = a;
    if (out.lower) Map(out.lower + b0, len) = (a - dev).max(T(0)).min(T(1));
    if (out.upper) Map(out.upper + b0, len) = (a + dev).max(T(0)).min(T(1));
    if (out.best_lever) {
      for (Eigen::Index i = 0; i < len; ++i) {
        const T* g = gain_rows + i * stride;
        T best_gain = -1;
        std::int32_t best = -1;
        for (std::size_t f = 0; f < F; ++f)
          if (p.weight[f] > 0 && g[f] > best_gain) best_gain = g[f], best = std::int32_t(f);
        out.best_lever[b0 + i] = best;
      }
    }
  }
}

}  // namespace detail

inline int resolve_thread_count(int requested) {
  require(requested >= 0, "thread count is negative");
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

// The fast path. Results equal score_reference's up to rounding (tests hold
// them to 1e-12 relative) and do not depend on the thread count: each entity
// is computed by the same instructions whichever thread takes it.
template <class T>
void score_batch(const EvidenceColumns<T>& ev, const KernelParams<T>& p, const KernelOutput<T>& out,
                 const KernelOptions& options = {}) {
  detail::check_kernel_args(ev, p);
  const std::int64_t N = ev.entities;
  const std::int64_t by_size =
      std::max<std::int64_t>(1, N / std::max<std::int64_t>(1, options.min_entities_per_thread));
  const auto threads = static_cast<std::int64_t>(
      std::min<std::int64_t>(resolve_thread_count(options.threads), by_size));
  if (threads <= 1) {
    detail::score_range(ev, p, out, 0, N);
    return;
  }
  // Chunks are whole blocks so no two threads write one cache line.
  const std::int64_t chunk = (N / threads + 511) / 512 * 512;
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  for (std::int64_t t = 0; t < threads; ++t) {
    const std::int64_t b = std::min(N, t * chunk),
                       e = t + 1 == threads ? N : std::min(N, b + chunk);
    pool.emplace_back([&, t, b, e] {
      try {
        detail::score_range(ev, p, out, b, e);
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& err : errors)
    if (err) std::rethrow_exception(err);
}

}  // namespace v1
}  // namespace trustscore
