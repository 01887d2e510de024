// Saving and loading an evidence store (binary archive, to a file and back)
// beside the raw baseline in the same run: the same arrays (entity id bytes
// and their ends, the 2F mass columns) written with fwrite, flushed and
// fsynced like a save, and read back with fread into arrays of their own.
//
//   bench_persist --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// TRUSTSCORE_BENCH_ENTITIES overrides the entity count (default 10 million);
// TRUSTSCORE_BENCH_DIR the directory of the files (default /tmp).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_size.hpp"
#include "trustscore/persist.hpp"
#include "trustscore/trustscore.hpp"

namespace {

using namespace trustscore;

std::int64_t entity_count() { return bench_entities(10'000'000); }

std::string bench_dir() {
  const char* env = std::getenv("TRUSTSCORE_BENCH_DIR");
  return env ? env : "/tmp";
}

struct Data {
  Model model;
  EvidenceStore store{model};
  std::string saved = bench_dir() + "/trustscore_bench_store.tsf";
  std::string raw = bench_dir() + "/trustscore_bench_raw.bin";
  std::uint64_t bytes = 0;  // of the raw arrays (what both write and read)
};

Data& data() {
  static Data* d = [] {
    auto* x = new Data;
    const std::int64_t n = entity_count();
    for (std::int64_t e = 0; e < n; ++e) x->store.add_entity("merchant-" + std::to_string(e));
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::int64_t> entity(static_cast<std::size_t>(n));
    std::vector<std::int32_t> factor(entity.size());
    std::vector<double> value(entity.size()), time(entity.size());
    for (std::size_t i = 0; i < entity.size(); ++i) entity[i] = static_cast<std::int64_t>(i);
    for (std::int32_t f = 0; f < 9; ++f) {
      for (std::size_t i = 0; i < value.size(); ++i)
        factor[i] = f, value[i] = u(rng), time[i] = 1.7e9 + 3e7 * u(rng);
      SignalBatch b;
      b.size = n;
      b.entity = entity.data();
      b.factor = factor.data();
      b.value = value.data();
      b.time = time.data();
      x->store.add(b);
    }
    for (const std::string& id : x->store.entity_ids()) x->bytes += id.size() + 8;
    x->bytes += static_cast<std::uint64_t>(n) * 2 * 9 * 8;
    return x;
  }();
  return *d;
}

void counters(benchmark::State& state) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(data().bytes));
}

void BM_SaveBinary(benchmark::State& state) {
  Data& d = data();
  for (auto _ : state) save_store_file(d.store, d.saved);
  counters(state);
}

void BM_LoadBinary(benchmark::State& state) {
  Data& d = data();
  save_store_file(d.store, d.saved);
  for (auto _ : state) {
    EvidenceStore s = load_store_file(d.saved);
    benchmark::DoNotOptimize(s.entity_count());
  }
  counters(state);
}

// The same arrays with stdio: id bytes, id ends, then the columns.
bool write_raw(const Data& d) {
  const auto& ids = d.store.entity_ids();
  std::string blob;
  std::vector<std::uint64_t> ends;
  ends.reserve(ids.size());
  for (const std::string& id : ids) blob += id, ends.push_back(blob.size());
  std::FILE* f = std::fopen(d.raw.c_str(), "wb");
  if (!f) return false;
  std::fwrite(blob.data(), 1, blob.size(), f);
  std::fwrite(ends.data(), 8, ends.size(), f);
  for (std::size_t c = 0; c < d.store.factor_count(); ++c) {
    std::fwrite(d.store.positive_column(c), 8, ids.size(), f);
    std::fwrite(d.store.negative_column(c), 8, ids.size(), f);
  }
  std::fflush(f);
  ::fsync(::fileno(f));  // durable, as a save is
  return std::fclose(f) == 0;
}

void BM_RawFwrite(benchmark::State& state) {
  Data& d = data();
  for (auto _ : state)
    if (!write_raw(d)) state.SkipWithError("cannot write the raw file");
  counters(state);
}

void BM_RawFread(benchmark::State& state) {
  Data& d = data();
  // Written here too, as BM_LoadBinary saves first: with
  // --benchmark_enable_random_interleaving this may run before BM_RawFwrite.
  if (!write_raw(d)) {
    state.SkipWithError("cannot write the raw file");
    for (auto _ : state) {
    }
    return;
  }
  const std::size_t n = d.store.entity_count();
  std::uint64_t blob_bytes = 0;
  for (const std::string& id : d.store.entity_ids()) blob_bytes += id.size();
  for (auto _ : state) {
    std::FILE* f = std::fopen(d.raw.c_str(), "rb");
    std::string blob(blob_bytes, '\0');
    std::vector<std::uint64_t> ends(n);
    std::vector<std::vector<double>> columns(2 * d.store.factor_count(), std::vector<double>(n));
    std::size_t got = std::fread(&blob[0], 1, blob.size(), f);
    got += std::fread(ends.data(), 8, n, f);
    for (auto& c : columns) got += std::fread(c.data(), 8, n, f);
    std::fclose(f);
    benchmark::DoNotOptimize(got);
  }
  counters(state);
}

BENCHMARK(BM_RawFwrite)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SaveBinary)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawFread)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadBinary)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  std::fprintf(stderr, "bench_persist: building a store of %lld entities x 9 factors\n",
               static_cast<long long>(entity_count()));
  benchmark::AddCustomContext("raw_bytes", std::to_string(data().bytes));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::remove(data().saved.c_str());
  std::remove(data().raw.c_str());
  return 0;
}
