// The graph solves split over threads (EigenTrust's block Gauss–Seidel and
// power iteration, fairness and goodness): at 2 and 8 threads each result
// lies within a few tolerances (L1) of the one-thread result, one thread
// count always gives the same result, and the thread machinery they share
// (detail/parallel.hpp) splits work as it says.
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "../random_edges.hpp"
#include "trustscore/detail/parallel.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"

using namespace trustscore;

namespace {

using trustscore_test::Edges;
using trustscore_test::random_edges;

double l1(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += std::fabs(a[i] - b[i]);
  return d;
}

EigenTrustResult solve(const Edges& e, EigenTrustOptions o, int threads) {
  o.threads = threads;
  return eigentrust(e.n, e.s.data(), e.t.data(), e.w.data(), e.m(), GraphOptions{}, o);
}

}  // namespace

TEST_CASE("eigentrust on 2 and 8 threads equals one thread's within the tolerance",
          "[graph][eigentrust][threads]") {
  const bool fractional = GENERATE(false, true);  // Gauss–Seidel, then power iteration
  const bool seeded = GENERATE(false, true);
  CAPTURE(fractional, seeded);
  const Edges e = random_edges(fractional ? 7 : 3, 20000, 150000, fractional);
  EigenTrustOptions o;
  o.tolerance = 1e-10;
  if (seeded) o.seeds = {0, 5, 17, 400, 12345};
  const EigenTrustResult one = solve(e, o, 1);
  REQUIRE(one.converged);
  for (int threads : {2, 8}) {
    CAPTURE(threads);
    const EigenTrustResult split = solve(e, o, threads);
    REQUIRE(split.converged);
    CHECK(l1(split.trust, one.trust) <= 10 * o.tolerance);
    double sum = 0;
    for (double t : split.trust) sum += t;
    CHECK(sum == Approx(1).epsilon(1e-12));
    // One thread count, one result.
    CHECK(l1(solve(e, o, threads).trust, split.trust) == 0);
  }
  // The graph's path (CSR, then lists or power iteration) splits the same way.
  EigenTrustOptions eight = o;
  eight.threads = 8;
  const TrustGraph graph(e.n, e.s.data(), e.t.data(), e.w.data(), e.m());
  CHECK(l1(eigentrust(graph, eight).trust, solve(e, o, 8).trust) == 0);
}

TEST_CASE("eigentrust over 2^19 nodes (Jacobi sweeps on threads) equals one thread's",
          "[graph][eigentrust][threads]") {
  const Edges e = random_edges(13, 600000, 1800000, false);
  EigenTrustOptions o;
  o.tolerance = 1e-10;
  const EigenTrustResult one = solve(e, o, 1);
  const EigenTrustResult two = solve(e, o, 2);
  REQUIRE(two.converged);
  CHECK(l1(two.trust, one.trust) <= 10 * o.tolerance);
  CHECK(l1(two.trust, one.trust) > 0);
}

TEST_CASE("eigentrust's split sweeps differ from one thread's: the split ran",
          "[graph][eigentrust][threads]") {
  // Jacobi across blocks takes another path to the fixed point than one
  // thread's Gauss–Seidel: not bit for bit the same (else nothing split).
  const Edges e = random_edges(3, 20000, 150000, false);
  EigenTrustOptions o;
  CHECK(l1(solve(e, o, 2).trust, solve(e, o, 1).trust) > 0);
  // Too small a graph to split: one block, one thread's sweeps exactly.
  const Edges small = random_edges(3, 1500, 9000, false);
  CHECK(l1(solve(small, o, 8).trust, solve(small, o, 1).trust) == 0);
}

TEST_CASE("the lists built on threads are one thread's, slot for slot",
          "[graph][eigentrust][threads]") {
  Edges e = random_edges(5, 20000, 150000, false);
  for (std::int64_t i = 0; i < 3000; ++i) {  // duplicates and self-loops
    e.s.push_back(e.s[std::size_t(i * 7)]), e.t.push_back(e.t[std::size_t(i * 7)]);
    e.s.push_back(i), e.t.push_back(i);
  }
  const bool keep_loops = GENERATE(false, true);
  CAPTURE(keep_loops);
  detail::InLists one;
  REQUIRE(detail::in_lists_from_edges(e.n, e.s.data(), e.t.data(), e.m(), keep_loops, false, one));
  for (int threads : {2, 3, 8}) {
    CAPTURE(threads);
    detail::InLists split;
    REQUIRE(detail::in_lists_from_edges_split(e.n, e.s.data(), e.t.data(), e.m(), keep_loops, false,
                                              split, threads));
    CHECK(split.in == one.in);
    CHECK(split.from == one.from);
    CHECK(split.degree == one.degree);
    CHECK(split.rank == one.rank);
    CHECK(split.listed == one.listed);
    CHECK(split.live == one.live);
    // What the graph must check and word instead: a duplicate where they are
    // an error, a node out of range.
    detail::InLists refused;
    CHECK_FALSE(detail::in_lists_from_edges_split(e.n, e.s.data(), e.t.data(), e.m(), keep_loops,
                                                  true, refused, threads));
    std::vector<std::int64_t> bad = e.t;
    bad[bad.size() / 2] = e.n;
    CHECK_FALSE(detail::in_lists_from_edges_split(e.n, e.s.data(), bad.data(), e.m(), keep_loops,
                                                  false, refused, threads));
  }
}

