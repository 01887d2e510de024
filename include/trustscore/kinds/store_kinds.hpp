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
// on the stack (factor-major passes GCC can vectorise), then one finishing
// pass per entity, split over threads by parallel_chunks; no allocation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

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

// One block's per-factor view: decayed r and raw negative weight s/neg.
struct FactorMasses {
  const double* r;
  const double* s;
  double decay, raw;  // raw = decay / negativity
};

inline FactorMasses masses(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                           const KindInputs& in, std::size_t f, std::int64_t b0) {
  const double d = p.decay ? p.decay[f] : 1.0;
  return {ev.positive[f] + b0, ev.negative[f] + b0, d, d / in.negativity[f]};
}

inline void pick_best(const KernelParams<double>& p, std::size_t F, const double* gains,
                      std::int32_t* best) {
  double best_gain = -std::numeric_limits<double>::infinity();
  std::int32_t at = -1;
  for (std::size_t f = 0; f < F; ++f)
    if (p.weight[f] > 0 && gains[f] > best_gain) best_gain = gains[f], at = std::int32_t(f);
  *best = at;
}

// logistic: the logit of an entity with no evidence, b + Σ λ_f a_f (summed
// in the kernel's order, as LogisticFit::predict sums it for base rates).
inline double logistic_baseline_logit(const KernelParams<double>& p, std::size_t F,
                                      const ModelSettings& s) {
  double z = s.logistic_bias;
  for (std::size_t f = 0; f < F; ++f) z += s.logistic_weights[f] * p.base_rate[f];
  return z;
}

