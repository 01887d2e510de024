// The evidence stores of bench_online and bench_serving: n entities "e0",
// "e1", ... of the nine built-in factors with a few signals each, and random
// batches of signals about them, the same numbers in every run.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "trustscore/trustscore.hpp"

namespace online {

using namespace trustscore;

// splitmix64: fast, seeded, the same numbers on every platform.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::int64_t below(std::int64_t n) {
    return static_cast<std::int64_t>(next() % std::uint64_t(n));
  }
};

// Signals spread over the year before this time; none is newer, so adding
// more of them never rebases the store (a rebase would rescale every column).
constexpr double kNewest = 1.7e9;
constexpr double kYear = 365 * seconds_per_day;

// Signals about random entities of [0, entities): random factor, value and
// weight, times within the year. Owns its columns; batch() views them.
struct Signals {
  std::vector<std::int64_t> entity;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time;

  Signals(std::int64_t n, std::int64_t entities, std::size_t factors, Rng& rng) {
    const auto size = static_cast<std::size_t>(n);
    entity.resize(size), factor.resize(size), value.resize(size), weight.resize(size);
    time.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
      entity[i] = rng.below(entities);
      factor[i] = static_cast<std::int32_t>(rng.below(static_cast<std::int64_t>(factors)));
      value[i] = rng.uniform();
      weight[i] = 1 + 9 * rng.uniform();
      time[i] = kNewest - kYear * rng.uniform();
    }
  }
  SignalBatch batch() const {
    SignalBatch b;
    b.size = static_cast<std::int64_t>(entity.size());
    b.entity = entity.data();
    b.factor = factor.data();
    b.value = value.data();
    b.weight = weight.data();
    b.time = time.data();
    return b;
  }
};

inline std::string entity_id(std::int64_t e) { return "e" + std::to_string(e); }

// A Beta model (the default kind) and a store of `entities` entities with
// `per_entity` signals each on average, the last one at kNewest.
struct Store {
  Model model;
  EvidenceStore store{model};

  Store(std::int64_t entities, int per_entity) {
    std::fprintf(stderr, "building a store of %lld entities x %zu factors, %d signals each\n",
                 static_cast<long long>(entities), store.factor_count(), per_entity);
    for (std::int64_t e = 0; e < entities; ++e) store.add_entity(entity_id(e));
    Rng rng{std::uint64_t(entities)};
    const std::int64_t total = entities * per_entity, chunk = 1 << 20;
    for (std::int64_t done = 0; done < total; done += chunk) {
      const Signals s(std::min(chunk, total - done), entities, store.factor_count(), rng);
      store.add(s.batch());
    }
    std::vector<std::int64_t> last{0};
    std::vector<std::int32_t> factor{0};
    std::vector<double> value{1}, time{kNewest};
    SignalBatch b;
    b.size = 1, b.entity = last.data(), b.factor = factor.data(), b.value = value.data();
    b.time = time.data();
    store.add(b);
  }
};

}  // namespace online
