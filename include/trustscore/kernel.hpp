// The batch scoring kernel of the Beta evidence model (formulas in
// kinds/beta.hpp). It reads factor-major evidence columns once, in blocks of
// entities, with Eigen array expressions the compiler vectorises, on several
// threads, and writes into caller-owned arrays: no allocation per entity and
// no virtual call anywhere. score_reference is the plain scalar loop the fast
// path is tested against.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#include "trustscore/detail/parallel.hpp"
#include "trustscore/error.hpp"
#include "trustscore/kinds/beta.hpp"

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
      const auto t = beta::cell_trust(ev.positive[f][e] * d, ev.negative[f][e] * d, p.base_rate[f],
                                      p.prior_weight[f]);
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

// How the fast path works (score_reference has the formulas as written).
//
// Memory: one pass, in blocks of kBlock entities. On x86 with up to
// kRowMaxFactors factors (the row path) each tile of entities goes through
// all factors with the sums in registers and writes the outputs at once, so
// all 2F columns stream together as in a bandwidth-bound loop; explanations
// are transposed in registers into the tile's whole rows and the best lever
// kept in a register. Otherwise (the block path), factors go in groups of up
// to kGroup over the block, the block's running sums in L1, and while a
// group's columns of one block are read the same columns of the next block
// are prefetched into L2 (a block of a double column is one 4 KiB page,
// where the hardware prefetcher stops). Both paths perform the same
// operations in the same order per entity, so asking for explanations never
// changes a score. Blocks start at multiples
// of kBlock from the start of a thread's chunk and chunks at multiples of
// kBlock, so every entity meets the same instructions whichever thread
// scores it.
//
// Arithmetic: division is the bottleneck, so a group of factors shares one.
// Per factor, 1 - p is taken as (s + (1 - a) W)/n (no cancellation), and
// both 1/n and 1/(n + 1) come from q = 1/(n (n + 1)); the q of the group's
// factors come from one reciprocal of the product P of their n (n + 1)
// (Montgomery's batch inversion). Each result is within a few ulps of the
// reference's as long as the products stay far from overflow and underflow:
// a guard checks that per block, and a block that fails it (huge evidence,
// NaN or infinite input) is redone on the exact path, which computes what
// score_reference computes.
//
// Instruction sets: the portable path is Eigen fixed-size arrays (whatever
// Eigen vectorises with under the compiler flags, SSE2 by default on x86-64).
// On x86-64 with GCC or Clang there are also AVX2+FMA and AVX-512 paths, one
// source (detail/kernel_simd.inl) compiled for each with function target
// attributes (no special flags needed); the best one the CPU has is chosen at
// run time, once per process. TRUSTSCORE_KERNEL=portable or avx2 in the
// environment caps the choice. The x86 paths agree with each other to the
// bit; the portable path and they keep results within a few ulps of
// score_reference and may differ from each other in the last bits.
constexpr std::int64_t kBlock = 512;
constexpr int kGroup = 3;
// Entities of the widest tile of any path (AVX-512 float); the block's sums are
// read and written a whole tile at a time.
constexpr std::int64_t kTileMax = 16;
static_assert(kBlock % kTileMax == 0, "a block holds whole tiles");

// Per-factor constants, hoisted out of the entity loops.
template <class T>
struct FactorConstants {
  T d, W, a, aW, bW, w, w2;  // decay, prior weight, base rate, a W, (1 - a) W, weight, weight^2
};

// Running max and min over a block of the fast path's products P.
template <class T>
struct GuardRange {
  T hi = 1, lo = 1;
  void merge(T h, T l) {
    hi = h > hi ? h : hi;  // NaN is dropped here, and caught by the block's sum
    lo = l < lo ? l : lo;
  }
};

// A hint to bring the cache line at p into L2 (a no-op where unsupported).
inline void prefetch_l2(const void* p) {
#if defined(__GNUC__)
  __builtin_prefetch(p, 0, 2);
#else
  (void)p;
#endif
}

// The tile loops must be one function with everything inlined into it (GCC's
// inliner otherwise gives up on some of Eigen's small operators there).
#if defined(__GNUC__)
#define TRUSTSCORE_KERNEL_FLATTEN __attribute__((flatten))
#else
#define TRUSTSCORE_KERNEL_FLATTEN
#endif

// ---- Portable path: Eigen fixed-size arrays of one SIMD packet ----

