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
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
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

// What the calling thread has done so far: its CPU time, and how often it
// was switched out because it waited (a lock it could not take: the store's
// lock sleeps in the kernel) or because the scheduler gave its core to
// another thread. The difference of two tells where a phase's time went.
struct Usage {
  double cpu_s = 0, waited = 0, preempted = 0;
  static Usage now() {
    Usage u;
#if defined(RUSAGE_THREAD)
    rusage r;
    getrusage(RUSAGE_THREAD, &r);
    timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    u.cpu_s = static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
    u.waited = static_cast<double>(r.ru_nvcsw), u.preempted = static_cast<double>(r.ru_nivcsw);
#endif
    return u;
  }
  Usage operator-(const Usage& o) const {
    return {cpu_s - o.cpu_s, waited - o.waited, preempted - o.preempted};
  }
  Usage& operator+=(const Usage& o) {
    cpu_s += o.cpu_s, waited += o.waited, preempted += o.preempted;
    return *this;
  }
};

struct Writer {
  std::int64_t added = 0;
  Usage usage;
};

// Adds batches until `stop`.
Writer write(EvidenceStore& s, const std::atomic<bool>& stop) {
  Writer w;
  const Usage start = Usage::now();
  for (int i = 0; !stop.load(std::memory_order_relaxed); i = (i + 1) % kBatches) {
    s.add(batches()[i].batch());
    w.added += kBatch;
  }
  w.usage = Usage::now() - start;
  return w;
}

// The writer alone for `seconds`; `seconds` becomes the time it took.
Writer writer_alone(online::Store& s, double& seconds) {
  std::atomic<bool> stop{false};
  Writer w;
  const auto start = Clock::now();
  std::thread writer([&] { w = write(s.store, stop); });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  writer.join();
  seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return w;
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
Usage read(const online::Store& s, const std::vector<std::string>& ids,
           const std::atomic<bool>& stop, std::vector<float>& latencies) {
  const Usage start = Usage::now();
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
  return Usage::now() - start;
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
  double elapsed = 0, alone_s = 0;
  Writer together, alone;
  Usage reading;
  std::vector<float> all;
  for (auto _ : state) {
    double before_s = seconds, after_s = seconds;
    const Writer before = writer_alone(s, before_s);
    std::vector<std::vector<float>> latencies(static_cast<std::size_t>(readers));
    for (auto& l : latencies) l.reserve(1 << 22);
    std::vector<Usage> reader_usage(static_cast<std::size_t>(readers));
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    threads.emplace_back([&] { together = write(s.store, stop); });
    for (int r = 0; r < readers; ++r)
      threads.emplace_back(
          [&, r] { reader_usage[r] = read(s, reader_ids(r), stop, latencies[r]); });
    std::this_thread::sleep_for(std::chrono::duration<double>(2 * seconds));
    stop = true;
    for (auto& t : threads) t.join();
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const Writer after = writer_alone(s, after_s);
    alone.added = before.added + after.added;
    alone.usage = before.usage;
    alone.usage += after.usage;
    alone_s = before_s + after_s;
    for (const Usage& u : reader_usage) reading += u;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  }
  const double solo = alone.added / alone_s, with_readers = together.added / elapsed;
  const double calls = static_cast<double>(all.size());
  state.counters["p50_us"] = quantile(all, 0.5) / 1e3;
  state.counters["p99_us"] = quantile(all, 0.99) / 1e3;
  state.counters["p999_us"] = quantile(all, 0.999) / 1e3;
  state.counters["max_us"] = all.empty() ? 0 : *std::max_element(all.begin(), all.end()) / 1e3;
  state.counters["reads"] = static_cast<double>(all.size());
  state.counters["reads_per_s"] = calls / elapsed;
  state.counters["writer_solo_signals_per_s"] = solo;
  state.counters["writer_signals_per_s"] = with_readers;
  state.counters["writer_ratio"] = solo > 0 ? with_readers / solo : 0;
  // Where the time went: the share of wall time each thread ran, and how
  // often it waited (per batch of the writer, per 1,000 calls of a reader)
  // or was preempted (per second).
  const double batches_alone = static_cast<double>(alone.added) / kBatch;
  const double batches = static_cast<double>(together.added) / kBatch;
  state.counters["writer_cpu_share_alone"] = alone.usage.cpu_s / alone_s;
  state.counters["writer_cpu_share"] = together.usage.cpu_s / elapsed;
  state.counters["writer_waits_per_batch_alone"] =
      alone.usage.waited / std::max(1.0, batches_alone);
  state.counters["writer_waits_per_batch"] = together.usage.waited / std::max(1.0, batches);
  state.counters["writer_preempted_per_s"] = together.usage.preempted / elapsed;
  state.counters["reader_cpu_share"] = reading.cpu_s / (elapsed * readers);
  state.counters["reader_waits_per_1k"] = 1e3 * reading.waited / std::max(1.0, calls);
  state.counters["reader_preempted_per_s"] = reading.preempted / (elapsed * readers);
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
