// EigenTrust straight from edge arrays: bit for bit the result of building
// the TrustGraph and solving on it, for every duplicates and self-loops
// policy, with and without seeds, on the direct path (one positive rating)
// and on the fallbacks (weighted ratings, errors with the graph's messages).
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "../random_edges.hpp"
#include "test_helpers.hpp"
#include "trustscore/graph/eigentrust.hpp"

using namespace trustscore;
using trustscore_test::Edges;
using tstest::outcome_of;

namespace {

// Skewed random edges with duplicates and self-loops; ratings all `rating`.
Edges edges_with_loops(std::uint64_t seed, std::int64_t n, std::int64_t m, double rating) {
  std::mt19937_64 rng(seed);
  Edges e;
  e.n = n;
  for (std::int64_t i = 0; i < m; ++i) {
    const auto a = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n));
    const auto b = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(n));
    e.s.push_back(a % 3 == 0 ? a / 3 : a);  // low indices rate more: long lists
    e.t.push_back(i % 17 == 0 ? e.s.back() : b % 5 == 0 ? b / 5 : b);
    e.w.push_back(rating);
  }
  return e;
}

void same(const EigenTrustResult& a, const EigenTrustResult& b) {
  REQUIRE(a.trust.size() == b.trust.size());
  for (std::size_t i = 0; i < a.trust.size(); ++i) REQUIRE(a.trust[i] == b.trust[i]);
  CHECK(a.iterations == b.iterations);
  CHECK(a.residual == b.residual);
  CHECK(a.converged == b.converged);
}

EigenTrustResult via_graph(const Edges& e, const GraphOptions& g, const EigenTrustOptions& o) {
  return eigentrust(
      TrustGraph(e.n, e.s.data(), e.t.data(), e.w.data(), static_cast<std::int64_t>(e.w.size()), g),
      o);
}

EigenTrustResult via_edges(const Edges& e, const GraphOptions& g, const EigenTrustOptions& o) {
  return eigentrust(e.n, e.s.data(), e.t.data(), e.w.data(), static_cast<std::int64_t>(e.w.size()),
                    g, o);
}

}  // namespace

TEST_CASE("eigentrust from edges equals the graph's, every policy", "[graph][eigentrust]") {
  for (const double rating : {1.0, 0.5, -1.0}) {
    const Edges e = edges_with_loops(3, 500, 6000, rating);
    for (const auto dup : {DuplicateEdges::mean, DuplicateEdges::sum, DuplicateEdges::last})
      for (const auto loops : {SelfLoops::drop, SelfLoops::keep})
        for (const bool seeded : {false, true}) {
          GraphOptions g;
          g.duplicates = dup;
          g.self_loops = loops;
          EigenTrustOptions o;
          if (seeded)  // push_back: GCC 12 warns (nonnull) on assigning a list here
            for (const std::int64_t seed : {0, 7, 42}) o.seeds.push_back(seed);
          INFO("rating " << rating << ", duplicates " << static_cast<int>(dup) << ", loops "
                         << static_cast<int>(loops) << ", seeded " << seeded);
          const EigenTrustResult a = via_edges(e, g, o), b = via_graph(e, g, o);
          same(a, b);
          CHECK(a.converged);
        }
  }
}

TEST_CASE("eigentrust from edges: other ratings and edge cases", "[graph][eigentrust]") {
  // Ratings that differ: power iteration on the graph, the same result.
  Edges e = edges_with_loops(4, 300, 3000, 1.0);
  std::mt19937_64 rng(5);
  for (double& w : e.w) w = static_cast<double>(rng() % 21) / 10 - 1;
  same(via_edges(e, {}, {}), via_graph(e, {}, {}));
  // Nodes without edges dangle; no edges at all: uniform trust.
  Edges none;  // (not brace-initialised with empty lists: GCC 12 warns on the copy)
  none.n = 4;
  const EigenTrustResult u = via_edges(none, {}, {});
  REQUIRE(u.trust.size() == 4);
  for (double t : u.trust) CHECK(t == Approx(0.25).epsilon(1e-15));
  same(u, via_graph(none, {}, {}));
  const Edges one{3, {0}, {1}, {1.0}};
  same(via_edges(one, {}, {}), via_graph(one, {}, {}));
  CHECK(via_edges(Edges{}, {}, {}).trust.empty());
}

TEST_CASE("eigentrust from edges: the graph's errors", "[graph][eigentrust][errors]") {
  const auto error = [](const Edges& e, const GraphOptions& g, const std::string& text,
                        const EigenTrustOptions& o = {}) {
    const auto r = outcome_of([&] { via_edges(e, g, o); });
    INFO(r.message);
    CHECK(r.status == Status::invalid_argument);
    CHECK(r.contains(text));
  };
  GraphOptions strict;
  strict.duplicates = DuplicateEdges::error;
  error(Edges{3, {0, 1, 0}, {1, 2, 1}, {1, 1, 1}}, strict, "edge 2: duplicate of edge 0 (0 -> 1)");
  GraphOptions no_loops;
  no_loops.self_loops = SelfLoops::error;
  error(Edges{3, {0, 2}, {1, 2}, {1, 1}}, no_loops, "edge 1: self-loop on node 2");
  error(Edges{3, {0, 3}, {1, 2}, {1, 1}}, {}, "edge 1: node index out of range [0, 3)");
  error(Edges{3, {0, 1}, {1, 2}, {1, 2}}, {}, "edge 1: rating 2.000000 is off the scale");
  EigenTrustOptions bad_seed;
  bad_seed.seeds = {5};
  error(Edges{3, {0}, {1}, {1}}, {}, "eigentrust: seed 5 is not a node", bad_seed);
  EigenTrustOptions bad_alpha;
  bad_alpha.alpha = 1;
  error(Edges{3, {0}, {1}, {1}}, {}, "alpha must lie in [0, 1)", bad_alpha);
  // No duplicates under the error policy: the direct path, the same result.
  const Edges fine{3, {0, 1, 2}, {1, 2, 0}, {1, 1, 1}};
  same(via_edges(fine, strict, {}), via_graph(fine, strict, {}));
}
