// EigenTrust (S. D. Kamvar, M. T. Schlosser, H. Garcia-Molina, "The EigenTrust
// Algorithm for Reputation Management in P2P Networks", WWW 2003, §4.5 with
// pre-trusted peers). Local trust c_ij = max(s_ij, 0) / Σ_k max(s_ik, 0) from
// the positive ratings; p is uniform over the pre-trusted seeds (over all
// nodes when there are none); a node that trusts nobody (no positive rating
// given) trusts the seeds. Global trust is the fixed point of
//
//   t = (1 − α) (Cᵀ t + (dᵀ t) p) + α p        (Σ t = 1, t >= 0)
//
// with d the indicator of the nodes that trust nobody. This is PageRank with
// teleport α, personalization p and dangling nodes jumping to p:
// networkx.pagerank(G, alpha=1 − α, personalization=p) solves the same
// problem. The fixed point is unique (the map is a contraction with factor
// 1 − α in the L1 norm), so the two solvers below, which both start from
// t = p, converge to the same vector; they differ in speed and memory:
//
// * When every node gives all its positive ratings the same value (an
//   unweighted graph, such as one of positive edges only), c_ij = 1/outdeg_i
//   and no weight needs storing: Gauss–Seidel sweeps (as PRPACK does) over
//   the transposed positive edges, stored as 32-bit in-neighbour lists, on
//   the equivalent t = (1 − α)(Cᵀ t + (dᵀ t) p) + α p (Σ t), which keeps
//   Σ t (so t is not rescaled between sweeps; the change is measured
//   relative to Σ t). A sweep updates t_j in place from the newest values,
//   t_j ← (1 − α)(Σ_{i→j} t_i / outdeg_i + D p_j) + α p_j T, with D the
//   current sum of t over the dangling nodes and T the current Σ t (both
//   summed once, then carried along with every change of t). A self-loop's
//   own term uses t_j from before its update. Sweeps visit the nodes by
//   out-degree, descending (ties: by index), renumbered so for locality;
//   the nodes nobody rates (whose update is a formula in D and T) after
//   the others, the dangling ones last. Where the sweeps contract the
//   change by less than half, Anderson acceleration (detail/anderson.hpp)
//   extrapolates each sweep's input from the last two: on Epinions'
//   positive edges 25 sweeps instead of 44 (85 for power iteration). With
//   `threads` other than 1, each thread sweeps a block of the nodes
//   Gauss–Seidel and reads the other blocks' values from the sweep's start
//   (detail/gauss_seidel.hpp): a few more sweeps (Epinions 29 on two
//   threads), each split.
// * Otherwise power iteration (Jacobi) pushing t_i / Σ_k max(s_ik, 0) along
//   each row of the CSR matrix: t_{k+1} = (1 − α)(Cᵀ t_k + (dᵀ t_k) p) + α p;
//   split over threads by rows, each into its own sums, added in order.
//
// Threads: `threads` as scoring's (0, the default: every core; 1: the
// calling thread). A graph too small to split (Gauss–Seidel: under 2,048
// nodes; power iteration: under 32,768 edges) runs on one thread. The
// result depends on the thread count, not on the machine: one thread count
// gives one result, and the results of different counts lie within a few
// tolerances (L1) of each other (tests/unit/test_graph_threads.cpp); 1
// gives the one-thread result of earlier releases, bit for bit (0 counts
// the machine's cores, so its result can differ by machine, as closely).
//
// Stopping rule, both: stop after the first sweep (iteration) whose L1
// change Σ_j |t_j(new) − t_j(old)| / Σ_j t_j(old) is below `tolerance`
// (that change is `residual`; t_j(old) is the sweep's input, extrapolated
// or not), or after max_iterations sweeps (converged = false). The trust
// returned is the last sweep's output divided by its sum.
//
// Memory beyond the graph: power iteration 3 vectors of n doubles (t, the
// next t and 1/Σ_k max(s_ik, 0)); Gauss–Seidel 2 vectors of n doubles (x
// and 1/outdeg) plus (3n + 1 + m₊ + padding) 32-bit integers (out-degrees,
// new numbers, in-neighbour offsets and lists padded to multiples of 4; m₊
// positive edges), and 7 more vectors of doubles, one per node with
// in-neighbours, once accelerated, the
// lists freed before the result (n doubles) is made. Seeds add one vector
// of n doubles (p). Split over threads:
// Gauss–Seidel one more vector of n doubles (the blocks write it), power
// iteration one per thread (its sums).
//
// From edge arrays (the second eigentrust below) with one positive rating
// for every edge, no TrustGraph is built: the in-neighbour lists come
// straight from the arrays (detail/in_lists.hpp), with a peak of about 10
// bytes per edge instead of the CSR's 16 plus the lists; the result is the
// same, bit for bit.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "trustscore/detail/anderson.hpp"
#include "trustscore/detail/gauss_seidel.hpp"
#include "trustscore/detail/in_lists.hpp"
#include "trustscore/detail/in_lists_split.hpp"
#include "trustscore/error.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {

