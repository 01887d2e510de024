// The C ABI's trust graphs: building them, node ids, EigenTrust, fairness and
// goodness, credibility. The options structs are the convention for new
// entry points (docs/design/c-abi.md); the positional forms stay for ABI 1.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <iterator>

#include "guard.hpp"
#include "id_table.hpp"
#include "trustscore/graph/credibility.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;

namespace {

trustscore::GraphOptions graph_options(double rating_min, double rating_max, int duplicates,
                                       int self_loops) {
  if (duplicates < TRUSTSCORE_DUPLICATES_MEAN || duplicates > TRUSTSCORE_DUPLICATES_ERROR)
    fail(Status::invalid_argument,
         "duplicates must be a TRUSTSCORE_DUPLICATES_* value, not " + std::to_string(duplicates));
  if (self_loops < TRUSTSCORE_SELF_LOOPS_DROP || self_loops > TRUSTSCORE_SELF_LOOPS_ERROR)
    fail(Status::invalid_argument,
         "self_loops must be a TRUSTSCORE_SELF_LOOPS_* value, not " + std::to_string(self_loops));
  trustscore::GraphOptions o;
  o.rating_min = rating_min;
  o.rating_max = rating_max;
  o.duplicates = static_cast<trustscore::DuplicateEdges>(duplicates);
  o.self_loops = static_cast<trustscore::SelfLoops>(self_loops);
  return o;
}

// The structs' size in each version, oldest first (guard.hpp,
// read_versioned): a new version appends fields and its size here.
constexpr std::size_t graph_options_sizes[] = {sizeof(trustscore_graph_options)};
constexpr std::size_t eigentrust_options_sizes[] = {
    offsetof(trustscore_eigentrust_options, threads), sizeof(trustscore_eigentrust_options)};
constexpr std::size_t fairness_goodness_options_sizes[] = {
    sizeof(trustscore_fairness_goodness_options)};
static_assert(std::size(graph_options_sizes) == TRUSTSCORE_GRAPH_OPTIONS_VERSION);
static_assert(std::size(eigentrust_options_sizes) == TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION);
static_assert(std::size(fairness_goodness_options_sizes) ==
              TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION);

// The defaults, the C++ structs' (written once there), in the newest layout.
trustscore_graph_options default_graph_options() {
  const trustscore::GraphOptions defaults;
  trustscore_graph_options o{};
  o.version = TRUSTSCORE_GRAPH_OPTIONS_VERSION;
  o.duplicates = static_cast<int32_t>(defaults.duplicates);
  o.self_loops = static_cast<int32_t>(defaults.self_loops);
  o.rating_min = defaults.rating_min;
  o.rating_max = defaults.rating_max;
  return o;
}

trustscore_eigentrust_options default_eigentrust_options() {
  const trustscore::EigenTrustOptions defaults;
  trustscore_eigentrust_options o{};
  o.version = TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION;
  o.alpha = defaults.alpha;
  o.tolerance = defaults.tolerance;
  o.max_iterations = defaults.max_iterations;
  o.threads = defaults.threads;
  return o;
}

trustscore_fairness_goodness_options default_fairness_goodness_options() {
  const trustscore::FairnessGoodnessOptions defaults;
  trustscore_fairness_goodness_options o{};
  o.version = TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION;
  o.threads = defaults.threads;
  o.tolerance = defaults.tolerance;
  o.max_iterations = defaults.max_iterations;
  o.unrated_goodness = defaults.unrated_goodness;
  return o;
}

// A fairness and goodness options struct (NULL: the defaults).
trustscore::FairnessGoodnessOptions fairness_goodness_options(
    const trustscore_fairness_goodness_options* options) {
  if (!options) return {};
  check_version(options->version, TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION, "options",
                "trustscore_fairness_goodness_options_init");
  const auto given = read_versioned(*options, default_fairness_goodness_options(),
                                    fairness_goodness_options_sizes);
  trustscore::FairnessGoodnessOptions o;
  o.threads = given.threads;
  o.tolerance = given.tolerance;
  o.max_iterations = given.max_iterations;
  o.unrated_goodness = given.unrated_goodness;
  return o;
}

// A graph options struct (NULL: the defaults); `name` is the argument's.
trustscore::GraphOptions graph_options(const trustscore_graph_options* options, const char* name) {
  if (!options) return {};
  check_version(options->version, TRUSTSCORE_GRAPH_OPTIONS_VERSION, name,
                "trustscore_graph_options_init");
  const auto given = read_versioned(*options, default_graph_options(), graph_options_sizes);
  if (given.reserved != 0)
    fail(Status::invalid_argument, std::string(name) + "->reserved is not 0");
  return graph_options(given.rating_min, given.rating_max, given.duplicates, given.self_loops);
}

trustscore::EigenTrustOptions eigentrust_options(double alpha, const int64_t* seeds,
                                                 int64_t seed_count, double tolerance,
                                                 int64_t max_iterations) {
  need_non_negative(seed_count, "seed_count");
  if (seed_count > 0) need(seeds, "seeds");
  trustscore::EigenTrustOptions o;
  o.alpha = alpha;
  o.tolerance = tolerance;
  o.max_iterations = max_iterations;
  if (seed_count > 0) o.seeds.assign(seeds, seeds + seed_count);
  return o;
}

// An EigenTrust options struct (NULL: the defaults).
trustscore::EigenTrustOptions eigentrust_options(const trustscore_eigentrust_options* options) {
  if (!options) return {};
  check_version(options->version, TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION, "options",
                "trustscore_eigentrust_options_init");
  const auto given =
      read_versioned(*options, default_eigentrust_options(), eigentrust_options_sizes);
  if (given.reserved != 0) fail(Status::invalid_argument, "options->reserved is not 0");
  if (given.reserved2 != 0) fail(Status::invalid_argument, "options->reserved2 is not 0");
  auto o = eigentrust_options(given.alpha, given.seeds, given.seed_count, given.tolerance,
                              given.max_iterations);
  o.threads = given.threads;
  return o;
}

void need_edges(int64_t edges, const int64_t* source, const int64_t* target, const double* rating) {
  if (edges > 0) {
    need(source, "source");
    need(target, "target");
    need(rating, "rating");
  }
}

trustscore_graph* graph_from_arrays(int64_t nodes, const int64_t* source, const int64_t* target,
                                    const double* rating, int64_t edges,
                                    const trustscore::GraphOptions& o) {
  need_edges(edges, source, target, rating);
  return new trustscore_graph{trustscore::TrustGraph(nodes, source, target, rating, edges, o), {}};
}

// Node indices of edges given as two id tables: each id numbered at its
// first appearance, edge by edge, source before target (as a ratings file's).
trustscore_graph* graph_from_ids(const IdTable& source, const IdTable& target, const double* rating,
                                 int64_t edges, const trustscore::GraphOptions& o) {
  if (edges > 0) need(rating, "rating");
  trustscore::GraphNodes nodes;
  // The node of each distinct id of a table, -1 until its first use: one map
  // look-up per distinct id, not one per edge.
  const IdTable::Coded from = source.coded(), to = target.coded();
  std::vector<int64_t> source_node(static_cast<std::size_t>(from.id_count), -1);
  std::vector<int64_t> target_node(static_cast<std::size_t>(to.id_count), -1);
  std::vector<int64_t> s(static_cast<std::size_t>(edges)), t(s.size());
  const auto node = [&nodes](const IdTable::Coded& table, std::vector<int64_t>& known, int64_t i) {
    const int64_t code = table.codes[i];
    int64_t& n = known[static_cast<std::size_t>(code)];
    if (n < 0) n = nodes.index(std::string(table.ids[code]));
    return n;
  };
  for (int64_t i = 0; i < edges; ++i) {
    s[static_cast<std::size_t>(i)] = node(from, source_node, i);
    t[static_cast<std::size_t>(i)] = node(to, target_node, i);
  }
  trustscore::TrustGraph graph(static_cast<int64_t>(nodes.size()), s.data(), t.data(), rating,
                               edges, o);
  return new trustscore_graph{std::move(graph), std::move(nodes)};
}

trustscore_graph* graph_from_csv(const char* path, const trustscore::GraphOptions& o) {
  need(path, "path");
  trustscore::RatingsTable table = trustscore::read_ratings_csv_file(path);
  trustscore::TrustGraph graph = table.graph(o);
  return new trustscore_graph{std::move(graph), std::move(table.nodes)};
}

void write_eigentrust(const trustscore::EigenTrustResult& r, double* trust, int64_t* iterations,
                      double* residual) {
  std::copy(r.trust.begin(), r.trust.end(), trust);
  if (iterations) *iterations = r.iterations;
  if (residual) *residual = r.residual;
}

void graph_eigentrust(const trustscore_graph* graph, const trustscore::EigenTrustOptions& o,
                      double* trust, int64_t capacity, int64_t* iterations, double* residual) {
  need(graph, "graph");
  need(trust, "trust");
  required_output(trust, capacity, graph->graph.node_count(), "trust");
  write_eigentrust(trustscore::eigentrust(graph->graph, o), trust, iterations, residual);
}

void edges_eigentrust(int64_t nodes, const int64_t* source, const int64_t* target,
                      const double* rating, int64_t edges, const trustscore::GraphOptions& g,
                      const trustscore::EigenTrustOptions& o, double* trust, int64_t capacity,
                      int64_t* iterations, double* residual) {
  need_edges(edges, source, target, rating);
  need_non_negative(nodes, "node count");
  need(trust, "trust");
  required_output(trust, capacity, nodes, "trust");
  write_eigentrust(trustscore::eigentrust(nodes, source, target, rating, edges, g, o), trust,
                   iterations, residual);
}

void graph_fairness_goodness(const trustscore_graph* graph,
                             const trustscore::FairnessGoodnessOptions& o, double* fairness,
                             double* goodness, int64_t capacity, int64_t* iterations,
                             double* residual) {
  need(graph, "graph");
  const int64_t n = graph->graph.node_count();
  need(fairness, "fairness");
  required_output(fairness, capacity, n, "fairness");
  need(goodness, "goodness");
  required_output(goodness, capacity, n, "goodness");
  const auto r = trustscore::fairness_goodness(graph->graph, o);
  std::copy(r.fairness.begin(), r.fairness.end(), fairness);
  std::copy(r.goodness.begin(), r.goodness.end(), goodness);
  if (iterations) *iterations = r.iterations;
  if (residual) *residual = r.residual;
}

}  // namespace

