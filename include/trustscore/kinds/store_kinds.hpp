// Scoring an evidence store with the model kinds other than beta (beta has
// its own kernel, kernel.hpp). Every kind reads, per entity and factor, the
// store's decayed masses: r (positive), s (negative, times the factor's
// negativity) and, for dirichlet, the weight at each rating level. With the
// profile's weights w_f (normalised to sum 1) and ω_f = F·w_f (averaging 1,
// so that equal weights count every signal once):
//
// weighted_mean   x_f = r / (r + s/neg), the mean signal value of the factor
//                 (missing when the factor has no evidence); the weighted mean
//                 of the present x_f as in kinds/weighted_mean.hpp; not rated
//                 (NaN) below min_coverage. No interval: lower = upper = score.
//                 contribution_f = w_f x_f / Σ_present w (baseline 0).
// bayesian_average  v = Σ ω_f (r + s/neg), v R = Σ ω_f r: all the entity's
//                 ratings pooled; score = (v R + C m)/(v + C) as in
//                 kinds/bayesian_average.hpp (decay by the factors' half-lives
//                 is its time weighting; half-life null: IMDb's formula). The
//                 interval is that of Beta(vR + Cm, v(1-R) + C(1-m)), whose mean
//                 the score is: score ± z sqrt(score (1 - score) / (v + C + 1)).
//                 contribution_f = ω_f (r - m (r + s/neg)) / (v + C) (baseline m).
// wilson          positive Σ ω_f r and negative Σ ω_f s/neg evidence; score =
//                 the lower bound of the Wilson interval (kinds/wilson.hpp),
//                 lower/upper = the interval. Not linear in its factors: no
//                 contributions (NaN); baseline 0, the score with no evidence.
// dirichlet       per factor the Dirichlet expected utility E_f and variance
//                 V_f of its level counts (kinds/dirichlet.hpp; uniform level
//                 base rates, the factor's prior weight); score = Σ w_f E_f,
//                 interval score ± z sqrt(Σ w_f² V_f) as for beta.
//                 contribution_f = w_f (E_f − Ē) with Ē the mean utility (the
//                 baseline).
// subjective_logic  per factor the opinion of r and s (b = r/n, d = s/n,
//                 u = W/n, n = r + s + W; kinds/subjective_logic.hpp); the
//                 entity's opinion is their weighted mix Σ w_f ω_f, whose
//                 projected probability Σ w_f (b_f + a_f u_f) is the score (the
//                 Beta score). lower = belief, upper = plausibility (belief +
//                 uncertainty): what the score can be as the base rates vary.
//                 Cumulative fusion of sources is what the store does on
//                 ingest (it adds their evidence).
// logistic        per factor the Beta mean t_f and variance V_f (as for beta,
//                 kinds/beta.hpp); with the learned weights λ_f and bias b
//                 (ModelSettings; the profile's weights do not apply), the logit
//                 z = b + Σ λ_f t_f and score = σ(z) (kinds/logistic.hpp): what
//                 LogisticFit::predict gives for factor_trust's row. Interval
//                 σ(z ∓ z_c sqrt(Σ λ_f² V_f)): the Beta interval of the logit,
//                 factors independent as for beta, mapped through σ (so it lies
//                 in (0, 1) and around the score); the fit's own uncertainty is
//                 not in it. contribution_f = λ_f (t_f − a_f) times the secant
//                 slope of σ between the baseline's logit z0 = b + Σ λ_f a_f and
//                 z (they add up to score − σ(z0), the baseline). best_lever
//                 among the factors of positive λ_f.
//
// Gains (all kinds): what one more unit of positive evidence on factor f
// (a signal of value 1 and weight 1 at the score time; for dirichlet one
// more rating at the top level) changes the score by, exactly; NaN when the
// entity is not rated before or after. best_lever: the factor of largest
// gain among those with weight, -1 when none.
//
// Layout as in the Beta kernel: blocks of entities with their running sums
// on the stack, split over threads by parallel_chunks; no allocation. The
// sums take all factors per tile of 8 entities (all columns stream
// together), dirichlet one pass per factor over its level columns; then
// finishing loops over the block, which GCC vectorises once per instruction
// set (portable, AVX2, AVX-512), and explanations per entity. Every path
// performs the same IEEE operations on an entity (detail/kind_cells.hpp):
// the bits of score_kind_reference, the plain scalar loop.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "trustscore/detail/kind_cells.hpp"
#include "trustscore/detail/parallel.hpp"
#include "trustscore/kernel.hpp"
#include "trustscore/kinds/beta.hpp"
#include "trustscore/kinds/kind.hpp"
#include "trustscore/kinds/logistic.hpp"
#include "trustscore/kinds/wilson.hpp"