struct EigenTrustOptions {
  double alpha = 0.15;      // weight of the seeds in every step, in [0, 1)
  double tolerance = 1e-8;  // on the L1 change of one sweep
  std::int64_t max_iterations = 1000;
  std::vector<std::int64_t> seeds;  // pre-trusted nodes (empty: every node)
  // Threads of the solve and of the lists' build, as scoring's: 0 every
  // core, 1 the calling thread only. The result depends on the count (within
  // the tolerance of the one-thread result), not on the machine. 1 by
  // default, unlike scoring: on the 2-vCPU machine of bench/REPORT.md two
  // threads were slower than one (their random reads of the iterate share
  // one core's caches), so more is a choice to measure on one's own cores.
  int threads = 1;
};

struct EigenTrustResult {
  std::vector<double> trust;  // one per node, summing to 1
  std::int64_t iterations = 0;
  double residual = 0;  // L1 change of the last sweep
  bool converged = false;
};

namespace detail {

// The teleport distribution: uniform (1/n) or over the seeds.
struct Teleport {
  double uniform = 0;     // p_j when there are no seeds
  std::vector<double> p;  // p_j with seeds (empty without)
  double operator[](std::size_t j) const { return p.empty() ? uniform : p[j]; }
};

inline void normalise(std::vector<double>& t) {
  double sum = 0;
  for (double x : t) sum += x;
  if (sum > 0)
    for (double& x : t) x /= sum;
}

// Gauss–Seidel over in-neighbour lists (every node's positive ratings
// equal; detail/in_lists.hpp): sweeps in the lists' order, the nodes
// renumbered by out-degree. The lists are freed before the result is made.
inline void eigentrust_gauss_seidel(InLists lists, const EigenTrustOptions& o,
                                    const Teleport& teleport, EigenTrustResult& r) {
  const std::size_t N = lists.degree.size();
  const HugeVector<std::uint32_t>& degree = lists.degree;
  const HugeVector<std::uint32_t>& rank = lists.rank;
  HugeVector<double> p;  // the seeds' teleport, by new index
  if (!teleport.p.empty()) {
    p.resize(N);
    for (std::size_t i = 0; i < N; ++i) p[rank[i]] = teleport.p[i];
  }
  const HugeVector<double> inv_degree = inverse_degrees(lists);
  HugeVector<double> x = start_iterate(lists, inv_degree, p, teleport.uniform);
  // Split over threads (o.threads > 1, or 0 on a machine of several cores,
  // and a graph big enough): the blocks write `spare`, which then swaps
  // with x. One thread runs the one-thread sweep, in place.
  std::unique_ptr<BlockSweeps> blocks;
  HugeVector<double> spare;
  if (o.threads != 1) {
    blocks = std::make_unique<BlockSweeps>(lists, o.threads);
    if (blocks->threads() > 1)
      spare = x;
    else
      blocks.reset();
  }
  // Anderson acceleration from the first sweep that contracts the change
  // by less than half (Epinions: 0.66 per sweep, 44 sweeps plain, 25
  // accelerated); a fast-contracting graph (the generated one: 0.32) stays
  // plain and spends nothing on it. It extrapolates only the nodes with
  // in-neighbours, [0, listed): a sweep makes the others' values from
  // theirs and from D and T (on Epinions 43,295 of the 114,222 nodes: 25
  // sweeps instead of 23 with all nodes, but a step costs 38% as much).
  // The stopping rule is unchanged: the change of one Gauss–Seidel sweep,
  // whose output is what is returned.
  std::unique_ptr<Anderson> accelerate;
  const auto weight = [&](std::size_t j) { return double(degree[j]); };
  double last = std::numeric_limits<double>::infinity();
  bool copied = false;         // whether Anderson's input already holds x
  Mass m = mass_of(x, lists);  // then carried by the sweeps and Anderson's moves
  while (r.iterations < o.max_iterations) {
    if (accelerate && !copied)
      std::copy(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(lists.listed),
                accelerate->input());
    double change;
    if (blocks)
      change = p.empty()
                   ? blocks->sweep<false>(x, spare, lists, inv_degree, nullptr, teleport.uniform,
                                          o.alpha, m)
                   : blocks->sweep<true>(x, spare, lists, inv_degree, p.data(), 0, o.alpha, m);
    else
      change = p.empty() ? gauss_seidel_sweep<false>(x, lists, inv_degree, nullptr,
                                                     teleport.uniform, o.alpha, m)
                         : gauss_seidel_sweep<true>(x, lists, inv_degree, p.data(), 0, o.alpha, m);
    ++r.iterations;
    r.residual = change;
    if (change < o.tolerance) {
      r.converged = true;
      break;
    }
    if (accelerate) {
      if (!(change < last)) {  // the last extrapolation did not help
        accelerate->restart();
        m = mass_of(x, lists);
      }
      copied = accelerate->step(x.data(), weight);
      if (copied) m.total += accelerate->moved();
    } else if (r.iterations >= 3 && change > 0.5 * last && lists.listed > 0) {
      accelerate = std::make_unique<Anderson>(lists.listed, 2);
    }
    last = change;
  }
  blocks.reset();
  HugeVector<double>().swap(spare);
  HugeVector<std::uint32_t>().swap(lists.from);  // freed before the result is allocated
  HugeVector<std::uint32_t>().swap(lists.in);
  r.trust.resize(N);
  for (std::size_t i = 0; i < N; ++i) {
    const std::uint32_t j = rank[i];
    // An extrapolated input can leave a last sweep's value a rounding below
    // zero; trust is not negative.
    r.trust[i] = std::max(0.0, degree[j] ? x[j] * degree[j] : x[j]);
  }
}

// 1 / (row sum of the positive ratings) of rows [begin, end); 0: the node
// trusts nobody.
inline void inverse_row_sums(const TrustGraph& graph, std::int64_t begin, std::int64_t end,
                             double* inv_sum) {
  const auto& S = graph.ratings();
  const std::int64_t* row = S.outerIndexPtr();
  const double* val = S.valuePtr();
  for (std::int64_t i = begin; i < end; ++i) {
    double sum = 0;
    for (std::int64_t k = row[i]; k < row[i + 1]; ++k) sum += val[k] > 0 ? val[k] : 0.0;
    inv_sum[i] = sum > 0 ? 1.0 / sum : 0.0;
  }
}

// Power iteration split over a team's threads: each pushes its block of
// rows (of about equal edge counts) into its own vector of sums, and the
// sums are then added column block by column block in thread order, so a
// thread count gives one result (within rounding of the one-thread sums).
// Memory: one more vector of n doubles per thread.
inline void eigentrust_power_split(const TrustGraph& graph, const EigenTrustOptions& o,
                                   const Teleport& p, EigenTrustResult& r, int threads) {
  const auto& S = graph.ratings();
  const std::int64_t n = graph.node_count();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  const auto N = static_cast<std::size_t>(n);
  ThreadTeam team(threads);
  const auto T = static_cast<std::size_t>(team.size());
  const std::vector<std::int64_t> rows = balanced_bounds(row, n, team.size());
  const std::vector<std::int64_t> cols = balanced_bounds<std::int64_t>(nullptr, n, team.size());
  std::vector<double> inv_sum(N), t(N), next(N);
  std::vector<std::vector<double>> sums(T, std::vector<double>(N, 0.0));
  std::vector<double> dangling_part(T), change_part(T);
  team.run([&](int k) {
    inverse_row_sums(graph, rows[std::size_t(k)], rows[std::size_t(k) + 1], inv_sum.data());
  });
  for (std::size_t j = 0; j < N; ++j) t[j] = p[j];
  const double keep = 1 - o.alpha;
  while (r.iterations < o.max_iterations) {
    team.run([&](int k) {
      double* sum = sums[std::size_t(k)].data();
      double dangling = 0;
      for (std::int64_t i = rows[std::size_t(k)]; i < rows[std::size_t(k) + 1]; ++i) {
        const double scale = inv_sum[static_cast<std::size_t>(i)];
        const double ti = t[static_cast<std::size_t>(i)];
        if (scale == 0) {
          dangling += ti;
          continue;
        }
        const double y = ti * scale;
        for (std::int64_t e = row[i]; e < row[i + 1]; ++e)
          if (val[e] > 0) sum[col[e]] += y * val[e];
      }
      dangling_part[std::size_t(k)] = dangling;
    });
    double dangling = 0;
    for (double d : dangling_part) dangling += d;
    team.run([&](int k) {
      double change = 0;
      for (auto j = std::size_t(cols[std::size_t(k)]); j < std::size_t(cols[std::size_t(k) + 1]);
           ++j) {
        double in = 0;
        for (auto& sum : sums) in += sum[j], sum[j] = 0;
        const double pj = p[j];
        next[j] = keep * (in + dangling * pj) + o.alpha * pj;
        change += std::fabs(next[j] - t[j]);
      }
      change_part[std::size_t(k)] = change;
    });
    double change = 0;
    for (double c : change_part) change += c;
    t.swap(next);
    ++r.iterations;
    r.residual = change;
    if (change < o.tolerance) {
      r.converged = true;
      break;
    }
  }
  r.trust = std::move(t);
}

// Power iteration pushing along the rows of the CSR matrix (any ratings);
// split over threads where o.threads allows and the graph is big enough.
inline void eigentrust_power(const TrustGraph& graph, const EigenTrustOptions& o, const Teleport& p,
                             EigenTrustResult& r) {
  const int threads = thread_count_for(graph.edge_count(), o.threads, 16384);
  if (threads > 1) return eigentrust_power_split(graph, o, p, r, threads);
  const auto& S = graph.ratings();
  const std::int64_t n = graph.node_count();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  const auto N = static_cast<std::size_t>(n);
  std::vector<double> inv_sum(N, 0.0);
  inverse_row_sums(graph, 0, n, inv_sum.data());
  std::vector<double> t(N), next(N);
  for (std::size_t j = 0; j < N; ++j) t[j] = p[j];
  const double keep = 1 - o.alpha;
  while (r.iterations < o.max_iterations) {
    std::fill(next.begin(), next.end(), 0.0);
    double dangling = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      const double scale = inv_sum[static_cast<std::size_t>(i)];
      const double ti = t[static_cast<std::size_t>(i)];
      if (scale == 0) {
        dangling += ti;
        continue;
      }
      const double y = ti * scale;
      for (std::int64_t k = row[i]; k < row[i + 1]; ++k)
        if (val[k] > 0) next[static_cast<std::size_t>(col[k])] += y * val[k];
    }
    double change = 0;
    for (std::size_t j = 0; j < N; ++j) {
      const double pj = p[j];
      next[j] = keep * (next[j] + dangling * pj) + o.alpha * pj;
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
}

}  // namespace detail

namespace detail {

inline void check_eigentrust_options(const EigenTrustOptions& o) {
  require(o.alpha >= 0 && o.alpha < 1, "eigentrust: alpha must lie in [0, 1)");
  require(o.tolerance > 0, "eigentrust: tolerance must be > 0");
  require(o.max_iterations > 0, "eigentrust: max_iterations must be > 0");
  require(o.threads >= 0, "eigentrust: threads must be >= 0 (0: every core)");
}

// Uniform over the seeds (every node without seeds); a seed that is not a
// node is an error.
inline Teleport teleport_of(std::int64_t n, const EigenTrustOptions& o) {
  Teleport p;
  if (o.seeds.empty()) {
    p.uniform = 1.0 / static_cast<double>(n);
    return p;
  }
  p.p.assign(static_cast<std::size_t>(n), 0.0);
  for (std::int64_t s : o.seeds) {
    require(s >= 0 && s < n, "eigentrust: seed " + std::to_string(s) + " is not a node");
    p.p[static_cast<std::size_t>(s)] = 1;
  }
  double seeds = 0;
  for (double x : p.p) seeds += x;
  for (double& x : p.p) x /= seeds;
  return p;
}

}  // namespace detail

inline EigenTrustResult eigentrust(const TrustGraph& graph, const EigenTrustOptions& o = {}) {
  detail::check_eigentrust_options(o);
  const std::int64_t n = graph.node_count();
  EigenTrustResult r;
  if (n == 0) return r;
  const detail::Teleport p = detail::teleport_of(n, o);
  // Gauss–Seidel needs every node's positive ratings equal and 32-bit counts.
  const auto& S = graph.ratings();
  const std::int64_t* row = S.outerIndexPtr();
  const double* val = S.valuePtr();
  bool equal = true;
  std::int64_t positive = 0;
  for (std::int64_t i = 0; i < n && equal; ++i) {
    double first = 0;
    for (std::int64_t k = row[i]; k < row[i + 1]; ++k) {
      if (!(val[k] > 0)) continue;
      ++positive;
      if (first == 0) first = val[k];
      if (val[k] != first) equal = false;
    }
  }
  if (equal && detail::fits_32_bits(n, positive))
    detail::eigentrust_gauss_seidel(detail::in_lists_from_graph(graph), o, p, r);
  else
    detail::eigentrust_power(graph, o, p, r);
  detail::normalise(r.trust);
  return r;
}

// EigenTrust straight from edge arrays (as TrustGraph's constructor takes
// them): the same result, bit for bit, as
// eigentrust(TrustGraph(nodes, source, target, rating, edges, graph_options), o).
// Where every rating is one positive value and the duplicates policy keeps
// it (mean or last; sum when it is the top of the scale) the in-neighbour
// lists are built from the arrays without the CSR matrix
// (detail::in_lists_from_edges); any other input, and any input the graph
// would reject, goes through the TrustGraph (and its checks and messages).
inline EigenTrustResult eigentrust(std::int64_t nodes, const std::int64_t* source,
                                   const std::int64_t* target, const double* rating,
                                   std::int64_t edges, const GraphOptions& graph_options = {},
                                   const EigenTrustOptions& o = {}) {
  detail::check_eigentrust_options(o);
  const GraphOptions& g = graph_options;
  const double unit = std::max(std::fabs(g.rating_min), std::fabs(g.rating_max));
  bool direct = nodes > 0 && edges > 0 && source && target && rating &&
                std::isfinite(g.rating_min) && std::isfinite(g.rating_max) &&
                g.rating_min < g.rating_max && g.self_loops != SelfLoops::error;
  if (direct) {
    const double r0 = rating[0];
    direct = r0 > 0 && r0 >= g.rating_min && r0 <= g.rating_max &&
             (g.duplicates != DuplicateEdges::sum || r0 == unit);
    for (std::int64_t i = 1; i < edges && direct; ++i) direct = rating[i] == r0;
  }
  detail::InLists lists;
  // The lists' build splits over threads as the solve does, from 2^18 edges
  // a thread (the same lists, slot for slot; detail/in_lists_split.hpp).
  const int build_threads = thread_count_for(edges, o.threads, std::int64_t{1} << 18);
  const bool keep_loops = g.self_loops == SelfLoops::keep;
  const bool forbid_duplicates = g.duplicates == DuplicateEdges::error;
  if (direct && (build_threads > 1
                     ? detail::in_lists_from_edges_split(nodes, source, target, edges, keep_loops,
                                                         forbid_duplicates, lists, build_threads)
                     : detail::in_lists_from_edges(nodes, source, target, edges, keep_loops,
                                                   forbid_duplicates, lists))) {
    EigenTrustResult r;
    const detail::Teleport p = detail::teleport_of(nodes, o);
    detail::eigentrust_gauss_seidel(std::move(lists), o, p, r);
    detail::normalise(r.trust);
    return r;
  }
  return eigentrust(TrustGraph(nodes, source, target, rating, edges, graph_options), o);
}

}  // namespace v1
}  // namespace trustscore
