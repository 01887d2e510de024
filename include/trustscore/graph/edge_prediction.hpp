// Leave-one-out edge-weight and edge-sign prediction (the protocol of Kumar
// et al., ICDM 2016, §VI): each edge (or a seeded sample of them) is removed,
// the predictors are computed on the rest, and the edge's weight is
// predicted; RMSE and Pearson correlation against the true weights, and the
// ROC AUC of the prediction as a score for the sign (weight > 0), per
// predictor:
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
//   beta               the target's Beta evidence from the other ratings it
//                      received, (r − s) / (r + s + 2) (edge_features.hpp)
//   learned_linear     a linear regression of the weight on every node
//                      feature of edge_features.hpp (all of the above and
//                      the raters' and targets' rating statistics), fitted on
//                      the other folds of a seeded K-fold split of the
//                      evaluated edges (Table V of the paper fits its
//                      regression on the same kind of features)
//   learned_sign       a logistic regression of the sign on the same
//                      standardised features, same folds; its prediction is
//                      the expected sign 2·P(positive) − 1
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "trustscore/eval/linear_regression.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/eval/metrics.hpp"
#include "trustscore/eval/outcomes.hpp"
#include "trustscore/graph/edge_features.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"

namespace trustscore {
inline namespace v1 {

enum class ReciprocalFallback { zero, global_mean };

struct EdgePredictionOptions {
  std::int64_t sample = 0;  // edges to leave out (0: all)
  std::uint64_t seed = 1;   // of the sample and of the learned predictors' folds
  FairnessGoodnessOptions fairness_goodness;
  bool warm_start = true;  // false: each edge's solve starts cold from f = g = 1 (slow)
  ReciprocalFallback reciprocal_fallback = ReciprocalFallback::zero;  // when v never rated u
  std::int64_t folds = 10;  // of the learned predictors (0: leave them out)
  double l2 = 1;            // learned_sign: penalty on the standardised weights
};

struct PredictorScore {
  std::string name;
  std::vector<double> predicted;  // one per evaluated edge
  double rmse = 0, pearson = 0;
  double sign_auc = 0;  // ROC AUC of predicted for weight > 0; NaN when one sign only
};

struct EdgePredictionReport {
  std::vector<std::int64_t> edges;  // CSR indices of the evaluated edges
  std::vector<double> actual;
  std::vector<PredictorScore> predictors;
  EdgeFeatures features;  // of the evaluated edges, each without itself
};

namespace detail {

// Out-of-fold predictions of a model fitted on standardised features (so one
// l2 weighs every feature alike): fit(x, n, f, train_rows) returns a callable
// predicting one standardised row.
template <class Fit>
std::vector<double> out_of_fold(const EdgeFeatures& x, const std::vector<std::int64_t>& fold,
                                std::int64_t folds, Fit fit) {
  const std::size_t n = x.rows(), f = x.width();
  std::vector<double> predicted(n);
  for (std::int64_t k = 0; k < folds; ++k) {
    std::vector<std::size_t> train;
    for (std::size_t i = 0; i < n; ++i)
      if (fold[i] != k) train.push_back(i);
    std::vector<double> mean(f, 0), sd(f, 0);
    for (std::size_t i : train)
      for (std::size_t j = 0; j < f; ++j) mean[j] += x.at(i, j) / double(train.size());
    for (std::size_t i : train)
      for (std::size_t j = 0; j < f; ++j)
        sd[j] += (x.at(i, j) - mean[j]) * (x.at(i, j) - mean[j]) / double(train.size());
    for (double& s : sd) s = s > 0 ? std::sqrt(s) : 1.0;  // a constant column stays 0
    const auto standard = [&](std::size_t i, std::vector<double>& out) {
      out.resize(f);
      for (std::size_t j = 0; j < f; ++j) out[j] = (x.at(i, j) - mean[j]) / sd[j];
    };
    std::vector<double> rows, one;
    for (std::size_t i : train) {
      standard(i, one);
      rows.insert(rows.end(), one.begin(), one.end());
    }
    const auto model = fit(rows, train);
    for (std::size_t i = 0; i < n; ++i)
      if (fold[i] == k) {
        standard(i, one);
        predicted[i] = model(one.data());
      }
  }
  return predicted;
}

}  // namespace detail

inline EdgePredictionReport leave_one_out(const TrustGraph& graph,
                                          const EdgePredictionOptions& o = {}) {
  const std::int64_t E = graph.edge_count(), n = graph.node_count();
  require(E >= 2, "leave_one_out: at least two edges are needed");
  require(o.sample >= 0, "leave_one_out: sample must be >= 0");
  require(o.folds == 0 || o.folds >= 2, "leave_one_out: folds must be 0 (none) or >= 2");
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
  require(o.folds <= static_cast<std::int64_t>(r.edges.size()),
          "leave_one_out: more folds (" + std::to_string(o.folds) + ") than evaluated edges (" +
              std::to_string(r.edges.size()) + "); folds = 0 leaves the learned predictors out");
  std::vector<std::int64_t> source(static_cast<std::size_t>(E));
  for (std::int64_t u = 0; u < n; ++u)
    for (std::int64_t k = row[u]; k < row[u + 1]; ++k) source[static_cast<std::size_t>(k)] = u;
  double total = 0;
  for (std::int64_t k = 0; k < E; ++k) total += val[k];
  // The solves here run on one thread: the report is then the same on every
  // machine (ranks of equal trust stay tied), and a cold solve per edge
  // would otherwise start threads per edge.
  EigenTrustOptions one_thread;
  one_thread.threads = 1;
  FairnessGoodnessOptions fg_options = o.fairness_goodness;
  fg_options.threads = 1;
  // EigenTrust of the full graph, as ranks scaled to [-1, 1].
  const auto trust = eigentrust(graph, one_thread).trust;
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
  if (o.warm_start) local.emplace(graph, fg_options);
  std::vector<double> fairness, goodness;
  PredictorScore mean{"global_mean", {}};
  for (std::int64_t k : r.edges) {
    const std::int64_t u = source[static_cast<std::size_t>(k)], v = col[k];
    r.actual.push_back(val[k]);
    if (local) {
      const auto without = local->without(k);
      fairness.push_back(without.fairness), goodness.push_back(without.goodness);
    } else {
      const auto without = fairness_goodness_from(graph, k, nullptr, fg_options);
      fairness.push_back(without.fairness[static_cast<std::size_t>(u)]);
      goodness.push_back(without.goodness[static_cast<std::size_t>(v)]);
    }
    mean.predicted.push_back((total - val[k]) / static_cast<double>(E - 1));
  }
  r.features = edge_features(graph, r.edges, source, fairness, goodness, trust_rank);
  const EdgeFeatures& x = r.features;
  const auto column = [&](const char* name) {
    const std::size_t c = x.column(name);
    std::vector<double> v(x.rows());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = x.at(i, c);
    return v;
  };
  PredictorScore fg{"fairness_goodness", column("fairness_goodness")},
      good{"goodness", column("target_goodness")}, recip{"reciprocal", column("reciprocal")},
      et{"eigentrust", column("target_eigentrust_rank")}, beta{"beta", column("target_beta")};
  if (o.reciprocal_fallback == ReciprocalFallback::global_mean) {
    const std::size_t has = x.column("has_reciprocal");
    for (std::size_t i = 0; i < x.rows(); ++i)
      if (x.at(i, has) == 0) recip.predicted[i] = mean.predicted[i];
  }
  std::vector<PredictorScore> all;
  for (PredictorScore* p : {&fg, &good, &recip, &mean, &et, &beta}) all.push_back(std::move(*p));
  if (o.folds > 0) {
    const auto fold = kfold_assignment(x.rows(), o.folds, o.seed);
    const auto rows = static_cast<std::int64_t>(x.width());
    all.push_back({"learned_linear",
                   detail::out_of_fold(x, fold, o.folds, [&](const auto& xs, const auto& train) {
                     std::vector<double> y;
                     for (std::size_t i : train) y.push_back(r.actual[i]);
                     return [fit = fit_linear(xs.data(), y.data(), std::int64_t(y.size()), rows)](
                                const double* z) { return fit.predict(z); };
                   })});
    LogisticFitOptions lo;
    lo.l2 = o.l2;
    all.push_back({"learned_sign",
                   detail::out_of_fold(x, fold, o.folds, [&](const auto& xs, const auto& train) {
                     std::vector<double> y;
                     for (std::size_t i : train) y.push_back(r.actual[i] > 0 ? 1.0 : 0.0);
                     return [fit = fit_logistic(xs.data(), y.data(), std::int64_t(y.size()), rows,
                                                nullptr, lo)](const double* z) {
                       return 2 * fit.predict(z) - 1;
                     };
                   })});
  }
  std::vector<double> positive(r.actual.size());
  bool both = false;
  for (std::size_t i = 0; i < positive.size(); ++i) {
    positive[i] = r.actual[i] > 0 ? 1.0 : 0.0;
    both = both || positive[i] != positive[0];
  }
  const auto m = static_cast<std::int64_t>(r.actual.size());
  for (PredictorScore& p : all) {
    p.rmse = metrics::rmse(r.actual.data(), p.predicted.data(), m);
    p.pearson = metrics::detail::pearson_unchecked(p.predicted.data(), r.actual.data(), m);
    p.sign_auc = both ? metrics::roc_auc(positive.data(), p.predicted.data(), m)
                      : std::numeric_limits<double>::quiet_NaN();
  }
  r.predictors = std::move(all);
  return r;
}

}  // namespace v1
}  // namespace trustscore
