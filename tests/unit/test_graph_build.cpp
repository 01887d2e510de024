// Trust graphs built by counting sort: the CSR arrays against a std::map
// reference of the documented rules (every duplicate and self-loop mode, with
// and without edge times, unsorted and sorted input), edge times' errors, and
// EigenTrust's two solvers (Gauss–Seidel on graphs whose nodes rate all their
// trustees alike, power iteration otherwise) against a dense power iteration.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "graph_reference.hpp"
#include "test_helpers.hpp"
#include "trustscore/graph/eigentrust.hpp"

using namespace trustscore;
using tstest::outcome_of;

namespace {

struct TimedEdges {
  std::int64_t n = 0;
  std::vector<std::int64_t> s, t;
  std::vector<double> w, time;
  TrustGraph build(const GraphOptions& o = {}, bool with_time = false) const {
    return TrustGraph(n, s.data(), t.data(), w.data(), static_cast<std::int64_t>(s.size()), o,
                      with_time ? time.data() : nullptr);
  }
};

// The rules, written plainly: (source, target) -> merged rating.
std::map<std::pair<std::int64_t, std::int64_t>, double> reference(const TimedEdges& e,
                                                                  const GraphOptions& o,
                                                                  bool with_time) {
  const double unit = std::max(std::fabs(o.rating_min), std::fabs(o.rating_max));
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < e.s.size(); ++i) {
    if (e.s[i] == e.t[i] && o.self_loops == SelfLoops::drop) continue;
    groups[{e.s[i], e.t[i]}].push_back(i);
  }
  std::map<std::pair<std::int64_t, std::int64_t>, double> out;
  for (const auto& [key, idx] : groups) {
    double sum = 0;
    for (std::size_t i : idx) sum += e.w[i] / unit;
    std::size_t last = idx.back();
    if (with_time)
      for (std::size_t i : idx)
        if (e.time[i] >= e.time[last] && (e.time[i] > e.time[last] || i > last)) last = i;
    double w = sum / static_cast<double>(idx.size());
    if (o.duplicates == DuplicateEdges::sum) w = std::clamp(sum, -1.0, 1.0);
    if (o.duplicates == DuplicateEdges::last) w = e.w[last] / unit;
    out[key] = w;
  }
  return out;
}

TimedEdges random_timed_edges(std::uint32_t seed, std::int64_t n, int m, bool sorted) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int64_t> node(0, n - 1);
  std::uniform_int_distribution<int> rating(-10, 10), when(0, 5);  // few times: ties
  TimedEdges e;
  e.n = n;
  for (int i = 0; i < m; ++i) {
    e.s.push_back(node(rng)), e.t.push_back(node(rng));
    e.w.push_back(rating(rng)), e.time.push_back(when(rng));
  }
  if (sorted) {
    std::vector<std::size_t> order(e.s.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::make_pair(e.s[a], e.t[a]) < std::make_pair(e.s[b], e.t[b]);
    });
    TimedEdges f = e;
    for (std::size_t i = 0; i < order.size(); ++i)
      f.s[i] = e.s[order[i]], f.t[i] = e.t[order[i]], f.w[i] = e.w[order[i]],
      f.time[i] = e.time[order[i]];
    return f;
  }
  return e;
}

}  // namespace

TEST_CASE("trust graphs: the counting-sort build follows the documented rules", "[graph]") {
  for (const bool sorted : {false, true})
    for (const bool with_time : {false, true})
      for (const auto dup : {DuplicateEdges::mean, DuplicateEdges::sum, DuplicateEdges::last})
        for (const auto loops : {SelfLoops::drop, SelfLoops::keep}) {
          const TimedEdges e = random_timed_edges(7, 25, 400, sorted);
          GraphOptions o;
          o.rating_min = -10, o.rating_max = 10;
          o.duplicates = dup, o.self_loops = loops;
          const TrustGraph g = e.build(o, with_time);
          const auto want = reference(e, o, with_time);
          const auto& S = g.ratings();
          REQUIRE(g.edge_count() == static_cast<std::int64_t>(want.size()));
          REQUIRE(S.isCompressed());
          auto it = want.begin();
          for (std::int64_t u = 0; u < g.node_count(); ++u)
            for (std::int64_t k = S.outerIndexPtr()[u]; k < S.outerIndexPtr()[u + 1]; ++k, ++it) {
              // Rows in order, targets ascending within a row: the map's order.
              CHECK(it->first == std::make_pair(u, S.innerIndexPtr()[k]));
              CHECK(S.valuePtr()[k] == it->second);  // bit for bit: same sums, same order
            }
        }
}

