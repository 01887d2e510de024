// Scoring chosen entities of a store, by dense index or by id: a product
// reading a handful of scores out of millions per page view.
//
// The chosen entities' evidence is copied into columns of their own under the
// store's read lock (so a concurrent add is seen whole or not at all, and the
// lock is held for the copy only), then scored by the kernels that score the
// whole store. Each entity meets the same instructions there as in the whole
// store, so its results equal its row of scoring the whole store bit for bit.
// The one exception is handled here: the Beta kernel redoes a block of 512
// entities on its exact path when some entity of the block has evidence so
// large that the fast path could overflow; when the store's largest masses
// make that possible at all, each chosen entity is scored with its own block.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/score.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// Chosen entities' evidence in columns of their own: positive, negative,
// then (dirichlet) the levels, each `n` long. An index of -1 (an id the store
// does not hold) gathers as no evidence.
class GatheredEvidence {
 public:
  // Under the store's read lock.
  void gather(const EvidenceStore& store, const std::int64_t* entities, std::int64_t n) {
    n_ = n;
    factors_ = store.factor_count();
    const std::size_t k = store.level_utilities().size();
    const std::size_t columns = factors_ * (2 + k);
    // Columns start on cache lines (as the store's are, near enough).
    const std::size_t stride = (static_cast<std::size_t>(n) + 7) / 8 * 8;
    cells_.resize(columns * stride + 8);
    double* base = cells_.data();
    while (reinterpret_cast<std::uintptr_t>(base) % 64 != 0) ++base;
    pointers_.resize(columns);
    for (std::size_t c = 0; c < columns; ++c) {
      const std::size_t f = c < 2 * factors_ ? c % factors_ : (c - 2 * factors_) / k;
      const double* from = c < factors_       ? store.positive_column(f)
                           : c < 2 * factors_ ? store.negative_column(f)
                                              : store.level_column(f, (c - 2 * factors_) % k);
      double* to = base + c * stride;
      for (std::int64_t i = 0; i < n; ++i) to[i] = entities[i] < 0 ? 0.0 : from[entities[i]];
      pointers_[c] = to;
    }
  }
  EvidenceColumns<double> columns() const {
    return {n_, factors_, pointers_.data(), pointers_.data() + factors_};
  }
  const double* const* levels() const { return pointers_.data() + 2 * factors_; }

 private:
  std::int64_t n_ = 0;
  std::size_t factors_ = 0;
  std::vector<double> cells_;
  std::vector<const double*> pointers_;
};

// Whether no block of the store can fail the Beta fast path's guard (see
// kernel.hpp, guard_limits): each n (n + 1) of a cell is at most N (N + 1)
// with N = (largest r + s) d + W, and a group multiplies kGroup of them.
inline bool beta_guard_never_fails(const PreparedParams& pp, const EvidenceStore& store) {
  const auto limits = guard_limits(pp.view(), pp.factors);
  if (!limits.fast) return true;  // every block takes the exact path, gathered ones too
  // Each N (N + 1) at most the cube root of half the limit (one binade of
  // margin for the rounding of the products); NaN fails.
  static_assert(kGroup == 3, "the bound takes the cube root");
  const double most = std::cbrt(limits.hi * 0.5);
  for (std::size_t f = 0; f < pp.factors; ++f) {
    const double& d = pp.values[3 * pp.factors + f];
    const double N = store.max_cell_mass(f) * d + pp.values[2 * pp.factors + f];
    if (!(N * (N + 1) <= most)) return false;
  }
  return true;
}

// Beta scores of chosen entities each from its own block of the store, as
// scoring the whole store computes them. Under the store's read lock.
inline void score_with_own_blocks(const EvidenceStore& store, const PreparedParams& pp,
                                  const std::int64_t* entities, std::int64_t n,
                                  const KernelOutput<double>& out) {
  const std::size_t F = store.factor_count();
  const auto N = static_cast<std::int64_t>(store.entity_count());
  std::vector<double> score(kBlock), lower(kBlock), upper(kBlock);
  std::vector<double> con(kBlock * F), gains(kBlock * F);
  std::vector<std::int32_t> best(kBlock);
  std::vector<const double*> pointers(2 * F);
  std::vector<double> zeros(2 * F, 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t e = entities[i];
    const std::int64_t b0 = e < 0 ? 0 : e / kBlock * kBlock;
    const std::int64_t len = e < 0 ? 1 : std::min(kBlock, N - b0);
    for (std::size_t f = 0; f < F; ++f) {
      pointers[f] = e < 0 ? &zeros[f] : store.positive_column(f) + b0;
      pointers[F + f] = e < 0 ? &zeros[F + f] : store.negative_column(f) + b0;
    }
    const EvidenceColumns<double> ev{len, F, pointers.data(), pointers.data() + F};
    const KernelOutput<double> block{score.data(),
                                     lower.data(),
                                     upper.data(),
                                     out.contributions ? con.data() : nullptr,
                                     out.gains ? gains.data() : nullptr,
                                     out.best_lever ? best.data() : nullptr};
    score_range(ev, pp.view(), block, 0, len);
    const std::int64_t j = e < 0 ? 0 : e - b0;
    if (out.score) out.score[i] = score[j];
    if (out.lower) out.lower[i] = lower[j];
    if (out.upper) out.upper[i] = upper[j];
    if (out.best_lever) out.best_lever[i] = best[j];
    for (std::size_t f = 0; f < F; ++f) {
      if (out.contributions) out.contributions[i * std::int64_t(F) + f] = con[j * F + f];
      if (out.gains) out.gains[i * std::int64_t(F) + f] = gains[j * F + f];
    }
  }
}