extern "C" {

int trustscore_graph_options_init(trustscore_graph_options* options, int32_t version) {
  return guard(__func__, [&] {
    need(options, "options");
    check_version(version, TRUSTSCORE_GRAPH_OPTIONS_VERSION, "options",
                  "trustscore_graph_options_init");
    auto defaults = default_graph_options();
    defaults.version = version;
    write_versioned(options, defaults, version, graph_options_sizes);
  });
}

int trustscore_eigentrust_options_init(trustscore_eigentrust_options* options, int32_t version) {
  return guard(__func__, [&] {
    need(options, "options");
    check_version(version, TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION, "options",
                  "trustscore_eigentrust_options_init");
    auto defaults = default_eigentrust_options();
    defaults.version = version;
    write_versioned(options, defaults, version, eigentrust_options_sizes);
  });
}

int trustscore_graph_create(int64_t nodes, const int64_t* source, const int64_t* target,
                            const double* rating, int64_t edges, double rating_min,
                            double rating_max, int duplicates, int self_loops,
                            trustscore_graph** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    const auto o = graph_options(rating_min, rating_max, duplicates, self_loops);
    *out = graph_from_arrays(nodes, source, target, rating, edges, o);
  });
}

int trustscore_graph_from_arrays(int64_t nodes, const int64_t* source, const int64_t* target,
                                 const double* rating, int64_t edges,
                                 const trustscore_graph_options* options, trustscore_graph** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    *out =
        graph_from_arrays(nodes, source, target, rating, edges, graph_options(options, "options"));
  });
}

