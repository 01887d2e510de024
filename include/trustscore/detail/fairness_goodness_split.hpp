// Internal (trustscore/detail/): not API, and may change in any release.
// Fairness and goodness (graph/fairness_goodness.hpp) with each step split
// over threads. The goodness sums are pushed along the rows, as on one
// thread, but each thread pushes its block of rows (of about equal edge
// counts) into its own vector of sums, and the vectors are added node block
// by node block in thread order; the fairness of each row needs only the
// new goodness, so the rows split with no sums to add. Every total (the
// changes) is a sum of per-thread parts in thread order: a thread count
// gives one result, within rounding of the one-thread sums. Memory: one
// vector of n doubles per thread.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "trustscore/detail/parallel.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// The iteration of fairness_goodness_from on `threads` threads: r holds the
// start on entry and the result on return; in_count the in-degrees without
// edge `excluded`. (Options and Result are FairnessGoodnessOptions and
// FairnessGoodnessResult, declared after this header is read.)
template <class Options, class Result>
void fairness_goodness_split(const TrustGraph& graph, std::int64_t excluded,
                             const std::vector<double>& in_count, const Options& o, Result& r,
                             int threads) {
  const std::int64_t n = graph.node_count();
  const auto& S = graph.ratings();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  const auto N = static_cast<std::size_t>(n);
  ThreadTeam team(threads);
  const auto T = static_cast<std::size_t>(team.size());
  const std::vector<std::int64_t> rows = balanced_bounds(row, n, team.size());
  const std::vector<std::int64_t> nodes = balanced_bounds<std::int64_t>(nullptr, n, team.size());
  std::vector<std::vector<double>> g_sums(T, std::vector<double>(N, 0.0));
  std::vector<double> dg_part(T), df_part(T);
  while (r.iterations < o.max_iterations) {
    // Goodness from the current fairness: each block of rows into its sums.
    team.run([&](int k) {
      double* g_sum = g_sums[static_cast<std::size_t>(k)].data();
      for (std::int64_t u = rows[std::size_t(k)]; u < rows[std::size_t(k) + 1]; ++u) {
        const double f = r.fairness[static_cast<std::size_t>(u)];
        for (std::int64_t e = row[u]; e < row[u + 1]; ++e)
          if (e != excluded) g_sum[col[e]] += f * val[e];
      }
    });
    team.run([&](int k) {
      double dg = 0;
      for (auto v = std::size_t(nodes[std::size_t(k)]); v < std::size_t(nodes[std::size_t(k) + 1]);
           ++v) {
        double sum = 0;
        for (auto& g_sum : g_sums) sum += g_sum[v], g_sum[v] = 0;
        const double g = in_count[v] == 0 ? o.unrated_goodness : sum / in_count[v];
        dg += std::fabs(g - r.goodness[v]);
        r.goodness[v] = g;
      }
      dg_part[static_cast<std::size_t>(k)] = dg;
    });
    // Fairness from the new goodness, row by row.
    team.run([&](int k) {
      double df = 0;
      for (std::int64_t u = rows[std::size_t(k)]; u < rows[std::size_t(k) + 1]; ++u) {
        const auto U = static_cast<std::size_t>(u);
        const std::int64_t out =
            row[u + 1] - row[u] - (excluded >= row[u] && excluded < row[u + 1] ? 1 : 0);
        if (out == 0) {
          df += std::fabs(1.0 - r.fairness[U]);
          r.fairness[U] = 1.0;
          continue;
        }
        double err = 0;
        for (std::int64_t e = row[u]; e < row[u + 1]; ++e)
          if (e != excluded)
            err += std::fabs(val[e] - r.goodness[static_cast<std::size_t>(col[e])]);
        const double f = 1 - err / (2 * static_cast<double>(out));
        df += std::fabs(f - r.fairness[U]);
        r.fairness[U] = f;
      }
      df_part[static_cast<std::size_t>(k)] = df;
    });
    double dg = 0, df = 0;
    for (std::size_t k = 0; k < T; ++k) dg += dg_part[k], df += df_part[k];
    ++r.iterations;
    r.residual = std::max(df, dg);
    if (r.residual < o.tolerance) {
      r.converged = true;
      break;
    }
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