// Scores entities[0..n) (-1: no evidence, allowed only when `unknown_ok`).
inline ScoreSummary score_chosen(const Model& model, const EvidenceStore& store,
                                 const std::int64_t* entities, std::int64_t n, bool unknown_ok,
                                 const ScoreOptions& options, const KernelOutput<double>& out) {
  require(n >= 0, "entity count is negative");
  require(n == 0 || entities != nullptr, "entities is null");
  // One scratch per thread, kept: a one-entity call allocates nothing.
  static thread_local GatheredEvidence gathered;
  std::vector<double> negativity;
  KindInputs in;
  PreparedParams pp;
  {
    const auto lock = store.read_lock();
    pp = prepare(model, store, options);
    if (model.kind() != ModelKind::beta) in = kind_inputs(model, store, negativity);
    const auto N = static_cast<std::int64_t>(store.entity_count());
    for (std::int64_t i = 0; i < n; ++i)
      if (!(entities[i] >= 0 && entities[i] < N) && !(unknown_ok && entities[i] == -1))
        fail(Status::invalid_argument, "entities[" + std::to_string(i) + "]: entity index " +
                                           std::to_string(entities[i]) + " out of range [0, " +
                                           std::to_string(N) + ")");
    if (model.kind() == ModelKind::beta && !beta_guard_never_fails(pp, store)) {
      score_with_own_blocks(store, pp, entities, n, out);
      return {pp.as_of, baseline(pp.view(), model.factor_count()), 0};
    }
    gathered.gather(store, entities, n);
  }
  if (model.kind() == ModelKind::dirichlet) in.levels = gathered.levels();
  const double base = score_columns(model, gathered.columns(), pp, in, out, options.threads);
  return {pp.as_of, base, 0};
}

}  // namespace detail

// Scores the entities at dense indices entities[0..count) into caller-owned
// arrays of `count` rows (contributions and gains: count x factor count):
// row i is entities[i]'s, equal bit for bit to its row of score_into. An
// index may repeat; one outside [0, entity_count()) is an error.
inline ScoreSummary score_entities_into(const Model& model, const EvidenceStore& store,
                                        const std::int64_t* entities, std::int64_t count,
                                        const ScoreOptions& options,
                                        const KernelOutput<double>& out) {
  return detail::score_chosen(model, store, entities, count, false, options, out);
}

// The same by id. An id the store does not hold is a new entity, not an
// error: it scores as an entity without evidence (the baseline, the widest
// interval), the summary counts it in `unknown`, and index_out (when not
// null, `count` long) gets -1 for it and every other id's dense index.
template <class StringLike>
ScoreSummary score_ids_into(const Model& model, const EvidenceStore& store, const StringLike* ids,
                            std::int64_t count, const ScoreOptions& options,
                            const KernelOutput<double>& out, std::int64_t* index_out = nullptr) {
  require(count >= 0, "entity count is negative");
  require(count == 0 || ids != nullptr, "entity ids are null");
  std::vector<std::int64_t> own(index_out ? 0 : static_cast<std::size_t>(count));
  std::int64_t* index = index_out ? index_out : own.data();
  const std::int64_t unknown = store.find_entities(ids, count, index);
  // Entities are never dropped, so the indices stay valid for the score below.
  ScoreSummary summary = detail::score_chosen(model, store, index, count, true, options, out);
  summary.unknown = unknown;
  return summary;
}

namespace detail {
inline Scores chosen_scores(std::size_t n, std::size_t factors, const ScoreOptions& options,
                            KernelOutput<double>& out) {
  Scores s;
  s.entities = n;
  s.factors = factors;
  s.score.resize(n);
  s.lower.resize(n);
  s.upper.resize(n);
  out = {s.score.data(), s.lower.data(), s.upper.data()};
  if (options.explain) {
    s.contributions.resize(n * factors);
    s.gains.resize(n * factors);
    s.best_lever.resize(n);
    out.contributions = s.contributions.data();
    out.gains = s.gains.data();
    out.best_lever = s.best_lever.data();
  }
  return s;
}
}  // namespace detail

// Owned results of score_entities_into (explanations when options.explain).
inline Scores score_entities(const Model& model, const EvidenceStore& store,
                             const std::vector<std::int64_t>& entities,
                             const ScoreOptions& options = {}) {
  KernelOutput<double> out;
  Scores s = detail::chosen_scores(entities.size(), store.factor_count(), options, out);
  static_cast<ScoreSummary&>(s) = score_entities_into(
      model, store, entities.data(), static_cast<std::int64_t>(entities.size()), options, out);
  return s;
}

// Owned results of score_ids_into; s.unknown counts the ids not held.
inline Scores score_ids(const Model& model, const EvidenceStore& store,
                        const std::vector<std::string>& ids, const ScoreOptions& options = {}) {
  KernelOutput<double> out;
  Scores s = detail::chosen_scores(ids.size(), store.factor_count(), options, out);
  static_cast<ScoreSummary&>(s) =
      score_ids_into(model, store, ids.data(), static_cast<std::int64_t>(ids.size()), options, out);
  return s;
}

}  // namespace v1
}  // namespace trustscore