template <class T>
struct Tiles {
  static constexpr Eigen::Index K = 16 / sizeof(T);
  using Tile = Eigen::Array<T, K, 1>;
  static_assert(kTileMax % K == 0, "the block is cleared in whole tiles");
};

// G factors (c[0..G-1]) on the tile of entities [i, i + m) of a block (m <= K),
// evidence r[g], s[g]: adds their weighted means and variances, in factor
// order, to acc and var; with Explain also writes contributions and weighted
// gains (either row pointer may be null) into entity-major rows `stride` apart.
template <int G, bool Fast, bool Explain, class Tile, class T>
EIGEN_ALWAYS_INLINE void group_tile(const Tile* r, const Tile* s, const FactorConstants<T>* c,
                                    T* acc, T* var, std::int64_t i, std::int64_t m, T* const* con,
                                    T* const* gr, std::int64_t stride, Tile& hi, Tile& lo) {
  Tile mean[G], gain[G];
  if constexpr (Fast) {
    Tile num[G], neg[G], n1[G], D[G], P[G];
    for (int g = 0; g < G; ++g) {
      num[g] = r[g] * c[g].d + c[g].aW;  // r + a W
      neg[g] = s[g] * c[g].d + c[g].bW;  // s + (1 - a) W
      const Tile n = num[g] + neg[g];
      n1[g] = n + T(1);
      D[g] = n * n1[g];
      P[g] = g == 0 ? D[0] : Tile(P[g - 1] * D[g]);
    }
    hi = hi.max(P[G - 1]);
    lo = lo.min(P[G - 1]);
    Tile inv = P[G - 1].inverse(), q[G];
    for (int g = G - 1; g > 0; --g) {
      q[g] = inv * P[g - 1];  // 1 / D[g]
      inv = inv * D[g];       // 1 / P[g - 1]
    }
    q[0] = inv;
    for (int g = 0; g < G; ++g) {
      mean[g] = num[g] * (n1[g] * q[g]);  // (r + a W) / n
      gain[g] = neg[g] * q[g];            // (1 - p) / (n + 1)
    }
  } else {
    for (int g = 0; g < G; ++g) {
      const Tile x = r[g] * c[g].d, y = s[g] * c[g].d;
      const Tile n = (x + y) + c[g].W;
      mean[g] = (x + c[g].aW) / n;
      gain[g] = (T(1) - mean[g]) / (n + T(1));
    }
  }
  Tile a = Eigen::Map<const Tile>(acc + i), v = Eigen::Map<const Tile>(var + i);
  for (int g = 0; g < G; ++g) {
    a += c[g].w * mean[g];
    v += c[g].w2 * (mean[g] * gain[g]);
  }
  Eigen::Map<Tile>(acc + i) = a;
  Eigen::Map<Tile>(var + i) = v;
  if constexpr (Explain) {
    for (int g = 0; g < G; ++g)
      for (std::int64_t j = 0; j < m; ++j) {
        if (con[g]) con[g][(i + j) * stride] = c[g].w * (mean[g][j] - c[g].a);
        if (gr[g]) gr[g][(i + j) * stride] = c[g].w * gain[g][j];
      }
  }
}

