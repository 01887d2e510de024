// Serving while ingesting: one writer thread adds batches of 1,024 signals
// (entities by index) to a store of 1 million entities as fast as it can,
// while 1, 2 or 3 reader threads each score one random entity at a time by
// id. Every reader call's latency is recorded; the run reports its p50, p99
// and p99.9 and the writer's signals/s beside the writer alone, measured in
// the same benchmark run just before and just after (their mean), so that
// the ratio does not drift with the machine's load.
//
//   bench_serving --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// Each repetition runs 1 s alone, 2 s with the readers, 1 s alone (a tenth
// of that when TRUSTSCORE_BENCH_ENTITIES is set, which also sets the size).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench_size.hpp"
#include "online_store.hpp"

namespace {

using namespace trustscore;
using online::Rng;
using Clock = std::chrono::steady_clock;

constexpr std::int64_t kBatch = 1024;
constexpr int kBatches = 64;  // distinct batches the writer cycles through

std::int64_t entity_count() { return bench_entities(1'000'000); }
double phase_seconds() { return std::getenv("TRUSTSCORE_BENCH_ENTITIES") ? 0.1 : 1.0; }

online::Store& store() {
  static online::Store s(entity_count(), 3);
  return s;
}

const std::vector<online::Signals>& batches() {
  static const std::vector<online::Signals> b = [] {
    Rng rng{7};
    std::vector<online::Signals> out;
    for (int i = 0; i < kBatches; ++i)
      out.emplace_back(kBatch, entity_count(), store().store.factor_count(), rng);
    return out;
  }();
  return b;
}

// Adds batches until `stop`; returns the signals added.
std::int64_t write(EvidenceStore& s, const std::atomic<bool>& stop) {
  std::int64_t added = 0;
  for (int i = 0; !stop.load(std::memory_order_relaxed); i = (i + 1) % kBatches) {
    s.add(batches()[i].batch());
    added += kBatch;
  }
  return added;
}

// The writer alone for `seconds`: signals/s.
double writer_alone(online::Store& s, double seconds) {
  std::atomic<bool> stop{false};
  std::int64_t added = 0;
  const auto start = Clock::now();
  std::thread writer([&] { added = write(s.store, stop); });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  writer.join();
  return added / std::chrono::duration<double>(Clock::now() - start).count();
}

// Random ids for reader r: enough that their evidence is not in cache when
// they come round again. Made before the readers start.
const std::vector<std::string>& reader_ids(int r) {
  static const std::vector<std::vector<std::string>> ids = [] {
    std::vector<std::vector<std::string>> out(3);
    Rng rng{11};
    for (auto& list : out)
      for (int i = 0; i < (1 << 18); ++i)
        list.push_back(online::entity_id(rng.below(entity_count())));
    return out;
  }();
  return ids.at(static_cast<std::size_t>(r));
}

// One reader: scores its ids until `stop`, each call's latency in ns.
void read(const online::Store& s, const std::vector<std::string>& ids,
          const std::atomic<bool>& stop, std::vector<float>& latencies) {
  double score, lower, upper;
  const KernelOutput<double> out{&score, &lower, &upper};
  const ScoreOptions options;
  for (std::size_t i = 0; !stop.load(std::memory_order_relaxed); i = (i + 1) % ids.size()) {
    const auto start = Clock::now();
    score_ids_into(s.model, s.store, &ids[i], 1, options, out);
    const auto end = Clock::now();
    benchmark::DoNotOptimize(score);
    latencies.push_back(
        static_cast<float>(std::chrono::duration<double, std::nano>(end - start).count()));
  }
}

double quantile(std::vector<float>& v, double q) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

void BM_Serving(benchmark::State& state) {
  const int readers = static_cast<int>(state.range(0));
  online::Store& s = store();
  batches();
  for (int r = 0; r < readers; ++r) reader_ids(r);
  const double seconds = phase_seconds();
  double solo = 0, together = 0, elapsed = 0;
  std::vector<float> all;
  for (auto _ : state) {
    const double before = writer_alone(s, seconds);
    std::vector<std::vector<float>> latencies(static_cast<std::size_t>(readers));
    for (auto& l : latencies) l.reserve(1 << 22);
    std::atomic<bool> stop{false};
    std::int64_t added = 0;
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    threads.emplace_back([&] { added = write(s.store, stop); });
    for (int r = 0; r < readers; ++r)
      threads.emplace_back([&, r] { read(s, reader_ids(r), stop, latencies[r]); });
    std::this_thread::sleep_for(std::chrono::duration<double>(2 * seconds));
    stop = true;
    for (auto& t : threads) t.join();
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    together = added / elapsed;
    solo = (before + writer_alone(s, seconds)) / 2;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  }
  state.counters["p50_us"] = quantile(all, 0.5) / 1e3;
  state.counters["p99_us"] = quantile(all, 0.99) / 1e3;
  state.counters["p999_us"] = quantile(all, 0.999) / 1e3;
  state.counters["max_us"] = all.empty() ? 0 : *std::max_element(all.begin(), all.end()) / 1e3;
  state.counters["reads"] = static_cast<double>(all.size());
  state.counters["reads_per_s"] = static_cast<double>(all.size()) / elapsed;
  state.counters["writer_solo_signals_per_s"] = solo;
  state.counters["writer_signals_per_s"] = together;
  state.counters["writer_ratio"] = solo > 0 ? together / solo : 0;
}

BENCHMARK(BM_Serving)
    ->ArgName("readers")
    ->Arg(1)
    ->Arg(2)
    ->Arg(3)
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("entities", std::to_string(entity_count()));
  benchmark::AddCustomContext("batch", std::to_string(kBatch));
  benchmark::AddCustomContext("seconds_with_readers", std::to_string(2 * phase_seconds()));
  benchmark::AddCustomContext("hardware_threads",
                              std::to_string(std::thread::hardware_concurrency()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
