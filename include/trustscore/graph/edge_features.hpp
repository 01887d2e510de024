// Node features of left-out edges u -> v, each computed on the graph without
// that edge (so a model learned on them never sees the weight it predicts):
// what the learned predictors of edge_prediction.hpp combine. Weights are the
// graph's, in [-1, 1].
//
//   fairness_goodness       f(u)·g(v), from the solve without the edge
//   source_fairness         f(u)
//   target_goodness         g(v)
//   reciprocal              w(v, u) when v rated u, else 0
//   has_reciprocal          1 when v rated u, else 0
//   target_beta             v's Beta evidence: r positive and s negative weight
//                           received, uniform prior, as 2·E[p] − 1 =
//                           (r − s) / (r + s + 2)
//   target_mean_in          the mean weight v received (0 when none)
//   source_mean_out         the mean weight u gave (0 when none): a rater's bias
//   target_negative_share   the share of v's received ratings that are negative
//   source_negative_share   the share of u's given ratings that are negative
//   target_log_in_degree    log(1 + ratings v received)
//   source_log_out_degree   log(1 + ratings u gave)
//   target_eigentrust_rank  v's EigenTrust rank scaled to [-1, 1] (full graph)
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {

struct EdgeFeatures {
  std::vector<std::string> names;
  std::vector<double> values;  // row-major: one row of names.size() values per edge
  std::size_t width() const noexcept { return names.size(); }
  std::size_t rows() const noexcept { return names.empty() ? 0 : values.size() / names.size(); }
  double at(std::size_t row, std::size_t column) const { return values[row * width() + column]; }
  // The column called `name`; invalid_argument when there is none.
  std::size_t column(const std::string& name) const {
    for (std::size_t c = 0; c < names.size(); ++c)
      if (names[c] == name) return c;
    fail(Status::invalid_argument, "edge features: no feature '" + name + "'");
  }
};

// Features of the CSR edges `edges`; fairness[i] and goodness[i] are f(u) and
// g(v) solved without edge i, trust_rank is per node, source per CSR edge.
inline EdgeFeatures edge_features(const TrustGraph& graph, const std::vector<std::int64_t>& edges,
                                  const std::vector<std::int64_t>& source,
                                  const std::vector<double>& fairness,
                                  const std::vector<double>& goodness,
                                  const std::vector<double>& trust_rank) {
  require(fairness.size() == edges.size() && goodness.size() == edges.size(),
          "edge_features: one fairness and goodness per edge is needed");
  const std::int64_t n = graph.node_count(), E = graph.edge_count();
  require(static_cast<std::int64_t>(source.size()) == E &&
              static_cast<std::int64_t>(trust_rank.size()) == n,
          "edge_features: source per edge and trust_rank per node are needed");
  const auto& S = graph.ratings();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  // Per-node sums over all edges; each edge's own share is taken out below.
  struct Sums {
    double sum = 0, positive = 0, negative = 0, count = 0, negatives = 0;
    void add(double w, double sign) {
      sum += sign * w, count += sign, negatives += sign * (w < 0);
      (w > 0 ? positive : negative) += sign * std::fabs(w);
    }
  };
  std::vector<Sums> in(static_cast<std::size_t>(n)), out(static_cast<std::size_t>(n));
  for (std::int64_t k = 0; k < E; ++k) {
    in[static_cast<std::size_t>(col[k])].add(val[k], 1);
    out[static_cast<std::size_t>(source[static_cast<std::size_t>(k)])].add(val[k], 1);
  }
  EdgeFeatures x;
  x.names = {"fairness_goodness",     "source_fairness",
             "target_goodness",       "reciprocal",
             "has_reciprocal",        "target_beta",
             "target_mean_in",        "source_mean_out",
             "target_negative_share", "source_negative_share",
             "target_log_in_degree",  "source_log_out_degree",
             "target_eigentrust_rank"};
  x.values.reserve(edges.size() * x.width());
  const auto share = [](double part, double count) { return count > 0 ? part / count : 0.0; };
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const std::int64_t k = edges[i], u = source[static_cast<std::size_t>(k)], v = col[k];
    const double w = val[k];
    Sums to = in[static_cast<std::size_t>(v)], from = out[static_cast<std::size_t>(u)];
    to.add(w, -1), from.add(w, -1);
    // v's rating of u, if v rated u (rows are sorted by column).
    double back = 0, has_back = 0;
    for (std::int64_t j = row[v]; j < row[v + 1] && col[j] <= u; ++j)
      if (col[j] == u && j != k) back = val[j], has_back = 1;
    const double row_values[] = {fairness[i] * goodness[i],
                                 fairness[i],
                                 goodness[i],
                                 back,
                                 has_back,
                                 (to.positive - to.negative) / (to.positive + to.negative + 2),
                                 share(to.sum, to.count),
                                 share(from.sum, from.count),
                                 share(to.negatives, to.count),
                                 share(from.negatives, from.count),
                                 std::log1p(to.count),
                                 std::log1p(from.count),
                                 trust_rank[static_cast<std::size_t>(v)]};
    x.values.insert(x.values.end(), std::begin(row_values), std::end(row_values));
  }
  return x;
}

}  // namespace v1
}  // namespace trustscore
