// Fairness and goodness (S. Kumar, F. Spezzano, V. S. Subrahmanian,
// C. Faloutsos, "Edge Weight Prediction in Weighted Signed Networks",
// ICDM 2016, §IV) for ratings w(u, v) in [-1, 1]: how fair a rater is, and how
// good a rated node is, each defined by the other:
//
//   g(v) = 1/|in(v)|  Σ_{u ∈ in(v)}  f(u) · w(u, v)
//   f(u) = 1 − 1/(2 |out(u)|) Σ_{v ∈ out(u)} |w(u, v) − g(v)|
//
// iterated from f = g = 1 (goodness first) until neither changes by more than
// `tolerance` in total (L1) in a step. The fixed point is unique, so the start
// only changes the number of steps. The formula leaves the goodness of a node
// that nobody rates undefined: it is `unrated_goodness`, 0 by default (no
// evidence either way; what the authors' published code ends up with, and what
// reproduces the paper's leave-one-out numbers on Bitcoin OTC). A node that
// rates nobody keeps f = 1. The predicted weight of an edge u -> v is f(u) · g(v).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "trustscore/detail/fairness_goodness_split.hpp"
#include "trustscore/error.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {

struct FairnessGoodnessOptions {
  double tolerance = 1e-9;  // on the L1 change of f and of g in one step
  std::int64_t max_iterations = 1000;
  double unrated_goodness = 0;  // g of a node without incoming ratings, in [-1, 1]
  // Threads of each step, as scoring's: 0 every core, 1 the calling thread
  // only. Split, each thread sums its rows' goodness terms apart and the
  // parts are added in thread order: one result per thread count, within
  // rounding of the one-thread sums. 1 by default, as EigenTrust's.
  int threads = 1;
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
  require(o.threads >= 0, "fairness_goodness: threads must be >= 0 (0: every core)");
  require(o.unrated_goodness >= -1 && o.unrated_goodness <= 1,
          "fairness_goodness: unrated_goodness must be in [-1, 1]");
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
  const int threads = thread_count_for(graph.edge_count(), o.threads, 16384);
  if (threads > 1) {
    detail::fairness_goodness_split(graph, excluded, in_count, o, r, threads);
    return r;
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
      const double g = in_count[v] == 0 ? o.unrated_goodness : g_sum[v] / in_count[v];
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

// Fairness and goodness of the graph without one edge, for each edge in turn,
// fast. Each solve starts from the full graph's solution (solved to tolerance /
// 1000) and its sums g_sum(v) = Σ f(u)·w(u, v) and err(u) = Σ |w(u, v) − g(v)|,
// takes the edge out of both, and pushes changes along the edges: the goodness
// of the nodes whose sums changed, then the fairness of the nodes whose sums
// changed, in turn, as fairness_goodness_from does for all nodes. A node's new
// value is passed on to its neighbours' sums only once it differs from the
// value last passed on by more than `spread` (tolerance / 4 by default);
// smaller changes wait in the sums. The solve ends when nothing more is passed
// on, or after max_iterations steps. The edge's ends are then recomputed from
// their neighbours' latest values; on Bitcoin OTC at tolerance 1e-6 the
// predictions are within 1.5e-7 of cold starts. Only the part of the graph that
// moves is visited; nothing is allocated per edge. The graph must outlive this
// object; one object per thread.
class FairnessGoodnessLeaveOneOut {
 public:
  struct Solution {
    double fairness = 1, goodness = 0;  // f(u), g(v) of the left-out edge u -> v
    std::int64_t iterations = 0;        // goodness-then-fairness steps
    std::int64_t pushed = 0;            // values passed on to neighbours
    bool converged = false;
    double predict() const noexcept { return fairness * goodness; }
  };

  // spread <= 0: tolerance / 4.
  explicit FairnessGoodnessLeaveOneOut(const TrustGraph& graph,
                                       const FairnessGoodnessOptions& o = {}, double spread = 0)
      : graph_(&graph), o_(o), spread_(spread > 0 ? spread : o.tolerance / 4) {
    require(std::isfinite(spread), "fairness_goodness: spread must be finite");
    FairnessGoodnessOptions full = o;
    full.tolerance = o.tolerance / 1000;
    full_ = fairness_goodness(graph, full);
    const std::int64_t n = graph.node_count(), E = graph.edge_count();
    const auto& S = graph.ratings();
    const std::int64_t* row = S.outerIndexPtr();
    const std::int64_t* col = S.innerIndexPtr();
    const double* val = S.valuePtr();
    const auto N = static_cast<std::size_t>(n);
    // Incoming edges of each node, by source.
    in_start_.assign(N + 1, 0);
    for (std::int64_t k = 0; k < E; ++k) ++in_start_[static_cast<std::size_t>(col[k]) + 1];
    for (std::size_t v = 0; v < N; ++v) in_start_[v + 1] += in_start_[v];
    in_edge_.resize(static_cast<std::size_t>(E));
    in_source_.resize(static_cast<std::size_t>(E));
    source_.resize(static_cast<std::size_t>(E));
    std::vector<std::int64_t> next(in_start_.begin(), in_start_.end() - 1);
    for (std::int64_t u = 0; u < n; ++u)
      for (std::int64_t k = row[u]; k < row[u + 1]; ++k) {
        const auto at = static_cast<std::size_t>(next[static_cast<std::size_t>(col[k])]++);
        in_edge_[at] = k, in_source_[at] = u;
        source_[static_cast<std::size_t>(k)] = u;
      }
    // The full solution's sums, from its final fairness and goodness.
    full_g_sum_.assign(N, 0.0);
    full_err_.assign(N, 0.0);
    for (std::int64_t u = 0; u < n; ++u)
      for (std::int64_t k = row[u]; k < row[u + 1]; ++k) {
        const auto V = static_cast<std::size_t>(col[k]), U = static_cast<std::size_t>(u);
        full_g_sum_[V] += full_.fairness[U] * val[k];
        full_err_[U] += std::fabs(val[k] - full_.goodness[V]);
      }
    f_ = full_.fairness, g_ = full_.goodness, g_sum_ = full_g_sum_, err_ = full_err_;
    g_queued_.assign(N, -1), f_queued_.assign(N, -1);
    f_saved_.assign(N, -1), g_saved_.assign(N, -1), g_sum_saved_.assign(N, -1);
    err_saved_.assign(N, -1);
  }

  const FairnessGoodnessResult& full() const noexcept { return full_; }

  // f(u) and g(v) of edge `excluded` = u -> v (a CSR index) on the graph without it.
  Solution without(std::int64_t excluded) {
    require(excluded >= 0 && excluded < graph_->edge_count(),
            "fairness_goodness: excluded edge out of range");
    const auto& S = graph_->ratings();
    const std::int64_t* row = S.outerIndexPtr();
    const std::int64_t* col = S.innerIndexPtr();
    const double* val = S.valuePtr();
    const std::int64_t u0 = source_[static_cast<std::size_t>(excluded)], v0 = col[excluded];
    const auto U0 = static_cast<std::size_t>(u0), V0 = static_cast<std::size_t>(v0);
    ++solve_;
    // Without the edge: its terms leave both sums.
    save(g_sum_saved_, g_sum_changed_, v0);
    save(err_saved_, err_changed_, u0);
    g_sum_[V0] -= f_[U0] * val[excluded];
    err_[U0] -= std::fabs(val[excluded] - g_[V0]);
    const auto in_count = [&](std::size_t v) {
      return static_cast<double>(in_start_[v + 1] - in_start_[v]) - (v == V0 ? 1.0 : 0.0);
    };
    const auto out_count = [&](std::size_t u) {
      return static_cast<double>(row[u + 1] - row[u]) - (u == U0 ? 1.0 : 0.0);
    };
    const auto goodness = [&](std::size_t v) {
      const double c = in_count(v);
      return c == 0 ? o_.unrated_goodness : g_sum_[v] / c;
    };
    const auto fairness = [&](std::size_t u) {
      const double c = out_count(u);
      return c == 0 ? 1.0 : 1 - err_[u] / (2 * c);
    };
    Solution r;
    dirty_g_.assign(1, v0);
    dirty_f_.assign(1, u0);
    f_queued_[U0] = g_queued_[V0] = ++step_;
    while (!dirty_g_.empty() || !dirty_f_.empty()) {
      if (r.iterations == o_.max_iterations) break;
      ++r.iterations;
      // Goodness from the sums; a change passed on moves its raters' error sums.
      for (std::int64_t v : dirty_g_) {
        const auto V = static_cast<std::size_t>(v);
        const double g = goodness(V), old = g_[V];
        if (!(std::fabs(g - old) > spread_)) continue;
        save(g_saved_, g_changed_, v);
        g_[V] = g;
        ++r.pushed;
        for (std::int64_t j = in_start_[V]; j < in_start_[V + 1]; ++j) {
          const std::int64_t k = in_edge_[static_cast<std::size_t>(j)];
          if (k == excluded) continue;
          const std::int64_t u = in_source_[static_cast<std::size_t>(j)];
          save(err_saved_, err_changed_, u);
          err_[static_cast<std::size_t>(u)] += std::fabs(val[k] - g) - std::fabs(val[k] - old);
          if (f_queued_[static_cast<std::size_t>(u)] != step_)
            f_queued_[static_cast<std::size_t>(u)] = step_, dirty_f_.push_back(u);
        }
      }
      dirty_g_.clear();
      ++step_;
      // Fairness from the sums; a change passed on moves the goodness sums it rates.
      for (std::int64_t u : dirty_f_) {
        const auto U = static_cast<std::size_t>(u);
        const double f = fairness(U), old = f_[U];
        if (!(std::fabs(f - old) > spread_)) continue;
        save(f_saved_, f_changed_, u);
        f_[U] = f;
        ++r.pushed;
        for (std::int64_t k = row[u]; k < row[u + 1]; ++k) {
          if (k == excluded) continue;
          const std::int64_t v = col[k];
          save(g_sum_saved_, g_sum_changed_, v);
          g_sum_[static_cast<std::size_t>(v)] += (f - old) * val[k];
          if (g_queued_[static_cast<std::size_t>(v)] != step_)
            g_queued_[static_cast<std::size_t>(v)] = step_, dirty_g_.push_back(v);
        }
      }
      dirty_f_.clear();
    }
    r.converged = dirty_g_.empty() && dirty_f_.empty();
    // The edge's ends from their neighbours' latest values (from the sums, not the
    // values last passed on): most of what was held back reaches them.
    double sum = 0;
    for (std::int64_t j = in_start_[V0]; j < in_start_[V0 + 1]; ++j) {
      const std::int64_t k = in_edge_[static_cast<std::size_t>(j)];
      if (k != excluded)
        sum += fairness(static_cast<std::size_t>(in_source_[static_cast<std::size_t>(j)])) * val[k];
    }
    r.goodness = in_count(V0) == 0 ? o_.unrated_goodness : sum / in_count(V0);
    double err = 0;
    for (std::int64_t k = row[u0]; k < row[u0 + 1]; ++k)
      if (k != excluded)
        err += std::fabs(val[k] -
                         (col[k] == v0 ? r.goodness : goodness(static_cast<std::size_t>(col[k]))));
    r.fairness = out_count(U0) == 0 ? 1.0 : 1 - err / (2 * out_count(U0));
    // Back to the full graph's solution for the next edge.
    restore(g_, full_.goodness, g_changed_);
    restore(f_, full_.fairness, f_changed_);
    restore(g_sum_, full_g_sum_, g_sum_changed_);
    restore(err_, full_err_, err_changed_);
    dirty_g_.clear(), dirty_f_.clear();
    return r;
  }

 private:
  void save(std::vector<std::int64_t>& saved, std::vector<std::int64_t>& changed,
            std::int64_t node) {
    auto& s = saved[static_cast<std::size_t>(node)];
    if (s != solve_) s = solve_, changed.push_back(node);
  }
  static void restore(std::vector<double>& now, const std::vector<double>& full,
                      std::vector<std::int64_t>& changed) {
    for (std::int64_t x : changed)
      now[static_cast<std::size_t>(x)] = full[static_cast<std::size_t>(x)];
    changed.clear();
  }

  const TrustGraph* graph_;
  FairnessGoodnessOptions o_;
  double spread_;
  FairnessGoodnessResult full_;
  std::vector<std::int64_t> in_start_, in_edge_, in_source_, source_;
  std::vector<double> full_g_sum_, full_err_;
  std::vector<double> f_, g_, g_sum_, err_;  // the current solve's
  // Per node: the step it was last queued in; the solve it was last saved in.
  std::vector<std::int64_t> g_queued_, f_queued_, f_saved_, g_saved_, g_sum_saved_, err_saved_;
  std::vector<std::int64_t> dirty_g_, dirty_f_, f_changed_, g_changed_, g_sum_changed_,
      err_changed_;
  std::int64_t step_ = 0, solve_ = 0;
};

}  // namespace v1
}  // namespace trustscore
