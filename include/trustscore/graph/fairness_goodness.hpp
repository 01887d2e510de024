// Fairness and goodness (S. Kumar, F. Spezzano, V. S. Subrahmanian,
// C. Faloutsos, "Edge Weight Prediction in Weighted Signed Networks",
// ICDM 2016, §IV) for ratings w(u, v) in [-1, 1]: how fair a rater is, and how
// good a rated node is, each defined by the other:
//
//   g(v) = 1/|in(v)|  Σ_{u ∈ in(v)}  f(u) · w(u, v)
//   f(u) = 1 − 1/(2 |out(u)|) Σ_{v ∈ out(u)} |w(u, v) − g(v)|
//
// iterated from f = g = 1 (goodness first) until neither changes by more than
// `tolerance` in total (L1) in a step. As in the authors' reference code, a
// node without incoming ratings keeps g = 1 and one without outgoing ratings
// keeps f = 1. The predicted weight of an edge u -> v is f(u) · g(v).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {

struct FairnessGoodnessOptions {
  double tolerance = 1e-9;  // on the L1 change of f and of g in one step
  std::int64_t max_iterations = 1000;
};

struct FairnessGoodnessResult {
  std::vector<double> fairness, goodness;  // one per node; f in [0, 1], g in [-1, 1]
  std::int64_t iterations = 0;
  double residual = 0;  // the larger L1 change of the last step
  bool converged = false;

  double predict(std::int64_t u, std::int64_t v) const {
    return fairness.at(static_cast<std::size_t>(u)) * goodness.at(static_cast<std::size_t>(v));
  }
};

// The same iteration on the graph without edge `excluded` (an index into the
// CSR arrays; -1: none), started from `start` (its fairness and goodness;
// empty: all 1). Leave-one-out evaluation warm-starts each left-out edge
// from the full graph's solution.
inline FairnessGoodnessResult fairness_goodness_from(const TrustGraph& graph, std::int64_t excluded,
                                                     const FairnessGoodnessResult* start,
                                                     const FairnessGoodnessOptions& o = {}) {
  require(o.tolerance > 0, "fairness_goodness: tolerance must be > 0");
  require(o.max_iterations > 0, "fairness_goodness: max_iterations must be > 0");
  require(excluded >= -1 && excluded < graph.edge_count(),
          "fairness_goodness: excluded edge out of range");
  const std::int64_t n = graph.node_count();
  const auto& S = graph.ratings();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  const auto N = static_cast<std::size_t>(n);
  std::vector<double> in_count(N, 0.0);
  for (std::int64_t k = 0; k < graph.edge_count(); ++k)
    in_count[static_cast<std::size_t>(col[k])] += k == excluded ? 0.0 : 1.0;
  FairnessGoodnessResult r;
  if (start) {
    require(start->fairness.size() == N && start->goodness.size() == N,
            "fairness_goodness: the start has another node count");
    r.fairness = start->fairness;
    r.goodness = start->goodness;
  } else {
    r.fairness.assign(N, 1.0);
    r.goodness.assign(N, 1.0);
  }
  std::vector<double> g_sum(N);
  while (r.iterations < o.max_iterations) {
    // Goodness from the current fairness.
    std::fill(g_sum.begin(), g_sum.end(), 0.0);
    for (std::int64_t u = 0; u < n; ++u)
      for (std::int64_t k = row[u]; k < row[u + 1]; ++k)
        if (k != excluded)
          g_sum[static_cast<std::size_t>(col[k])] +=
              r.fairness[static_cast<std::size_t>(u)] * val[k];
    double dg = 0;
    for (std::size_t v = 0; v < N; ++v) {
      // Unrated: the start value 1 (so a warm start never keeps a left-out edge's effect).
      const double g = in_count[v] == 0 ? 1.0 : g_sum[v] / in_count[v];
      dg += std::fabs(g - r.goodness[v]);
      r.goodness[v] = g;
    }
    // Fairness from the new goodness.
    double df = 0;
    for (std::int64_t u = 0; u < n; ++u) {
      const std::int64_t out =
          row[u + 1] - row[u] - (excluded >= row[u] && excluded < row[u + 1] ? 1 : 0);
      if (out == 0) {
        df += std::fabs(1.0 - r.fairness[static_cast<std::size_t>(u)]);
        r.fairness[static_cast<std::size_t>(u)] = 1.0;
        continue;
      }
      double err = 0;
      for (std::int64_t k = row[u]; k < row[u + 1]; ++k)
        if (k != excluded) err += std::fabs(val[k] - r.goodness[static_cast<std::size_t>(col[k])]);
      const double f = 1 - err / (2 * static_cast<double>(out));
      df += std::fabs(f - r.fairness[static_cast<std::size_t>(u)]);
      r.fairness[static_cast<std::size_t>(u)] = f;
    }
    ++r.iterations;
    r.residual = std::max(df, dg);
    if (r.residual < o.tolerance) {
      r.converged = true;
      break;
    }
  }
  return r;
}

inline FairnessGoodnessResult fairness_goodness(const TrustGraph& graph,
                                                const FairnessGoodnessOptions& o = {}) {
  return fairness_goodness_from(graph, -1, nullptr, o);
}

}  // namespace v1
}  // namespace trustscore
