// What the stress tests of writers and readers at once share
// (serving_while_ingesting_test.cpp, journaled_writers_test.cpp): checks that
// count failures without stopping the threads, a model whose signals of value
// 0.5 add the same mass to both sides of a cell (so a reader that saw half a
// signal sees them differ), and each writer's calls, made ahead.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "trustscore/trustscore.hpp"

namespace tstest::threads {

inline std::atomic<int> failures{0};

inline void check(bool ok, const std::string& what) {
  if (!ok && failures.fetch_add(1) < 20) std::fprintf(stderr, "check failed: %s\n", what.c_str());
}

inline constexpr double kStart = 1.6e9, kEnd = kStart + 400 * 86400.0;

// Negativity 1 everywhere, so a signal of value 0.5 adds the same mass to r and s.
inline trustscore::Model balanced_model() {
  trustscore::Model m;
  for (std::size_t f = 0; f < m.factor_count(); ++f) {
    trustscore::FactorParams p = m.params(f);
    p.negativity = 1.0;
    m.set_params(f, p);
  }
  return m;
}

// One writer call: add a batch, or retract one added before.
struct Call {
  std::vector<std::string> ids;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time;
  bool retract = false;
  trustscore::SignalBatch batch() const {
    trustscore::SignalBatch b;
    b.size = static_cast<std::int64_t>(ids.size());
    b.factor = factor.data();
    b.value = value.data();
    b.weight = weight.data();
    b.time = time.data();
    return b;
  }
  void apply(trustscore::EvidenceStore& store) const {
    if (retract)
      store.retract(ids.data(), batch());
    else
      store.add(ids.data(), batch());
  }
};

// Writer w's calls (random from `seed`): batches of 1..max_batch signals of
// value 0.5 on ids "w<w>-<j>", j below known_base + known_growth * call (new
// entities keep arriving where known_growth > 0); every 4th call takes back
// the batch added two calls before.
inline std::vector<Call> writer_calls(int w, int count, std::uint64_t seed, int max_batch,
                                      int known_base, int known_growth) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<Call> calls;
  for (int c = 0; c < count; ++c) {
    if (c % 4 == 3) {
      Call back = calls[c - 2];
      back.retract = true;
      calls.push_back(back);
      continue;
    }
    Call call;
    const int n = 1 + static_cast<int>(u(rng) * max_batch);
    const int known = known_base + known_growth * c;
    for (int i = 0; i < n; ++i) {
      call.ids.push_back("w" + std::to_string(w) + "-" + std::to_string(int(u(rng) * known)));
      call.factor.push_back(static_cast<std::int32_t>(u(rng) * 9));
      call.value.push_back(0.5);
      call.weight.push_back(0.25 + u(rng));
      call.time.push_back(kStart + (kEnd - kStart) * u(rng));
    }
    calls.push_back(std::move(call));
  }
  return calls;
}

// A call of one signal at kEnd: applied first, it fixes the reference time,
// so no rebase comes later and the order of the writers' calls is moot.
inline Call seed_call() {
  Call c;
  c.ids = {"seed"}, c.factor = {0}, c.value = {0.5}, c.weight = {1}, c.time = {kEnd};
  return c;
}

}  // namespace tstest::threads
