// trustscore graph: trust graphs from a ratings CSV (source,target,rating
// [,time], header optional): EigenTrust, fairness and goodness, and
// leave-one-out edge-weight prediction.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <numeric>
#include <sstream>

#include "../options/eval_options.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "option_flags.hpp"
#include "report.hpp"
#include "trustscore/graph/edge_prediction.hpp"
#include "trustscore/graph/edge_prediction_json.hpp"
#include "trustscore/graph/ratings_csv.hpp"

namespace trustscore::cli {

namespace {

// The usage text; "{key}" stands for an option's default (option_flags.hpp).
const char* const graph_usage_text =
    R"(usage: trustscore graph eigentrust|fairness-goodness|eval|signals RATINGS.csv [options]

RATINGS.csv: source,target,rating[,time] per line (a header line is skipped).

  eigentrust          global trust of every node (Kamvar et al. 2003), highest first
  fairness-goodness   fairness of raters and goodness of rated nodes (Kumar et al. 2016)
  eval                leave-one-out edge-weight and edge-sign prediction: RMSE, Pearson
                      correlation and sign ROC AUC of fairness x goodness, goodness,
                      reciprocal, global mean, EigenTrust, Beta evidence of the target, and
                      of a linear (weight) and a logistic (sign) regression on the edges'
                      node features, fitted on the other folds
  signals             the ratings as a signals CSV on stdout, for `trustscore score` and
                      `trustscore eval`: entity = target, source = rater, value = the rating
                      on [0, 1] of the scale, weight 1, time as given

options:
  --scale MIN,MAX     the rating scale, default -10,10 (ratings become rating / max(|MIN|, |MAX|))
  --alpha A           EigenTrust: weight of the seeds per step, default 0.15
  --seed-nodes IDS    EigenTrust: pre-trusted nodes, comma-separated (default: all nodes)
  --threads N         eigentrust, fairness-goodness: threads, 0 = all cores, default 1; results
                      of different counts agree to the tolerance
  --format F          table (default), csv or json; signals writes csv only. Columns as in
                      Python: rank,node,trust (eigentrust), rank,node,fairness,goodness
                      (fairness-goodness, ranked by goodness), predictor,rmse,pearson,sign_auc
                      (eval; its json is the report of ts.edge_prediction(as_frame=False))
  --top K             print the K first nodes (default: 10 in the table, every node in csv
                      and json)
  --sample N          eval: leave out a seeded sample of N edges (default: all)
  --seed S            eval: seed of the sample and of the folds (default {seed})
  --folds K           eval: folds of the learned predictors, default {folds} (0: leave them out)
  --factor ID         signals: the factor of every signal, default koc_word_of_mouth
)";

// The nodes by value, highest first (ties: by index).
std::vector<std::size_t> ranked(const std::vector<double>& value) {
  std::vector<std::size_t> order(value.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return value[a] > value[b]; });
  return order;
}

void print_top(const RatingsTable& r, const std::vector<double>& value, std::size_t k,
               const char* what) {
  const std::vector<std::size_t> order = ranked(value);
  char line[256];
  std::snprintf(line, sizeof line, "%6s  %-20s  %12s\n", "rank", "node", what);
  std::cout << line;
  for (std::size_t i = 0; i < std::min(k, order.size()); ++i) {
    std::snprintf(line, sizeof line, "%6zu  %-20s  %12.8f\n", i + 1,
                  r.nodes.ids()[order[i]].substr(0, 20).c_str(), value[order[i]]);
    std::cout << line;
  }
}

// Per-node values for csv and json: one column each, named as in the Python
// API's results (EigenTrust.trust, FairnessGoodness.fairness and .goodness).
struct NodeColumn {
  const char* name;
  const std::vector<double>* value;
};

