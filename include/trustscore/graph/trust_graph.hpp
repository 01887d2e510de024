// A trust graph: who rates whom, as a sparse row-major matrix (Eigen CSR) of
// ratings scaled to [-1, 1]. Nodes are dense indices; GraphNodes maps string
// or integer ids to them.
//
// Scaling rule: a rating x on the scale [rating_min, rating_max] becomes
// x / max(|rating_min|, |rating_max|), so 0 stays 0 and the sign is kept
// (Bitcoin OTC's -10..+10 becomes -1..+1, as in Kumar et al., ICDM 2016);
// a rating off the scale is an error naming the edge.
// Duplicate edges (same source and target) follow DuplicateEdges: the
// mean of their ratings (default), their sum (clipped to [-1, 1]), the last
// one (with times: the one with the latest time, on a tie the later in input
// order; without: the later in input order), or an error. Self-loops follow SelfLoops: dropped
// (default: nobody vouches for themselves), kept, or an error.
#pragma once

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

enum class DuplicateEdges { mean, sum, last, error };
enum class SelfLoops { drop, keep, error };

struct GraphOptions {
  double rating_min = -1, rating_max = 1;
  DuplicateEdges duplicates = DuplicateEdges::mean;
  SelfLoops self_loops = SelfLoops::drop;
};

// Node ids (strings) to dense indices, in order of first appearance.
class GraphNodes {
 public:
  std::int64_t index(const std::string& id) {
    require(!id.empty(), "node id is empty");
    const auto [it, added] = index_.emplace(id, static_cast<std::int64_t>(ids_.size()));
    if (added) ids_.push_back(id);
    return it->second;
  }
  // -1 when unknown.
  std::int64_t find(const std::string& id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? -1 : it->second;
  }
  const std::vector<std::string>& ids() const noexcept { return ids_; }
  std::size_t size() const noexcept { return ids_.size(); }

 private:
  std::vector<std::string> ids_;
  std::unordered_map<std::string, std::int64_t> index_;
};

namespace detail {

// A hint to bring the cache line at p in for a store (a no-op where unsupported).
inline void prefetch_for_write(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p, 1);
#else
  (void)p;
#endif
}

// A hint to bring the cache line at p in for a load.
inline void prefetch(const void* p) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

}  // namespace detail

class TrustGraph {
 public:
  using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;

  TrustGraph() = default;

