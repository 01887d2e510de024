// EigenTrust (S. D. Kamvar, M. T. Schlosser, H. Garcia-Molina, "The EigenTrust
// Algorithm for Reputation Management in P2P Networks", WWW 2003, §4.5 with
// pre-trusted peers). Local trust c_ij = max(s_ij, 0) / Σ_k max(s_ik, 0) from
// the positive ratings; p is uniform over the pre-trusted seeds (over all
// nodes when there are none); a node that trusts nobody (no positive rating
// given) trusts the seeds. Global trust is the fixed point of
//
//   t = (1 − α) Cᵀ t + α p        (Σ t = 1, t >= 0)
//
// found by power iteration from t = p until ||t_{k+1} − t_k||₁ < tolerance.
// This is PageRank with teleport α, personalization p and dangling nodes
// jumping to p: networkx.pagerank(G, alpha=1 − α, personalization=p) solves
// the same problem.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {

struct EigenTrustOptions {
  double alpha = 0.15;      // weight of the seeds in every step, in [0, 1)
  double tolerance = 1e-8;  // on the L1 change of one step
  std::int64_t max_iterations = 1000;
  std::vector<std::int64_t> seeds;  // pre-trusted nodes (empty: every node)
};

struct EigenTrustResult {
  std::vector<double> trust;  // one per node, summing to 1
  std::int64_t iterations = 0;
  double residual = 0;  // L1 change of the last step
  bool converged = false;
};

inline EigenTrustResult eigentrust(const TrustGraph& graph, const EigenTrustOptions& o = {}) {
  require(o.alpha >= 0 && o.alpha < 1, "eigentrust: alpha must lie in [0, 1)");
  require(o.tolerance > 0, "eigentrust: tolerance must be > 0");
  require(o.max_iterations > 0, "eigentrust: max_iterations must be > 0");
  const std::int64_t n = graph.node_count();
  EigenTrustResult r;
  if (n == 0) return r;
  std::vector<double> p(static_cast<std::size_t>(n), 0.0);
  for (std::int64_t s : o.seeds) {
    require(s >= 0 && s < n, "eigentrust: seed " + std::to_string(s) + " is not a node");
    p[static_cast<std::size_t>(s)] = 1;
  }
  double seeds = 0;
  for (double x : p) seeds += x;
  for (double& x : p) x = o.seeds.empty() ? 1.0 / static_cast<double>(n) : x / seeds;

  // Row sums of the positive ratings (0: the node trusts nobody, "dangling").
  const auto& S = graph.ratings();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  std::vector<double> inv_sum(static_cast<std::size_t>(n), 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::int64_t k = row[i]; k < row[i + 1]; ++k) sum += val[k] > 0 ? val[k] : 0.0;
    inv_sum[static_cast<std::size_t>(i)] = sum > 0 ? 1.0 / sum : 0.0;
  }
  std::vector<double> t = p, next(static_cast<std::size_t>(n));
  const double keep = 1 - o.alpha;
  while (r.iterations < o.max_iterations) {
    std::fill(next.begin(), next.end(), 0.0);
    double dangling = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      const double ti = t[static_cast<std::size_t>(i)];
      const double scale = inv_sum[static_cast<std::size_t>(i)];
      if (scale == 0) {
        dangling += ti;
        continue;
      }
      for (std::int64_t k = row[i]; k < row[i + 1]; ++k)
        if (val[k] > 0) next[static_cast<std::size_t>(col[k])] += ti * val[k] * scale;
    }
    double change = 0;
    for (std::size_t j = 0; j < next.size(); ++j) {
      next[j] = keep * (next[j] + dangling * p[j]) + o.alpha * p[j];
      change += std::fabs(next[j] - t[j]);
    }
    t.swap(next);
    ++r.iterations;
    r.residual = change;
    if (change < o.tolerance) {
      r.converged = true;
      break;
    }
  }
  r.trust = std::move(t);
  return r;
}

}  // namespace v1
}  // namespace trustscore