// Writes score, interval, and (when asked) contributions, gains and best
// lever of entities [b0, b0 + len) of one kind.
// Inlined into each instruction-set copy below, so each is vectorised for its own ISA.
template <ModelKind K>
TRUSTSCORE_KIND_INLINE void kind_block(const EvidenceColumns<double>& ev,
                                       const KernelParams<double>& p, const KindInputs& in,
                                       std::int64_t b0, std::int64_t len,
                                       const KernelOutput<double>& out) {
  const std::size_t F = ev.factors;
  const double Fd = static_cast<double>(F);
  // Coverage is compared with 1e-12 of slack: the normalised weights carry
  // rounding, and 3 factors of 9 must count as coverage 3/9 (the slack is far
  // below any weight a profile could give a factor that matters).
  double total_weight = 0;
  for (std::size_t f = 0; f < F; ++f) total_weight += p.weight[f];
  const double min_present = (in.settings.min_coverage - 1e-12) * total_weight;
  // Rated: some weight present (> 0, so at least the smallest double) and enough of it.
  const double min_rated = std::max(min_present, std::numeric_limits<double>::denorm_min());
  const bool explain = out.contributions || out.gains || out.best_lever;
  // Running sums of the block, two per kind (their meaning below).
  alignas(64) double a[kKindBlock] = {}, c[kKindBlock] = {}, e3[kKindBlock] = {};
  // logistic: the logit starts at the bias (then summed in factor order, as
  // LogisticFit::predict does).
  if constexpr (K == ModelKind::logistic) std::fill(a, a + len, in.settings.logistic_bias);

  for (std::size_t f = 0; f < F; ++f) {
    const FactorMasses m = masses(ev, p, in, f, b0);
    const double w = p.weight[f], om = Fd * w;
    if constexpr (K == ModelKind::weighted_mean) {  // a: present weight, c: Σ w x
      for (std::int64_t i = 0; i < len; ++i) {
        // No branch (it would keep the loop from vectorising): r <= n, so an
        // empty cell adds 0 / DBL_MIN = 0.
        const double r = m.r[i] * m.decay, n = r + m.s[i] * m.raw;
        a[i] += n > 0 ? w : 0.0;  // (a bool converted to double would not vectorise)
        c[i] += w * (r / std::max(n, std::numeric_limits<double>::min()));
      }
    } else if constexpr (K == ModelKind::bayesian_average ||
                         K == ModelKind::wilson) {  // a: Σ ω r, c: Σ ω s/neg
      for (std::int64_t i = 0; i < len; ++i) {
        a[i] += om * (m.r[i] * m.decay);
        c[i] += om * (m.s[i] * m.raw);
      }
    } else if constexpr (K == ModelKind::subjective_logic) {  // a: Σ w P, c: Σ w b, e3: Σ w u
      const double W = p.prior_weight[f], aW = p.base_rate[f] * W;
      const double wW = w * W;
      for (std::int64_t i = 0; i < len; ++i) {  // one division per cell, not three
        const double r = m.r[i] * m.decay, q = 1.0 / (r + m.s[i] * m.decay + W);
        a[i] += w * (r + aW) * q;
        c[i] += w * r * q;
        e3[i] += wW * q;
      }
    } else if constexpr (K == ModelKind::logistic) {  // a: b + Σ λ t, c: Σ λ² V
      const double W = p.prior_weight[f], base = p.base_rate[f];
      const double lw = in.settings.logistic_weights[f];
      for (std::int64_t i = 0; i < len; ++i) {
        const auto t = beta::cell_trust(m.r[i] * m.decay, m.s[i] * m.decay, base, W);
        a[i] += lw * t.p;
        c[i] += lw * lw * t.variance;
      }
    } else if constexpr (K == ModelKind::dirichlet) {  // a: Σ w E, c: Σ w² V
      const double W = p.prior_weight[f],
                   k = static_cast<double>(in.settings.level_utilities.size());
      alignas(64) double total[kKindBlock] = {}, mean[kKindBlock] = {}, second[kKindBlock] = {};
      for (std::size_t l = 0; l < in.settings.level_utilities.size(); ++l) {
        const double* col = in.levels[f * in.settings.level_utilities.size() + l] + b0;
        const double u = in.settings.level_utilities[l], Wa = W / k;
        for (std::int64_t i = 0; i < len; ++i) {
          const double cnt = col[i] * m.decay + Wa;
          total[i] += cnt;
          mean[i] += u * cnt;
          second[i] += u * u * cnt;
        }
      }
      for (std::int64_t i = 0; i < len; ++i) {
        const double E = mean[i] / total[i];
        const double V = std::max(0.0, (second[i] / total[i] - E * E) / (total[i] + 1));
        a[i] += w * E;
        c[i] += w * w * V;
      }
    }
  }

  const double z = p.z;
  const ModelSettings& s = in.settings;
  // Branch-free over the block in three loops: everything up to the square
  // roots, the roots alone, everything after (so the first and last
  // vectorise); then copied to the outputs asked for.
  alignas(64) double score[kKindBlock], lower[kKindBlock], upper[kKindBlock];
  alignas(64) double rad[kKindBlock], x1[kKindBlock], x2[kKindBlock];
  for (std::int64_t i = 0; i < len; ++i) {
    if constexpr (K == ModelKind::weighted_mean) {
      // + NaN rather than a select, which GCC would turn into a conditional
      // (so unvectorised) division.
      const double mean = c[i] / a[i] + (a[i] >= min_rated ? 0.0 : kNaN);
      score[i] = lower[i] = upper[i] = mean;
    } else if constexpr (K == ModelKind::bayesian_average) {
      const double n = a[i] + c[i] + s.prior_count;
      score[i] = (a[i] + s.prior_count * s.prior_mean) / n;  // 0/0: NaN, not rated
      rad[i] = score[i] * (1 - score[i]) / (n + 1);
      x1[i] = n;
    } else if constexpr (K == ModelKind::wilson) {
      const auto q = wilson::partial(a[i], c[i], z);
      score[i] = q.center, x1[i] = q.scale, rad[i] = q.radicand, x2[i] = q.total;
    } else if constexpr (K == ModelKind::subjective_logic) {
      score[i] = a[i], lower[i] = c[i], upper[i] = clamp01(c[i] + e3[i]);
    } else if constexpr (K == ModelKind::logistic) {
      score[i] = logistic::sigmoid(a[i]), rad[i] = c[i];
    } else {
      score[i] = a[i], rad[i] = c[i];
    }
  }
  if constexpr (K == ModelKind::bayesian_average || K == ModelKind::wilson ||
                K == ModelKind::dirichlet || K == ModelKind::logistic) {
    for (std::int64_t i = 0; i < len; ++i) rad[i] = std::sqrt(rad[i]);
    for (std::int64_t i = 0; i < len; ++i) {
      if constexpr (K == ModelKind::bayesian_average) {
        const double lo = clamp01(score[i] - z * rad[i]), hi = clamp01(score[i] + z * rad[i]);
        lower[i] = x1[i] > 0 ? lo : kNaN;
        upper[i] = x1[i] > 0 ? hi : kNaN;
      } else if constexpr (K == ModelKind::wilson) {
        const auto iv = wilson::complete<double>({score[i], x1[i], 0.0, x2[i]}, rad[i]);
        score[i] = lower[i] = iv.lower, upper[i] = iv.upper;
      } else if constexpr (K == ModelKind::logistic) {
        lower[i] = logistic::sigmoid(a[i] - z * rad[i]);
        upper[i] = logistic::sigmoid(a[i] + z * rad[i]);
      } else {
        lower[i] = clamp01(score[i] - z * rad[i]), upper[i] = clamp01(score[i] + z * rad[i]);
      }
    }
  }
  if (out.score) std::copy(score, score + len, out.score + b0);
  if (out.lower) std::copy(lower, lower + len, out.lower + b0);
  if (out.upper) std::copy(upper, upper + len, out.upper + b0);
  if (!explain) return;

  // Per entity and factor, from the factor's masses again (the block is in
  // cache) and the entity's sums above.
  double mean_utility = 0;
  for (double u : s.level_utilities) mean_utility += u;
  mean_utility /= static_cast<double>(s.level_utilities.size());
  const double logit0 = K == ModelKind::logistic ? logistic_baseline_logit(p, F, s) : 0.0;
  for (std::int64_t i = 0; i < len; ++i) {
    const std::int64_t e = b0 + i;
    double* con = out.contributions ? out.contributions + e * std::int64_t(F) : nullptr;
    double* gains = out.gains ? out.gains + e * std::int64_t(F) : nullptr;
    double best_gain = -std::numeric_limits<double>::infinity();
    std::int32_t best = -1;
    const double sc = score[i];
    for (std::size_t f = 0; f < F; ++f) {
      const FactorMasses m = masses(ev, p, in, f, b0);
      const double w = p.weight[f], om = Fd * w;
      const double r = m.r[i] * m.decay, sraw = m.s[i] * m.raw;
      double contribution = kNaN, gain = kNaN;
      if constexpr (K == ModelKind::weighted_mean) {
        const double n = r + sraw, x = n > 0 ? r / n : 0.0;
        const double present = a[i] + (n > 0 ? 0.0 : w);
        const double sum = c[i] + w * ((r + 1) / (n + 1) - x);
        const bool rated = present > 0 && present >= min_present;
        if (sc == sc) contribution = w * x / a[i];
        if (sc == sc && rated) gain = sum / present - sc;
      } else if constexpr (K == ModelKind::bayesian_average) {
        const double n = a[i] + c[i] + s.prior_count;
        if (n > 0) contribution = om * (r - s.prior_mean * (r + sraw)) / n;
        gain = (a[i] + om + s.prior_count * s.prior_mean) / (n + om) - sc;
      } else if constexpr (K == ModelKind::wilson) {
        gain = wilson::interval_unchecked(a[i] + om, c[i], z).lower - sc;
      } else if constexpr (K == ModelKind::subjective_logic) {
        const double W = p.prior_weight[f], n = r + m.s[i] * m.decay + W;
        const double P = (r + p.base_rate[f] * W) / n;
        contribution = w * (P - p.base_rate[f]);
        gain = w * (1 - P) / (n + 1);
      } else if constexpr (K == ModelKind::logistic) {
        const double lw = s.logistic_weights[f], base = p.base_rate[f];
        const auto t = beta::cell_trust(r, m.s[i] * m.decay, base, p.prior_weight[f]);
        contribution = lw * (t.p - base) * logistic::secant_slope(a[i], logit0);
        gain = logistic::sigmoid_difference(a[i] + lw * t.gain, a[i]);
      } else {
        const double W = p.prior_weight[f],
                     k = static_cast<double>(in.settings.level_utilities.size());
        double total = 0, mean = 0;
        for (std::size_t l = 0; l < in.settings.level_utilities.size(); ++l) {
          const double cnt =
              in.levels[f * in.settings.level_utilities.size() + l][e] * m.decay + W / k;
          total += cnt;
          mean += s.level_utilities[l] * cnt;
        }
        const double E = mean / total;
        contribution = w * (E - mean_utility);
        gain = w * (s.level_utilities.back() - E) / (total + 1);
      }
      if (con) con[f] = contribution;
      if (gains) gains[f] = gain;
      const double lever = K == ModelKind::logistic ? s.logistic_weights[f] : w;
      if (lever > 0 && gain > best_gain) best_gain = gain, best = std::int32_t(f);
    }
    if (out.best_lever) out.best_lever[e] = best;
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
// The same blocks compiled for AVX2 and FMA (chosen at run time like the Beta
// kernel's path, kernel_isa(); TRUSTSCORE_KERNEL=portable caps it).
template <ModelKind K>
__attribute__((target("avx2,fma"))) void kind_block_avx2(const EvidenceColumns<double>& ev,
                                                         const KernelParams<double>& p,
                                                         const KindInputs& in, std::int64_t b0,
                                                         std::int64_t len,
                                                         const KernelOutput<double>& out) {
  kind_block<K>(ev, p, in, b0, len, out);
}
#endif

// Entities a block's length is padded to a multiple of: every SIMD width.
constexpr std::int64_t kKindPad = 8;

template <ModelKind K>
void kind_block_any_isa(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                        const KindInputs& in, std::int64_t b0, std::int64_t len,
                        const KernelOutput<double>& out) {
#if defined(TRUSTSCORE_KERNEL_X86)
  if (kernel_isa() != Isa::portable) return kind_block_avx2<K>(ev, p, in, b0, len, out);
#endif
  kind_block<K>(ev, p, in, b0, len, out);
}

// A block whose length is not a multiple of kKindPad (a store's last), copied
// and padded with empty entities: its entities then go through the loops'
// vector bodies like every other, not through scalar remainders (which may
// contract a * b + c into an FMA where the vector body does not, or back), so
// an entity's results never depend on where in a block it stands. Scoring
// chosen entities relies on it.
template <ModelKind K>
void kind_block_padded(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                       const KindInputs& in, std::int64_t b0, std::int64_t len,
                       const KernelOutput<double>& out) {
  const std::size_t F = ev.factors, k = in.settings.level_utilities.size();
  const std::int64_t n = (len + kKindPad - 1) / kKindPad * kKindPad;
  const std::size_t levels = K == ModelKind::dirichlet ? F * k : 0;
  std::vector<double> cells((2 * F + levels) * n, 0.0);
  std::vector<const double*> columns(2 * F + levels);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const double* from = c < F       ? ev.positive[c]
                         : c < 2 * F ? ev.negative[c - F]
                                     : in.levels[c - 2 * F];
    std::copy(from + b0, from + b0 + len, cells.begin() + std::int64_t(c) * n);
    columns[c] = cells.data() + std::int64_t(c) * n;
  }
  const EvidenceColumns<double> padded{n, F, columns.data(), columns.data() + F};
  KindInputs padded_in = in;
  if (levels) padded_in.levels = columns.data() + 2 * F;
  const bool explain = out.contributions || out.gains || out.best_lever;
  std::vector<double> rows(3 * n + (explain ? 2 * n * std::int64_t(F) : 0));
  std::vector<std::int32_t> best(out.best_lever ? n : 0);
  double* r = rows.data();
  const KernelOutput<double> to{r,
                                r + n,
                                r + 2 * n,
                                out.contributions ? r + 3 * n : nullptr,
                                out.gains ? r + 3 * n + n * std::int64_t(F) : nullptr,
                                out.best_lever ? best.data() : nullptr};
  kind_block_any_isa<K>(padded, p, padded_in, 0, n, to);
  const auto rows_of = [&](const double* from, double* into, std::int64_t width) {
    if (into) std::copy(from, from + len * width, into + b0 * width);
  };
  rows_of(to.score, out.score, 1);
  rows_of(to.lower, out.lower, 1);
  rows_of(to.upper, out.upper, 1);
  rows_of(to.contributions, out.contributions, std::int64_t(F));
  rows_of(to.gains, out.gains, std::int64_t(F));
  if (out.best_lever) std::copy(best.begin(), best.begin() + len, out.best_lever + b0);
}

template <ModelKind K>
void score_kind_blocks(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                       const KindInputs& in, const KernelOutput<double>& out, int threads) {
  parallel_chunks(ev.entities, threads, 32768, kKindBlock,
                  [&](std::int64_t begin, std::int64_t end) {
                    for (std::int64_t b = begin; b < end; b += kKindBlock) {
                      const std::int64_t len = std::min(kKindBlock, end - b);
                      if (len % kKindPad == 0)
                        kind_block_any_isa<K>(ev, p, in, b, len, out);
                      else
                        kind_block_padded<K>(ev, p, in, b, len, out);
                    }
                  });
}

}  // namespace detail