// Factors f0 .. f0 + G - 1 over the `len` entities of the block at b0. The
// last tile may be partial: it is padded with zero evidence (n = W, harmless).
template <int G, bool Fast, bool Explain, class T>
TRUSTSCORE_KERNEL_FLATTEN void group_pass(const EvidenceColumns<T>& ev,
                                          const FactorConstants<T>* consts, std::size_t f0,
                                          std::int64_t b0, std::int64_t len, T* acc, T* var,
                                          T* con_rows, T* gain_rows, std::int64_t stride,
                                          std::int64_t next_len, GuardRange<T>& guard) {
  using Tile = typename Tiles<T>::Tile;
  constexpr Eigen::Index K = Tiles<T>::K;
  const T* rp[G];
  const T* sp[G];
  T* con[G];
  T* gr[G];
  FactorConstants<T> c[G];
  for (int g = 0; g < G; ++g) {
    const std::size_t f = f0 + static_cast<std::size_t>(g);
    rp[g] = ev.positive[f] + b0;
    sp[g] = ev.negative[f] + b0;
    con[g] = con_rows ? con_rows + f : nullptr;
    gr[g] = gain_rows ? gain_rows + f : nullptr;
    c[g] = consts[f];
  }
  Tile r[G], s[G];
  Tile hi = Tile::Constant(guard.hi), lo = Tile::Constant(guard.lo);
  const std::int64_t full = len / K * K;
  constexpr std::int64_t line = 64 / sizeof(T);
  for (std::int64_t i = 0; i < full; i += K) {
    if (i % line == 0 && i < next_len)
      for (int g = 0; g < G; ++g) prefetch_l2(rp[g] + kBlock + i), prefetch_l2(sp[g] + kBlock + i);
    for (int g = 0; g < G; ++g) {
      r[g] = Eigen::Map<const Tile>(rp[g] + i);
      s[g] = Eigen::Map<const Tile>(sp[g] + i);
    }
    group_tile<G, Fast, Explain>(r, s, c, acc, var, i, K, con, gr, stride, hi, lo);
  }
  if (full < len) {
    for (int g = 0; g < G; ++g) {
      r[g].setZero();
      s[g].setZero();
      for (std::int64_t j = 0; j < len - full; ++j)
        r[g][j] = rp[g][full + j], s[g][j] = sp[g][full + j];
    }
    group_tile<G, Fast, Explain>(r, s, c, acc, var, full, len - full, con, gr, stride, hi, lo);
  }
  guard.merge(hi.maxCoeff(), lo.minCoeff());
}

// Where the row path writes a block's explanations (each may be null).
template <class T>
struct ExplainRows {
  T* contributions = nullptr;  // entity-major rows of the block's entities
  T* gains = nullptr;
  std::int32_t* best_lever = nullptr;
};

// ---- x86-64 paths (GCC or Clang): AVX2 + FMA and AVX-512 ----
#include "trustscore/detail/kernel_x86.inl"

// Score and interval bounds of the `len` entities of a block from its sums.
template <class T>
TRUSTSCORE_KERNEL_FLATTEN T finish(const T* acc, const T* var, std::int64_t len, T z, T* score,
                                   T* lower, T* upper) {
  using Tile = typename Tiles<T>::Tile;
  constexpr Eigen::Index K = Tiles<T>::K;
  const Tile zt = Tile::Constant(z);
  Tile sum = Tile::Zero();
  for (std::int64_t i = 0; i < len; i += K) {
    const Tile sc = Eigen::Map<const Tile>(acc + i), vr = Eigen::Map<const Tile>(var + i);
    sum += sc + vr;
    const Tile dev = zt * vr.sqrt();
    const Tile lo = (sc - dev).max(T(0)).min(T(1));
    const Tile hi = (sc + dev).max(T(0)).min(T(1));
    if (i + K <= len) {
      if (score) Eigen::Map<Tile>(score + i) = sc;
      if (lower) Eigen::Map<Tile>(lower + i) = lo;
      if (upper) Eigen::Map<Tile>(upper + i) = hi;
    } else {
      for (std::int64_t j = 0; i + j < len; ++j) {
        if (score) score[i + j] = sc[j];
        if (lower) lower[i + j] = lo[j];
        if (upper) upper[i + j] = hi[j];
      }
    }
  }
  return sum.sum();
}

enum class Isa { portable, avx2, avx512 };

inline const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::avx2:
      return "avx2";
    case Isa::avx512:
      return "avx512";
    default:
      return "portable";
  }
}

// The best path the CPU (and OS) supports, capped by TRUSTSCORE_KERNEL
// (portable, avx2 or avx512; other values are ignored): a path the CPU lacks
// is never chosen, whatever the variable says.
inline Isa detect_isa() {
  Isa best = Isa::portable;
#if defined(TRUSTSCORE_KERNEL_X86)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    best = Isa::avx2;
    if (__builtin_cpu_supports("avx512f")) best = Isa::avx512;
  }
#endif
  const char* forced = std::getenv("TRUSTSCORE_KERNEL");
  for (Isa cap : {Isa::portable, Isa::avx2})
    if (forced && std::strcmp(forced, isa_name(cap)) == 0 && cap < best) best = cap;
  return best;
}

// The instruction set the fast path uses in this process.
inline Isa kernel_isa() {
  static const Isa isa = detect_isa();
  return isa;
}