int trustscore_graph_load_csv(const char* path, double rating_min, double rating_max,
                              int duplicates, int self_loops, trustscore_graph** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(path, "path");
    *out = graph_from_csv(path, graph_options(rating_min, rating_max, duplicates, self_loops));
  });
}

int trustscore_graph_from_csv(const char* path, const trustscore_graph_options* options,
                              trustscore_graph** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(path, "path");
    *out = graph_from_csv(path, graph_options(options, "options"));
  });
}

int trustscore_graph_from_ids(const trustscore_id_table* source, const trustscore_id_table* target,
                              const double* rating, int64_t edges,
                              const trustscore_graph_options* options, trustscore_graph** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need_non_negative(edges, "edges");
    const IdTable sources(source, edges, "source", "node"),
        targets(target, edges, "target", "node");
    *out = graph_from_ids(sources, targets, rating, edges, graph_options(options, "options"));
  });
}

int trustscore_graph_node_id(const trustscore_graph* graph, int64_t index, char* buf,
                             int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(graph, "graph");
    const std::size_t i =
        index_in(index, static_cast<std::size_t>(graph->graph.node_count()), "index");
    copy_out(graph->nodes.size() ? graph->nodes.ids()[i] : std::to_string(i), buf, capacity,
             length);
  });
}

int trustscore_graph_node_index(const trustscore_graph* graph, const char* id, int64_t* index) {
  return guard(__func__, [&] {
    need(graph, "graph");
    need(id, "id");
    need(index, "index");
    if (graph->nodes.size()) {
      *index = graph->nodes.find(id);
      return;
    }
    // A graph from arrays: ids are the indices in decimal, exactly as node_id writes them.
    std::int64_t i = -1;
    const std::string text = id;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
    const bool canonical = ec == std::errc() && end == text.data() + text.size() &&
                           std::to_string(i) == text && i >= 0 && i < graph->graph.node_count();
    *index = canonical ? i : -1;
  });
}

void trustscore_graph_free(trustscore_graph* graph) { delete graph; }

int trustscore_graph_counts(const trustscore_graph* graph, int64_t* nodes, int64_t* edges) {
  return guard(__func__, [&] {
    need(graph, "graph");
    if (nodes) *nodes = graph->graph.node_count();
    if (edges) *edges = graph->graph.edge_count();
  });
}

