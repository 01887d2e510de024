// Trust graphs: building (scaling, duplicates, self-loops, errors), EigenTrust
// against hand-computed values and a dense power iteration written from the
// formula, Fairness–Goodness against hand-solved fixed points.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "graph_reference.hpp"
#include "test_helpers.hpp"
#include "trustscore/graph/edge_prediction.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"

using namespace trustscore;
using tstest::outcome_of;

namespace {

TrustGraph graph(std::int64_t n, std::vector<std::int64_t> s, std::vector<std::int64_t> t,
                 std::vector<double> w, const GraphOptions& o = {}) {
  return TrustGraph(n, s.data(), t.data(), w.data(), static_cast<std::int64_t>(s.size()), o);
}

double rating(const TrustGraph& g, std::int64_t s, std::int64_t t) {
  return g.ratings().coeff(s, t);
}

// Edges of a seeded random graph: each edge draws its source, target and a
// rating in [-1, 1] in turn.
struct RandomEdges {
  std::vector<std::int64_t> s, t;
  std::vector<double> r;
};

RandomEdges random_edges(std::uint32_t seed, std::int64_t nodes, int edges) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::int64_t> node(0, nodes - 1);
  std::uniform_real_distribution<double> w(-1, 1);
  RandomEdges e;
  for (int i = 0; i < edges; ++i)
    e.s.push_back(node(rng)), e.t.push_back(node(rng)), e.r.push_back(w(rng));
  return e;
}

}  // namespace

TEST_CASE("trust graphs: scaling, duplicates, self-loops, errors", "[graph]") {
  GraphOptions o;
  o.rating_min = -10, o.rating_max = 10;
  const TrustGraph g = graph(3, {0, 1, 1, 2}, {1, 2, 2, 2}, {10, -4, 2, 7}, o);
  CHECK(rating(g, 0, 1) == 1.0);
  CHECK(rating(g, 1, 2) == Approx(-0.1));  // duplicates: the mean of -0.4 and 0.2
  CHECK(g.edge_count() == 2);              // the self-loop 2 -> 2 dropped
  o.duplicates = DuplicateEdges::last;
  CHECK(rating(graph(3, {1, 1}, {2, 2}, {-4, 2}, o), 1, 2) == Approx(0.2));
  o.duplicates = DuplicateEdges::sum;
  CHECK(rating(graph(3, {1, 1, 1}, {2, 2, 2}, {9, 9, -1}, o), 1, 2) == 1.0);  // clipped
  o.duplicates = DuplicateEdges::error;
  CHECK(outcome_of([&] {
          graph(3, {1, 0, 1}, {2, 1, 2}, {1, 1, 1}, o);
        }).contains("edge 2: duplicate of edge 0"));
  o.self_loops = SelfLoops::keep;
  CHECK(rating(graph(3, {2}, {2}, {5}, o), 2, 2) == 0.5);
  o.self_loops = SelfLoops::error;
  CHECK(outcome_of([&] { graph(3, {2}, {2}, {5}, o); }).contains("self-loop"));
  CHECK(outcome_of([&] { graph(3, {0}, {3}, {5}, o); }).contains("out of range"));
  CHECK(outcome_of([&] { graph(3, {0}, {1}, {11}, o); }).contains("off the scale"));
  CHECK(outcome_of([&] { graph(3, {0}, {1}, {std::nan("")}, o); }).contains("off the scale"));
  CHECK(outcome_of([&] { graph(-1, {}, {}, {}); }).contains("negative"));
  GraphNodes ids;
  CHECK(ids.index("alice") == 0);
  CHECK(ids.index("bob") == 1);
  CHECK(ids.index("alice") == 0);
  CHECK(ids.find("carol") == -1);
}

TEST_CASE("eigentrust: hand-computed values", "[graph]") {
  // A cycle: by symmetry every node has 1/3.
  const auto cycle = eigentrust(graph(3, {0, 1, 2}, {1, 2, 0}, {1, 1, 1}));
  REQUIRE(cycle.converged);
  for (double t : cycle.trust) CHECK(t == Approx(1.0 / 3).epsilon(1e-9));
  // 0 trusts 1; 1 trusts nobody (so the seeds, here everyone): with α = 0.15,
  // t0 = 0.85 · t1/2 + 0.075 and t0 + t1 = 1 give t0 = 0.5 / 1.425.
  EigenTrustOptions tight;
  tight.tolerance = 1e-14;
  const auto two = eigentrust(graph(2, {0}, {1}, {1}), tight);
  CHECK(two.trust[0] == Approx(0.5 / 1.425).epsilon(1e-12));
  CHECK(two.trust[1] == Approx(1 - 0.5 / 1.425).epsilon(1e-12));
  CHECK(two.residual < 1e-14);
  // Negative ratings give no trust: 1 distrusts 2, so 2 lives on the teleport alone.
  EigenTrustOptions seeded;
  seeded.seeds = {0};
  const auto neg = eigentrust(graph(3, {0, 1}, {1, 2}, {1, -1}), seeded);
  CHECK(neg.trust[2] == Approx(0).margin(1e-12));
  CHECK(neg.trust[0] + neg.trust[1] == Approx(1).epsilon(1e-12));
}

