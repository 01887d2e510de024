// Credibility of sources from a trust graph, in [0, 1], to discount their
// signals on ingest (CsvOptions::source_credibility, SignalBatch::credibility):
// an endorsement counts as much as its source is credible.
//
//  - eigentrust: c = min(1, n · t) with t the node's global trust and n the
//    number of nodes: a node trusted at least as much as the average node
//    counts fully, a less trusted one in proportion. (Dividing by the largest
//    trust instead would discount nearly everyone in a heavy-tailed graph.)
//    With uniform seeds a node nobody trusts keeps c = alpha.
//  - fairness: c = the node's fairness (Kumar et al., ICDM 2016), already in
//    [0, 1]: how well its ratings agree with the goodness of what it rated.
//
// A source that is not a node of the graph gets `unknown`, by default the
// lowest credibility of any node: a stranger is trusted no more than the
// least trusted known source, so new accounts (Sybils) gain nothing by
// staying out of the graph.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"
#include "trustscore/graph/trust_graph.hpp"

namespace trustscore {
inline namespace v1 {

enum class CredibilityRule { eigentrust, fairness };

inline CredibilityRule credibility_rule_from_name(const std::string& name) {
  if (name == "eigentrust") return CredibilityRule::eigentrust;
  if (name == "fairness") return CredibilityRule::fairness;
  fail(Status::invalid_argument,
       "credibility rule must be eigentrust or fairness, not '" + name + "'");
}

// min(1, n · trust) per node (trust: EigenTrust's global trust, summing to 1).
inline std::vector<double> credibility_from_trust(const std::vector<double>& trust) {
  const double n = static_cast<double>(trust.size());
  std::vector<double> c(trust.size());
  for (std::size_t i = 0; i < trust.size(); ++i) c[i] = std::min(1.0, n * trust[i]);
  return c;
}

// Credibility of every node of `graph` by `rule`, in [0, 1] (the algorithms
// with their default options; EigenTrust's seeds are all nodes).
inline std::vector<double> node_credibility(const TrustGraph& graph, CredibilityRule rule) {
  std::vector<double> c = rule == CredibilityRule::eigentrust
                              ? credibility_from_trust(eigentrust(graph).trust)
                              : fairness_goodness(graph).fairness;
  for (double& x : c) x = std::clamp(x, 0.0, 1.0);  // against rounding; both are in [0, 1]
  return c;
}

// The credibility a source outside the graph gets by default: the lowest of
// any node (1 for a graph without nodes: there is nobody to compare with).
inline double unknown_credibility(const std::vector<double>& credibility) {
  return credibility.empty() ? 1.0 : *std::min_element(credibility.begin(), credibility.end());
}

struct SourceCredibility {
  std::unordered_map<std::string, double> by_source;
  double unknown = 1;  // for sources not in by_source
};

// node_credibility by node id, for CsvOptions::source_credibility.
inline SourceCredibility source_credibility(const TrustGraph& graph, const GraphNodes& nodes,
                                            CredibilityRule rule) {
  require(static_cast<std::int64_t>(nodes.size()) == graph.node_count(),
          "source_credibility: the graph has " + std::to_string(graph.node_count()) +
              " nodes but " + std::to_string(nodes.size()) + " names");
  const std::vector<double> c = node_credibility(graph, rule);
  SourceCredibility out;
  out.by_source.reserve(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) out.by_source.emplace(nodes.ids()[i], c[i]);
  out.unknown = unknown_credibility(c);
  return out;
}

}  // namespace v1
}  // namespace trustscore
