// Leave-one-out edge-weight prediction (the protocol of Kumar et al., ICDM
// 2016, §VI): each edge (or a seeded sample of them) is removed, the
// predictors are computed on the rest, and the edge's weight is predicted;
// RMSE and Pearson correlation against the true weights, per predictor:
//
//   fairness_goodness  f(u)·g(v) on the graph without the edge (by default
//                      warm-started from the full graph's solution and
//                      recomputed only where it changes:
//                      FairnessGoodnessLeaveOneOut; tested equal to a cold
//                      start). A target that nobody else rated has
//                      g = unrated_goodness (0 by default).
//   goodness           g(v) alone, same solution
//   reciprocal         w(v, u) when v rated u, else 0 (no evidence; the
//                      paper's numbers imply it) or, with
//                      ReciprocalFallback::global_mean, the global mean
//   global_mean        the mean of all other weights
//   eigentrust         the target's EigenTrust on the full graph, scaled to
//                      [-1, 1] by its rank among all nodes (not recomputed per
//                      edge: one left-out edge barely moves it)
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"

namespace trustscore {
inline namespace v1 {

enum class ReciprocalFallback { zero, global_mean };

struct EdgePredictionOptions {
  std::int64_t sample = 0;  // edges to leave out (0: all)
  std::uint64_t seed = 1;   // of the sample
  FairnessGoodnessOptions fairness_goodness;
  bool warm_start = true;  // false: each edge's solve starts cold from f = g = 1 (slow)
  ReciprocalFallback reciprocal_fallback = ReciprocalFallback::zero;  // when v never rated u
};

struct PredictorScore {
  std::string name;
  std::vector<double> predicted;  // one per evaluated edge
  double rmse = 0, pearson = 0;
};

struct EdgePredictionReport {
  std::vector<std::int64_t> edges;  // CSR indices of the evaluated edges
  std::vector<double> actual;
  std::vector<PredictorScore> predictors;
};

inline double rmse(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return a.empty() ? 0.0 : std::sqrt(s / static_cast<double>(a.size()));
}

// NaN when either side is constant.
inline double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i] / n, mb += b[i] / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    sab += (a[i] - ma) * (b[i] - mb), saa += (a[i] - ma) * (a[i] - ma),
        sbb += (b[i] - mb) * (b[i] - mb);
  return sab / std::sqrt(saa * sbb);
}

inline EdgePredictionReport leave_one_out(const TrustGraph& graph,
                                          const EdgePredictionOptions& o = {}) {
  const std::int64_t E = graph.edge_count(), n = graph.node_count();
  require(E >= 2, "leave_one_out: at least two edges are needed");
  require(o.sample >= 0, "leave_one_out: sample must be >= 0");
  require(o.reciprocal_fallback == ReciprocalFallback::zero ||
              o.reciprocal_fallback == ReciprocalFallback::global_mean,
          "leave_one_out: unknown reciprocal_fallback");
  const auto& S = graph.ratings();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  EdgePredictionReport r;
  r.edges.resize(static_cast<std::size_t>(E));
  std::iota(r.edges.begin(), r.edges.end(), 0);
  if (o.sample > 0 && o.sample < E) {
    std::mt19937_64 rng(o.seed);
    std::shuffle(r.edges.begin(), r.edges.end(), rng);
    r.edges.resize(static_cast<std::size_t>(o.sample));
    std::sort(r.edges.begin(), r.edges.end());
  }
  std::vector<std::int64_t> source(static_cast<std::size_t>(E));
  for (std::int64_t u = 0; u < n; ++u)
    for (std::int64_t k = row[u]; k < row[u + 1]; ++k) source[static_cast<std::size_t>(k)] = u;
  double total = 0;
  for (std::int64_t k = 0; k < E; ++k) total += val[k];
  // EigenTrust of the full graph, as ranks scaled to [-1, 1].
  const auto trust = eigentrust(graph).trust;
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    return trust[static_cast<std::size_t>(a)] < trust[static_cast<std::size_t>(b)];
  });
  std::vector<double> trust_rank(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < order.size(); ++i)
    trust_rank[static_cast<std::size_t>(order[i])] =
        n > 1 ? 2.0 * static_cast<double>(i) / static_cast<double>(n - 1) - 1.0 : 0.0;

  // Warm, local solves (the full solution is computed once, here, up front).
  std::optional<FairnessGoodnessLeaveOneOut> local;
  if (o.warm_start) local.emplace(graph, o.fairness_goodness);
  PredictorScore fg{"fairness_goodness", {}}, good{"goodness", {}}, recip{"reciprocal", {}},
      mean{"global_mean", {}}, et{"eigentrust", {}};
  for (std::int64_t k : r.edges) {
    const std::int64_t u = source[static_cast<std::size_t>(k)], v = col[k];
    const double w = val[k];
    r.actual.push_back(w);
    if (local) {
      const auto without = local->without(k);
      fg.predicted.push_back(without.predict());
      good.predicted.push_back(without.goodness);
    } else {
      const auto without = fairness_goodness_from(graph, k, nullptr, o.fairness_goodness);
      fg.predicted.push_back(without.predict(u, v));
      good.predicted.push_back(without.goodness[static_cast<std::size_t>(v)]);
    }
    const double others = (total - w) / static_cast<double>(E - 1);
    mean.predicted.push_back(others);
    // v's rating of u, if v rated u (rows are sorted by column).
    double back = o.reciprocal_fallback == ReciprocalFallback::zero ? 0.0 : others;
    for (std::int64_t j = row[v]; j < row[v + 1] && col[j] <= u; ++j)
      if (col[j] == u && j != k) back = val[j];
    recip.predicted.push_back(back);
    et.predicted.push_back(trust_rank[static_cast<std::size_t>(v)]);
  }
  for (PredictorScore* p : {&fg, &good, &recip, &mean, &et}) {
    p->rmse = rmse(p->predicted, r.actual);
    p->pearson = pearson(p->predicted, r.actual);
    r.predictors.push_back(std::move(*p));
  }
  return r;
}

}  // namespace v1
}  // namespace trustscore