int trustscore_eigentrust(const trustscore_graph* graph, double alpha, const int64_t* seeds,
                          int64_t seed_count, double tolerance, int64_t max_iterations,
                          double* trust, int64_t capacity, int64_t* iterations, double* residual) {
  return guard(__func__, [&] {
    need(graph, "graph");
    const auto o = eigentrust_options(alpha, seeds, seed_count, tolerance, max_iterations);
    graph_eigentrust(graph, o, trust, capacity, iterations, residual);
  });
}

int trustscore_graph_eigentrust(const trustscore_graph* graph,
                                const trustscore_eigentrust_options* options, double* trust,
                                int64_t capacity, int64_t* iterations, double* residual) {
  return guard(__func__, [&] {
    need(graph, "graph");
    graph_eigentrust(graph, eigentrust_options(options), trust, capacity, iterations, residual);
  });
}

int trustscore_eigentrust_edges(int64_t nodes, const int64_t* source, const int64_t* target,
                                const double* rating, int64_t edges, double rating_min,
                                double rating_max, int duplicates, int self_loops, double alpha,
                                const int64_t* seeds, int64_t seed_count, double tolerance,
                                int64_t max_iterations, double* trust, int64_t capacity,
                                int64_t* iterations, double* residual) {
  return guard(__func__, [&] {
    const auto g = graph_options(rating_min, rating_max, duplicates, self_loops);
    const auto o = eigentrust_options(alpha, seeds, seed_count, tolerance, max_iterations);
    edges_eigentrust(nodes, source, target, rating, edges, g, o, trust, capacity, iterations,
                     residual);
  });
}

int trustscore_edges_eigentrust(int64_t nodes, const int64_t* source, const int64_t* target,
                                const double* rating, int64_t edges,
                                const trustscore_graph_options* graph_options_,
                                const trustscore_eigentrust_options* options, double* trust,
                                int64_t capacity, int64_t* iterations, double* residual) {
  return guard(__func__, [&] {
    const auto g = graph_options(graph_options_, "graph_options");
    const auto o = eigentrust_options(options);
    edges_eigentrust(nodes, source, target, rating, edges, g, o, trust, capacity, iterations,
                     residual);
  });
}

int trustscore_graph_credibility(const trustscore_graph* graph, int rule, double* credibility,
                                 int64_t capacity, double* unknown) {
  return guard(__func__, [&] {
    need(graph, "graph");
    if (rule != TRUSTSCORE_CREDIBILITY_EIGENTRUST && rule != TRUSTSCORE_CREDIBILITY_FAIRNESS)
      fail(Status::invalid_argument,
           "rule must be TRUSTSCORE_CREDIBILITY_EIGENTRUST or _FAIRNESS, not " +
               std::to_string(rule));
    need(credibility, "credibility");
    required_output(credibility, capacity, graph->graph.node_count(), "credibility");
    const auto c =
        trustscore::node_credibility(graph->graph, rule == TRUSTSCORE_CREDIBILITY_EIGENTRUST
                                                       ? trustscore::CredibilityRule::eigentrust
                                                       : trustscore::CredibilityRule::fairness);
    std::copy(c.begin(), c.end(), credibility);
    if (unknown) *unknown = trustscore::unknown_credibility(c);
  });
}

int trustscore_fairness_goodness(const trustscore_graph* graph, double tolerance,
                                 int64_t max_iterations, double* fairness, double* goodness,
                                 int64_t capacity, int64_t* iterations) {
  return guard(__func__, [&] {
    trustscore::FairnessGoodnessOptions o;
    o.tolerance = tolerance;
    o.max_iterations = max_iterations;
    o.threads = 1;  // as before options had threads: the same numbers as ever
    graph_fairness_goodness(graph, o, fairness, goodness, capacity, iterations, nullptr);
  });
}

int trustscore_fairness_goodness_options_init(trustscore_fairness_goodness_options* options,
                                              int32_t version) {
  return guard(__func__, [&] {
    need(options, "options");
    check_version(version, TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION, "options",
                  "trustscore_fairness_goodness_options_init");
    auto defaults = default_fairness_goodness_options();
    defaults.version = version;
    write_versioned(options, defaults, version, fairness_goodness_options_sizes);
  });
}

int trustscore_graph_fairness_goodness(const trustscore_graph* graph,
                                       const trustscore_fairness_goodness_options* options,
                                       double* fairness, double* goodness, int64_t capacity,
                                       int64_t* iterations, double* residual) {
  return guard(__func__, [&] {
    graph_fairness_goodness(graph, fairness_goodness_options(options), fairness, goodness, capacity,
                            iterations, residual);
  });
}

}  // extern "C"
