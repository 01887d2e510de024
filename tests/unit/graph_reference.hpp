// A plain reference for the trust-graph tests: EigenTrust straight from its
// formula, with a dense matrix and plain power iteration.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace tstest {

// EigenTrust's p: uniform over the seeds, over all n nodes when there are none.
inline std::vector<double> teleport(std::size_t n, const std::vector<std::int64_t>& seeds) {
  std::vector<double> p(n, seeds.empty() ? 1.0 / static_cast<double>(n) : 0.0);
  for (std::int64_t x : seeds)
    p[static_cast<std::size_t>(x)] = 1.0 / static_cast<double>(seeds.size());
  return p;
}

// Options for a solve compared with dense_eigentrust: tolerance 1e-14.
inline trustscore::EigenTrustOptions tight(const std::vector<std::int64_t>& seeds, double alpha) {
  trustscore::EigenTrustOptions o;
  o.seeds = seeds;
  o.alpha = alpha;
  o.tolerance = 1e-14;
  return o;
}

// t = (1 - alpha) C^T t + alpha p, C the row-normalised positive ratings;
// a node that trusts nobody trusts p.
inline std::vector<double> dense_eigentrust(const trustscore::TrustGraph& g, double alpha,
                                            const std::vector<double>& p) {
  const auto n = static_cast<std::size_t>(g.node_count());
  const auto rating = [&](std::size_t i, std::size_t j) {
    return std::max(0.0,
                    g.ratings().coeff(static_cast<std::int64_t>(i), static_cast<std::int64_t>(j)));
  };
  std::vector<std::vector<double>> C(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j) sum += rating(i, j);
    for (std::size_t j = 0; j < n; ++j) C[i][j] = sum > 0 ? rating(i, j) / sum : p[j];
  }
  std::vector<double> t = p;
  for (int it = 0; it < 5000; ++it) {
    std::vector<double> next(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      for (std::size_t i = 0; i < n; ++i) next[j] += C[i][j] * t[i];
      next[j] = (1 - alpha) * next[j] + alpha * p[j];
    }
    t = next;
  }
  return t;
}

}  // namespace tstest
