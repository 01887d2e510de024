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
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/model.hpp"
#include "trustscore/signal.hpp"
#include "trustscore/time.hpp"

namespace trustscore {
inline namespace v1 {

namespace persist {
struct StoreAccess;  // saving and loading (src/persist) read and rebuild the whole state
}

namespace detail {

// Entity id -> dense index, built on first use when the store was loaded
// (hashing ten million ids takes several times longer than reading them, and
// a store loaded to be scored never needs it). Lookups may run from many
// threads: the first one builds it under a lock. Copies copy the map.
class LazyIdIndex {
 public:
  using Map = std::unordered_map<std::string, std::int64_t>;
  LazyIdIndex() = default;
  LazyIdIndex(const LazyIdIndex& o) { *this = o; }
  LazyIdIndex& operator=(const LazyIdIndex& o) {
    if (this != &o) {
      std::lock_guard<std::mutex> lock(o.mutex_);
      map_ = o.map_;
      ready_ = o.ready_.load();  // an unbuilt index stays unbuilt: its owner's ids rebuild it
    }
    return *this;
  }
  LazyIdIndex(LazyIdIndex&& o) noexcept : map_(std::move(o.map_)), ready_(o.ready_.load()) {}
  LazyIdIndex& operator=(LazyIdIndex&& o) noexcept {
    map_ = std::move(o.map_);
    ready_ = o.ready_.load();
    return *this;
  }

  // The map for `ids`, built now if it is not yet.
  const Map& get(const std::vector<std::string>& ids) const {
    if (!ready_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!ready_.load(std::memory_order_relaxed)) {
        map_.clear();
        map_.reserve(ids.size());
        for (std::size_t e = 0; e < ids.size(); ++e)
          if (!map_.emplace(ids[e], static_cast<std::int64_t>(e)).second)
            fail(Status::bad_format, "entity id '" + ids[e] +
                                         "' appears twice in the store (it was loaded from a "
                                         "file that is not one trustscore wrote)");
        ready_.store(true, std::memory_order_release);
      }
    }
    return map_;
  }
  Map& get_mutable(const std::vector<std::string>& ids) {
    get(ids);
    return map_;
  }
  // Forgets the map; the next get builds it from the ids.
  void reset() { ready_ = false; }

 private:
  mutable Map map_;
  mutable std::atomic<bool> ready_{true};  // an empty store's empty map is built
  mutable std::mutex mutex_;
};

}  // namespace detail

class EvidenceStore {
  friend struct persist::StoreAccess;

 public:
  // Largest base-2 exponent a stored mass may carry relative to its signal.
  static constexpr double max_decay_exponent = 64.0;

  // The store takes the model's factors, half-lives and negativity; later
  // changes to the model do not change evidence already ingested.
  explicit EvidenceStore(const Model& model)
      : catalog_(model.factors()), r_(model.factor_count()), s_(model.factor_count()) {
    for (const FactorParams& p : model.all_params()) {
      half_life_s_.push_back(p.half_life_days * seconds_per_day);
      negativity_.push_back(p.negativity);
    }
    if (model.kind() == ModelKind::dirichlet) {
      level_utilities_ = model.settings().level_utilities;
      levels_.resize(model.factor_count() * level_utilities_.size());
    }
  }

  std::size_t entity_count() const noexcept { return ids_.size(); }
  std::size_t factor_count() const noexcept { return catalog_.size(); }
  const FactorCatalog& factors() const noexcept { return catalog_; }
  double half_life_seconds(std::size_t f) const { return half_life_s_.at(f); }
  double negativity(std::size_t f) const { return negativity_.at(f); }
  // Utilities of the rating levels counted (empty: no level columns).
  const std::vector<double>& level_utilities() const noexcept { return level_utilities_; }

