// Internal (trustscore/detail/): not API, and may change in any release.
// The sweeps of EigenTrust's Gauss–Seidel solve (graph/eigentrust.hpp, where
// the iteration and its notation are described) over the in-neighbour lists
// of detail/in_lists.hpp: the one-thread sweep, and the sweep split over
// threads. Split, each thread owns a block of consecutive nodes (by new
// index) and sweeps it Gauss–Seidel, from its block's newest values, while
// it reads the other blocks' values as they were at the sweep's start
// (Jacobi across blocks): no value is read while another thread writes it,
// with no atomics and no lock within the sweep. The running sums (Σ t, the
// dangling nodes' part) likewise move only with the block's own changes
// within a sweep, and the blocks' changes are added in block order after
// it, so a given thread count gives one result. The fixed point is the
// one-thread sweep's; the path to it, and so the result within the
// tolerance, depends on the thread count.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "trustscore/detail/in_lists.hpp"
#include "trustscore/detail/parallel.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

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

// sum_in for a block's sweep: in-neighbours inside the block [begin,
// begin + length) are read from `own` (the block's newest values), the
// others from `other` (the sweep's input). The array is picked by arithmetic
// on the address, not by a branch: in-neighbours fall in and out of the
// block at random, and a branch mispredicted on every other edge made two
// threads' sweeps take more CPU time than one's. The sentinel N lies
// outside every block.
inline double sum_in_block(const double* own, const double* other, const std::uint32_t* src,
                           std::uint32_t e, std::uint32_t end, std::uint32_t begin,
                           std::uint32_t length) {
  const auto shift =
      reinterpret_cast<std::uintptr_t>(own) - reinterpret_cast<std::uintptr_t>(other);
  const auto base = reinterpret_cast<std::uintptr_t>(other);
  const auto at = [&](std::uint32_t i) {
    const std::uintptr_t inside = std::uintptr_t{0} - std::uintptr_t{i - begin < length};
    return *reinterpret_cast<const double*>(base + (shift & inside) + std::uintptr_t{i} * 8);
  };
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (; e < end; e += 4) {
    s0 += at(src[e]);
    s1 += at(src[e + 1]);
    s2 += at(src[e + 2]);
    s3 += at(src[e + 3]);
  }
  return (s0 + s1) + (s2 + s3);
}

// What one block's sweep changed: Σ |t(new) − t(old)|, Σ t and the dangling
// nodes' part of Σ t.
struct BlockChange {
  double change = 0, total = 0, dangling = 0;
};

// gauss_seidel_sweep over nodes [b, e) only, into `own` (which holds the
// sweep's input over [b, e) on entry), the other nodes read from `other`;
// β starts from the sums at the sweep's start (m) and follows the block's
// own changes only. `jacobi`: the block's own nodes too are read from
// `other` (see BlockSweeps).
template <bool Seeded>
BlockChange block_sweep(double* own, const double* other, const InLists& l,
                        const double* inv_degree, const double* p, double uniform, double alpha,
                        const Mass& m, std::size_t b, std::size_t e, bool jacobi) {
  const std::uint32_t* src = l.from.data();
  const std::uint32_t* in = l.in.data();
  const auto begin = static_cast<std::uint32_t>(b);
  const auto length = jacobi ? 0 : static_cast<std::uint32_t>(e - b);
  const double keep = 1 - alpha;
  double beta = keep * m.dangling + alpha * m.total;
  BlockChange c;
  const std::size_t listed_end = std::min(e, l.listed), live_end = std::min(e, l.live);
  std::size_t j = b;
  for (; j < listed_end; ++j) {
    const double pj = Seeded ? p[j] : uniform;
    const double before = own[j] * l.degree[j];
    const double kept = keep * sum_in_block(own, other, src, in[j], in[j + 1], begin, length);
    const double t = kept + pj * beta;
    c.change += std::fabs(t - before);
    c.total += t - before;
    beta = beta * (1 + alpha * pj) + alpha * (kept - before);
    own[j] = t * inv_degree[j];
  }
  for (; j < live_end; ++j) {  // no in-neighbour: t = p_j β
    const double pj = Seeded ? p[j] : uniform;
    const double before = own[j] * l.degree[j];
    const double t = pj * beta;
    c.change += std::fabs(t - before);
    c.total += t - before;
    beta = beta * (1 + alpha * pj) - alpha * before;
    own[j] = t * inv_degree[j];
  }
  for (; j < e; ++j) {
    const double pj = Seeded ? p[j] : uniform;
    const double before = own[j];
    const double kept = keep * sum_in_block(own, other, src, in[j], in[j + 1], begin, length);
    const double t = kept + pj * beta;
    c.change += std::fabs(t - before);
    c.total += t - before;
    c.dangling += t - before;
    beta = beta * (1 + pj) + (kept - before);
    own[j] = t;
  }
  return c;
}