  // Edges source[i] -> target[i] with rating[i], nodes 0..nodes-1, and
  // optionally the time of each rating (time[i], finite; nullptr: none). All
  // edges are checked before the graph is built; on error nothing is built.
  //
  // Built by a counting sort straight into the CSR arrays: one pass checks
  // the edges and counts each row, a prefix sum gives the row starts, a
  // second pass scatters targets and ratings in input order, and each row is
  // then sorted by target (only when it is not sorted already) and its
  // duplicates merged in place. Peak memory is the CSR arrays (sized for
  // the edges kept before duplicates merge; merging leaves the slack
  // allocated rather than copy) plus a buffer of 24 bytes per edge of the
  // longest unsorted row over 32 edges; no copy of the edge list is made.
  TrustGraph(std::int64_t nodes, const std::int64_t* source, const std::int64_t* target,
             const double* rating, std::int64_t edges, const GraphOptions& options = {},
             const double* time = nullptr) {
    require(nodes >= 0, "node count is negative");
    require(edges >= 0, "edge count is negative");
    require(edges == 0 || (source && target && rating), "edge arrays are null");
    require(options.rating_min < options.rating_max && std::isfinite(options.rating_min) &&
                std::isfinite(options.rating_max),
            "the rating scale needs finite rating_min < rating_max");
    const double unit = std::max(std::fabs(options.rating_min), std::fabs(options.rating_max));
    const bool drop_loops = options.self_loops == SelfLoops::drop;
    Matrix m(nodes, nodes);  // row pointers all 0
    std::int64_t* row = m.outerIndexPtr();
    // Pass 1: check every edge, count the kept ones per row (in row[s + 1]).
    std::int64_t kept = 0;
    for (std::int64_t i = 0; i < edges; ++i) {
      const std::int64_t s = source[i], t = target[i];
      if (!(s >= 0 && s < nodes) || !(t >= 0 && t < nodes))
        fail(Status::invalid_argument,
             edge_at(i) + "node index out of range [0, " + std::to_string(nodes) + ")");
      if (!(rating[i] >= options.rating_min && rating[i] <= options.rating_max))
        fail(Status::invalid_argument, edge_at(i) + "rating " + std::to_string(rating[i]) +
                                           " is off the scale [" +
                                           std::to_string(options.rating_min) + ", " +
                                           std::to_string(options.rating_max) + "]");
      if (time && !std::isfinite(time[i]))
        fail(Status::invalid_argument,
             edge_at(i) + "time " + std::to_string(time[i]) + " is not finite");
      if (s == t) {
        if (options.self_loops == SelfLoops::error)
          fail(Status::invalid_argument, edge_at(i) + "self-loop on node " + std::to_string(s));
        if (drop_loops) continue;
      }
      ++row[s + 1];
      ++kept;
    }
    // Row starts; row[s] then serves as s's write cursor and ends as s's end.
    for (std::int64_t s = 0; s < nodes; ++s) row[s + 1] += row[s];
    for (std::int64_t s = nodes; s > 0; --s) row[s] = row[s - 1];
    m.resizeNonZeros(kept);
    std::int64_t* col = m.innerIndexPtr();
    double* val = m.valuePtr();
    // With times and DuplicateEdges::last the value slot holds the edge's
    // index until the rows are merged (its rating and time are read then).
    const bool by_time = time && options.duplicates == DuplicateEdges::last;
    // Pass 2: scatter, in input order (so within a row, input order is kept).
    // Random rows' slots are prefetched a few edges ahead (their cursors
    // further ahead): the stores, not the arithmetic, bound this pass.
    constexpr std::int64_t ahead = 16;
    for (std::int64_t i = 0; i < edges; ++i) {
      if (i + 2 * ahead < edges) detail::prefetch_for_write(&row[source[i + 2 * ahead] + 1]);
      if (i + ahead < edges) {
        const std::int64_t next = row[source[i + ahead] + 1];
        detail::prefetch_for_write(&col[next]);
        detail::prefetch_for_write(&val[next]);
      }
      const std::int64_t s = source[i], t = target[i];
      if (drop_loops && s == t) continue;
      const std::int64_t k = row[s + 1]++;
      col[k] = t;
      if (by_time)
        std::memcpy(&val[k], &i, sizeof i);
      else
        val[k] = rating[i] / unit;
    }
    // Pass 3: per row, sort by target (stable: input order among equal
    // targets; only rows not sorted already) and merge duplicates,
    // compacting the arrays in place. Short rows are sorted in place by
    // insertion; longer ones through a buffer of (target, position, value).
    struct Entry {
      std::int64_t t, position;
      double w;
    };
    std::vector<Entry> buffer;
    const auto index_of = [](double slot) {
      std::int64_t i;
      std::memcpy(&i, &slot, sizeof i);
      return i;
    };
    std::int64_t out = 0;
    for (std::int64_t s = 0; s < nodes; ++s) {
      const std::int64_t begin = row[s], end = row[s + 1];
      row[s] = out;
      bool sorted = true;
      for (std::int64_t k = begin + 1; k < end && sorted; ++k) sorted = col[k - 1] <= col[k];
      if (!sorted && end - begin <= 32) {
        for (std::int64_t k = begin + 1; k < end; ++k) {
          const std::int64_t t = col[k];
          const double w = val[k];
          std::int64_t j = k;
          for (; j > begin && col[j - 1] > t; --j) col[j] = col[j - 1], val[j] = val[j - 1];
          col[j] = t, val[j] = w;
        }
      } else if (!sorted) {
        buffer.clear();
        for (std::int64_t k = begin; k < end; ++k) buffer.push_back({col[k], k, val[k]});
        std::sort(buffer.begin(), buffer.end(), [](const Entry& x, const Entry& y) {
          return x.t != y.t ? x.t < y.t : x.position < y.position;
        });
        for (std::int64_t k = begin; k < end; ++k) {
          const Entry& e = buffer[static_cast<std::size_t>(k - begin)];
          col[k] = e.t, val[k] = e.w;
        }
      }
      // Runs of one target; out <= a, so nothing unread is overwritten.
      for (std::int64_t a = begin; a < end;) {
        std::int64_t b = a + 1;
        while (b < end && col[b] == col[a]) ++b;
        const std::int64_t count = b - a;
        if (count > 1 && options.duplicates == DuplicateEdges::error)
          fail_duplicate(s, col[a], source, target, edges, drop_loops);
        double w;
        if (by_time) {
          // The latest time; on a tie the later in input order.
          std::int64_t best = index_of(val[a]);
          for (std::int64_t c = a + 1; c < b; ++c) {
            const std::int64_t i = index_of(val[c]);
            if (time[i] >= time[best]) best = i;
          }
          w = rating[best] / unit;
        } else if (count == 1) {
          w = val[a];
        } else if (options.duplicates == DuplicateEdges::last) {
          w = val[b - 1];
        } else {
          double sum = val[a];
          for (std::int64_t c = a + 1; c < b; ++c) sum += val[c];
          w = options.duplicates == DuplicateEdges::sum ? std::clamp(sum, -1.0, 1.0)
                                                        : sum / static_cast<double>(count);
        }
        col[out] = col[a];
        val[out] = w;
        ++out;
        a = b;
      }
    }
    row[nodes] = out;
    m.resizeNonZeros(out);  // keeps the allocation: no copy when duplicates merged
    matrix_.swap(m);
  }

  std::int64_t node_count() const noexcept { return matrix_.rows(); }
  std::int64_t edge_count() const noexcept { return matrix_.nonZeros(); }
  // Row s holds s's ratings of others, scaled to [-1, 1].
  const Matrix& ratings() const noexcept { return matrix_; }

 private:
  static std::string edge_at(std::int64_t i) { return "edge " + std::to_string(i) + ": "; }

  // The error for duplicates of s -> t: the first two such edges in input order.
  [[noreturn]] static void fail_duplicate(std::int64_t s, std::int64_t t,
                                          const std::int64_t* source, const std::int64_t* target,
                                          std::int64_t edges, bool drop_loops) {
    std::int64_t first = -1;
    for (std::int64_t i = 0; i < edges; ++i) {
      if (source[i] != s || target[i] != t || (drop_loops && s == t)) continue;
      if (first >= 0)
        fail(Status::invalid_argument, edge_at(i) + "duplicate of edge " + std::to_string(first) +
                                           " (" + std::to_string(s) + " -> " + std::to_string(t) +
                                           ")");
      first = i;
    }
    fail(Status::internal,
         "duplicate edge " + std::to_string(s) + " -> " + std::to_string(t) + " not found again");
  }

  Matrix matrix_;
};

}  // namespace v1
}  // namespace trustscore
