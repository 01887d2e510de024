// Internal (trustscore/detail/): not API, and may change in any release.
// The evidence store's checks of a batch of signals, before any is applied.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/signal.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// Checks every signal of a batch before any is applied (ingest is per signal:
// messages are built only for the one that fails). Entity indices are checked
// against n_entities when check_entities.
inline void validate_signals(const SignalBatch& b, const IngestOptions& options,
                             bool check_entities, std::int64_t n_entities, std::int32_t n_factors) {
  require(b.size >= 0, "signal count is negative");
  require(!std::isinf(options.default_time), "default time is infinite");
  if (b.size == 0) return;
  require(b.factor != nullptr, "factor column is null");
  require(b.value != nullptr, "value column is null");
  require(!check_entities || b.entity != nullptr, "entity column is null");
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
    if (b.time && std::isinf(b.time[i])) fail(Status::invalid_argument, at() + "time is infinite");
    if (b.credibility &&
        !(std::isfinite(b.credibility[i]) && b.credibility[i] >= 0 && b.credibility[i] <= 1))
      fail(Status::invalid_argument, at() + "credibility must be in [0, 1]");
  }
}

// A retraction needs each signal's time: its mass depends on it.
inline void check_retraction_times(const SignalBatch& b, const IngestOptions& options) {
  if (!std::isnan(options.default_time)) return;
  for (std::int64_t i = 0; i < b.size; ++i)
    if (!b.time || std::isnan(b.time[i]))
      fail(Status::invalid_argument,
           "signal " + std::to_string(i) +
               ": no time; a retraction needs the time the signal was added with (or a "
               "default time)");
}

// Signal i's time: its own, or default_time where it has none.
inline double time_of(const SignalBatch& b, std::int64_t i, double default_time) {
  return b.time && !std::isnan(b.time[i]) ? b.time[i] : default_time;
}

// The time of signals without one: options.default_time, or the wall clock now.
inline double resolve_default_time(const IngestOptions& options) {
  if (!std::isnan(options.default_time)) return options.default_time;
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// Every entity id of a batch given by id is non-empty.
template <class StringLike>
void check_ids(const StringLike* ids, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (std::string_view(ids[i]).empty())
      fail(Status::invalid_argument, "signal " + std::to_string(i) + ": entity id is empty");
}

// For EvidenceStore::add_coded: checks that every code of n signals is in
// [0, id_count) and names a non-empty id; returns, per id, -2 where a signal
// uses it and -1 where none does.
template <class StringLike>
std::vector<std::int64_t> check_codes(const StringLike* ids, std::int64_t id_count,
                                      const std::int64_t* codes, std::int64_t n) {
  std::vector<std::int64_t> used(static_cast<std::size_t>(id_count), -1);
  for (std::int64_t i = 0; i < n; ++i) {
    if (codes[i] < 0 || codes[i] >= id_count)
      fail(Status::invalid_argument, "signal " + std::to_string(i) + ": entity code " +
                                         std::to_string(codes[i]) + " outside [0, " +
                                         std::to_string(id_count) + ")");
    if (used[codes[i]] == -1 && std::string_view(ids[codes[i]]).empty())
      fail(Status::invalid_argument, "signal " + std::to_string(i) + ": entity id is empty");
    used[codes[i]] = -2;
  }
  return used;
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