// All factors over one block, in groups of kGroup and a smaller last group.
// next_len: how many entities the next block of the range has (their
// evidence is prefetched meanwhile).
template <bool Fast, bool Explain, class T>
void block_pass(const EvidenceColumns<T>& ev, const FactorConstants<T>* consts, std::int64_t b0,
                std::int64_t len, std::int64_t next_len, T* acc, T* var, T* con_rows, T* gain_rows,
                GuardRange<T>& guard, Isa isa) {
  const std::size_t F = ev.factors;
  const auto stride = static_cast<std::int64_t>(F);
  // Only the tiles the block uses (a small call must not clear all of them).
  const std::int64_t used = std::min(kBlock, (len + kTileMax - 1) / kTileMax * kTileMax);
  std::fill(acc, acc + used, T(0));
  std::fill(var, var + used, T(0));
  auto group = [&](auto size, std::size_t f) {
    constexpr int G = decltype(size)::value;
#if defined(TRUSTSCORE_KERNEL_X86)
    if (Fast && isa == Isa::avx512) {
      avx512::group_pass<G, Explain>(ev, consts, f, b0, len, acc, var, con_rows, gain_rows, stride,
                                     next_len, guard);
      return;
    }
    if (Fast && isa == Isa::avx2) {
      avx2::group_pass<G, Explain>(ev, consts, f, b0, len, acc, var, con_rows, gain_rows, stride,
                                   next_len, guard);
      return;
    }
#endif
    (void)isa;
    group_pass<G, Fast, Explain>(ev, consts, f, b0, len, acc, var, con_rows, gain_rows, stride,
                                 next_len, guard);
  };
  std::size_t f = 0;
  for (; f + kGroup <= F; f += kGroup) group(std::integral_constant<int, kGroup>{}, f);
  static_assert(kGroup == 3, "the remainder below handles groups of 1 and 2");
  if (F - f == 2)
    group(std::integral_constant<int, 2>{}, f);
  else if (F - f == 1)
    group(std::integral_constant<int, 1>{}, f);
}

// The fast path's guard. With evidence >= 0 each n (n + 1) >= L = min_f
// W (W + 1), so with m = min(1, L) every partial product of a group lies in
// [m^kGroup, P m^(1 - kGroup)]: bounding P to [lo, hi] keeps all of them, and
// their reciprocals, within [2^-limit_exp, 2^limit_exp]. A block whose
// products leave [lo, hi] (or whose sums are not finite) is redone on the
// exact path; `fast` is false when no block may take the fast path.
template <class T>
struct GuardLimits {
  T lo, hi;
  bool fast;
  static constexpr int limit_exp = std::numeric_limits<T>::max_exponent - 8;
};

template <class T>
GuardLimits<T> guard_limits(const KernelParams<T>& p, std::size_t F) {
  constexpr int limit_exp = GuardLimits<T>::limit_exp;
  T m = 1;
  for (std::size_t f = 0; f < F; ++f) {
    const T W = p.prior_weight[f], L = W * (W + T(1));
    m = L < m ? L : (L == L ? m : T(0));  // a NaN prior weight: no fast path
  }
  const T lo = m * m * m, hi = std::ldexp(m * m, limit_exp);
  return {lo, hi, lo >= std::ldexp(T(1), -limit_exp) && hi >= T(1)};
}