TEST_CASE("fairness and goodness on 2 and 8 threads equal one thread's",
          "[graph][fairness_goodness][threads]") {
  const Edges e = random_edges(11, 20000, 150000, true);
  const TrustGraph graph(e.n, e.s.data(), e.t.data(), e.w.data(), e.m());
  FairnessGoodnessOptions o;
  o.tolerance = 1e-10;
  o.threads = 1;
  const FairnessGoodnessResult one = fairness_goodness(graph, o);
  REQUIRE(one.converged);
  for (int threads : {2, 8}) {
    CAPTURE(threads);
    o.threads = threads;
    const FairnessGoodnessResult split = fairness_goodness(graph, o);
    REQUIRE(split.converged);
    // The same sweeps, only the sums' rounding differs.
    CHECK(std::abs(split.iterations - one.iterations) <= 1);
    CHECK(l1(split.fairness, one.fairness) <= 10 * o.tolerance);
    CHECK(l1(split.goodness, one.goodness) <= 10 * o.tolerance);
    const FairnessGoodnessResult again = fairness_goodness(graph, o);
    CHECK(l1(again.fairness, split.fairness) == 0);
    CHECK(l1(again.goodness, split.goodness) == 0);
  }
  // An excluded edge is left out on the split path too.
  o.threads = 8;
  FairnessGoodnessOptions one_thread = o;
  one_thread.threads = 1;
  const FairnessGoodnessResult a = fairness_goodness_from(graph, 42, nullptr, o);
  const FairnessGoodnessResult b = fairness_goodness_from(graph, 42, nullptr, one_thread);
  CHECK(l1(a.goodness, b.goodness) <= 10 * o.tolerance);
}

TEST_CASE("graph solves refuse a negative thread count", "[graph][threads]") {
  const Edges e = random_edges(1, 10, 30, true);
  EigenTrustOptions o;
  o.threads = -1;
  CHECK_THROWS_WITH(solve(e, o, -1), Catch::Contains("threads must be >= 0"));
  FairnessGoodnessOptions f;
  f.threads = -2;
  const TrustGraph graph(e.n, e.s.data(), e.t.data(), e.w.data(), e.m());
  CHECK_THROWS_WITH(fairness_goodness(graph, f), Catch::Contains("threads must be >= 0"));
}

TEST_CASE("a thread team runs every round on all its threads", "[threads]") {
  ThreadTeam team(4);
  REQUIRE(team.size() == 4);
  std::vector<int> runs(4, 0);
  for (int round = 0; round < 50; ++round) team.run([&](int t) { ++runs[std::size_t(t)]; });
  CHECK(runs == std::vector<int>(4, 50));
  // A body's exception comes out after the round, and the team goes on.
  CHECK_THROWS_WITH(team.run([](int t) {
    if (t == 2) throw std::runtime_error("thread 2 failed");
  }),
                    "thread 2 failed");
  team.run([&](int t) { ++runs[std::size_t(t)]; });
  CHECK(runs == std::vector<int>(4, 51));
}

TEST_CASE("balanced bounds split rows by their work", "[threads]") {
  // Row 0 holds 90 of 100 edges: alone in the first range.
  const std::vector<std::int64_t> offsets = {0, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100};
  const auto bounds = balanced_bounds(offsets.data(), 11, 2, 0.0, 1);
  CHECK(bounds == std::vector<std::int64_t>{0, 1, 11});
  // Without offsets: equal ranges, at multiples of align.
  const auto even = balanced_bounds<std::int64_t>(nullptr, 100, 4, 1.0, 8);
  CHECK(even == std::vector<std::int64_t>{0, 32, 56, 80, 100});
  CHECK(thread_count_for(100, 8, 30) == 3);
  CHECK(thread_count_for(100, 1, 30) == 1);
}