TEST_CASE("eigentrust matches a dense power iteration", "[graph]") {
  const auto [s, t, r] = random_edges(3, 40, 150);
  const TrustGraph g = graph(40, s, t, r);
  for (const std::vector<std::int64_t>& seeds : {std::vector<std::int64_t>{}, {3, 7, 11}}) {
    const auto fast = eigentrust(g, tstest::tight(seeds, 0.2));
    const std::vector<double> p = tstest::teleport(40, seeds);
    const auto slow = tstest::dense_eigentrust(g, 0.2, p);
    double sum = 0;
    for (std::size_t i = 0; i < 40; ++i) {
      CHECK(fast.trust[i] == Approx(slow[i]).margin(1e-12));
      sum += fast.trust[i];
    }
    CHECK(sum == Approx(1).epsilon(1e-12));
  }
  EigenTrustOptions bad;
  bad.alpha = 1;
  CHECK(outcome_of([&] { eigentrust(g, bad); }).contains("alpha"));
  bad = {};
  bad.seeds = {40};
  CHECK(outcome_of([&] { eigentrust(g, bad); }).contains("seed 40"));
  bad = {};
  bad.max_iterations = 2;
  const auto capped = eigentrust(g, bad);
  CHECK(capped.iterations == 2);
  CHECK(!capped.converged);
}

TEST_CASE("fairness and goodness: hand-solved fixed points", "[graph]") {
  // Two raters disagree about node 2: g = 0, both half fair.
  const auto split = fairness_goodness(graph(3, {0, 1}, {2, 2}, {1, -1}));
  REQUIRE(split.converged);
  CHECK(split.goodness[2] == Approx(0).margin(1e-12));
  CHECK(split.fairness[0] == Approx(0.5));
  CHECK(split.predict(0, 2) == Approx(0).margin(1e-12));
  // Two say +1, one says -1: g = (fA + fB - fD)/3 with fA = fB = (1 + g)/2 and
  // fD = (1 - g)/2, so g = 1/3, fA = 2/3, fD = 1/3.
  const auto three = fairness_goodness(graph(4, {0, 1, 3}, {2, 2, 2}, {1, 1, -1}));
  REQUIRE(three.converged);
  CHECK(three.goodness[2] == Approx(1.0 / 3).epsilon(1e-9));
  CHECK(three.fairness[0] == Approx(2.0 / 3).epsilon(1e-9));
  CHECK(three.fairness[3] == Approx(1.0 / 3).epsilon(1e-9));
  CHECK(three.goodness[0] == 0.0);  // rated by nobody: unrated_goodness
  CHECK(three.fairness[2] == 1.0);  // rates nobody
  FairnessGoodnessOptions one;
  one.unrated_goodness = 1;
  CHECK(fairness_goodness(graph(4, {0, 1, 3}, {2, 2, 2}, {1, 1, -1}), one).goodness[0] == 1.0);
}

