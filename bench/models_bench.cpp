// Benchmarks of the model family's batch kernels (detail/model_batch.hpp), each
// beside a plain loop in the same run that reads the same input columns and
// writes the same outputs (the memory bound). Every kernel is first checked
// against its scalar formula on a prefix; the program aborts if they differ.
//
//   bench_models --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// TRUSTSCORE_BENCH_ENTITIES overrides the entity count (default 10 million).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_size.hpp"
#include "trustscore/detail/model_batch.hpp"
#include "trustscore/kinds/weighted_mean.hpp"

namespace {

namespace batch = trustscore::batch;
constexpr double z95 = 1.959963984540054;
constexpr std::size_t kLevels = 5, kFactors = 9;

std::int64_t entity_count() { return bench_entities(10'000'000); }

struct Data {
  std::int64_t n = 0;
  std::vector<double> pos, neg;             // wilson counts; bayesian v and v R
  std::vector<std::vector<double>> levels;  // dirichlet counts
  std::vector<std::vector<double>> values;  // weighted-mean factor values (NaN: missing)
  std::vector<double> out1, out2;
  std::vector<const double*> level_ptrs, value_ptrs;
  trustscore::bayesian_average::Params ba;
  trustscore::dirichlet::Params dp{{0, 0.25, 0.5, 0.75, 1}, {}, 2};
  double weights[kFactors] = {2, 1.5, 0.5, 2, 1.5, 1, 1, 2, 1};
};

void die(const char* what, std::int64_t e, double got, double want) {
  std::fprintf(stderr, "bench_models: %s differs at entity %lld: %.17g vs %.17g\n", what,
               static_cast<long long>(e), got, want);
  std::abort();
}

bool close(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= 1e-12 * std::max(1.0, std::fabs(b));
}

Data& data() {
  static Data d = [] {
    Data x;
    x.n = entity_count();
    const auto n = static_cast<std::size_t>(x.n);
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    x.pos.resize(n);
    x.neg.resize(n);
    for (std::size_t e = 0; e < n; ++e) x.pos[e] = u(rng) * 40, x.neg[e] = u(rng) * 10;
    x.levels.assign(kLevels, std::vector<double>(n));
    for (auto& c : x.levels)
      for (double& v : c) v = u(rng) * 20;
    x.values.assign(kFactors, std::vector<double>(n));
    for (auto& c : x.values)
      for (double& v : c) v = u(rng) < 0.2 ? std::nan("") : u(rng);
    for (auto& c : x.levels) x.level_ptrs.push_back(c.data());
    for (auto& c : x.values) x.value_ptrs.push_back(c.data());
    x.out1.resize(n);
    x.out2.resize(n);
    // Check each kernel against its scalar formula on a prefix.
    const std::int64_t m = std::min<std::int64_t>(x.n, 20000);
    batch::wilson_intervals(x.pos.data(), x.neg.data(), m, z95, x.out1.data(), x.out2.data());
    for (std::int64_t e = 0; e < m; ++e) {
      const auto w = trustscore::wilson::interval(x.pos[e], x.neg[e], z95);
      if (!close(x.out1[e], w.lower)) die("wilson", e, x.out1[e], w.lower);
    }
    batch::bayesian_averages(x.pos.data(), x.neg.data(), m, x.ba, x.out1.data());
    for (std::int64_t e = 0; e < m; ++e) {
      const double want = trustscore::bayesian_average::score(x.ba, {x.pos[e], x.neg[e]});
      if (!close(x.out1[e], want)) die("bayesian_average", e, x.out1[e], want);
    }
    batch::dirichlet_scores(x.level_ptrs.data(), m, x.dp, x.out1.data(), x.out2.data());
    for (std::int64_t e = 0; e < m; ++e) {
      double c[kLevels];
      for (std::size_t i = 0; i < kLevels; ++i) c[i] = x.levels[i][static_cast<std::size_t>(e)];
      const auto r = trustscore::dirichlet::score(x.dp, c);
      if (!close(x.out1[e], r.score)) die("dirichlet", e, x.out1[e], r.score);
    }
    batch::weighted_means(x.value_ptrs.data(), x.weights, kFactors, m, 0.5, x.out1.data(),
                          x.out2.data());
    for (std::int64_t e = 0; e < m; ++e) {
      double row[kFactors];
      for (std::size_t f = 0; f < kFactors; ++f) row[f] = x.values[f][static_cast<std::size_t>(e)];
      const auto r = trustscore::weighted_mean::score(row, x.weights, kFactors, 0.5);
      if (!close(x.out1[e], r.score)) die("weighted_mean", e, x.out1[e], r.score);
    }
    return x;
  }();
  return d;
}

// Plain loop over `columns` input columns writing `outputs` output columns
// (the sum of the inputs), split like the kernels.
void plain(const std::vector<const double*>& in, std::vector<double*> out, std::int64_t n,
           int threads) {
  trustscore::parallel_chunks(n, threads, batch::kMinPerThread, batch::kBlock,
                              [&](std::int64_t b, std::int64_t e) {
                                for (std::int64_t i = b; i < e; ++i) {
                                  double x = 0;
                                  for (const double* c : in) x += c[i];
                                  for (double* o : out) o[i] = x;
                                }
                              });
}

void counters(benchmark::State& state, std::int64_t n, std::size_t columns) {
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * n * static_cast<std::int64_t>(columns * 8));
}

