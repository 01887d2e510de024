// Leave-one-out edge-weight prediction over all 35,592 Bitcoin OTC ratings
// (S. Kumar et al., "Edge Weight Prediction in Weighted Signed Networks",
// ICDM 2016), as `trustscore graph eval` runs it: tolerance 1e-6, ratings / 10.
// Reads the full file from ../shared/data beside the source tree (or the path
// in TRUSTSCORE_OTC_CSV); without it, says so and runs nothing.
//
//   bench_edge_prediction --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// Before timing, the local warm-started solves are checked against cold starts
// on 100 seeded edges; the program aborts if any differs by more than 1e-6.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "trustscore/graph/edge_prediction.hpp"
#include "trustscore/graph/fairness_goodness.hpp"

namespace {

using namespace trustscore;

std::string otc_path() {
  if (const char* env = std::getenv("TRUSTSCORE_OTC_CSV")) return env;
  return TRUSTSCORE_SOURCE_DIR "/../shared/data/bitcoin-otc/soc-sign-bitcoinotc.csv";
}

// SOURCE,TARGET,RATING[,TIME] lines, no header.
bool load(const std::string& path, TrustGraph& graph) {
  std::ifstream in(path);
  if (!in) return false;
  GraphNodes nodes;
  std::vector<std::int64_t> s, t;
  std::vector<double> r;
  std::string line, a, b, c;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    if (!std::getline(fields, a, ',') || !std::getline(fields, b, ',') ||
        !std::getline(fields, c, ','))
      continue;
    s.push_back(nodes.index(a)), t.push_back(nodes.index(b)), r.push_back(std::stod(c));
  }
  GraphOptions o;
  o.rating_min = -10, o.rating_max = 10;
  graph = TrustGraph(static_cast<std::int64_t>(nodes.size()), s.data(), t.data(), r.data(),
                     static_cast<std::int64_t>(r.size()), o);
  return true;
}

TrustGraph& otc() {
  static TrustGraph graph;
  return graph;
}

// (benchmark 1.7's DoNotOptimize may clobber a double kept in a register.)
volatile double sink = 0;

EdgePredictionOptions cli_options() {
  EdgePredictionOptions o;
  o.fairness_goodness.tolerance = 1e-6;  // as `trustscore graph eval`
  return o;
}

void check_against_cold_starts() {
  const TrustGraph& g = otc();
  const auto o = cli_options().fairness_goodness;
  FairnessGoodnessLeaveOneOut local(g, o);
  const auto& S = g.ratings();
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::int64_t> pick(0, g.edge_count() - 1);
  double worst = 0;
  for (int i = 0; i < 100; ++i) {
    const std::int64_t k = pick(rng);
    std::int64_t u = 0;
    while (S.outerIndexPtr()[u + 1] <= k) ++u;
    const auto cold = fairness_goodness_from(g, k, nullptr, o);
    worst = std::max(worst,
                     std::fabs(local.without(k).predict() - cold.predict(u, S.innerIndexPtr()[k])));
  }
  std::fprintf(stderr,
               "bench_edge_prediction: local warm solves vs cold starts on 100 edges: largest "
               "difference %.2g\n",
               worst);
  if (!(worst <= 1e-6)) std::abort();
}

// The whole evaluation: all edges, every predictor.
void BM_LeaveOneOutOTC(benchmark::State& state) {
  const auto o = cli_options();
  double fg_rmse = 0, fg_pearson = 0;
  for (auto _ : state) {
    const auto report = leave_one_out(otc(), o);
    fg_rmse = report.predictors[0].rmse, fg_pearson = report.predictors[0].pearson;
    sink = fg_rmse;
  }
  state.counters["edges"] = static_cast<double>(otc().edge_count());
  state.counters["fg_rmse"] = fg_rmse;
  state.counters["fg_pearson"] = fg_pearson;
}
BENCHMARK(BM_LeaveOneOutOTC)->Unit(benchmark::kSecond)->Iterations(1);

// Fairness-Goodness alone: the full solution, then every edge left out in turn.
void BM_FairnessGoodnessLocalOTC(benchmark::State& state) {
  const auto o = cli_options().fairness_goodness;
  std::int64_t pushed = 0;
  for (auto _ : state) {
    FairnessGoodnessLeaveOneOut local(otc(), o);
    double sum = 0;
    pushed = 0;
    for (std::int64_t k = 0; k < otc().edge_count(); ++k) {
      const auto s = local.without(k);
      sum += s.predict(), pushed += s.pushed;
    }
    sink = sum;
  }
  state.counters["pushes_per_edge"] =
      static_cast<double>(pushed) / static_cast<double>(otc().edge_count());
}
BENCHMARK(BM_FairnessGoodnessLocalOTC)->Unit(benchmark::kSecond)->Iterations(1);

// The previous way, for comparison: a whole-graph iteration per edge, warm-started from
// the full solution, on 1,000 of the edges (multiply by 35.6 for all of them).
void BM_FairnessGoodnessGlobalWarmOTC1000(benchmark::State& state) {
  const auto o = cli_options().fairness_goodness;
  const auto full = fairness_goodness(otc(), o);
  for (auto _ : state) {
    double sum = 0;
    for (std::int64_t k = 0; k < otc().edge_count(); k += otc().edge_count() / 1000)
      sum += fairness_goodness_from(otc(), k, &full, o).residual;
    sink = sum;
  }
}
BENCHMARK(BM_FairnessGoodnessGlobalWarmOTC1000)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

int main(int argc, char** argv) {
  const std::string path = otc_path();
  if (!load(path, otc())) {
    std::fprintf(stderr,
                 "bench_edge_prediction: %s not found (the full Bitcoin OTC ratings, from "
                 "../shared/data; or set TRUSTSCORE_OTC_CSV): skipped, nothing measured\n",
                 path.c_str());
    return 0;
  }
  std::fprintf(stderr, "bench_edge_prediction: %s: %lld nodes, %lld edges\n", path.c_str(),
               static_cast<long long>(otc().node_count()),
               static_cast<long long>(otc().edge_count()));
  check_against_cold_starts();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