  const std::string& entity_id(std::size_t e) const {
    if (e >= ids_.size())
      fail(Status::invalid_argument, "entity index " + std::to_string(e) + " out of range");
    return ids_[e];
  }
  const std::vector<std::string>& entity_ids() const noexcept { return ids_; }
  // Dense index of an entity id, or -1.
  std::int64_t find_entity(std::string_view id) const {
    const auto& index = index_.get(ids_);
    const auto it = index.find(std::string(id));
    return it == index.end() ? -1 : it->second;
  }
  // Index of id, adding an entity with no evidence when it is new.
  std::int64_t add_entity(std::string_view id) {
    require(!id.empty(), "entity id is empty");
    const auto [it, inserted] =
        index_.get_mutable(ids_).emplace(std::string(id), static_cast<std::int64_t>(ids_.size()));
    if (inserted) {
      ids_.emplace_back(id);
      for (std::size_t f = 0; f < r_.size(); ++f) {
        r_[f].push_back(0.0);
        s_[f].push_back(0.0);
      }
      for (auto& column : levels_) column.push_back(0.0);
    }
    return it->second;
  }

  // Reference time T0 of the stored masses; NaN while the store is empty.
  double reference_time() const noexcept { return t0_; }
  // Newest signal time seen; NaN while the store is empty. Scores default to it.
  double latest_time() const noexcept { return latest_; }
  std::int64_t signal_count() const noexcept { return signals_; }

  // Columns as of reference_time() (not yet decayed to any score time).
  const double* positive_column(std::size_t f) const { return r_.at(f).data(); }
  const double* negative_column(std::size_t f) const { return s_.at(f).data(); }
  // Weight of factor f's signals at level l, as of reference_time().
  const double* level_column(std::size_t f, std::size_t l) const {
    require(l < level_utilities_.size(), "level index out of range (or the store has no levels)");
    return levels_.at(f * level_utilities_.size() + l).data();
  }

  // Multiplier taking factor f's masses from reference_time() to as_of.
  double decay(std::size_t f, double as_of) const {
    if (std::isnan(t0_)) return 1.0;
    return std::exp2(-(as_of - t0_) / half_life_s_.at(f));
  }
  double positive_mass(std::size_t e, std::size_t f, double as_of) const {
    return r_.at(f).at(e) * decay(f, as_of);
  }
  double negative_mass(std::size_t e, std::size_t f, double as_of) const {
    return s_.at(f).at(e) * decay(f, as_of);
  }

  // Adds signals whose entities are dense indices already in the store.
  // All signals are checked before any is applied: on error nothing changes.
  void add(const SignalBatch& batch, const IngestOptions& options = {}) {
    validate(batch, options, /*check_entities=*/true);
    apply(batch, batch.entity, options);
  }

  // Adds signals whose entities are given by id (ids[i] for signal i); new
  // ids become new entities. batch.entity is ignored. All or nothing.
  template <class StringLike>
  void add(const StringLike* ids, const SignalBatch& batch, const IngestOptions& options = {}) {
    require(batch.size == 0 || ids != nullptr, "entity ids are null");
    validate(batch, options, /*check_entities=*/false);
    for (std::int64_t i = 0; i < batch.size; ++i)
      if (std::string_view(ids[i]).empty())
        fail(Status::invalid_argument, "signal " + std::to_string(i) + ": entity id is empty");
    std::vector<std::int64_t> dense(static_cast<std::size_t>(batch.size));
    for (std::int64_t i = 0; i < batch.size; ++i) dense[i] = add_entity(ids[i]);
    apply(batch, dense.data(), options);
  }

  // Moves the reference time to t, scaling every column; exact up to rounding.
  void rebase(double t) {
    require(std::isfinite(t), "rebase time must be finite");
    if (std::isnan(t0_)) {
      t0_ = t;
      return;
    }
    for (std::size_t f = 0; f < r_.size(); ++f) {
      const double k = std::exp2(-(t - t0_) / half_life_s_[f]);
      if (k == 1.0) continue;
      for (double& x : r_[f]) x *= k;
      for (double& x : s_[f]) x *= k;
      for (std::size_t l = 0; l < level_utilities_.size(); ++l)
        for (double& x : levels_[f * level_utilities_.size() + l]) x *= k;
    }
    t0_ = t;
  }