void BM_Wilson(benchmark::State& state) {
  Data& d = data();
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state)
    batch::wilson_intervals(d.pos.data(), d.neg.data(), d.n, z95, d.out1.data(), d.out2.data(),
                            threads);
  counters(state, d.n, 4);
}
void BM_WilsonPlain(benchmark::State& state) {
  Data& d = data();
  for (auto _ : state)
    plain({d.pos.data(), d.neg.data()}, {d.out1.data(), d.out2.data()}, d.n,
          static_cast<int>(state.range(0)));
  counters(state, d.n, 4);
}
void BM_BayesianAverage(benchmark::State& state) {
  Data& d = data();
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state)
    batch::bayesian_averages(d.pos.data(), d.neg.data(), d.n, d.ba, d.out1.data(), threads);
  counters(state, d.n, 3);
}
void BM_BayesianAveragePlain(benchmark::State& state) {
  Data& d = data();
  for (auto _ : state)
    plain({d.pos.data(), d.neg.data()}, {d.out1.data()}, d.n, static_cast<int>(state.range(0)));
  counters(state, d.n, 3);
}
void BM_Dirichlet(benchmark::State& state) {
  Data& d = data();
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state)
    batch::dirichlet_scores(d.level_ptrs.data(), d.n, d.dp, d.out1.data(), d.out2.data(), threads);
  counters(state, d.n, kLevels + 2);
}
void BM_DirichletPlain(benchmark::State& state) {
  Data& d = data();
  for (auto _ : state)
    plain(d.level_ptrs, {d.out1.data(), d.out2.data()}, d.n, static_cast<int>(state.range(0)));
  counters(state, d.n, kLevels + 2);
}
void BM_WeightedMean(benchmark::State& state) {
  Data& d = data();
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state)
    batch::weighted_means(d.value_ptrs.data(), d.weights, kFactors, d.n, 0.5, d.out1.data(),
                          d.out2.data(), threads);
  counters(state, d.n, kFactors + 2);
}
void BM_WeightedMeanPlain(benchmark::State& state) {
  Data& d = data();
  for (auto _ : state)
    plain(d.value_ptrs, {d.out1.data(), d.out2.data()}, d.n, static_cast<int>(state.range(0)));
  counters(state, d.n, kFactors + 2);
}

#define TRUSTSCORE_MODEL_BENCH(fn) \
  BENCHMARK(fn)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond)
TRUSTSCORE_MODEL_BENCH(BM_WilsonPlain);
TRUSTSCORE_MODEL_BENCH(BM_Wilson);
TRUSTSCORE_MODEL_BENCH(BM_BayesianAveragePlain);
TRUSTSCORE_MODEL_BENCH(BM_BayesianAverage);
TRUSTSCORE_MODEL_BENCH(BM_DirichletPlain);
TRUSTSCORE_MODEL_BENCH(BM_Dirichlet);
TRUSTSCORE_MODEL_BENCH(BM_WeightedMeanPlain);
TRUSTSCORE_MODEL_BENCH(BM_WeightedMean);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::fprintf(stderr, "bench_models: %lld entities, checking against the scalar formulas\n",
               static_cast<long long>(data().n));
  benchmark::AddCustomContext("entities", std::to_string(data().n));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
