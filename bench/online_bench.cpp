// Online use of one evidence store, the product's page view and its feed:
// scoring one entity (by dense index and by id), 16 and 1,024 entities, and
// the whole store; the steps of scoring one entity, each alone; adding
// signals beside retracting the same signals. Stores
// of 1 million and 10 million entities (9 factors, 3 signals each), Beta,
// each built once per process. Entities are picked at random: their evidence
// is not in cache, as on a server.
//
//   bench_online --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// TRUSTSCORE_BENCH_ENTITIES sets the smaller store's size (the larger one is
// ten times as large) for quick runs. bench_serving scores while a writer adds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_size.hpp"
#include "online_store.hpp"

namespace {

using namespace trustscore;
using online::Rng;

constexpr int kSignalsPerEntity = 3;

online::Store& store_of(std::int64_t entities) {
  static std::map<std::int64_t, std::unique_ptr<online::Store>> stores;
  auto& s = stores[entities];
  if (!s) s = std::make_unique<online::Store>(entities, kSignalsPerEntity);
  return *s;
}

// Random entity indices, `sets` sets of `per_set`.
std::vector<std::int64_t> picks(std::int64_t entities, std::int64_t per_set, std::int64_t sets) {
  Rng rng{std::uint64_t(entities * 31 + per_set)};
  std::vector<std::int64_t> out(static_cast<std::size_t>(per_set * sets));
  for (auto& e : out) e = rng.below(entities);
  return out;
}

// Entities picked per benchmark, cycled through: enough that their evidence
// (18 cache lines each) is not in cache when picked again.
constexpr std::int64_t kPicks = 1 << 20;

// Entities [e, e + count) of picks per call; score, lower and upper.
void BM_ScoreIndices(benchmark::State& state) {
  const std::int64_t entities = state.range(0), count = state.range(1);
  online::Store& s = store_of(entities);
  const int sets = static_cast<int>(std::max<std::int64_t>(64, kPicks / count));
  const std::vector<std::int64_t> chosen = picks(entities, count, sets);
  std::vector<double> score(count), lower(count), upper(count);
  const KernelOutput<double> out{score.data(), lower.data(), upper.data()};
  const ScoreOptions options;
  int set = 0;
  for (auto _ : state) {
    score_entities_into(s.model, s.store, chosen.data() + set * count, count, options, out);
    benchmark::DoNotOptimize(score.data());
    set = set + 1 == sets ? 0 : set + 1;
  }
  state.SetItemsProcessed(state.iterations() * count);
}

void BM_ScoreOneById(benchmark::State& state) {
  const std::int64_t entities = state.range(0);
  online::Store& s = store_of(entities);
  std::vector<std::string> ids;
  for (std::int64_t e : picks(entities, 1, kPicks)) ids.push_back(online::entity_id(e));
  double score, lower, upper;
  const KernelOutput<double> out{&score, &lower, &upper};
  const ScoreOptions options;
  std::size_t i = 0;
  for (auto _ : state) {
    score_ids_into(s.model, s.store, &ids[i], 1, options, out);
    benchmark::DoNotOptimize(score);
    i = i + 1 == ids.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ScoreWhole(benchmark::State& state) {
  const std::int64_t entities = state.range(0);
  online::Store& s = store_of(entities);
  std::vector<double> score(entities), lower(entities), upper(entities);
  const KernelOutput<double> out{score.data(), lower.data(), upper.data()};
  ScoreOptions options;
  options.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    score_into(s.model, s.store, options, out);
    benchmark::DoNotOptimize(score.data());
  }
  state.SetItemsProcessed(state.iterations() * entities);
}

// Adds a batch of signals about random entities (timed), then retracts it
// (not timed), so every iteration finds the store as the first did; or
// the other way round.
template <bool Retract>
void BM_Signals(benchmark::State& state) {
  const std::int64_t entities = state.range(0), size = state.range(1);
  online::Store& s = store_of(entities);
  Rng rng{std::uint64_t(entities + size)};
  const online::Signals signals(size, entities, s.store.factor_count(), rng);
  const SignalBatch batch = signals.batch();
  if (Retract) s.store.add(batch);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    Retract ? s.store.retract(batch) : s.store.add(batch);
    const auto end = std::chrono::steady_clock::now();
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
    Retract ? s.store.add(batch) : s.store.retract(batch);
  }
  if (Retract) s.store.retract(batch);
  state.SetItemsProcessed(state.iterations() * size);
}

// Where one entity's time goes: each step of score_entities_into for one
// entity alone (score_chosen in score_entities.hpp), and the id look-up that
// score_ids_into adds. Internal functions: this follows the header's steps.
enum class Part { lock, prepare, guard, gather, kernel, find_id };

void BM_OneEntityPart(benchmark::State& state) {
  const std::int64_t entities = state.range(0);
  const auto part = static_cast<Part>(state.range(1));
  online::Store& s = store_of(entities);
  const std::vector<std::int64_t> chosen = picks(entities, 1, kPicks);
  std::vector<std::string> ids;
  for (std::int64_t e : chosen) ids.push_back(online::entity_id(e));
  const ScoreOptions options;
  const PreparedParams pp = prepare(s.model, s.store, options);
  detail::GatheredEvidence gathered;
  gathered.gather(s.store, chosen.data(), 1);
  double score, lower, upper;
  const KernelOutput<double> out{&score, &lower, &upper};
  std::size_t i = 0;
  for (auto _ : state) {
    switch (part) {
      case Part::lock: {
        const auto lock = s.store.read_lock();
        benchmark::DoNotOptimize(&lock);
        break;
      }
      case Part::prepare:
        benchmark::DoNotOptimize(prepare(s.model, s.store, options));
        break;
      case Part::guard:
        benchmark::DoNotOptimize(detail::beta_guard_never_fails(pp, s.store));
        break;
      case Part::gather:
        gathered.gather(s.store, &chosen[i], 1);
        benchmark::DoNotOptimize(gathered.columns().positive[0][0]);
        break;
      case Part::kernel:
        score_batch(gathered.columns(), pp.view(), out, KernelOptions{options.threads});
        benchmark::DoNotOptimize(score);
        break;
      case Part::find_id:
        benchmark::DoNotOptimize(s.store.find_entity(ids[i]));
        break;
    }
    i = i + 1 == chosen.size() ? 0 : i + 1;
  }
  state.SetLabel(std::vector<const char*>{"lock", "prepare", "guard", "gather", "kernel",
                                          "find_id"}[static_cast<std::size_t>(part)]);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const std::int64_t small = bench_entities(1'000'000), large = 10 * small;
  for (std::int64_t n : {small, large}) {
    for (std::int64_t count : {1, 16, 1024})
      benchmark::RegisterBenchmark("BM_ScoreIndices", BM_ScoreIndices)
          ->ArgNames({"entities", "count"})
          ->Args({n, count})
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("BM_ScoreOneById", BM_ScoreOneById)
        ->ArgName("entities")
        ->Arg(n)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
    for (int threads : {1, 2})
      benchmark::RegisterBenchmark("BM_ScoreWhole", BM_ScoreWhole)
          ->ArgNames({"entities", "threads"})
          ->Args({n, threads})
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    for (Part part :
         {Part::lock, Part::prepare, Part::guard, Part::gather, Part::kernel, Part::find_id})
      benchmark::RegisterBenchmark("BM_OneEntityPart", BM_OneEntityPart)
          ->ArgNames({"entities", "part"})
          ->Args({n, static_cast<std::int64_t>(part)})
          ->UseRealTime()
          ->Unit(benchmark::kNanosecond);
    for (std::int64_t size : {1024, 65536}) {
      benchmark::RegisterBenchmark("BM_AddSignals", BM_Signals<false>)
          ->ArgNames({"entities", "batch"})
          ->Args({n, size})
          ->UseManualTime()
          ->Unit(benchmark::kMicrosecond);
      benchmark::RegisterBenchmark("BM_RetractSignals", BM_Signals<true>)
          ->ArgNames({"entities", "batch"})
          ->Args({n, size})
          ->UseManualTime()
          ->Unit(benchmark::kMicrosecond);
    }
  }
  benchmark::AddCustomContext("entities", std::to_string(small) + "," + std::to_string(large));
  benchmark::AddCustomContext("signals_per_entity", std::to_string(kSignalsPerEntity));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