TEST_CASE("leave-one-out: hand-computed predictions", "[graph]") {
  // The graph above plus 0 -> 4 (0.5). Without 0 -> 4 it is the graph above:
  // f(0) = 2/3, and node 4 is rated by nobody, so g(4) = unrated_goodness.
  const TrustGraph g = graph(5, {0, 1, 3, 0}, {2, 2, 2, 4}, {1, 1, -1, 0.5});
  const std::int64_t edge04 = 1;  // row 0 holds 0 -> 2, 0 -> 4
  REQUIRE(g.ratings().innerIndexPtr()[edge04] == 4);
  FairnessGoodnessOptions tight;
  tight.tolerance = 1e-12;
  FairnessGoodnessLeaveOneOut zero(g, tight);
  const auto z = zero.without(edge04);
  CHECK(z.converged);
  CHECK(z.goodness == 0.0);
  CHECK(z.fairness == Approx(2.0 / 3).epsilon(1e-9));
  CHECK(z.predict() == 0.0);
  FairnessGoodnessOptions one = tight;
  one.unrated_goodness = 1;
  FairnessGoodnessLeaveOneOut ones(g, one);
  CHECK(ones.without(edge04).predict() == Approx(2.0 / 3).epsilon(1e-9));
  const auto cold = fairness_goodness_from(g, edge04, nullptr, one);
  CHECK(cold.predict(0, 4) == Approx(2.0 / 3).epsilon(1e-9));
  // The same edge again: each solve starts from the full solution again.
  CHECK(zero.without(edge04).fairness == z.fairness);
  CHECK(outcome_of([&] { zero.without(4); }).contains("out of range"));
  CHECK(outcome_of([&] { zero.without(-1); }).contains("out of range"));
  one.unrated_goodness = 2;
  CHECK(outcome_of([&] { fairness_goodness(g, one); }).contains("unrated_goodness"));
  one.unrated_goodness = std::nan("");
  CHECK(outcome_of([&] { FairnessGoodnessLeaveOneOut bad(g, one); }).contains("unrated"));

  // Reciprocal: w(v, u) where v rated u, else 0 (or the mean of the other weights).
  const TrustGraph r = graph(3, {0, 1, 0}, {1, 0, 2}, {0.5, -0.2, 0.8});
  EdgePredictionOptions o;
  o.folds = 0;                              // too few edges to learn from
  const auto report = leave_one_out(r, o);  // edges in CSR order: 0->1, 0->2, 1->0
  REQUIRE(report.predictors[2].name == "reciprocal");
  CHECK(report.predictors[2].predicted == std::vector<double>{-0.2, 0.0, 0.5});
  o.reciprocal_fallback = ReciprocalFallback::global_mean;
  const auto mean = leave_one_out(r, o).predictors[2].predicted;
  CHECK(mean[1] == Approx((0.5 - 0.2) / 2));
  // Every left-out edge here points at a node nobody else rates.
  CHECK(report.predictors[0].predicted == std::vector<double>{0.0, 0.0, 0.0});
  o.reciprocal_fallback = static_cast<ReciprocalFallback>(7);
  CHECK(outcome_of([&] { leave_one_out(r, o); }).contains("reciprocal_fallback"));
}

TEST_CASE("leave-one-out: local warm solves agree with cold starts to 1e-6", "[graph]") {
  // A skewed random graph (a few hubs), as real trust graphs are.
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::int64_t> s, t;
  std::vector<double> r;
  const std::int64_t n = 200;
  const auto node = [&] {
    return std::min<std::int64_t>(n - 1, static_cast<std::int64_t>(n * std::pow(unit(rng), 3)));
  };
  for (int e = 0; e < 1500; ++e) {
    s.push_back(node()), t.push_back(node());
    r.push_back(unit(rng) < 0.85 ? unit(rng) * 0.5 : -unit(rng));
  }
  GraphOptions go;
  go.self_loops = SelfLoops::keep;  // an edge u -> u left out touches both sums of u
  const TrustGraph g = graph(n, s, t, r, go);
  for (double tolerance : {1e-6, 1e-9}) {
    FairnessGoodnessOptions o;
    o.tolerance = tolerance;
    FairnessGoodnessLeaveOneOut local(g, o);
    FairnessGoodnessOptions exact;
    exact.tolerance = 1e-13;
    const auto full = fairness_goodness(g, exact);
    for (std::size_t v = 0; v < full.goodness.size(); ++v)
      CHECK(local.full().goodness[v] == Approx(full.goodness[v]).margin(1e-9));
    const auto& S = g.ratings();
    double worst = 0;
    for (std::int64_t u = 0; u < n; ++u)
      for (std::int64_t k = S.outerIndexPtr()[u]; k < S.outerIndexPtr()[u + 1]; k += 2) {
        const auto warm = local.without(k);
        REQUIRE(warm.converged);
        const auto cold = fairness_goodness_from(g, k, nullptr, o);
        REQUIRE(cold.converged);
        worst = std::max(worst, std::fabs(warm.predict() - cold.predict(u, S.innerIndexPtr()[k])));
      }
    CAPTURE(tolerance);
    CHECK(worst < 1e-6);
  }
}

TEST_CASE("fairness and goodness stay in range on a random signed graph", "[graph]") {
  const auto [s, t, r] = random_edges(9, 100, 600);
  const auto fg = fairness_goodness(graph(100, s, t, r));
  CHECK(fg.converged);
  for (double f : fg.fairness) CHECK((f >= 0 && f <= 1));
  for (double g : fg.goodness) CHECK((g >= -1 && g <= 1));
}

