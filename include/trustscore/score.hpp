// Scoring a whole evidence store with a model: builds the kernel parameters
// from the model's profile and the store's decay, runs the kernel, and returns
// owned result arrays. Callers who own their output memory use score_into.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "trustscore/evidence.hpp"
#include "trustscore/kernel.hpp"
#include "trustscore/kinds/store_kinds.hpp"
#include "trustscore/model.hpp"
#include "trustscore/stats.hpp"
#include "trustscore/time.hpp"

namespace trustscore {
inline namespace v1 {

struct ScoreOptions {
  std::string profile;                                      // empty: the model's default profile
  double as_of = std::numeric_limits<double>::quiet_NaN();  // NaN: store's latest time
  double confidence = 0.95;                                 // of the interval
  bool explain = false;                                     // contributions and gains
  int threads = 0;                                          // 0: all cores
};

// Kernel parameters with the memory they point into: the four per-factor
// arrays share one allocation (small calls are dominated by allocations).
struct PreparedParams {
  std::size_t factors = 0;
  std::vector<double> values;  // weight, base rate, prior weight, decay; each `factors` long
  double z = 0;
  double as_of = 0;
  double* weight() { return values.data(); }
  double* base_rate() { return values.data() + factors; }
  double* prior_weight() { return values.data() + 2 * factors; }
  double* decay() { return values.data() + 3 * factors; }
  KernelParams<double> view() const {
    const double* v = values.data();
    return {v, v + factors, v + 2 * factors, v + 3 * factors, z};
  }
};

inline PreparedParams prepare(const Model& model, const EvidenceStore& store,
                              const ScoreOptions& options) {
  if (model.factors() != store.factors())
    fail(Status::invalid_argument,
         "the model's factors differ from the evidence store's (same ids in the same order "
         "are required)");
  const Profile& profile =
      options.profile.empty() ? model.profile() : model.profile(options.profile);
  require(!std::isinf(options.as_of), "as-of time is infinite");
  // The store sums each cell's evidence over time, so it cannot leave out
  // signals newer than as_of: decayed "backwards" they would count more than
  // their weight. Such a score would look valid and be wrong: refuse it.
  if (options.as_of < store.latest_time())
    fail(Status::invalid_argument,
         "as-of time " + format_time(options.as_of) + " is before the newest signal (" +
             format_time(store.latest_time()) +
             "): evidence is summed over time and later signals cannot be left out; score as "
             "of the newest signal or later, or from a store of the signals up to that time");
  PreparedParams pp;
  pp.z = two_sided_z(options.confidence);
  pp.as_of = std::isnan(options.as_of) ? store.latest_time() : options.as_of;
  const std::size_t F = model.factor_count();
  pp.factors = F;
  pp.values.resize(4 * F);
  double total = 0;
  for (double w : profile.weights) total += w;
  for (std::size_t f = 0; f < model.factor_count(); ++f) {
    const FactorParams& fp = model.params(f);
    pp.weight()[f] = profile.weights[f] / total;
    pp.base_rate()[f] = fp.base_rate;
    pp.prior_weight()[f] = fp.prior_weight;
    // as_of >= the newest signal >= the reference time: d <= 1, no overflow.
    pp.decay()[f] = std::isnan(pp.as_of) ? 1.0 : store.decay(f, pp.as_of);
  }
  return pp;
}

// The store's columns as the kernel reads them; `pointers` holds the column
// addresses (positive columns, then negative ones).
inline EvidenceColumns<double> columns(const EvidenceStore& store,
                                       std::vector<const double*>& pointers) {
  const std::size_t F = store.factor_count();
  pointers.resize(2 * F);
  for (std::size_t f = 0; f < F; ++f) {
    pointers[f] = store.positive_column(f);
    pointers[F + f] = store.negative_column(f);
  }
  return {static_cast<std::int64_t>(store.entity_count()), F, pointers.data(), pointers.data() + F};
}

// What a score call computed besides the per-entity arrays.
struct ScoreSummary {
  double as_of = 0;          // the time scores are computed at (NaN for an empty store)
  double baseline = 0;       // the score of an entity with no evidence
  std::int64_t unknown = 0;  // chosen entities by id: how many ids the store does not hold
};

namespace detail {

// The kinds' inputs besides the columns: settings and negativity (held in
// `negativity`); the caller points `levels` at the level columns for dirichlet.
inline KindInputs kind_inputs(const Model& model, const EvidenceStore& store,
                              std::vector<double>& negativity) {
  const std::size_t F = model.factor_count();
  KindInputs in;
  in.settings = model.settings();
  negativity.resize(F);
  for (std::size_t f = 0; f < F; ++f) negativity[f] = store.negativity(f);
  in.negativity = negativity.data();
  if (model.kind() == ModelKind::dirichlet &&
      store.level_utilities() != in.settings.level_utilities)
    fail(Status::invalid_argument,
         "dirichlet: the evidence store does not count this model's rating levels; build the "
         "store from the dirichlet model (with the same level utilities) before adding "
         "signals");
  return in;
}

// Scores columns of evidence (the store's or chosen entities' gathered ones)
// with the model's kind.
inline double score_columns(const Model& model, const EvidenceColumns<double>& ev,
                            const PreparedParams& pp, KindInputs& in,
                            const KernelOutput<double>& out, int threads) {
  if (model.kind() == ModelKind::beta) {
    score_batch(ev, pp.view(), out, KernelOptions{threads});
    return baseline(pp.view(), model.factor_count());
  }
  return score_kind(ev, pp.view(), in, out, threads);
}

// score_into's work, with the store's read lock held by the caller.
inline ScoreSummary score_held(const Model& model, const EvidenceStore& store,
                               const ScoreOptions& options, const KernelOutput<double>& out) {
  const PreparedParams pp = prepare(model, store, options);
  std::vector<const double*> pointers;
  std::vector<double> negativity;
  KindInputs in;
  std::vector<const double*> levels;
  if (model.kind() != ModelKind::beta) {
    in = kind_inputs(model, store, negativity);
    if (model.kind() == ModelKind::dirichlet) {
      for (std::size_t f = 0; f < model.factor_count(); ++f)
        for (std::size_t l = 0; l < store.level_utilities().size(); ++l)
          levels.push_back(store.level_column(f, l));
      in.levels = levels.data();
    }
  }
  const double base = score_columns(model, columns(store, pointers), pp, in, out, options.threads);
  return {pp.as_of, base};
}

}  // namespace detail

// Scores every entity of the store into caller-owned arrays (sizes: entity
// count, or entity count x factor count for contributions and gains). Holds
// the store's read lock throughout: writers wait until it returns. A store
// that grows meanwhile is a race on the arrays' size: callers that add while
// scoring take read_lock() themselves, size the arrays, and call
// detail::score_held (as the C ABI does), or score chosen entities.
inline ScoreSummary score_into(const Model& model, const EvidenceStore& store,
                               const ScoreOptions& options, const KernelOutput<double>& out) {
  const auto lock = store.read_lock();
  return detail::score_held(model, store, options, out);
}

// Total evidence (r + s, decayed to as_of; NaN: the store's newest signal) of
// every entity: how much its score rests on, e.g. for a "not rated" rule.
inline std::vector<double> evidence_totals(const EvidenceStore& store, double as_of) {
  const std::size_t n = store.entity_count();
  const auto lock = store.read_lock();
  std::vector<double> total(n, 0.0);  // entities added since n was read are left out
  if (n == 0) return total;
  if (std::isnan(as_of)) as_of = store.latest_time();
  for (std::size_t f = 0; f < store.factor_count(); ++f) {
    const double d = store.decay(f, as_of);
    const double* r = store.positive_column(f);
    const double* s = store.negative_column(f);
    for (std::size_t e = 0; e < n; ++e) total[e] += (r[e] + s[e]) * d;
  }
  return total;
}

struct Scores : ScoreSummary {
  std::size_t entities = 0, factors = 0;
  std::vector<double> score, lower, upper;
  std::vector<double> contributions, gains;  // entities x factors, when explained
  std::vector<std::int32_t> best_lever;      // when explained
};

inline Scores score(const Model& model, const EvidenceStore& store,
                    const ScoreOptions& options = {}) {
  const auto lock = store.read_lock();  // the sizes below hold until scored
  Scores s;
  s.entities = store.entity_count();
  s.factors = store.factor_count();
  s.score.resize(s.entities);
  s.lower.resize(s.entities);
  s.upper.resize(s.entities);
  KernelOutput<double> out{s.score.data(), s.lower.data(), s.upper.data()};
  if (options.explain) {
    s.contributions.resize(s.entities * s.factors);
    s.gains.resize(s.entities * s.factors);
    s.best_lever.resize(s.entities);
    out.contributions = s.contributions.data();
    out.gains = s.gains.data();
    out.best_lever = s.best_lever.data();
  }
  static_cast<ScoreSummary&>(s) = detail::score_held(model, store, options, out);
  return s;
}

}  // namespace v1
}  // namespace trustscore