TEST_CASE("trust graphs: edge times", "[graph]") {
  GraphOptions o;
  o.rating_min = -10, o.rating_max = 10;
  o.duplicates = DuplicateEdges::last;
  TimedEdges e;
  e.n = 3;
  e.s = {1, 1, 1, 0}, e.t = {2, 2, 2, 1}, e.w = {4, -6, 8, 1}, e.time = {30, 50, 10, 0};
  // The latest time wins, not the last in input order.
  CHECK(e.build(o, true).ratings().coeff(1, 2) == Approx(-0.6));
  CHECK(e.build(o, false).ratings().coeff(1, 2) == Approx(0.8));
  e.time = {50, 50, 10, 0};  // a tie: the later in input order
  CHECK(e.build(o, true).ratings().coeff(1, 2) == Approx(-0.6));
  o.duplicates = DuplicateEdges::mean;  // times change nothing else
  CHECK(e.build(o, true).ratings().coeff(1, 2) == Approx(0.2));
  for (const double bad : {std::nan(""), std::numeric_limits<double>::infinity()}) {
    e.time = {1, 2, bad, 4};
    CHECK(outcome_of([&] { e.build(o, true); }).contains("edge 2: time"));
    CHECK(outcome_of([&] { e.build(o, true); }).contains("not finite"));
  }
  e.build(o, false);  // times not given: not read
  // Errors name the first duplicate pair in (source, target) order, in input order.
  o.duplicates = DuplicateEdges::error;
  TimedEdges d;
  d.n = 4;
  d.s = {3, 2, 0, 2, 3, 0}, d.t = {1, 1, 3, 1, 1, 3}, d.w = {1, 1, 1, 1, 1, 1};
  CHECK(outcome_of([&] { d.build(o); }).contains("edge 5: duplicate of edge 2 (0 -> 3)"));
}

TEST_CASE("eigentrust: Gauss–Seidel and power iteration match a dense solve", "[graph]") {
  // Unweighted (all ratings 1, some negative: ignored) and per-node constant
  // ratings take Gauss–Seidel; random ratings take power iteration.
  for (const int kind : {0, 1, 2})
    for (const auto loops : {SelfLoops::drop, SelfLoops::keep}) {
      TimedEdges e = random_timed_edges(11, 40, 120, false);  // some nodes dangle
      for (std::size_t i = 0; i < e.w.size(); ++i) {
        if (kind == 0) e.w[i] = e.w[i] < -5 ? -1 : 1;
        if (kind == 1) e.w[i] = e.w[i] < -5 ? -0.5 : 0.1 + 0.02 * static_cast<double>(e.s[i]);
        if (kind == 2) e.w[i] /= 10;
      }
      GraphOptions go;
      go.self_loops = loops;
      const TrustGraph g = e.build(go);
      for (const std::vector<std::int64_t>& seeds : {std::vector<std::int64_t>{}, {3, 7, 11}}) {
        EigenTrustOptions o = tstest::tight(seeds, 0.2);
        const auto fast = eigentrust(g, o);
        REQUIRE(fast.converged);
        const std::vector<double> p = tstest::teleport(40, seeds);
        const auto slow = tstest::dense_eigentrust(g, 0.2, p);
        double sum = 0;
        for (std::size_t i = 0; i < 40; ++i) {
          CHECK(fast.trust[i] == Approx(slow[i]).margin(1e-12));
          sum += fast.trust[i];
        }
        CHECK(sum == Approx(1).epsilon(1e-14));
        // The default tolerance: within a few times 1e-8 of the fixed point.
        o.tolerance = 1e-8;
        const auto rough = eigentrust(g, o);
        double l1 = 0;
        for (std::size_t i = 0; i < 40; ++i) l1 += std::fabs(rough.trust[i] - slow[i]);
        CHECK(l1 < 1e-7);
      }
    }
}
