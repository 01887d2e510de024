// Scoring one evidence store with every model kind (score_into, the path the
// C ABI, Python and the CLI take), beside a plain loop in the same run that
// reads the 2F evidence columns and writes the three outputs (the memory
// bound; dirichlet reads 5 level columns per factor more).
//
//   bench_store_kinds --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// TRUSTSCORE_BENCH_ENTITIES overrides the entity count (default 2 million).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_size.hpp"
#include "trustscore/trustscore.hpp"

namespace {

using namespace trustscore;

std::int64_t entity_count() { return bench_entities(2'000'000); }

struct Data {
  Model model;  // dirichlet: its store also counts levels, so every kind can score it
  EvidenceStore store{model};
  std::vector<double> score, lower, upper;
};

Data& data() {
  static Data* d = [] {
    auto* x = new Data;
    ModelSettings s;
    s.kind = ModelKind::dirichlet;
    x->model.set_settings(s);
    x->store = EvidenceStore(x->model);
    const std::int64_t n = entity_count();
    for (std::int64_t e = 0; e < n; ++e) x->store.add_entity("e" + std::to_string(e));
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::int64_t> entity(static_cast<std::size_t>(n));
    std::vector<std::int32_t> factor(static_cast<std::size_t>(n));
    std::vector<double> value(static_cast<std::size_t>(n)), weight(value), time(value);
    for (std::int64_t e = 0; e < n; ++e) entity[static_cast<std::size_t>(e)] = e;
    // Three signals per entity and factor, over a year; 10% of cells empty.
    for (int round = 0; round < 3; ++round)
      for (std::int32_t f = 0; f < static_cast<std::int32_t>(x->model.factor_count()); ++f) {
        for (std::size_t i = 0; i < value.size(); ++i) {
          factor[i] = f;
          value[i] = u(rng);
          weight[i] = u(rng) < 0.1 ? 0.0 : 1 + 9 * u(rng);
          time[i] = 1.7e9 + u(rng) * 365 * seconds_per_day;
        }
        SignalBatch b;
        b.size = n;
        b.entity = entity.data();
        b.factor = factor.data();
        b.value = value.data();
        b.weight = weight.data();
        b.time = time.data();
        x->store.add(b);
      }
    x->score.resize(static_cast<std::size_t>(n));
    x->lower.resize(x->score.size());
    x->upper.resize(x->score.size());
    return x;
  }();
  return *d;
}

void counters(benchmark::State& state, std::int64_t n, std::size_t columns) {
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * n * static_cast<std::int64_t>(columns * 8));
}

void BM_StoreKind(benchmark::State& state) {
  Data& d = data();
  const auto kind = static_cast<ModelKind>(state.range(0));
  Model m = d.model;
  ModelSettings s = m.settings();
  s.kind = kind;
  m.set_settings(s);
  ScoreOptions o;
  o.threads = static_cast<int>(state.range(1));
  const KernelOutput<double> out{d.score.data(), d.lower.data(), d.upper.data()};
  for (auto _ : state) score_into(m, d.store, o, out);
  state.SetLabel(model_kind_name(kind));
  const std::size_t F = m.factor_count();
  counters(state, static_cast<std::int64_t>(d.store.entity_count()),
           2 * F + 3 + (kind == ModelKind::dirichlet ? 5 * F : 0));
}

// Reads r and s of every factor, writes three outputs: the memory bound.
void BM_StorePlainLoop(benchmark::State& state) {
  Data& d = data();
  const auto n = static_cast<std::int64_t>(d.store.entity_count());
  const std::size_t F = d.store.factor_count();
  std::vector<const double*> r(F), s(F);
  for (std::size_t f = 0; f < F; ++f)
    r[f] = d.store.positive_column(f), s[f] = d.store.negative_column(f);
  double* score = d.score.data();
  double* lower = d.lower.data();
  double* upper = d.upper.data();
  for (auto _ : state)
    parallel_chunks(n, static_cast<int>(state.range(0)), 32768, 512,
                    [&](std::int64_t b, std::int64_t e) {
                      for (std::int64_t i = b; i < e; ++i) {
                        double x = 0, y = 0;
                        for (std::size_t f = 0; f < F; ++f) x += r[f][i], y += s[f][i];
                        score[i] = x;
                        lower[i] = y;
                        upper[i] = x + y;
                      }
                    });
  counters(state, n, 2 * F + 3);
}

void kinds(benchmark::internal::Benchmark* b) {
  for (ModelKind k : all_model_kinds)
    for (int threads : {1, 2}) b->Args({static_cast<long>(k), threads});
}

BENCHMARK(BM_StorePlainLoop)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreKind)
    ->ArgNames({"kind", "threads"})
    ->Apply(kinds)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::fprintf(stderr, "bench_store_kinds: building a store of %lld entities x 9 factors\n",
               static_cast<long long>(entity_count()));
  benchmark::AddCustomContext("entities", std::to_string(data().store.entity_count()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
