// The evidence store: positive mass r and negative mass s per (entity, factor),
// kept in one column per factor so the scoring kernel streams through memory.
//
// Decay. A signal of strength w at time t counts w * 2^(-(T - t)/h) at time T,
// with h the factor's half-life. Masses are stored as of a common reference
// time T0, so a signal adds w * 2^((t - T0)/h) and a score as of T multiplies
// by 2^(-(T - T0)/h). The sum does not depend on arrival order (only on
// floating-point rounding). When a newer signal would make 2^((t - T0)/h)
// exceed 2^64, the store rebases: T0 moves to that time and every column is
// scaled down once, so long time spans never overflow.
//
// Rating levels. A store built from a dirichlet model also counts, per factor
// and level, the (decayed) weight of signals at that level: the level whose
// utility is nearest the signal's value. Other stores keep no level columns.
//
// Retraction. Each cell also counts its signals, so a retraction that takes
// back a cell's last signal leaves it exactly empty (a factor with no evidence
// for weighted_mean, not one with a rounding residue); otherwise the masses
// left carry the rounding of the subtraction (relative to the masses taken).
//
// Concurrency: any number of threads may add, retract and score at once
// (writers and readers of a reader-writer lock). A reader sees each signal
// whole; add() applies a batch in chunks of kAddChunk signals, so a reader may
// see a prefix of a batch's chunks. Failed validation changes nothing. Entity
// indices are only appended. Raw column accessors need read_lock(). The whole
// contract: docs/design/concurrency.md.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/detail/huge_pages.hpp"
#include "trustscore/detail/lazy_id_index.hpp"
#include "trustscore/detail/rw_lock.hpp"
#include "trustscore/detail/signal_checks.hpp"
#include "trustscore/error.hpp"
#include "trustscore/model.hpp"
#include "trustscore/signal.hpp"
#include "trustscore/time.hpp"