// The K first nodes of `order` with their columns: CSV rows "rank,node,..."
// or a JSON document {<head>, "nodes": [{"rank", "node", ...}, ...]} (head:
// json_head's fields).
void print_nodes(const RatingsTable& r, const std::vector<std::size_t>& order, std::size_t k,
                 const std::vector<NodeColumn>& columns, const std::string& head, Format format) {
  std::ostringstream out;
  const auto& ids = r.nodes.ids();
  const std::size_t shown = std::min(k, order.size());
  if (format == Format::csv) {
    out << "rank,node";
    for (const NodeColumn& c : columns) out << "," << c.name;
    out << "\n";
    for (std::size_t i = 0; i < shown; ++i) {
      out << i + 1 << "," << csv_field(ids[order[i]]);
      for (const NodeColumn& c : columns) out << "," << exact((*c.value)[order[i]]);
      out << "\n";
    }
  } else {
    out << "{" << head << ", \"nodes\": [";
    for (std::size_t i = 0; i < shown; ++i) {
      out << (i ? ",\n" : "\n") << "  {\"rank\": " << i + 1
          << ", \"node\": " << json_string(ids[order[i]]);
      for (const NodeColumn& c : columns)
        out << ", " << json_string(c.name) << ": " << exact((*c.value)[order[i]]);
      out << "}";
    }
    out << "\n]}\n";
  }
  std::cout << out.str();
}

// The JSON fields before a solver's nodes: the graph's size and how the
// solver ended (EigenTrustResult's and FairnessGoodnessResult's names).
std::string json_head(const TrustGraph& graph, std::int64_t iterations, double residual,
                      bool converged) {
  return "\"node_count\": " + std::to_string(graph.node_count()) +
         ", \"edge_count\": " + std::to_string(graph.edge_count()) +
         ", \"iterations\": " + std::to_string(iterations) + ", \"residual\": " + exact(residual) +
         ", \"converged\": " + (converged ? "true" : "false");
}

// The shortest text that reads back as x (0.7, not 0.69999999999999996).
std::string shortest(double x) {
  char text[32];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, x);
    if (std::strtod(text, nullptr) == x) break;
  }
  return text;
}

// Ratings as signals about their targets from their raters (csv.hpp's
// columns), so a ratings network can be scored and benchmarked like any
// signals file. Nothing is printed unless every rating lies on the scale.
void print_as_signals(const RatingsTable& r, const std::string& factor, double min, double max) {
  for (std::int64_t i = 0; i < r.edge_count(); ++i) {
    const double x = r.rating[static_cast<std::size_t>(i)];
    if (!(x >= min && x <= max))
      fail(Status::invalid_argument, "rating " + exact(x) + " of edge " + std::to_string(i + 1) +
                                         " is off the scale [" + exact(min) + ", " + exact(max) +
                                         "] (--scale)");
  }
  std::ostringstream out;
  out << "entity,factor,value,weight" << (r.time.empty() ? "" : ",time") << ",source\n";
  const auto& ids = r.nodes.ids();
  for (std::int64_t i = 0; i < r.edge_count(); ++i) {
    const auto e = static_cast<std::size_t>(i);
    out << csv_field(ids[static_cast<std::size_t>(r.target[e])]) << "," << factor << ","
        << shortest((r.rating[e] - min) / (max - min)) << ",1";
    if (!r.time.empty()) out << "," << shortest(r.time[e]);
    out << "," << csv_field(ids[static_cast<std::size_t>(r.source[e])]) << "\n";
  }
  std::cout << out.str();
}

}  // namespace

std::string graph_usage() {
  return options::with_defaults(options::edge_prediction_options(), graph_usage_text);
}