 private:
  void validate(const SignalBatch& b, const IngestOptions& options, bool check_entities) const {
    require(b.size >= 0, "signal count is negative");
    require(!std::isinf(options.default_time), "default time is infinite");
    if (b.size == 0) return;
    require(b.factor != nullptr, "factor column is null");
    require(b.value != nullptr, "value column is null");
    require(!check_entities || b.entity != nullptr, "entity column is null");
    const auto n_entities = static_cast<std::int64_t>(ids_.size());
    const auto n_factors = static_cast<std::int32_t>(catalog_.size());
    // Messages are built only for the signal that fails: ingest is per signal.
    for (std::int64_t i = 0; i < b.size; ++i) {
      const auto at = [i] { return "signal " + std::to_string(i) + ": "; };
      if (check_entities && !(b.entity[i] >= 0 && b.entity[i] < n_entities))
        fail(Status::invalid_argument, at() + "entity index " + std::to_string(b.entity[i]) +
                                           " out of range [0, " + std::to_string(n_entities) + ")");
      if (!(b.factor[i] >= 0 && b.factor[i] < n_factors))
        fail(Status::invalid_argument, at() + "factor index " + std::to_string(b.factor[i]) +
                                           " out of range [0, " + std::to_string(n_factors) + ")");
      if (!std::isfinite(b.value[i]))
        fail(Status::invalid_argument, at() + "value is NaN or infinite");
      if (!(b.value[i] >= 0 && b.value[i] <= 1))
        fail(Status::invalid_argument,
             at() + "value " + std::to_string(b.value[i]) + " outside [0, 1]");
      if (b.weight && !std::isfinite(b.weight[i]))
        fail(Status::invalid_argument, at() + "weight is NaN or infinite");
      if (b.weight && b.weight[i] < 0) fail(Status::invalid_argument, at() + "weight is negative");
      if (b.time && std::isinf(b.time[i]))
        fail(Status::invalid_argument, at() + "time is infinite");
      if (b.credibility &&
          !(std::isfinite(b.credibility[i]) && b.credibility[i] >= 0 && b.credibility[i] <= 1))
        fail(Status::invalid_argument, at() + "credibility must be in [0, 1]");
    }
  }

  static double wall_clock_now() {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
  }

  void apply(const SignalBatch& b, const std::int64_t* entity, const IngestOptions& options) {
    if (b.size == 0) return;
    double default_time = options.default_time;
    if (std::isnan(default_time)) default_time = wall_clock_now();
    const auto time_of = [&](std::int64_t i) {
      return b.time && !std::isnan(b.time[i]) ? b.time[i] : default_time;
    };
    double newest = -std::numeric_limits<double>::infinity();
    for (std::int64_t i = 0; i < b.size; ++i) newest = std::max(newest, time_of(i));
    if (std::isnan(t0_) || needs_rebase(newest)) rebase(newest);
    latest_ = std::isnan(latest_) ? newest : std::max(latest_, newest);
    for (std::int64_t i = 0; i < b.size; ++i) {
      const auto f = static_cast<std::size_t>(b.factor[i]);
      const auto e = static_cast<std::size_t>(entity[i]);
      double w = b.weight ? b.weight[i] : 1.0;
      if (b.credibility) w *= b.credibility[i];
      w *= std::exp2((time_of(i) - t0_) / half_life_s_[f]);
      r_[f][e] += w * b.value[i];
      s_[f][e] += w * (1.0 - b.value[i]) * negativity_[f];
      if (!level_utilities_.empty())
        levels_[f * level_utilities_.size() + nearest_level(level_utilities_, b.value[i])][e] += w;
    }
    signals_ += b.size;
  }

  bool needs_rebase(double t) const {
    for (double h : half_life_s_)
      if ((t - t0_) / h > max_decay_exponent) return true;
    return false;
  }

  FactorCatalog catalog_;
  std::vector<double> half_life_s_, negativity_;
  std::vector<std::string> ids_;
  detail::LazyIdIndex index_;
  std::vector<std::vector<double>> r_, s_;  // [factor][entity] as of t0_
  std::vector<double> level_utilities_;
  std::vector<std::vector<double>> levels_;  // [factor * levels + level][entity] as of t0_
  double t0_ = std::numeric_limits<double>::quiet_NaN();
  double latest_ = std::numeric_limits<double>::quiet_NaN();
  std::int64_t signals_ = 0;
};

}  // namespace v1
}  // namespace trustscore