// Scores the store's columns with a kind other than beta into caller-owned
// outputs (any may be null); returns the baseline.
inline double score_kind(const EvidenceColumns<double>& ev, const KernelParams<double>& p,
                         const KindInputs& in, const KernelOutput<double>& out, int threads) {
  require(ev.entities >= 0 && ev.factors > 0, "no factors");
  require(in.negativity != nullptr, "negativity is null");
  switch (in.settings.kind) {
    case ModelKind::weighted_mean:
      detail::score_kind_blocks<ModelKind::weighted_mean>(ev, p, in, out, threads);
      break;
    case ModelKind::bayesian_average:
      detail::score_kind_blocks<ModelKind::bayesian_average>(ev, p, in, out, threads);
      break;
    case ModelKind::wilson:
      detail::score_kind_blocks<ModelKind::wilson>(ev, p, in, out, threads);
      break;
    case ModelKind::dirichlet:
      require(in.levels != nullptr,
              "dirichlet: the evidence store has no level counts for this model's levels");
      detail::score_kind_blocks<ModelKind::dirichlet>(ev, p, in, out, threads);
      break;
    case ModelKind::subjective_logic:
      detail::score_kind_blocks<ModelKind::subjective_logic>(ev, p, in, out, threads);
      break;
    case ModelKind::logistic:
      require(in.settings.logistic_weights.size() == ev.factors,
              "logistic: one weight per factor is needed");
      detail::score_kind_blocks<ModelKind::logistic>(ev, p, in, out, threads);
      break;
    case ModelKind::beta:
      fail(Status::internal, "score_kind: beta has its own kernel");
  }
  return detail::kind_baseline(p, ev.factors, in.settings);
}

}  // namespace v1
}  // namespace trustscore