namespace trustscore {
inline namespace v1 {

namespace persist {
struct StoreAccess;  // saving and loading (src/persist) read and rebuild the whole state
}

class EvidenceStore {
  friend struct persist::StoreAccess;

 public:
  // Largest base-2 exponent a stored mass may carry relative to its signal.
  static constexpr double max_decay_exponent = 64.0;
  // Signals add() applies under one hold of the writer lock (readers wait at
  // most this many).
  static constexpr std::int64_t kAddChunk = 256;
  // A cell's signal count when it is not known (a store loaded from a file
  // written before counts were kept, or a count past 2^32 - 2).
  static constexpr std::uint32_t kUnknownCount = 0xFFFFFFFFu;

  using ReadLock = std::shared_lock<detail::RwLock>;

  // The store takes the model's factors, half-lives and negativity; later
  // changes to the model do not change evidence already ingested.
  explicit EvidenceStore(const Model& model)
      : catalog_(model.factors()),
        r_(model.factor_count()),
        s_(model.factor_count()),
        n_(model.factor_count()),
        max_mass_(model.factor_count(), 0.0) {
    for (const FactorParams& p : model.all_params()) {
      half_life_s_.push_back(p.half_life_days * seconds_per_day);
      negativity_.push_back(p.negativity);
    }
    if (model.kind() == ModelKind::dirichlet) {
      level_utilities_ = model.settings().level_utilities;
      levels_.resize(model.factor_count() * level_utilities_.size());
    }
  }
  // Copies and moves hold the source's lock (readers of it may run meanwhile).
  EvidenceStore(const EvidenceStore& o) { copy_from(o, o.read_lock()); }
  EvidenceStore(EvidenceStore&& o) noexcept { move_from(o); }
  EvidenceStore& operator=(const EvidenceStore& o) {
    if (this != &o) {
      const ReadLock theirs = o.read_lock();
      std::unique_lock<detail::RwLock> mine(lock_);
      copy_from(o, theirs);
    }
    return *this;
  }
  EvidenceStore& operator=(EvidenceStore&& o) noexcept {
    if (this != &o) {
      std::unique_lock<detail::RwLock> mine(lock_);
      move_from(o);
    }
    return *this;
  }

  // Holds the store shared: no writer changes it until the lock is released.
  // Not reentrant: a thread holding it must not call the store's writers or
  // take it again (a waiting writer would block the second hold).
  ReadLock read_lock() const { return ReadLock(lock_); }

  std::size_t entity_count() const noexcept { return entities_.load(std::memory_order_acquire); }
  std::size_t factor_count() const noexcept { return catalog_.size(); }
  const FactorCatalog& factors() const noexcept { return catalog_; }
  double half_life_seconds(std::size_t f) const { return half_life_s_.at(f); }
  double negativity(std::size_t f) const { return negativity_.at(f); }
  // Utilities of the rating levels counted (empty: no level columns).
  const std::vector<double>& level_utilities() const noexcept { return level_utilities_; }

  std::string entity_id(std::size_t e) const {
    const ReadLock lock = read_lock();
    if (e >= ids_.size())
      fail(Status::invalid_argument, "entity index " + std::to_string(e) + " out of range");
    return ids_[e];
  }
  // Not synchronised: hold read_lock() (a writer may add ids meanwhile).
  const std::vector<std::string>& entity_ids() const noexcept { return ids_; }
  // Dense index of an entity id, or -1.
  std::int64_t find_entity(std::string_view id) const {
    const ReadLock lock = read_lock();
    return find_held(id);
  }
  // Dense indices of n ids (-1 for an id the store does not hold) under one
  // hold of the lock; returns how many were unknown.
  template <class StringLike>
  std::int64_t find_entities(const StringLike* ids, std::int64_t n, std::int64_t* out) const {
    require(n >= 0, "entity count is negative");
    require(n == 0 || (ids != nullptr && out != nullptr), "entity ids or output is null");
    const ReadLock lock = read_lock();
    std::int64_t unknown = 0;
    for (std::int64_t i = 0; i < n; ++i) unknown += (out[i] = find_held(ids[i])) < 0;
    return unknown;
  }
  // Index of id, adding an entity with no evidence when it is new.
  std::int64_t add_entity(std::string_view id) {
    require(!id.empty(), "entity id is empty");
    std::unique_lock<detail::RwLock> lock(lock_);
    return add_entity_held(id);
  }

  // Reference time T0 of the stored masses; NaN while the store is empty.
  double reference_time() const noexcept { return t0_.load(std::memory_order_acquire); }
  // Newest signal time seen; NaN while the store is empty. Scores default to it.
  double latest_time() const noexcept { return latest_.load(std::memory_order_acquire); }
  std::int64_t signal_count() const noexcept { return signals_.load(std::memory_order_acquire); }
  // Signals held by one cell (-1 when not known: see kUnknownCount).
  std::int64_t cell_signal_count(std::size_t e, std::size_t f) const {
    const ReadLock lock = read_lock();
    const std::uint32_t c = n_.at(f).at(e);
    return c == kUnknownCount ? -1 : std::int64_t(c);
  }

  // Columns as of reference_time() (not yet decayed to any score time). Not
  // synchronised: hold read_lock() while reading them.
  const double* positive_column(std::size_t f) const { return r_.at(f).data(); }
  const double* negative_column(std::size_t f) const { return s_.at(f).data(); }
  // Weight of factor f's signals at level l, as of reference_time().
  const double* level_column(std::size_t f, std::size_t l) const {
    require(l < level_utilities_.size(), "level index out of range (or the store has no levels)");
    return levels_.at(f * level_utilities_.size() + l).data();
  }
  // Largest r + s of any cell of factor f, as of reference_time() (an upper
  // bound: retraction does not lower it). Not synchronised, as the columns.
  double max_cell_mass(std::size_t f) const { return max_mass_.at(f); }

  // Multiplier taking factor f's masses from reference_time() to as_of.
  double decay(std::size_t f, double as_of) const {
    const double t0 = reference_time();
    if (std::isnan(t0)) return 1.0;
    return std::exp2(-(as_of - t0) / half_life_s_.at(f));
  }
  double positive_mass(std::size_t e, std::size_t f, double as_of) const {
    const ReadLock lock = read_lock();
    return r_.at(f).at(e) * decay(f, as_of);
  }
  double negative_mass(std::size_t e, std::size_t f, double as_of) const {
    const ReadLock lock = read_lock();
    return s_.at(f).at(e) * decay(f, as_of);
  }

  // Adds signals whose entities are dense indices already in the store.
  // All signals are checked before any is applied: on error nothing changes.
  void add(const SignalBatch& batch, const IngestOptions& options = {}) {
    validate(batch, options, /*check_entities=*/true);
    add_checked(batch, options);
  }

  // Adds signals whose entities are given by id (ids[i] for signal i); new
  // ids become new entities. batch.entity is ignored. All or nothing.
  template <class StringLike>
  void add(const StringLike* ids, const SignalBatch& batch, const IngestOptions& options = {}) {
    require(batch.size == 0 || ids != nullptr, "entity ids are null");
    validate(batch, options, /*check_entities=*/false);
    detail::check_ids(ids, batch.size);
    const double default_time = detail::resolve_default_time(options);
    const double newest = newest_time(batch, default_time);
    std::int64_t dense[kAddChunk];
    for (std::int64_t b = 0; b < batch.size; b += kAddChunk) {
      const std::int64_t end = std::min(batch.size, b + kAddChunk);
      bool all_known = true;
      {  // most ids are known: look them up shared, so readers go on
        const ReadLock lock = read_lock();
        for (std::int64_t i = b; i < end; ++i) all_known &= (dense[i - b] = find_held(ids[i])) >= 0;
      }
      if (!all_known) {
        std::unique_lock<detail::RwLock> lock(lock_);
        for (std::int64_t i = b; i < end; ++i)
          if (dense[i - b] < 0) dense[i - b] = add_entity_held(ids[i]);
      }
      add_chunk(batch, dense, b, end, default_time, newest);
    }
  }

  // Adds signals whose entities are codes into a table of ids: signal i is
  // about ids[codes[i]] (a pandas categorical, or what the CSV reader keeps).
  // Each id of the table is looked up once, not once per signal; ids no
  // signal uses are not added. New ids become new entities, in the order
  // add() by id would give them. All or nothing.
  template <class StringLike>
  void add_coded(const StringLike* ids, std::int64_t id_count, const std::int64_t* codes,
                 const SignalBatch& batch, const IngestOptions& options = {}) {
    require(id_count >= 0, "id count is negative");
    require(batch.size == 0 || (ids != nullptr && codes != nullptr),
            "entity ids or codes are null");
    validate(batch, options, /*check_entities=*/false);
    std::vector<std::int64_t> dense = detail::check_codes(ids, id_count, codes, batch.size);
    std::int64_t unknown = 0;
    {  // most ids are known: look them up shared, so readers go on
      const ReadLock lock = read_lock();
      for (std::int64_t c = 0; c < id_count; ++c) {
        const std::int64_t e = dense[c] != -2 || ids_.empty() ? -1 : find_held(ids[c]);
        unknown += dense[c] == -2 && e < 0;
        if (e >= 0) dense[c] = e;
      }
    }
    if (unknown > 0) {  // new entities in order of first use, as add() by id gives them
      std::unique_lock<detail::RwLock> lock(lock_);
      reserve_entities_held(ids_.size() + std::size_t(unknown));
      for (std::int64_t i = 0; i < batch.size; ++i)
        if (dense[codes[i]] == -2) dense[codes[i]] = add_entity_held(ids[codes[i]]);
    }
    std::vector<std::int64_t> entity(static_cast<std::size_t>(batch.size));
    for (std::int64_t i = 0; i < batch.size; ++i) entity[i] = dense[codes[i]];
    SignalBatch resolved = batch;
    resolved.entity = entity.data();
    add_checked(resolved, options);
  }

  // Takes back signals added before, given with the fields they were added
  // with (entity, factor, value, weight, time, credibility): the store then
  // scores as the store that never had them, up to rounding. Every signal
  // needs its time (or options.default_time): its mass depends on it. Each is
  // checked against what its cell holds (a signal count, masses no smaller
  // than it takes, up to rounding): the store keeps sums, so it cannot tell
  // which signals made them. All or nothing: on error nothing changes.
  void retract(const SignalBatch& batch, const IngestOptions& options = {}) {
    validate(batch, options, /*check_entities=*/true);
    check_retraction_times(batch, options);
    std::unique_lock<detail::RwLock> lock(lock_);
    retract_held<const char*>(batch, batch.entity, options, nullptr);
  }
  // The same by entity id; an id the store does not hold is an error.
  template <class StringLike>
  void retract(const StringLike* ids, const SignalBatch& batch, const IngestOptions& options = {}) {
    require(batch.size == 0 || ids != nullptr, "entity ids are null");
    validate(batch, options, /*check_entities=*/false);
    detail::check_ids(ids, batch.size);
    check_retraction_times(batch, options);
    std::vector<std::int64_t> dense(static_cast<std::size_t>(batch.size));
    std::unique_lock<detail::RwLock> lock(lock_);
    for (std::int64_t i = 0; i < batch.size; ++i)
      if ((dense[i] = find_held(ids[i])) < 0)
        fail(Status::invalid_argument, "signal " + std::to_string(i) + ": entity '" +
                                           std::string(std::string_view(ids[i])) +
                                           "' is not in the store");
    retract_held(batch, dense.data(), options, ids);
  }

  // Removes every signal of entity e (all factors); the entity keeps its
  // index, with no evidence. Returns the signals removed (cells whose count
  // is unknown count 0).
  std::int64_t remove_entity(std::int64_t e) {
    std::unique_lock<detail::RwLock> lock(lock_);
    if (!(e >= 0 && e < std::int64_t(ids_.size())))
      fail(Status::invalid_argument, "entity index " + std::to_string(e) + " out of range [0, " +
                                         std::to_string(ids_.size()) + ")");
    std::int64_t removed = 0;
    const auto k = level_utilities_.size();
    for (std::size_t f = 0; f < r_.size(); ++f) {
      const std::uint32_t c = n_[f][e];
      removed += c == kUnknownCount ? 0 : c;
      r_[f][e] = s_[f][e] = 0.0;
      n_[f][e] = 0;
      for (std::size_t l = 0; l < k; ++l) levels_[f * k + l][e] = 0.0;
    }
    signals_.fetch_sub(removed, std::memory_order_acq_rel);
    return removed;
  }
  // The same by id; an id the store does not hold is an error.
  std::int64_t remove_entity(std::string_view id) {
    const std::int64_t e = find_entity(id);
    if (e < 0)
      fail(Status::invalid_argument, "entity '" + std::string(id) + "' is not in the store");
    return remove_entity(e);  // entities are never dropped: the index stays valid
  }

  // Moves the reference time to t, scaling every column; exact up to rounding.
  void rebase(double t) {
    require(std::isfinite(t), "rebase time must be finite");
    std::unique_lock<detail::RwLock> lock(lock_);
    rebase_held(t);
  }

 private:
  void copy_from(const EvidenceStore& o, const ReadLock&) {
    catalog_ = o.catalog_, half_life_s_ = o.half_life_s_, negativity_ = o.negativity_;
    ids_ = o.ids_, index_ = o.index_, r_ = o.r_, s_ = o.s_, n_ = o.n_;
    max_mass_ = o.max_mass_, level_utilities_ = o.level_utilities_, levels_ = o.levels_;
    copy_scalars(o);
  }
  void move_from(EvidenceStore& o) noexcept {
    std::unique_lock<detail::RwLock> theirs(o.lock_);
    catalog_ = std::move(o.catalog_), half_life_s_ = std::move(o.half_life_s_);
    negativity_ = std::move(o.negativity_), ids_ = std::move(o.ids_);
    index_ = std::move(o.index_), r_ = std::move(o.r_), s_ = std::move(o.s_);
    n_ = std::move(o.n_), max_mass_ = std::move(o.max_mass_);
    level_utilities_ = std::move(o.level_utilities_), levels_ = std::move(o.levels_);
    copy_scalars(o);
  }
  void copy_scalars(const EvidenceStore& o) {
    entities_.store(o.entities_.load()), t0_.store(o.t0_.load());
    latest_.store(o.latest_.load()), signals_.store(o.signals_.load());
  }

  std::int64_t find_held(std::string_view id) const { return index_.find(ids_, id); }

  // Room for n entities in every column (many new ones at once: no copy per doubling).
  void reserve_entities_held(std::size_t n) {
    const auto grow = [n](auto& v) {
      detail::reserve_huge(v, std::max(n, std::min(2 * v.capacity(), 4 * n)));
    };
    grow(ids_);
    for (std::size_t f = 0; f < r_.size(); ++f) grow(r_[f]), grow(s_[f]), grow(n_[f]);
    for (auto& column : levels_) grow(column);
    index_.reserve(ids_, n);
  }

  std::int64_t add_entity_held(std::string_view id) {
    const std::int64_t known = index_.find(ids_, id);
    if (known >= 0) return known;
    index_.reserve(ids_, ids_.size() + 1);  // added() then allocates nothing: cannot throw
    ids_.emplace_back(id);
    index_.added(ids_);
    for (std::size_t f = 0; f < r_.size(); ++f) {
      r_[f].push_back(0.0);
      s_[f].push_back(0.0);
      n_[f].push_back(0);
    }
    for (auto& column : levels_) column.push_back(0.0);
    entities_.store(ids_.size(), std::memory_order_release);
    return static_cast<std::int64_t>(ids_.size()) - 1;
  }

  // Entities are only appended: a count read now stays a valid bound.
  void validate(const SignalBatch& b, const IngestOptions& options, bool check_entities) const {
    detail::validate_signals(b, options, check_entities, std::int64_t(entity_count()),
                             static_cast<std::int32_t>(catalog_.size()));
  }
  static void check_retraction_times(const SignalBatch& b, const IngestOptions& options) {
    detail::check_retraction_times(b, options);
  }

  // What signal i adds to its cell as of the reference time t0.
  struct Delta {
    double r, s, level;
  };
  Delta delta(const SignalBatch& b, std::int64_t i, double default_time, double t0) const {
    const auto f = static_cast<std::size_t>(b.factor[i]);
    double w = b.weight ? b.weight[i] : 1.0;
    if (b.credibility) w *= b.credibility[i];
    w *= std::exp2((detail::time_of(b, i, default_time) - t0) / half_life_s_[f]);
    return {w * b.value[i], w * (1.0 - b.value[i]) * negativity_[f], w};
  }

  // add() of a batch already validated, with dense entities.
  void add_checked(const SignalBatch& batch, const IngestOptions& options) {
    const double default_time = detail::resolve_default_time(options);
    const double newest = newest_time(batch, default_time);
    for (std::int64_t b = 0; b < batch.size; b += kAddChunk)
      add_chunk(batch, batch.entity + b, b, std::min(batch.size, b + kAddChunk), default_time,
                newest);
  }

  static double newest_time(const SignalBatch& b, double default_time) {
    double newest = -std::numeric_limits<double>::infinity();
    for (std::int64_t i = 0; i < b.size; ++i)
      newest = std::max(newest, detail::time_of(b, i, default_time));
    return newest;
  }

  // Signals [begin, end) of b, entity[i - begin] for signal i, under one hold
  // of the writer lock. The masses are computed before it is taken (from the
  // reference time then, redone in the rare case a rebase came between). A
  // rebase goes to the batch's newest time (`newest`), as when a batch was
  // applied whole, so chunking changes no stored value.
  void add_chunk(const SignalBatch& b, const std::int64_t* entity, std::int64_t begin,
                 std::int64_t end, double default_time, double batch_newest) {
    if (begin == end) return;
    double newest = -std::numeric_limits<double>::infinity();
    for (std::int64_t i = begin; i < end; ++i)
      newest = std::max(newest, detail::time_of(b, i, default_time));
    Delta deltas[kAddChunk];
    double t0 = reference_time();
    const auto compute = [&] {
      for (std::int64_t i = begin; i < end; ++i) deltas[i - begin] = delta(b, i, default_time, t0);
    };
    {
      // The chunk's cells are random: fetched under the writer lock, their
      // cache misses made most of its hold (readers waited for them). Ask
      // for them now (the addresses need the shared lock: a new entity may
      // move the columns); they arrive while the masses are computed.
      const ReadLock shared = read_lock();
      for (std::int64_t i = begin; i < end; ++i) {
        const auto f = static_cast<std::size_t>(b.factor[i]);
        const auto e = static_cast<std::size_t>(entity[i - begin]);
        prefetch(&r_[f][e]), prefetch(&s_[f][e]), prefetch(&n_[f][e]);
      }
    }
    if (!std::isnan(t0) && !needs_rebase(batch_newest, t0)) compute();
    std::unique_lock<detail::RwLock> lock(lock_);
    if (std::isnan(t0_.load()) || needs_rebase(batch_newest, t0_.load())) rebase_held(batch_newest);
    if (t0 != t0_.load()) {
      t0 = t0_.load();
      compute();
    }
    const double latest = latest_.load();
    latest_.store(std::isnan(latest) ? newest : std::max(latest, newest));
    const std::size_t k = level_utilities_.size();
    for (std::int64_t i = begin; i < end; ++i) {
      const auto f = static_cast<std::size_t>(b.factor[i]);
      const auto e = static_cast<std::size_t>(entity[i - begin]);
      const Delta& d = deltas[i - begin];
      const double r = r_[f][e] += d.r;
      const double s = s_[f][e] += d.s;
      max_mass_[f] = std::max(max_mass_[f], r + s);
      std::uint32_t& c = n_[f][e];
      c += c != kUnknownCount;  // a count that would reach the sentinel becomes unknown
      if (k) levels_[f * k + nearest_level(level_utilities_, b.value[i])][e] += d.level;
    }
    signals_.fetch_add(end - begin, std::memory_order_acq_rel);
  }

  // Under the writer lock. On error every cell is restored (an undo log of
  // the old values), so the store is as before, bit for bit.
  template <class StringLike = const char*>
  void retract_held(const SignalBatch& b, const std::int64_t* entity, const IngestOptions& options,
                    const StringLike* ids) {
    if (b.size == 0) return;
    std::vector<std::pair<double*, double>> old_masses;
    std::vector<std::pair<std::uint32_t*, std::uint32_t>> old_counts;
    const auto undo = [&] {
      for (auto it = old_masses.rbegin(); it != old_masses.rend(); ++it) *it->first = it->second;
      for (auto it = old_counts.rbegin(); it != old_counts.rend(); ++it) *it->first = it->second;
    };
    const double t0 = t0_.load(), latest = latest_.load();
    const std::size_t k = level_utilities_.size();
    old_masses.reserve(static_cast<std::size_t>(b.size) * (k ? 3 : 2));
    old_counts.reserve(static_cast<std::size_t>(b.size));
    for (std::int64_t i = 0; i < b.size; ++i) {
      const auto f = static_cast<std::size_t>(b.factor[i]);
      const auto e = static_cast<std::size_t>(entity[i]);
      // The loop's body is too long for the processor to overlap one
      // signal's cache misses with the next ones' (a retraction of random
      // cells ran at a tenth of add's speed): ask for the cells ahead.
      if (i + kRetractAhead < b.size) {
        const auto fa = static_cast<std::size_t>(b.factor[i + kRetractAhead]);
        const auto ea = static_cast<std::size_t>(entity[i + kRetractAhead]);
        prefetch(&n_[fa][ea]), prefetch(&r_[fa][ea]), prefetch(&s_[fa][ea]);
      }
      const auto at = [&] {
        return "signal " + std::to_string(i) + " (entity '" +
               (ids ? std::string(std::string_view(ids[i])) : ids_[e]) + "', factor '" +
               catalog_[f].id + "'): ";
      };
      const double t = detail::time_of(b, i, options.default_time);
      std::uint32_t& count = n_[f][e];
      std::string problem;
      if (count == 0)
        problem = "the store holds no signal of this entity on this factor";
      else if (!(t <= latest))
        problem = "time " + format_time(t) + " is after the newest signal the store holds (" +
                  format_time(latest) + ")";
      const Delta d = problem.empty() ? delta(b, i, options.default_time, t0) : Delta{};
      double* level =
          k ? &levels_[f * k + nearest_level(level_utilities_, b.value[i])][e] : nullptr;
      if (problem.empty()) problem = short_of(r_[f][e], d.r, "positive mass");
      if (problem.empty()) problem = short_of(s_[f][e], d.s, "negative mass");
      if (problem.empty() && level) problem = short_of(*level, d.level, "weight at its level");
      if (!problem.empty()) {
        undo();
        fail(Status::invalid_argument, at() + problem + "; nothing was retracted");
      }
      old_masses.emplace_back(&r_[f][e], r_[f][e]);
      old_masses.emplace_back(&s_[f][e], s_[f][e]);
      old_counts.emplace_back(&count, count);
      r_[f][e] = std::max(0.0, r_[f][e] - d.r);
      s_[f][e] = std::max(0.0, s_[f][e] - d.s);
      if (level) old_masses.emplace_back(level, *level), *level = std::max(0.0, *level - d.level);
      // The last signal out leaves the cell exactly empty. An unknown count
      // empties when the masses left are rounding.
      const bool emptied = count == kUnknownCount
                               ? r_[f][e] <= kRetractSlack * d.r && s_[f][e] <= kRetractSlack * d.s
                               : --count == 0;
      if (emptied) {
        if (count == kUnknownCount) count = 0;
        r_[f][e] = s_[f][e] = 0.0;
        for (std::size_t l = 0; l < k; ++l) {
          double& x = levels_[f * k + l][e];
          old_masses.emplace_back(&x, x);
          x = 0.0;
        }
      }
    }
    signals_.fetch_sub(b.size, std::memory_order_acq_rel);
  }

  static constexpr std::int64_t kRetractAhead = 8;
  static void prefetch(const void* p) {
#if defined(__GNUC__)
    __builtin_prefetch(p, 1);
#else
    (void)p;
#endif
  }

  // Masses are sums with rounding: taking away up to this fraction more than
  // a cell holds is rounding, not a signal it never had.
  static constexpr double kRetractSlack = 1e-9;
  static std::string short_of(double held, double taken, const char* what) {
    if (held - taken >= -kRetractSlack * std::max(held, taken)) return {};
    return std::string("it takes more ") + what + " (" + std::to_string(taken) +
           ", as of the reference time) than the cell holds (" + std::to_string(held) + ")";
  }

  void rebase_held(double t) {
    const double t0 = t0_.load();
    if (std::isnan(t0)) {
      t0_.store(t);
      return;
    }
    for (std::size_t f = 0; f < r_.size(); ++f) {
      const double k = std::exp2(-(t - t0) / half_life_s_[f]);
      if (k == 1.0) continue;
      for (double& x : r_[f]) x *= k;
      for (double& x : s_[f]) x *= k;
      for (std::size_t l = 0; l < level_utilities_.size(); ++l)
        for (double& x : levels_[f * level_utilities_.size() + l]) x *= k;
      max_mass_[f] *= k;
    }
    t0_.store(t);
  }

  bool needs_rebase(double t, double t0) const {
    for (double h : half_life_s_)
      if ((t - t0) / h > max_decay_exponent) return true;
    return false;
  }

  FactorCatalog catalog_;
  std::vector<double> half_life_s_, negativity_;
  std::vector<std::string> ids_;
  detail::LazyIdIndex index_;
  std::vector<std::vector<double>> r_, s_;     // [factor][entity] as of t0_
  std::vector<std::vector<std::uint32_t>> n_;  // [factor][entity] signals held
  std::vector<double> max_mass_;               // [factor] bound on r + s
  std::vector<double> level_utilities_;
  std::vector<std::vector<double>> levels_;  // [factor * levels + level][entity] as of t0_
  // Read without the lock by the accessors (changed only under it).
  std::atomic<std::size_t> entities_{0};
  std::atomic<double> t0_{std::numeric_limits<double>::quiet_NaN()};
  std::atomic<double> latest_{std::numeric_limits<double>::quiet_NaN()};
  std::atomic<std::int64_t> signals_{0};
  mutable detail::RwLock lock_;
};

}  // namespace v1
}  // namespace trustscore