// A sweep split over a team's threads, one block of nodes each. x holds the
// input and, on return, the output (the blocks write `spare`, which then
// becomes x: both have N + 1 entries, the last 0). Returns the L1 change
// relative to Σ t, and carries m along, as gauss_seidel_sweep.
//
// Where x is large (over 2^19 nodes, 4 MB) the blocks read every value from
// x, their own too (Jacobi throughout; the running sums stay Gauss–Seidel
// within a block): reading the own block's newest values from `spare`
// makes the sweeps gather at random from two such arrays, twice the cache
// footprint. On the generated graph (10^6 nodes, 8 MB each; measured on a
// shared, busy 2-core machine, so roughly) a Gauss–Seidel-in-blocks sweep
// on two threads took 1.1–1.9 times one thread's CPU time, a Jacobi sweep
// 0.8–1.0 times, for 27 sweeps instead of 22. Below that, both arrays stay
// in the caches and Gauss–Seidel within blocks saves sweeps (Epinions,
// 114,222 nodes: 29 on two threads, 50 Jacobi). To be measured again on a
// quiet machine.
class BlockSweeps {
 public:
  // Blocks of about equal work (list slots plus a few per node), each
  // starting at a multiple of 8 nodes (one cache line of x), no smaller
  // than min_block nodes: fewer blocks than threads where the graph is small.
  BlockSweeps(const InLists& l, int threads, std::size_t min_block = 1024)
      : team_(block_count(l, threads, min_block)),
        jacobi_(l.degree.size() > (std::size_t{1} << 19)) {
    // A node's own work counts as 4 list slots.
    const auto bounds =
        balanced_bounds(l.in.data(), static_cast<std::int64_t>(l.degree.size()), team_.size(), 4);
    bounds_.assign(bounds.begin(), bounds.end());
    parts_.resize(static_cast<std::size_t>(team_.size()));
  }

  int threads() const noexcept { return team_.size(); }

  template <bool Seeded>
  double sweep(HugeVector<double>& x, HugeVector<double>& spare, const InLists& l,
               const HugeVector<double>& inv_degree, const double* p, double uniform, double alpha,
               Mass& m) {
    const double start = m.total;
    team_.run([&](int t) {
      const std::size_t b = bounds_[static_cast<std::size_t>(t)];
      const std::size_t e = bounds_[static_cast<std::size_t>(t) + 1];
      std::copy(x.data() + b, x.data() + e, spare.data() + b);
      parts_[static_cast<std::size_t>(t)] = block_sweep<Seeded>(
          spare.data(), x.data(), l, inv_degree.data(), p, uniform, alpha, m, b, e, jacobi_);
    });
    x.swap(spare);
    double change = 0;
    for (const BlockChange& c : parts_) {
      change += c.change;
      m.total += c.total;
      m.dangling += c.dangling;
    }
    return change / start;
  }

 private:
  static int block_count(const InLists& l, int threads, std::size_t min_block) {
    return thread_count_for(static_cast<std::int64_t>(l.degree.size()), threads,
                            static_cast<std::int64_t>(min_block));
  }

  ThreadTeam team_;
  bool jacobi_;
  std::vector<std::size_t> bounds_;
  std::vector<BlockChange> parts_;
};

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