TEST_CASE("leave-one-out: warm starts agree with cold starts and with rebuilt graphs", "[graph]") {
  const auto [s, t, r] = random_edges(21, 30, 120);
  const TrustGraph g = graph(30, s, t, r);
  EdgePredictionOptions warm, cold;
  warm.fairness_goodness.tolerance = cold.fairness_goodness.tolerance = 1e-12;
  cold.warm_start = false;
  const auto a = leave_one_out(g, warm), b = leave_one_out(g, cold);
  REQUIRE(a.edges.size() == static_cast<std::size_t>(g.edge_count()));
  for (std::size_t i = 0; i < a.edges.size(); ++i)
    CHECK(a.predictors[0].predicted[i] == Approx(b.predictors[0].predicted[i]).margin(1e-6));
  // The first left-out edge, by rebuilding the graph without it.
  const auto& S = g.ratings();
  std::vector<std::int64_t> s2, t2;
  std::vector<double> r2;
  std::int64_t u0 = -1, v0 = -1;
  for (std::int64_t u = 0; u < g.node_count(); ++u)
    for (TrustGraph::Matrix::InnerIterator it(S, u); it; ++it) {
      if (u0 < 0) {
        u0 = u, v0 = it.col();
        continue;
      }
      s2.push_back(u), t2.push_back(it.col()), r2.push_back(it.value());
    }
  FairnessGoodnessOptions tight;
  tight.tolerance = 1e-12;
  const auto rebuilt = fairness_goodness(graph(30, s2, t2, r2), tight);
  CHECK(b.predictors[0].predicted[0] == Approx(rebuilt.predict(u0, v0)).margin(1e-9));
  CHECK(a.predictors[0].name == "fairness_goodness");
  CHECK(a.predictors[0].rmse > 0);
  // A seeded sample is the same sample each time.
  EdgePredictionOptions sampled;
  sampled.sample = 10;
  CHECK(leave_one_out(g, sampled).edges == leave_one_out(g, sampled).edges);
  CHECK(leave_one_out(g, sampled).edges.size() == 10);
}

TEST_CASE("eigentrust: slow contraction, accelerated, against the hand-solved cycle", "[graph]") {
  // A directed cycle i -> i - 1 (mod n) with the single seed 0: the trust
  // runs 0 -> n-1 -> ... -> 1 -> 0, so t_{n-k} = (1 - α)^k t_0 with
  // t_0 = α / (1 - (1 - α)^n). Swept in index order each node reads a value
  // not yet updated, so plain Gauss–Seidel contracts by only 1 - α per
  // sweep. Anderson acceleration takes over but gains little here (every
  // eigenvalue of the sweep has modulus about 1 - α: a rotation, which two
  // differences cannot fit); what is checked is the value it converges to.
  const std::int64_t n = 30;
  std::vector<std::int64_t> s, t;
  for (std::int64_t i = 0; i < n; ++i) s.push_back(i), t.push_back((i + n - 1) % n);
  EigenTrustOptions o;
  o.seeds = {0};
  o.alpha = 0.15;
  o.tolerance = 1e-13;
  const auto r = eigentrust(graph(n, s, t, std::vector<double>(s.size(), 1.0)), o);
  REQUIRE(r.converged);
  const double t0 = 0.15 / (1 - std::pow(0.85, n));
  CHECK(r.trust[0] == Approx(t0).epsilon(1e-11));
  for (std::int64_t k = 1; k < n; ++k)
    CHECK(r.trust[static_cast<std::size_t>(n - k)] ==
          Approx(std::pow(0.85, static_cast<double>(k)) * t0).epsilon(1e-10));
}

TEST_CASE("eigentrust: accelerated sweeps on a random graph match the dense reference", "[graph]") {
  // α = 0.05: Gauss–Seidel contracts slowly; unrated nodes (nobody's
  // target), dangling nodes and seeds all present.
  const auto [s, t, r] = random_edges(5, 60, 140);
  std::vector<double> ones(r.size(), 1.0);
  const TrustGraph g = graph(60, s, t, ones);
  for (const std::vector<std::int64_t>& seeds : {std::vector<std::int64_t>{}, {1, 2, 30}}) {
    const auto fast = eigentrust(g, tstest::tight(seeds, 0.05));
    REQUIRE(fast.converged);
    CHECK(fast.iterations < 120);  // 73 and 72; plain Gauss–Seidel takes 253 and 256
    const auto slow = tstest::dense_eigentrust(g, 0.05, tstest::teleport(60, seeds));
    for (std::size_t i = 0; i < 60; ++i) CHECK(fast.trust[i] == Approx(slow[i]).margin(1e-12));
  }
}
