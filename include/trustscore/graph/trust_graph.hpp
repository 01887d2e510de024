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
// one in input order, or an error. Self-loops follow SelfLoops: dropped
// (default: nobody vouches for themselves), kept, or an error.
#pragma once

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <cstdint>
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

class TrustGraph {
 public:
  using Matrix = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;

  TrustGraph() = default;

  // Edges source[i] -> target[i] with rating[i], nodes 0..nodes-1. All edges
  // are checked before the graph is built; on error nothing is built.
  TrustGraph(std::int64_t nodes, const std::int64_t* source, const std::int64_t* target,
             const double* rating, std::int64_t edges, const GraphOptions& options = {}) {
    require(nodes >= 0, "node count is negative");
    require(edges >= 0, "edge count is negative");
    require(edges == 0 || (source && target && rating), "edge arrays are null");
    require(options.rating_min < options.rating_max && std::isfinite(options.rating_min) &&
                std::isfinite(options.rating_max),
            "the rating scale needs finite rating_min < rating_max");
    const double unit = std::max(std::fabs(options.rating_min), std::fabs(options.rating_max));
    struct Edge {
      std::int64_t s, t, order;
      double w;
    };
    std::vector<Edge> list;
    list.reserve(static_cast<std::size_t>(edges));
    for (std::int64_t i = 0; i < edges; ++i) {
      const auto at = [i] { return "edge " + std::to_string(i) + ": "; };
      if (!(source[i] >= 0 && source[i] < nodes) || !(target[i] >= 0 && target[i] < nodes))
        fail(Status::invalid_argument,
             at() + "node index out of range [0, " + std::to_string(nodes) + ")");
      if (!(rating[i] >= options.rating_min && rating[i] <= options.rating_max))
        fail(Status::invalid_argument, at() + "rating " + std::to_string(rating[i]) +
                                           " is off the scale [" +
                                           std::to_string(options.rating_min) + ", " +
                                           std::to_string(options.rating_max) + "]");
      if (source[i] == target[i]) {
        if (options.self_loops == SelfLoops::error)
          fail(Status::invalid_argument, at() + "self-loop on node " + std::to_string(source[i]));
        if (options.self_loops == SelfLoops::drop) continue;
      }
      list.push_back({source[i], target[i], i, rating[i] / unit});
    }
    std::stable_sort(list.begin(), list.end(), [](const Edge& a, const Edge& b) {
      return a.s != b.s ? a.s < b.s : a.t < b.t;
    });
    std::vector<Eigen::Triplet<double, std::int64_t>> merged;
    merged.reserve(list.size());
    for (std::size_t i = 0; i < list.size();) {
      std::size_t j = i + 1;
      double sum = list[i].w;
      while (j < list.size() && list[j].s == list[i].s && list[j].t == list[i].t)
        sum += list[j++].w;
      const std::size_t count = j - i;
      if (count > 1 && options.duplicates == DuplicateEdges::error)
        fail(Status::invalid_argument, "edge " + std::to_string(list[i + 1].order) +
                                           ": duplicate of edge " + std::to_string(list[i].order) +
                                           " (" + std::to_string(list[i].s) + " -> " +
                                           std::to_string(list[i].t) + ")");
      double w = sum / static_cast<double>(count);
      if (options.duplicates == DuplicateEdges::sum) w = std::clamp(sum, -1.0, 1.0);
      if (options.duplicates == DuplicateEdges::last) w = list[j - 1].w;
      merged.emplace_back(list[i].s, list[i].t, w);
      i = j;
    }
    matrix_.resize(nodes, nodes);
    matrix_.setFromTriplets(merged.begin(), merged.end());
    matrix_.makeCompressed();
  }

  std::int64_t node_count() const noexcept { return matrix_.rows(); }
  std::int64_t edge_count() const noexcept { return matrix_.nonZeros(); }
  // Row s holds s's ratings of others, scaled to [-1, 1].
  const Matrix& ratings() const noexcept { return matrix_; }

 private:
  Matrix matrix_;
};

}  // namespace v1
}  // namespace trustscore