namespace trustscore {
inline namespace v1 {

// What the other kinds read besides the Beta kernel's inputs.
struct KindInputs {
  ModelSettings settings;
  const double* negativity = nullptr;  // per factor
  // dirichlet only: [f * k + l], k = settings.level_utilities.size() (the store's levels)
  const double* const* levels = nullptr;
};

namespace detail {

constexpr std::int64_t kKindBlock = 512;

#if defined(__GNUC__)
#define TRUSTSCORE_KIND_INLINE __attribute__((always_inline)) inline
#else
#define TRUSTSCORE_KIND_INLINE inline
#endif
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Factor f's constants (detail/kind_cells.hpp).
TRUSTSCORE_KIND_INLINE KindFactor factor_of(const KernelParams<double>& p, const KindInputs& in,
                                            std::size_t F, std::size_t f, std::size_t levels) {
  const double lw = in.settings.kind == ModelKind::logistic ? in.settings.logistic_weights[f] : 0;
  return kind_factor(p.decay ? p.decay[f] : 1.0, in.negativity[f], p.weight[f], F,
                     p.prior_weight[f], p.base_rate[f], lw, levels);
}

inline KindFinish kind_finish(const KernelParams<double>& p, std::size_t F,
                              const ModelSettings& s) {
  // Coverage is compared with 1e-12 of slack: the normalised weights carry
  // rounding, and 3 factors of 9 must count as coverage 3/9 (the slack is far
  // below any weight a profile could give a factor that matters).
  double total_weight = 0;
  for (std::size_t f = 0; f < F; ++f) total_weight += p.weight[f];
  const double min_present = (s.min_coverage - 1e-12) * total_weight;
  // Rated: some weight present (> 0, so at least the smallest double) and enough of it.
  return {p.z, std::max(min_present, std::numeric_limits<double>::denorm_min()), s.prior_count,
          s.prior_mean};
}

// logistic: the logit of an entity with no evidence, b + Σ λ_f a_f (summed
// in the kernel's order, as LogisticFit::predict sums it for base rates).
inline double logistic_baseline_logit(const KernelParams<double>& p, std::size_t F,
                                      const ModelSettings& s) {
  double z = s.logistic_bias;
  for (std::size_t f = 0; f < F; ++f) z = fused(s.logistic_weights[f], p.base_rate[f], z);
  return z;
}

// What explanations need besides the entity's sums.
struct KindExplain {
  double min_present, mean_utility, logit0;
};

inline KindExplain kind_explain(const KernelParams<double>& p, std::size_t F,
                                const ModelSettings& s) {
  double total_weight = 0, mean_utility = 0;
  for (std::size_t f = 0; f < F; ++f) total_weight += p.weight[f];
  for (double u : s.level_utilities) mean_utility += u;
  mean_utility /= static_cast<double>(s.level_utilities.size());
  return {(s.min_coverage - 1e-12) * total_weight, mean_utility,
          s.kind == ModelKind::logistic ? logistic_baseline_logit(p, F, s) : 0.0};
}

// wilson: the lower bound of the interval of positive and negative evidence.
TRUSTSCORE_KIND_INLINE double wilson_lower(const KindFinish& fin, double a, double c) {
  double score, rad, x1, x2, lower, upper;
  finish_before<ModelKind::wilson>(fin, a, c, 0, score, rad, x1, x2, lower, upper);
  finish_after<ModelKind::wilson>(fin, a, std::sqrt(rad), x1, x2, score, lower, upper);
  return lower;
}

// Contributions, gains and best lever of entity e (each output may be null)
// from its factors' evidence and its sums a, c and score sc.
template <ModelKind K>
TRUSTSCORE_KIND_INLINE void explain_entity(const EvidenceColumns<double>& ev,
                                           const KernelParams<double>& p, const KindInputs& in,
                                           const KindExplain& ex, const KindFinish& fin,
                                           std::int64_t e, double a, double c, double sc,
                                           const KernelOutput<double>& out) {
  const std::size_t F = ev.factors;
  const ModelSettings& s = in.settings;
  const std::size_t levels = K == ModelKind::dirichlet ? s.level_utilities.size() : 0;
  const double Fd = static_cast<double>(F);
  double* con = out.contributions ? out.contributions + e * std::int64_t(F) : nullptr;
  double* gains = out.gains ? out.gains + e * std::int64_t(F) : nullptr;
  double best_gain = -std::numeric_limits<double>::infinity();
  std::int32_t best = -1;
  for (std::size_t f = 0; f < F; ++f) {
    const KindFactor k = factor_of(p, in, F, f, levels);
    const double R = ev.positive[f][e], S = ev.negative[f][e], r = R * k.decay;
    double contribution = kNaN, gain = kNaN;
    if constexpr (K == ModelKind::weighted_mean) {
      const double n = fused(S, k.raw, r), x = n > 0 ? r / n : 0.0;
      const double present = a + (n > 0 ? 0.0 : k.w);
      const double sum = fused(k.w, (r + 1) / (n + 1) - x, c);
      const bool rated = present > 0 && present >= ex.min_present;
      if (sc == sc) contribution = k.w * x / a;
      if (sc == sc && rated) gain = sum / present - sc;
    } else if constexpr (K == ModelKind::bayesian_average) {
      const double n = a + c + s.prior_count;
      if (n > 0) contribution = k.om * fused(-s.prior_mean, fused(S, k.raw, r), r) / n;
      gain = fused(s.prior_count, s.prior_mean, fused(Fd, k.w, a)) / fused(Fd, k.w, n) - sc;
    } else if constexpr (K == ModelKind::wilson) {
      gain = wilson_lower(fin, fused(Fd, k.w, a), c) - sc;
    } else if constexpr (K == ModelKind::subjective_logic) {
      const double n = fused(S, k.decay, r) + k.W, P = fused(k.base, k.W, r) / n;
      contribution = k.w * (P - k.base);
      gain = k.w * (1 - P) / (n + 1);
    } else if constexpr (K == ModelKind::logistic) {
      const double n = fused(S, k.decay, r) + k.W, t = fused(k.base, k.W, r) / n;
      contribution = k.lw * (t - k.base) * logistic::secant_slope(a, ex.logit0);
      gain = logistic::sigmoid_difference(fused(k.lw, (1 - t) / (n + 1), a), a);
    } else {
      double total = 0, mean = 0, second = 0;
      for (std::size_t l = 0; l < levels; ++l) {
        const double u = s.level_utilities[l];
        dirichlet_level(k, in.levels[f * levels + l][e], u, u * u, total, mean, second);
      }
      const double E = mean / total;
      contribution = k.w * (E - ex.mean_utility);
      gain = k.w * (s.level_utilities.back() - E) / (total + 1);
    }
    if (con) con[f] = contribution;
    if (gains) gains[f] = gain;
    const double lever = K == ModelKind::logistic ? k.lw : k.w;
    if (lever > 0 && gain > best_gain) best_gain = gain, best = std::int32_t(f);
  }
  if (out.best_lever) out.best_lever[e] = best;
}

// Prefetches into L2 the columns of factor f of the block at `next` (the
// block being read is one 4 KiB page of each column, where the hardware
// prefetcher stops), `len` entities.
inline void prefetch_kind_columns(const EvidenceColumns<double>& ev, const KindInputs& in,
                                  std::size_t f, bool levels, std::int64_t next, std::int64_t len) {
  constexpr std::int64_t line = 64 / sizeof(double);
  const std::size_t k = in.settings.level_utilities.size();
  for (std::int64_t i = 0; i < len; i += line) {
    if (levels) {
      for (std::size_t l = 0; l < k; ++l) prefetch_l2(in.levels[f * k + l] + next + i);
    } else {
      prefetch_l2(ev.positive[f] + next + i);
      prefetch_l2(ev.negative[f] + next + i);
    }
  }
}

// dirichlet with L levels: one factor's level columns (cols[l] + b0) over
// the block into its sums a, c, in one pass.
template <int L>
TRUSTSCORE_KIND_INLINE void dirichlet_pass(const KindFactor& k, const double* const* cols,
                                           const double* u, std::int64_t b0, std::int64_t len,
                                           double* a, double* c) {
  const double* col[L];
  double uu[L], u2[L];
  for (int l = 0; l < L; ++l) col[l] = cols[l] + b0, uu[l] = u[l], u2[l] = u[l] * u[l];
  for (std::int64_t i = 0; i < len; ++i) {
    double total = 0, mean = 0, second = 0;
    for (int l = 0; l < L; ++l) dirichlet_level(k, col[l][i], uu[l], u2[l], total, mean, second);
    dirichlet_factor(k, total, mean, second, a[i], c[i]);
  }
}

// Entities of a tile of the row path, and the factors it takes.
constexpr std::int64_t kKindTile = 8;
constexpr std::size_t kKindRowFactors = 16;

// Adds all F <= kKindRowFactors factors of the block's entities [0, len) to
// its sums a, c, e, a tile of kKindTile entities at a time with the tile's
// sums in registers: all 2F columns stream together, as in the plain loop
// and the Beta kernel's row path, rather than two at a time. Factor by
// factor per entity, as everywhere.
template <ModelKind K>
TRUSTSCORE_KIND_INLINE void add_rows(const KindFactor* ks, const double* const* R,
                                     const double* const* S, std::size_t F, std::int64_t len,
                                     double* a, double* c, double* e) {
  constexpr std::int64_t T = kKindTile;
  const std::int64_t full = len / T * T;
  for (std::int64_t i = 0; i < full; i += T) {
    double ta[T], tc[T], te[T];
    for (std::int64_t j = 0; j < T; ++j) ta[j] = a[i + j], tc[j] = c[i + j], te[j] = e[i + j];
    for (std::size_t f = 0; f < F; ++f)
      for (std::int64_t j = 0; j < T; ++j)
        add_cell<K>(ks[f], R[f][i + j], S[f][i + j], ta[j], tc[j], te[j]);
    for (std::int64_t j = 0; j < T; ++j) a[i + j] = ta[j], c[i + j] = tc[j], e[i + j] = te[j];
  }
  for (std::int64_t i = full; i < len; ++i)
    for (std::size_t f = 0; f < F; ++f) add_cell<K>(ks[f], R[f][i], S[f][i], a[i], c[i], e[i]);
}

// Square roots of x[0, len) in place. A loop of std::sqrt stays scalar
// where errno is set (GCC's default): the x86 paths take vector roots (one
// correctly rounded IEEE operation, as std::sqrt).
struct PlainRoots {
  TRUSTSCORE_KIND_INLINE static void run(double* x, std::int64_t len) {
    for (std::int64_t i = 0; i < len; ++i) x[i] = std::sqrt(x[i]);
  }
};

// Writes score, interval, and (when asked) contributions, gains and best
// lever of entities [b0, b0 + len) of one kind; prefetches the next
// next_len entities' columns meanwhile.
// Inlined into each instruction-set copy below, so each is vectorised for its own ISA.
template <ModelKind K, class Roots = PlainRoots>
TRUSTSCORE_KIND_INLINE void kind_block(const EvidenceColumns<double>& ev,
                                       const KernelParams<double>& p, const KindInputs& in,
                                       std::int64_t b0, std::int64_t len,
                                       const KernelOutput<double>& out, std::int64_t next_len) {
  const std::size_t F = ev.factors;
  const ModelSettings& s = in.settings;
  const std::size_t levels = K == ModelKind::dirichlet ? s.level_utilities.size() : 0;
  const KindFinish fin = kind_finish(p, F, s);
  const bool explain = out.contributions || out.gains || out.best_lever;
  // Running sums of the block, three per kind (their meaning in add_cell).
  alignas(64) double a[kKindBlock] = {}, c[kKindBlock] = {}, e3[kKindBlock] = {};
  // logistic: the logit starts at the bias (then summed in factor order, as
  // LogisticFit::predict does).
  if constexpr (K == ModelKind::logistic) std::fill(a, a + len, s.logistic_bias);

  if (K != ModelKind::dirichlet && F <= kKindRowFactors) {
    KindFactor ks[kKindRowFactors];
    const double* R[kKindRowFactors];
    const double* S[kKindRowFactors];
    for (std::size_t f = 0; f < F; ++f) {
      ks[f] = factor_of(p, in, F, f, 0);
      R[f] = ev.positive[f] + b0, S[f] = ev.negative[f] + b0;
      if (next_len > 0) prefetch_kind_columns(ev, in, f, false, b0 + len, next_len);
    }
    add_rows<K>(ks, R, S, F, len, a, c, e3);
  } else
    for (std::size_t f = 0; f < F; ++f) {
      const KindFactor k = factor_of(p, in, F, f, levels);
      if (next_len > 0) prefetch_kind_columns(ev, in, f, levels > 0, b0 + len, next_len);
      if constexpr (K == ModelKind::dirichlet) {
        const double* const* cols = in.levels + f * levels;
        const double* u = s.level_utilities.data();
        switch (levels) {  // one pass over the factor's level columns, sums in registers
          case 2:
            dirichlet_pass<2>(k, cols, u, b0, len, a, c);
            break;
          case 3:
            dirichlet_pass<3>(k, cols, u, b0, len, a, c);
            break;
          case 4:
            dirichlet_pass<4>(k, cols, u, b0, len, a, c);
            break;
          case 5:
            dirichlet_pass<5>(k, cols, u, b0, len, a, c);
            break;
          case 6:
            dirichlet_pass<6>(k, cols, u, b0, len, a, c);
            break;
          case 7:
            dirichlet_pass<7>(k, cols, u, b0, len, a, c);
            break;
          default: {  // a pass per level, the sums in the block
            alignas(64) double total[kKindBlock] = {}, mean[kKindBlock] = {},
                               second[kKindBlock] = {};
            for (std::size_t l = 0; l < levels; ++l) {
              const double* col = cols[l] + b0;
              for (std::int64_t i = 0; i < len; ++i)
                dirichlet_level(k, col[i], u[l], u[l] * u[l], total[i], mean[i], second[i]);
            }
            for (std::int64_t i = 0; i < len; ++i)
              dirichlet_factor(k, total[i], mean[i], second[i], a[i], c[i]);
          }
        }
      } else {
        const double* R = ev.positive[f] + b0;
        const double* S = ev.negative[f] + b0;
        for (std::int64_t i = 0; i < len; ++i) add_cell<K>(k, R[i], S[i], a[i], c[i], e3[i]);
      }
    }

  // Branch-free over the block in three loops: everything up to the square
  // roots, the roots alone, everything after (so the first and last
  // vectorise); then copied to the outputs asked for.
  alignas(64) double score[kKindBlock], lower[kKindBlock], upper[kKindBlock];
  alignas(64) double rad[kKindBlock], x1[kKindBlock], x2[kKindBlock];
  for (std::int64_t i = 0; i < len; ++i)
    finish_before<K>(fin, a[i], c[i], e3[i], score[i], rad[i], x1[i], x2[i], lower[i], upper[i]);
  if constexpr (kind_has_root<K>()) {
    Roots::run(rad, len);
    for (std::int64_t i = 0; i < len; ++i)
      finish_after<K>(fin, a[i], rad[i], x1[i], x2[i], score[i], lower[i], upper[i]);
  }
  if (out.score) std::copy(score, score + len, out.score + b0);
  if (out.lower) std::copy(lower, lower + len, out.lower + b0);
  if (out.upper) std::copy(upper, upper + len, out.upper + b0);
  if (!explain) return;
  const KindExplain ex = kind_explain(p, F, s);
  for (std::int64_t i = 0; i < len; ++i) {
    const std::int64_t e = b0 + i;
    explain_entity<K>(ev, p, in, ex, fin, e, a[i], c[i], score[i], out);
  }
}
// The score of an entity with no evidence (contributions add up to score
// minus it, where a kind has contributions).
inline double kind_baseline(const KernelParams<double>& p, std::size_t F, const ModelSettings& s) {
  switch (s.kind) {
    case ModelKind::logistic:
      return logistic::sigmoid(logistic_baseline_logit(p, F, s));
    case ModelKind::weighted_mean:
      return 0;  // contributions add up to the score
    case ModelKind::bayesian_average:
      return s.prior_count > 0 ? s.prior_mean : kNaN;
    case ModelKind::wilson:
      return 0;
    case ModelKind::dirichlet: {
      double u = 0;
      for (double x : s.level_utilities) u += x;
      return u / static_cast<double>(s.level_utilities.size());
    }
    case ModelKind::beta:
    case ModelKind::subjective_logic:
      return baseline(p, F);
  }
  return kNaN;
}

#if defined(TRUSTSCORE_KERNEL_X86)
// The roots of PlainRoots, K at a time in vector registers (a call per
// block: the caller, kind_block, is compiled for the default target first).
#define TRUSTSCORE_KIND_ROOTS(NAME, TARGET, NS)                                           \
  struct NAME {                                                                           \
    __attribute__((target(TARGET))) static inline void run(double* x, std::int64_t len) { \
      using A = NS::Simd<double>;                                                         \
      std::int64_t i = 0;                                                                 \
      for (; i + A::K <= len; i += A::K) A::store(x + i, A::sqrt(A::load(x + i)));        \
      for (; i < len; ++i) x[i] = std::sqrt(x[i]);                                        \
    }                                                                                     \
  };
TRUSTSCORE_KIND_ROOTS(RootsAvx2, "avx2,fma", avx2)
TRUSTSCORE_KIND_ROOTS(RootsAvx512, "avx512f,avx2,fma", avx512)
#undef TRUSTSCORE_KIND_ROOTS
#endif

#if defined(TRUSTSCORE_KERNEL_X86)
// The same blocks compiled for AVX2 + FMA and for AVX-512 (chosen at run time
// like the Beta kernel's path, kernel_isa(); TRUSTSCORE_KERNEL caps it).
template <ModelKind K>
__attribute__((target("avx2,fma"))) void kind_block_avx2(
    const EvidenceColumns<double>& ev, const KernelParams<double>& p, const KindInputs& in,
    std::int64_t b0, std::int64_t len, const KernelOutput<double>& out, std::int64_t next_len) {
  kind_block<K, RootsAvx2>(ev, p, in, b0, len, out, next_len);
}

template <ModelKind K>
__attribute__((target("avx512f,avx2,fma"))) void kind_block_avx512(
    const EvidenceColumns<double>& ev, const KernelParams<double>& p, const KindInputs& in,
    std::int64_t b0, std::int64_t len, const KernelOutput<double>& out, std::int64_t next_len) {
  kind_block<K, RootsAvx512>(ev, p, in, b0, len, out, next_len);
}
#endif

// Every path performs the same operations on an entity (detail/kind_cells.hpp),
// wherever in a block it stands: the same results to the bit, on any path,
// thread count, or choice of entities.
template <ModelKind K>
void score_kind_blocks(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                       const KindInputs& in, const KernelOutput<double>& out, int threads) {
  const Isa isa = kernel_isa();
  parallel_chunks(ev.entities, threads, 32768, kKindBlock,
                  [&](std::int64_t begin, std::int64_t end) {
                    for (std::int64_t b = begin; b < end; b += kKindBlock) {
                      const std::int64_t len = std::min(kKindBlock, end - b);
                      const std::int64_t next_len = std::min(kKindBlock, end - b - len);
#if defined(TRUSTSCORE_KERNEL_X86)
                      if (isa == Isa::avx512) {
                        kind_block_avx512<K>(ev, p, in, b, len, out, next_len);
                        continue;
                      }
                      if (isa == Isa::avx2) {
                        kind_block_avx2<K>(ev, p, in, b, len, out, next_len);
                        continue;
                      }
#endif
                      (void)isa;
                      kind_block<K>(ev, p, in, b, len, out, next_len);
                    }
                  });
}

// The plain loop: entity by entity, factor by factor, the same steps as the
// blocks (score_kind_reference).
template <ModelKind K>
void score_kind_plain(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                      const KindInputs& in, const KernelOutput<double>& out) {
  const std::size_t F = ev.factors;
  const ModelSettings& s = in.settings;
  const std::size_t levels = K == ModelKind::dirichlet ? s.level_utilities.size() : 0;
  const KindFinish fin = kind_finish(p, F, s);
  const KindExplain ex = kind_explain(p, F, s);
  for (std::int64_t e = 0; e < ev.entities; ++e) {
    double a = K == ModelKind::logistic ? s.logistic_bias : 0.0, c = 0, e3 = 0;
    for (std::size_t f = 0; f < F; ++f) {
      const KindFactor k = factor_of(p, in, F, f, levels);
      if constexpr (K == ModelKind::dirichlet) {
        double total = 0, mean = 0, second = 0;
        for (std::size_t l = 0; l < levels; ++l) {
          const double u = s.level_utilities[l];
          dirichlet_level(k, in.levels[f * levels + l][e], u, u * u, total, mean, second);
        }
        dirichlet_factor(k, total, mean, second, a, c);
      } else {
        add_cell<K>(k, ev.positive[f][e], ev.negative[f][e], a, c, e3);
      }
    }
    double score = 0, rad = 0, x1 = 0, x2 = 0, lower = 0, upper = 0;
    finish_before<K>(fin, a, c, e3, score, rad, x1, x2, lower, upper);
    if constexpr (kind_has_root<K>())
      finish_after<K>(fin, a, std::sqrt(rad), x1, x2, score, lower, upper);
    if (out.score) out.score[e] = score;
    if (out.lower) out.lower[e] = lower;
    if (out.upper) out.upper[e] = upper;
    if (out.contributions || out.gains || out.best_lever)
      explain_entity<K>(ev, p, in, ex, fin, e, a, c, score, out);
  }
}

// Checks the inputs, calls run(std::integral_constant<ModelKind, kind>) and
// returns the baseline.
template <class Run>
double dispatch_kind(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                     const KindInputs& in, Run run) {
  require(ev.entities >= 0 && ev.factors > 0, "no factors");
  require(in.negativity != nullptr, "negativity is null");
  using M = ModelKind;
  switch (in.settings.kind) {
    case M::weighted_mean:
      run(std::integral_constant<M, M::weighted_mean>{});
      break;
    case M::bayesian_average:
      run(std::integral_constant<M, M::bayesian_average>{});
      break;
    case M::wilson:
      run(std::integral_constant<M, M::wilson>{});
      break;
    case M::dirichlet:
      require(in.levels != nullptr,
              "dirichlet: the evidence store has no level counts for this model's levels");
      run(std::integral_constant<M, M::dirichlet>{});
      break;
    case M::subjective_logic:
      run(std::integral_constant<M, M::subjective_logic>{});
      break;
    case M::logistic:
      require(in.settings.logistic_weights.size() == ev.factors,
              "logistic: one weight per factor is needed");
      run(std::integral_constant<M, M::logistic>{});
      break;
    case M::beta:
      fail(Status::internal, "score_kind: beta has its own kernel");
  }
  return kind_baseline(p, ev.factors, in.settings);
}

}  // namespace detail

// Scores the store's columns with a kind other than beta into caller-owned
// outputs (any may be null); returns the baseline.
inline double score_kind(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                         const KindInputs& in, const KernelOutput<double>& out, int threads) {
  return detail::dispatch_kind(ev, p, in, [&](auto kind) {
    detail::score_kind_blocks<decltype(kind)::value>(ev, p, in, out, threads);
  });
}

// The same as score_kind, as a plain scalar loop over entities on one
// thread: the reference score_kind is tested against (to the bit).
inline double score_kind_reference(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                                   const KindInputs& in, const KernelOutput<double>& out) {
  return detail::dispatch_kind(ev, p, in, [&](auto kind) {
    detail::score_kind_plain<decltype(kind)::value>(ev, p, in, out);
  });
}

}  // namespace v1
}  // namespace trustscore
