// History read from a journaled store (trustscore/history.hpp): the history
// of one entity with 10,000 signals (target: 10 ms with the index built),
// with and without each factor's contribution, at 100 times asked for;
// scores of 100 entities as of a past time; and the first call after
// opening, which reads the journals into the index, beside opening alone.
//
//   bench_history --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// The store: the entity's 10,000 signals (1% of them retracted, from 200
// reviewers) among 20,000 signals of 2,000 other entities, journaled in
// batches of 100 (Beta, 9 factors, a year of signal times).
// TRUSTSCORE_BENCH_DIR sets the directory of the journals (default /tmp).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "trustscore/history.hpp"
#include "trustscore/journal.hpp"
#include "trustscore/trustscore.hpp"

namespace {

using namespace trustscore;

constexpr int kSignals = 10'000;
constexpr double kT0 = 1.7e9, kYear = 365 * 86400.0;

std::string directory() {
  const char* env = std::getenv("TRUSTSCORE_BENCH_DIR");
  return std::string(env ? env : "/tmp") + "/trustscore_bench_history_" +
         std::to_string(::getpid());
}

struct Data {
  Model model;
  std::string dir = directory();
  std::vector<std::string> others;  // ids of the other entities
  double middle = kT0 + kYear / 2;
  JournaledStore store;  // last: made from the members above

  Data() : store(create()) {}
  ~Data() {
    store.close();
    std::filesystem::remove_all(dir);
  }

  JournaledStore create() {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto j = JournaledStore::open(dir + "/store", model, {Durability::none});
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> u(0, 1);
    for (int e = 0; e < 2000; ++e) others.push_back("shop-" + std::to_string(e));
    std::vector<std::string> reviewers;
    for (int r = 0; r < 200; ++r) reviewers.push_back("reviewer-" + std::to_string(r));
    constexpr int kBatch = 100;
    std::vector<std::string_view> ids(kBatch), sources(kBatch);
    std::vector<std::int32_t> factor(kBatch);
    std::vector<double> value(kBatch), weight(kBatch), time(kBatch);
    SignalBatch b;
    b.size = kBatch, b.factor = factor.data(), b.value = value.data();
    b.weight = weight.data(), b.time = time.data();
    const auto fill = [&](bool merchant) {
      for (int i = 0; i < kBatch; ++i) {
        ids[i] = merchant ? std::string_view("merchant") : others[rng() % others.size()];
        sources[i] = reviewers[rng() % reviewers.size()];
        factor[i] = std::int32_t(rng() % 9), value[i] = double(rng() % 5) / 4;
        weight[i] = 0.5 + u(rng), time[i] = kT0 + kYear * u(rng);
      }
    };
    for (int batch = 0; batch < kSignals / kBatch; ++batch) {
      fill(true);
      j.add(ids.data(), b, sources.data());
      // One signal of each batch taken back: 1%.
      SignalBatch one = b;
      one.size = 1;
      j.retract(ids.data(), one);
      fill(false);
      j.add(ids.data(), b, sources.data());
      fill(false);
      j.add(ids.data(), b, sources.data());
    }
    j.sync();
    return j;
  }
};

Data& data() {
  static Data d;
  return d;
}

void history(benchmark::State& state, const HistoryOptions& options) {
  Data& d = data();
  std::size_t rows = entity_history(d.store, d.model, "merchant", options).rows();  // warm
  for (auto _ : state) {
    const EntityHistory h = entity_history(d.store, d.model, "merchant", options);
    benchmark::DoNotOptimize(h.score.data());
    rows = h.rows();
  }
  state.counters["rows"] = double(rows);
  state.SetItemsProcessed(state.iterations() * std::int64_t(rows));
}

void BM_EntityHistory10k(benchmark::State& state) { history(state, {}); }
BENCHMARK(BM_EntityHistory10k)->Unit(benchmark::kMillisecond);

void BM_EntityHistory10kNoExplain(benchmark::State& state) {
  HistoryOptions o;
  o.explain = false;
  history(state, o);
}
BENCHMARK(BM_EntityHistory10kNoExplain)->Unit(benchmark::kMillisecond);

void BM_EntityHistory10kAt100Times(benchmark::State& state) {
  HistoryOptions o;
  for (int i = 0; i < 100; ++i) o.times.push_back(kT0 + kYear * i / 100);
  history(state, o);
}
BENCHMARK(BM_EntityHistory10kAt100Times)->Unit(benchmark::kMillisecond);

void BM_ScoreIdsAsOf100(benchmark::State& state) {
  Data& d = data();
  std::vector<std::string_view> ids(d.others.begin(), d.others.begin() + 100);
  ScoreOptions o;
  o.as_of = d.middle;
  score_ids_as_of(d.store, d.model, ids.data(), std::int64_t(ids.size()), o);  // warm
  for (auto _ : state) {
    const Scores s = score_ids_as_of(d.store, d.model, ids.data(), std::int64_t(ids.size()), o);
    benchmark::DoNotOptimize(s.score.data());
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(ids.size()));
}
BENCHMARK(BM_ScoreIdsAsOf100)->Unit(benchmark::kMillisecond);

// A copy of the store's directory, opened per iteration: opening alone, and
// opening then the first history call (which reads every journal).
const std::string& closed_copy() {
  static const std::string dir = [] {
    const std::string copy = data().dir + "/closed";
    std::filesystem::copy(data().dir + "/store", copy);
    std::filesystem::remove(copy + "/LOCK");
    return copy;
  }();
  return dir;
}

void BM_Open(benchmark::State& state) {
  for (auto _ : state) {
    auto j = JournaledStore::open(closed_copy());
    benchmark::DoNotOptimize(j.store().signal_count());
  }
}
BENCHMARK(BM_Open)->Unit(benchmark::kMillisecond);

void BM_OpenThenFirstHistory(benchmark::State& state) {
  for (auto _ : state) {
    auto j = JournaledStore::open(closed_copy());
    benchmark::DoNotOptimize(entity_history(j, data().model, "merchant").rows());
  }
}
BENCHMARK(BM_OpenThenFirstHistory)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