// Scores entities [begin, end); scratch is allocated once per call.
template <class T>
void score_range(const EvidenceColumns<T>& ev, const KernelParams<T>& p, const KernelOutput<T>& out,
                 std::int64_t begin, std::int64_t end) {
  const std::size_t F = ev.factors;
  const auto stride = static_cast<std::int64_t>(F);
  const bool explain = out.contributions || out.gains || out.best_lever;
  const Isa isa = kernel_isa();

  // The usual handful of factors fits on the stack: no allocation per call.
  constexpr std::size_t kInline = 16;
  FactorConstants<T> inline_consts[kInline];
  std::vector<FactorConstants<T>> heap_consts(F > kInline ? F : 0);
  FactorConstants<T>* consts = F > kInline ? heap_consts.data() : inline_consts;
  for (std::size_t f = 0; f < F; ++f) {
    const T d = p.decay ? p.decay[f] : T(1), W = p.prior_weight[f], a = p.base_rate[f];
    const T w = p.weight[f];
    consts[f] = {d, W, a, a * W, (T(1) - a) * W, w, w * w};
  }
  const GuardLimits<T> limits = guard_limits(p, F);
  const T lo_limit = limits.lo, hi_limit = limits.hi;
  const bool fast = limits.fast;

  // Scores on x86 take the row path (block sums only on the exact path).
  const bool row_path = fast && isa != Isa::portable && F <= kRowMaxFactors;

  alignas(64) T acc[kBlock];
  alignas(64) T var[kBlock];
  // Gains are needed per entity for the best lever even when not returned.
  std::vector<T> gain_scratch(out.best_lever && !out.gains ? kBlock * F : 0);

  for (std::int64_t b0 = begin; b0 < end; b0 += kBlock) {
    const std::int64_t len = std::min(kBlock, end - b0);
    T* gain_rows = out.gains        ? out.gains + b0 * stride
                   : out.best_lever ? gain_scratch.data()
                                    : nullptr;
    T* con_rows = out.contributions ? out.contributions + b0 * stride : nullptr;

    // Writes score, lower and upper from acc and var; returns the sum of the
    // scores and variances (not finite when some evidence was NaN or infinite).
    auto finish_block = [&] {
      T* score = out.score ? out.score + b0 : nullptr;
      T* lower = out.lower ? out.lower + b0 : nullptr;
      T* upper = out.upper ? out.upper + b0 : nullptr;
#if defined(TRUSTSCORE_KERNEL_X86)
      if (isa == Isa::avx512) return avx512::finish(acc, var, len, p.z, score, lower, upper);
      if (isa == Isa::avx2) return avx2::finish(acc, var, len, p.z, score, lower, upper);
#endif
      return finish(acc, var, len, p.z, score, lower, upper);
    };
    // All factors over the block on the fast (or else the exact) path.
    const std::int64_t next_len = std::max<std::int64_t>(0, std::min(kBlock, end - b0 - kBlock));
    auto pass = [&](auto fast_tag, GuardRange<T>& guard) {
      constexpr bool Fast = decltype(fast_tag)::value;
      if (explain)
        block_pass<Fast, true>(ev, consts, b0, len, next_len, acc, var, con_rows, gain_rows, guard,
                               isa);
      else
        block_pass<Fast, false>(ev, consts, b0, len, next_len, acc, var, con_rows, gain_rows, guard,
                                isa);
    };
    bool done = false;
    if (fast) {
      GuardRange<T> guard;
      T sum;
      T* score = out.score ? out.score + b0 : nullptr;
      T* lower = out.lower ? out.lower + b0 : nullptr;
      T* upper = out.upper ? out.upper + b0 : nullptr;
#if defined(TRUSTSCORE_KERNEL_X86)
      const ExplainRows<T> rows{con_rows, out.gains ? gain_rows : nullptr,
                                out.best_lever ? out.best_lever + b0 : nullptr};
      if (row_path && isa == Isa::avx512)
        sum = explain ? avx512::row_pass<true>(ev, consts, b0, len, p.z, score, lower, upper, rows,
                                               guard)
                      : avx512::row_pass<false>(ev, consts, b0, len, p.z, score, lower, upper, rows,
                                                guard);
      else if (row_path)
        sum =
            explain
                ? avx2::row_pass<true>(ev, consts, b0, len, p.z, score, lower, upper, rows, guard)
                : avx2::row_pass<false>(ev, consts, b0, len, p.z, score, lower, upper, rows, guard);
      else
#endif
      {
        pass(std::true_type{}, guard);
        sum = finish_block();
      }
      // NaN evidence may slip past the guard's max and min but not past the sum.
      done = guard.hi <= hi_limit && guard.lo >= lo_limit && std::isfinite(sum);
    }
    if (!done) {
      GuardRange<T> unused;
      pass(std::false_type{}, unused);
      finish_block();
    }

    // The row path has written the best levers; the block path leaves them here.
    if (out.best_lever && !(row_path && done)) {
      for (std::int64_t i = 0; i < len; ++i) {
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

// The fast path. Results equal score_reference's up to rounding (tests hold
// them to 1e-12 relative) and do not depend on the thread count: each entity
// is computed by the same instructions whichever thread takes it (chunks are
// whole blocks).
template <class T>
void score_batch(const EvidenceColumns<T>& ev, const KernelParams<T>& p, const KernelOutput<T>& out,
                 const KernelOptions& options = {}) {
  detail::check_kernel_args(ev, p);
  parallel_chunks(ev.entities, options.threads,
                  std::max<std::int64_t>(1, options.min_entities_per_thread), detail::kBlock,
                  [&](std::int64_t b, std::int64_t e) { detail::score_range(ev, p, out, b, e); });
}

}  // namespace v1
}  // namespace trustscore