int graph_command(const std::vector<std::string>& words) {
  Args args;
  args.declare("--help", Args::Kind::flag);
  for (const char* v :
       {"--scale", "--alpha", "--seed-nodes", "--top", "--factor", "--format", "--threads"})
    args.declare(v, Args::Kind::value);
  declare_flags(options::edge_prediction_options(), args);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << graph_usage();
    return 0;
  }
  if (args.positional().size() != 2) throw UsageError("graph expects a subcommand and RATINGS.csv");
  const std::string what = args.positional()[0], path = args.positional()[1];
  if (what != "eigentrust" && what != "fairness-goodness" && what != "eval" && what != "signals")
    throw UsageError("unknown graph subcommand '" + what + "'");
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  if (what == "signals" && format != Format::csv && args.has("--format"))
    throw UsageError("graph signals writes a signals CSV: --format csv, not " +
                     args.value("--format"));
  GraphOptions options;
  options.rating_min = -10, options.rating_max = 10;
  if (args.has("--scale"))
    parse_scale(args.value("--scale"), "--scale", options.rating_min, options.rating_max);
  // The table shows the first 10; csv and json, read by programs, every node.
  const std::size_t top = args.has("--top")
                              ? static_cast<std::size_t>(args.integer("--top", 0, 1LL << 40))
                          : format == Format::table ? 10
                                                    : std::numeric_limits<std::size_t>::max();
  const int threads =
      args.has("--threads") ? static_cast<int>(args.integer("--threads", 0, 1024)) : 1;
  const RatingsTable r = read_ratings_csv_file(path);
  if (what == "signals") {
    const std::string factor = args.has("--factor") ? args.value("--factor") : "koc_word_of_mouth";
    validate_factor_id(factor);
    print_as_signals(r, factor, options.rating_min, options.rating_max);
    return 0;
  }
  const TrustGraph graph = r.graph(options);
  const bool table = format == Format::table;
  if (table)
    std::cout << path << ": " << graph.node_count() << " nodes, " << graph.edge_count()
              << " edges\n";
  if (what == "eigentrust") {
    EigenTrustOptions o;
    o.threads = threads;
    if (args.has("--alpha")) o.alpha = args.number("--alpha");
    if (args.has("--seed-nodes"))
      for (const std::string& id : split_list(args.value("--seed-nodes"))) {
        const std::int64_t i = r.nodes.find(id);
        if (i < 0) fail(Status::invalid_argument, "seed node '" + id + "' is not in the graph");
        o.seeds.push_back(i);
      }
    const auto result = eigentrust(graph, o);
    if (!table) {
      print_nodes(r, ranked(result.trust), top, {{"trust", &result.trust}},
                  json_head(graph, result.iterations, result.residual, result.converged), format);
      return 0;
    }
    std::cout << "eigentrust: " << result.iterations << " iterations, L1 residual "
              << result.residual << (result.converged ? "" : " (not converged)") << "\n";
    print_top(r, result.trust, top, "trust");
  } else if (what == "fairness-goodness") {
    FairnessGoodnessOptions o;
    o.threads = threads;
    const auto result = fairness_goodness(graph, o);
    if (!table) {
      print_nodes(r, ranked(result.goodness), top,
                  {{"fairness", &result.fairness}, {"goodness", &result.goodness}},
                  json_head(graph, result.iterations, result.residual, result.converged), format);
      return 0;
    }
    std::cout << "fairness-goodness: " << result.iterations << " iterations\n";
    print_top(r, result.goodness, top, "goodness");
    print_top(r, result.fairness, top, "fairness");
  } else {
    options::EdgePredictionCall call;
    apply_flags(options::edge_prediction_options(), args, call);
    const auto report = leave_one_out(graph, call.options);
    if (format == Format::json) {  // the C ABI's and Python's report, node indices and all
      std::cout << to_json(report, graph, false) << "\n";
      return 0;
    }
    if (format == Format::csv) {
      std::cout << "predictor,rmse,pearson,sign_auc\n";
      for (const auto& p : report.predictors)
        std::cout << csv_field(p.name) << "," << exact(p.rmse) << "," << exact(p.pearson) << ","
                  << exact(p.sign_auc) << "\n";
      return 0;
    }
    std::cout << "leave-one-out over " << report.edges.size() << " edges\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-18s  %8s  %8s  %8s\n", "predictor", "RMSE", "Pearson",
                  "sign AUC");
    std::cout << line;
    for (const auto& p : report.predictors) {
      std::snprintf(line, sizeof line, "%-18s  %8.4f  %8.4f  %8.4f\n", p.name.c_str(), p.rmse,
                    p.pearson, p.sign_auc);
      std::cout << line;
    }
  }
  return 0;
}

}  // namespace trustscore::cli
