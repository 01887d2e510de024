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
//   positive edges 25 sweeps instead of 44 (85 for power iteration). The
//   result does not depend on the machine's core count (it runs on the
//   calling thread).
// * Otherwise power iteration (Jacobi) pushing t_i / Σ_k max(s_ik, 0) along
//   each row of the CSR matrix: t_{k+1} = (1 − α)(Cᵀ t_k + (dᵀ t_k) p) + α p.
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
// of n doubles (p).
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
#include "trustscore/detail/in_lists.hpp"
#include "trustscore/error.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {

struct EigenTrustOptions {
  double alpha = 0.15;      // weight of the seeds in every step, in [0, 1)
  double tolerance = 1e-8;  // on the L1 change of one sweep
  std::int64_t max_iterations = 1000;
  std::vector<std::int64_t> seeds;  // pre-trusted nodes (empty: every node)
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

// The sum of x over list j's in-neighbours: four partial sums (a fixed
// order, so deterministic) to hide the adds' latency; the lists are padded
// to a multiple of 4 with a sentinel whose x is 0, so there is no tail loop.
// (A software prefetch of x 64 entries ahead made no sweep faster, not even
// on the generated graph's 8 MB iterate: taken out.)
inline double sum_in(const double* x, const std::uint32_t* src, std::uint32_t e,
                     std::uint32_t end) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (; e < end; e += 4) {
    s0 += x[src[e]];
    s1 += x[src[e + 1]];
    s2 += x[src[e + 2]];
    s3 += x[src[e + 3]];
  }
  return (s0 + s1) + (s2 + s3);
}

// The sums a sweep starts from: Σ t (t_j = x_j · outdeg_j for the live
// nodes [0, live), x_j for the dangling ones) and the dangling nodes' part.
struct Mass {
  double total = 0, dangling = 0;
};

inline Mass mass_of(const HugeVector<double>& x, const InLists& l) {
  Mass m;
  for (std::size_t j = 0; j < l.live; ++j) m.total += x[j] * l.degree[j];
  for (std::size_t j = l.live; j < l.degree.size(); ++j) m.dangling += x[j];
  m.total += m.dangling;
  return m;
}

// One Gauss–Seidel sweep over nodes [0, N) from x with sums `m` (mass_of),
// which it carries along to the sweep's end; returns the L1 change
// relative to Σ t. The map keeps Σ t (the teleport
// term uses the running total), so t is not rescaled between sweeps; the
// result is normalised once at the end. Seeded: p is per node (else
// `uniform` for all), a template parameter so the common case has no
// branch per node.
template <bool Seeded>
double gauss_seidel_sweep(HugeVector<double>& x, const InLists& l,
                          const HugeVector<double>& inv_degree, const double* p, double uniform,
                          double alpha, Mass& m) {
  const std::size_t N = l.degree.size(), live = l.live, listed = l.listed;
  const std::uint32_t* src = l.from.data();
  const std::uint32_t* in = l.in.data();
  double* xs = x.data();
  const double start = m.total;
  const double keep = 1 - alpha;
  // t_j = (1 − α) Σ_{i→j} x_i + p_j β with β = (1 − α) D + α T, so β is
  // what passes from node to node: a live node's update moves T, hence β by
  // α (t − before); a dangling node's moves D and T, hence β by t − before.
  // Written as β (1 + α p_j) + α ((1 − α) Σ − before), the chain from one
  // node to the next is one multiply and one add (it bounded the sweep on
  // Epinions, 4 dependent operations before); T and D follow off it.
  double beta = keep * m.dangling + alpha * m.total;
  double total = m.total, dangling = m.dangling;
  double change = 0;
  for (std::size_t j = 0; j < listed; ++j) {
    const double pj = Seeded ? p[j] : uniform;
    const double before = xs[j] * l.degree[j];
    const double kept = keep * sum_in(xs, src, in[j], in[j + 1]);
    const double t = kept + pj * beta;
    change += std::fabs(t - before);
    total += t - before;
    beta = beta * (1 + alpha * pj) + alpha * (kept - before);
    xs[j] = t * inv_degree[j];
  }
  for (std::size_t j = listed; j < live; ++j) {  // no in-neighbour: t = p_j β
    const double pj = Seeded ? p[j] : uniform;
    const double before = xs[j] * l.degree[j];
    const double t = pj * beta;
    change += std::fabs(t - before);
    total += t - before;
    beta = beta * (1 + alpha * pj) - alpha * before;
    xs[j] = t * inv_degree[j];
  }
  for (std::size_t j = live; j < N; ++j) {
    const double pj = Seeded ? p[j] : uniform;
    const double before = xs[j];
    const double kept = keep * sum_in(xs, src, in[j], in[j + 1]);
    const double t = kept + pj * beta;
    change += std::fabs(t - before);
    total += t - before;
    dangling += t - before;
    beta = beta * (1 + pj) + (kept - before);
    xs[j] = t;
  }
  m.total = total, m.dangling = dangling;
  return change / start;
}

// 1 / outdeg of the live nodes [0, live): a multiplication per node in the
// sweeps, not a division.
inline HugeVector<double> inverse_degrees(const InLists& l) {
  HugeVector<double> inv_degree(l.live);
  for (std::size_t j = 0; j < l.live; ++j) inv_degree[j] = 1.0 / l.degree[j];
  return inv_degree;
}

// The sweeps' start, t = p: x_j = t_j / outdeg_j, or t_j for a dangling
// node (what j passes on per edge); x[N] = 0 is the padding sentinel's. p by
// new index, or empty for `uniform` everywhere.
inline HugeVector<double> start_iterate(const InLists& l, const HugeVector<double>& inv_degree,
                                        const HugeVector<double>& p, double uniform) {
  const std::size_t N = l.degree.size();
  HugeVector<double> x(N + 1, 0.0);
  for (std::size_t j = 0; j < N; ++j) {
    const double pj = p.empty() ? uniform : p[j];
    x[j] = j < l.live ? pj * inv_degree[j] : pj;
  }
  return x;
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
    const double change =
        p.empty()
            ? gauss_seidel_sweep<false>(x, lists, inv_degree, nullptr, teleport.uniform, o.alpha, m)
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

// Power iteration pushing along the rows of the CSR matrix (any ratings).
inline void eigentrust_power(const TrustGraph& graph, const EigenTrustOptions& o, const Teleport& p,
                             EigenTrustResult& r) {
  const auto& S = graph.ratings();
  const std::int64_t n = graph.node_count();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  const auto N = static_cast<std::size_t>(n);
  // 1 / (row sum of the positive ratings); 0: the node trusts nobody.
  std::vector<double> inv_sum(N, 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::int64_t k = row[i]; k < row[i + 1]; ++k) sum += val[k] > 0 ? val[k] : 0.0;
    inv_sum[static_cast<std::size_t>(i)] = sum > 0 ? 1.0 / sum : 0.0;
  }
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
  if (direct &&
      detail::in_lists_from_edges(nodes, source, target, edges, g.self_loops == SelfLoops::keep,
                                  g.duplicates == DuplicateEdges::error, lists)) {
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
