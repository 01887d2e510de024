// Internal (trustscore/detail/): not API, and may change in any release.
// The input of EigenTrust's Gauss–Seidel sweeps (graph/eigentrust.hpp): the
// positive edges transposed into 32-bit in-neighbour lists, with the nodes
// renumbered by positive out-degree, descending (ties: by index), so the
// values most often read share cache lines; the live nodes that nobody
// rates come after the others and the dangling nodes last.
// In-neighbours are listed by their old index, ascending, so the sweeps add
// them in one fixed order; each list is padded to a multiple of 4 with the
// sentinel N (the solver keeps a 0 there), so the sweeps' inner loop needs
// no tail. Offsets are 32-bit: m + 3n must fit (callers check fits_32_bits).
//
// Two builders give the same lists: from a TrustGraph's CSR (any graph whose
// positive ratings the sweeps may treat as equal), and straight from edge
// arrays whose ratings are all one positive value, the common unweighted
// case, without building the CSR matrix at all (no 16 bytes per edge of
// column index and rating; see in_lists_from_edges).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "trustscore/detail/huge_pages.hpp"
#include "trustscore/detail/scatter_by_key.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// Whether lists of m edges over n nodes, padded, have 32-bit offsets.
inline bool fits_32_bits(std::int64_t n, std::int64_t m) {
  constexpr auto u32 = static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max());
  return n >= 0 && m >= 0 && n < u32 / 4 && m < u32 - 3 * n;
}

inline std::uint32_t padded(std::uint32_t count) { return (count + 3) & ~std::uint32_t{3}; }

struct InLists {
  HugeVector<std::uint32_t> in;      // N + 1 offsets into from, by new index
  HugeVector<std::uint32_t> from;    // in-neighbours' new indices, list by list
  HugeVector<std::uint32_t> degree;  // positive out-degree, by new index
  HugeVector<std::uint32_t> rank;    // the new index of each node
  std::size_t listed = 0;            // nodes [listed, live) have no in-neighbour
  std::size_t live = 0;              // nodes [live, N) dangle (out-degree 0)
};

// Renumbers by `degree` (by old index on entry, by new index on return):
// fills rank, listed and live. A counting sort, descending; ties keep index
// order; the live nodes with no in-neighbour (in_degree, by old index)
// come after the other live nodes: their sweep update is a formula, with
// no list (on Epinions' positive edges 44,614 of the 87,909 live nodes).
inline void renumber_by_degree(InLists& l, const HugeVector<std::uint32_t>& in_degree) {
  const std::size_t N = l.degree.size();
  std::uint32_t max_degree = 0;
  for (std::uint32_t d : l.degree) max_degree = std::max(max_degree, d);
  // key: degree, plus max_degree + 1 for a live node with in-neighbours
  const auto key = [&](std::size_t i) -> std::size_t {
    const std::uint32_t d = l.degree[i];
    return d + (d > 0 && in_degree[i] > 0 ? max_degree + 1 : 0);
  };
  std::vector<std::uint32_t> end(2 * static_cast<std::size_t>(max_degree) + 2, 0);
  for (std::size_t i = 0; i < N; ++i) ++end[key(i)];
  std::uint32_t start = 0;  // end[k] ends as the end of k's block
  for (std::size_t k = end.size(); k-- > 0;) std::swap(start, end[k]), start += end[k];
  l.rank.resize(N);
  for (std::size_t i = 0; i < N; ++i) l.rank[i] = end[key(i)]++;
  std::size_t j = 0;
  for (std::size_t k = end.size(); k-- > 0;) {
    if (k == max_degree) l.listed = j;  // the keys with in-neighbours end here
    for (; j < end[k]; ++j)
      l.degree[j] = static_cast<std::uint32_t>(k > max_degree ? k - max_degree - 1 : k);
  }
  l.live = N;
  while (l.live > 0 && l.degree[l.live - 1] == 0) --l.live;
}

// Renumbers (renumber_by_degree) and lays the lists out for filling: from
// holds the padded lists, all sentinel N, and in[j + 1] the start of list j,
// which is its write cursor while the caller fills it (the offsets shifted by
// one). close_lists then turns the cursors back into offsets.
inline void open_lists(InLists& l, const HugeVector<std::uint32_t>& in_degree) {
  renumber_by_degree(l, in_degree);
  const std::size_t N = l.degree.size();
  auto& in = l.in;
  in.assign(N + 1, 0);
  for (std::size_t t = 0; t < N; ++t) in[l.rank[t] + 1] = padded(in_degree[t]);
  for (std::size_t j = 0; j < N; ++j) in[j + 1] += in[j];
  l.from.assign(in[N], static_cast<std::uint32_t>(N));
  for (std::size_t j = N; j > 0; --j) in[j] = in[j - 1];
}

// After the fill each cursor in[j + 1] stands after list j's last edge:
// moved on past its padding, it is the offset where list j + 1 starts.
inline void close_lists(InLists& l) {
  auto& in = l.in;
  for (std::size_t j = 0; j + 1 < in.size(); ++j) in[j + 1] = in[j] + padded(in[j + 1] - in[j]);
}

