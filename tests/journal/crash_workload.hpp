// The crash test's workload (crash_child.cpp ingests it, crash_test.cpp
// checks what survived): batch b of a seed is made from (seed, b) alone, so
// the parent rebuilds any prefix of what the child sent without hearing it.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/evidence.hpp"
#include "trustscore/journal.hpp"

namespace tstest::crash {

// One call of the child: an add of 1..2000 signals, or the retraction of an
// earlier add, signal for signal.
struct Batch {
  bool retract = false;
  std::vector<std::string> ids, sources;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time, credibility;

  trustscore::SignalBatch batch() const {
    trustscore::SignalBatch b;
    b.size = static_cast<std::int64_t>(ids.size());
    b.factor = factor.data();
    b.value = value.data();
    b.weight = weight.data();
    b.time = time.data();
    b.credibility = credibility.data();
    return b;
  }
};

constexpr std::size_t kEntities = 3000;
constexpr std::size_t kFactors = 9;  // the default Model's
constexpr std::int64_t kLargest = 2000;

// Batch b % 5 == 4 retracts batch b - 2 (an add, taken back only there);
// the others add signals: most batches small, one in 17 of the largest
// size; one add in three names each signal's source.
inline Batch make_batch(std::uint64_t seed, std::uint64_t b) {
  if (b % 5 == 4) {
    Batch back = make_batch(seed, b - 2);
    back.retract = true;
    back.sources.clear();
    return back;
  }
  std::mt19937_64 rng(seed * 1000003 + b);
  std::uniform_real_distribution<double> u(0, 1);
  const double shape = u(rng);
  const std::int64_t n =
      b % 17 == 0 ? kLargest
                  : 1 + static_cast<std::int64_t>((kLargest - 1) * shape * shape * shape);
  Batch out;
  for (std::int64_t i = 0; i < n; ++i) {
    out.ids.push_back("e" + std::to_string(static_cast<std::size_t>(u(rng) * kEntities)));
    out.factor.push_back(static_cast<std::int32_t>(u(rng) * kFactors));
    out.value.push_back(static_cast<int>(u(rng) * 5) / 4.0);
    out.weight.push_back(0.5 + 1.5 * u(rng));
    out.time.push_back(1.6e9 + 365 * 86400.0 * u(rng));
    out.credibility.push_back(0.5 + 0.5 * u(rng));
    if (b % 3 == 0) out.sources.push_back("source-" + std::to_string(i % 7));
  }
  return out;
}

inline void apply(trustscore::EvidenceStore& store, const Batch& b) {
  if (b.retract)
    store.retract(b.ids.data(), b.batch());
  else
    store.add(b.ids.data(), b.batch());
}

inline void apply(trustscore::JournaledStore& store, const Batch& b,
                  trustscore::Durability durability) {
  const std::vector<std::string_view> ids(b.ids.begin(), b.ids.end());
  const std::vector<std::string_view> sources(b.sources.begin(), b.sources.end());
  if (b.retract)
    store.retract(ids.data(), b.batch(), {}, durability);
  else
    store.add(ids.data(), b.batch(), sources.empty() ? nullptr : sources.data(), {}, durability);
}

}  // namespace tstest::crash
