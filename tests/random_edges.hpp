// Edge arrays for the graph tests (tests/unit/test_eigentrust_edges.cpp), and
// random ones for those that split solves over threads
// (tests/unit/test_graph_threads.cpp, tests/threads/graph_solves_test.cpp).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace trustscore_test {

struct Edges {
  std::int64_t n = 0;
  std::vector<std::int64_t> s, t;
  std::vector<double> w;
  std::int64_t m() const { return static_cast<std::int64_t>(s.size()); }
};

// Skewed random edges over n nodes (low indices rate and are rated more), so
// that blocks of equal work differ in size; ratings all 1 (`fractional`
// false) or in [-1, 1].
inline Edges random_edges(std::uint64_t seed, std::int64_t n, std::int64_t m, bool fractional) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> rating(-1, 1);
  Edges e;
  e.n = n;
  const auto draw = [&] {
    const auto a = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n));
    return a % 4 == 0 ? a / 16 : a;
  };
  for (std::int64_t i = 0; i < m; ++i) {
    e.s.push_back(draw());
    e.t.push_back(draw());
    e.w.push_back(fractional ? rating(rng) : 1.0);
  }
  return e;
}

}  // namespace trustscore_test