// From the CSR: every edge with a rating > 0.
inline InLists in_lists_from_graph(const TrustGraph& graph) {
  const auto& S = graph.ratings();
  const std::int64_t n = graph.node_count();
  const std::int64_t* row = S.outerIndexPtr();
  const std::int64_t* col = S.innerIndexPtr();
  const double* val = S.valuePtr();
  const auto N = static_cast<std::size_t>(n);
  InLists l;
  l.degree.assign(N, 0);
  HugeVector<std::uint32_t> in_degree(N, 0);
  for (std::size_t i = 0; i < N; ++i)
    for (std::int64_t k = row[i]; k < row[i + 1]; ++k)
      if (val[k] > 0) ++l.degree[i], ++in_degree[static_cast<std::size_t>(col[k])];
  open_lists(l, in_degree);
  // Random stores: prefetched ahead (rank, then cursor, then slot). Not in
  // blocks (scatter_by_key): beside the CSR their 2 bytes per slot took the
  // generated graph's peak from 1.46 to 1.55 times the CSR arrays (target 1.5).
  auto& in = l.in;
  const std::int64_t m = row[n];
  const auto cursor = [&](std::int64_t k) {
    return in.data() + l.rank[static_cast<std::size_t>(col[k])] + 1;
  };
  for (std::size_t i = 0; i < N; ++i)
    for (std::int64_t k = row[i]; k < row[i + 1]; ++k) {
      if (k + 48 < m) prefetch(l.rank.data() + col[k + 48]);
      if (k + 32 < m) prefetch_for_write(cursor(k + 32));
      if (k + 16 < m) prefetch_for_write(l.from.data() + *cursor(k + 16));
      if (val[k] > 0) l.from[(*cursor(k))++] = l.rank[i];
    }
  close_lists(l);
  return l;
}

// Straight from edge arrays source[i] -> target[i], nodes 0..n-1, every
// rating the same positive value: the lists the CSR of those edges would
// give with `self_loops` (drop or keep) and duplicates merged (their mean,
// or the last: the same single rating). Returns false, building nothing,
// where the arrays need the TrustGraph's checks and messages instead: an
// index out of range, n or m beyond 32 bits, or with `forbid_duplicates`
// a duplicate edge.
//
// No sort: the edges are grouped by source (a counting sort), duplicates
// found with one mark per target (the source that last rated it), and the
// groups scattered, sources ascending, straight into the renumbered lists,
// which so come out ordered by old source index. Two scatters of 4 bytes
// per edge: the grouping at random (prefetched), the lists in cache-sized
// blocks (detail/scatter_by_key.hpp); peak memory 10 bytes per edge (the
// groups, the lists and, while the lists fill, 2 bytes of key bits per
// slot) plus 5 words per node.
inline bool in_lists_from_edges(std::int64_t n, const std::int64_t* source,
                                const std::int64_t* target, std::int64_t m, bool keep_loops,
                                bool forbid_duplicates, InLists& l) {
  if (!fits_32_bits(n, m)) return false;
  const auto N = static_cast<std::size_t>(n);
  // Pass 1: check, and count each source's edges in start[s + 1].
  HugeVector<std::uint32_t> start(N + 1, 0);
  for (std::int64_t i = 0; i < m; ++i) {
    const std::int64_t s = source[i], t = target[i];
    if (!(s >= 0 && s < n) || !(t >= 0 && t < n)) return false;
    if (s != t || keep_loops) ++start[static_cast<std::size_t>(s) + 1];
  }
  for (std::size_t j = 0; j < N; ++j) start[j + 1] += start[j];
  // Pass 2: group the targets by source, in input order (start[s] is s's
  // cursor; it ends as s's end, so start is shifted back afterwards).
  HugeVector<std::uint32_t> group(start[N]);
  constexpr std::int64_t ahead = 16;
  for (std::int64_t i = 0; i < m; ++i) {
    if (i + 2 * ahead < m)
      prefetch_for_write(&start[static_cast<std::size_t>(source[i + 2 * ahead])]);
    if (i + ahead < m)
      prefetch_for_write(&group[start[static_cast<std::size_t>(source[i + ahead])]]);
    const std::int64_t s = source[i], t = target[i];
    if (s != t || keep_loops)
      group[start[static_cast<std::size_t>(s)]++] = static_cast<std::uint32_t>(t);
  }
  for (std::size_t j = N; j > 0; --j) start[j] = start[j - 1];
  start[0] = 0;
  // Pass 3: drop repeated targets within each group (compacting in place),
  // count out-degrees (degree) and in-degrees (into `in`, by old index).
  l.degree.assign(N, 0);
  HugeVector<std::uint32_t> in_degree(N, 0), mark(N, 0);  // mark: last source + 1
  std::uint32_t out = 0;
  for (std::size_t s = 0; s < N; ++s) {
    const std::uint32_t begin = start[s], end = start[s + 1];
    start[s] = out;
    for (std::uint32_t k = begin; k < end; ++k) {
      const std::uint32_t t = group[k];
      if (mark[t] == s + 1) {
        if (forbid_duplicates) return false;
        continue;
      }
      mark[t] = static_cast<std::uint32_t>(s + 1);
      ++in_degree[t];
      group[out++] = t;
    }
    l.degree[s] = out - start[s];
  }
  start[N] = out;
  HugeVector<std::uint32_t>().swap(mark);
  // Pass 4: scatter each group, sources ascending, into the lists by new index.
  open_lists(l, in_degree);
  scatter_by_key(l.from, l.in.data() + 1, N, static_cast<std::uint32_t>(N), [&](auto emit) {
    for (std::size_t s = 0; s < N; ++s) {
      const std::uint32_t new_s = l.rank[s];
      for (std::uint32_t k = start[s]; k < start[s + 1]; ++k) {
        if (k + 32 < out) prefetch(&l.rank[group[k + 32]]);
        emit(l.rank[group[k]], new_s);
      }
    }
  });
  close_lists(l);
  return true;
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
