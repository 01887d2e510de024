// Benchmark of the batch scoring kernel (issue 2, item 10) on 10 million
// entities x 9 factors of factor-major evidence, beside the bound it is judged
// against: a plain loop in the same binary that reads the same input bytes
// (all 2 x 9 columns) and writes the same output bytes (score, lower, upper),
// split across threads the same way. Memory bandwidth is what that loop
// measures; the target is the kernel with intervals at >= 85% of its bytes/s,
// with one thread and with two. The explained kernel (also contributions,
// gains and best lever) has its own plain loop, moving its bytes, and the
// same target.
//
// Inputs are built once, before any timing, and the kernel is checked against
// the scalar reference (and against itself across thread counts) first; the
// program aborts when they differ.
//
//   bench_kernel --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// TRUSTSCORE_BENCH_ENTITIES overrides the entity count (for quick runs).

#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "bench_size.hpp"
#include "trustscore/kernel.hpp"

namespace {

using trustscore::EvidenceColumns;
using trustscore::KernelOptions;
using trustscore::KernelOutput;
using trustscore::KernelParams;

constexpr std::size_t kFactors = 9;
constexpr std::int64_t kBlock = 512;  // the kernel's block: threads split on multiples of it

// Uninitialised, 64-byte aligned storage (std::vector would zero it first,
// and touching 3 GB twice costs seconds).
template <class T>
struct Buffer {
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T, Free> ptr;
  explicit Buffer(std::size_t n = 0) {
    if (n == 0) return;
    const std::size_t bytes = (n * sizeof(T) + 63) / 64 * 64;
    ptr.reset(static_cast<T*>(std::aligned_alloc(64, bytes)));
    if (!ptr) {
      std::fprintf(stderr, "bench_kernel: out of memory (%zu bytes)\n", bytes);
      std::abort();
    }
  }
  T* get() const { return ptr.get(); }
};

// splitmix64: fast, seeded, the same numbers on every platform.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
};

// Runs fn(begin, end) on `threads` threads over [0, n), split exactly as
// score_batch splits: chunks of whole blocks, the last thread takes the rest.
template <class Fn>
void split(std::int64_t n, int threads, Fn fn) {
  if (threads <= 1) {
    fn(std::int64_t{0}, n);
    return;
  }
  const std::int64_t chunk = (n / threads + kBlock - 1) / kBlock * kBlock;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    const std::int64_t b = std::min(n, t * chunk),
                       e = t + 1 == threads ? n : std::min(n, b + chunk);
    pool.emplace_back([=] { fn(b, e); });
  }
  for (auto& th : pool) th.join();
}

template <class T>
struct Data {
  std::int64_t n = 0;
  std::vector<Buffer<T>> pos_store, neg_store;
  std::vector<const T*> pos, neg;
  std::vector<T> weight, base_rate, prior_weight, decay;
  Buffer<T> score, lower, upper, contributions, gains;
  Buffer<std::int32_t> best_lever;

  EvidenceColumns<T> columns() const { return {n, kFactors, pos.data(), neg.data()}; }
  KernelParams<T> params() const {
    return {weight.data(), base_rate.data(), prior_weight.data(), decay.data()};
  }
  KernelOutput<T> intervals() const { return {score.get(), lower.get(), upper.get()}; }
  KernelOutput<T> explained() const {
    return {score.get(),         lower.get(), upper.get(),
            contributions.get(), gains.get(), best_lever.get()};
  }
};

// Random evidence: per factor a mass scale (some factors are rich in evidence,
// some poor), a fifth of cells empty, negative mass usually smaller.
template <class T>
void make_data(Data<T>& d, std::int64_t n, std::uint64_t seed) {
  d.n = n;
  Rng rng{seed};
  double wsum = 0;
  for (std::size_t f = 0; f < kFactors; ++f) {
    const double w = 0.2 + rng.uniform();
    wsum += w;
    d.weight.push_back(static_cast<T>(w));
    d.base_rate.push_back(static_cast<T>(0.3 + 0.4 * rng.uniform()));
    d.prior_weight.push_back(static_cast<T>(1 + 3 * rng.uniform()));
    d.decay.push_back(static_cast<T>(0.1 + 0.9 * rng.uniform()));
  }
  for (auto& w : d.weight) w = static_cast<T>(w / wsum);
  for (std::size_t f = 0; f < kFactors; ++f) {
    d.pos_store.emplace_back(static_cast<std::size_t>(n));
    d.neg_store.emplace_back(static_cast<std::size_t>(n));
    d.pos.push_back(d.pos_store.back().get());
    d.neg.push_back(d.neg_store.back().get());
  }
  // Filled by both threads (first touch spreads pages; each part has its own
  // stream so the data do not depend on the thread count).
  split(n, 2, [&](std::int64_t b, std::int64_t e) {
    for (std::size_t f = 0; f < kFactors; ++f) {
      Rng r{seed ^ (0x1000193ull * (f + 1)) ^ (static_cast<std::uint64_t>(b) << 20)};
      const double scale = 1 + 60 * Rng{seed + f}.uniform();
      T* p = d.pos_store[f].get();
      T* q = d.neg_store[f].get();
      for (std::int64_t i = b; i < e; ++i) {
        const bool empty = r.next() % 5 == 0;
        const double a = r.uniform(), c = r.uniform();
        p[i] = empty ? T(0) : static_cast<T>(scale * a * a);
        q[i] = empty ? T(0) : static_cast<T>(0.4 * scale * c * c * c);
      }
    }
  });
  d.score = Buffer<T>(static_cast<std::size_t>(n));
  d.lower = Buffer<T>(static_cast<std::size_t>(n));
  d.upper = Buffer<T>(static_cast<std::size_t>(n));
  d.contributions = Buffer<T>(static_cast<std::size_t>(n) * kFactors);
  d.gains = Buffer<T>(static_cast<std::size_t>(n) * kFactors);
  d.best_lever = Buffer<std::int32_t>(static_cast<std::size_t>(n));
}

// Relative difference. A value computed by cancellation is measured against
// the magnitude of what cancelled (`scale`): the score for the interval
// bounds, the factor's weight for its contribution w (p - a).
template <class T>
double rel_diff(T a, T b, double scale = 0) {
  const double x = a, y = b;
  const double m = std::max({std::abs(x), std::abs(y), scale});
  return m == 0 ? 0 : std::abs(x - y) / m;
}

[[noreturn]] void die(const char* what, std::int64_t entity, double got, double want) {
  std::fprintf(stderr, "bench_kernel: %s differs at entity %lld: %.17g vs reference %.17g\n", what,
               static_cast<long long>(entity), got, want);
  std::abort();
}

// score_batch (already run on all entities into d's outputs) against
// score_reference on `count` entities starting at `first`.
template <class T>
void check_against_reference(const Data<T>& d, std::int64_t first, std::int64_t count, double tol) {
  first = std::max<std::int64_t>(0, first);
  count = std::min(count, d.n - first);
  if (count <= 0) return;
  std::vector<const T*> pos, neg;
  for (std::size_t f = 0; f < kFactors; ++f) {
    pos.push_back(d.pos[f] + first);
    neg.push_back(d.neg[f] + first);
  }
  const auto m = static_cast<std::size_t>(count);
  std::vector<T> s(m), lo(m), hi(m), c(m * kFactors), g(m * kFactors);
  std::vector<std::int32_t> best(m);
  trustscore::score_reference(
      EvidenceColumns<T>{count, kFactors, pos.data(), neg.data()}, d.params(),
      KernelOutput<T>{s.data(), lo.data(), hi.data(), c.data(), g.data(), best.data()});
  for (std::size_t i = 0; i < m; ++i) {
    const auto e = first + static_cast<std::int64_t>(i);
    if (rel_diff(d.score.get()[e], s[i]) > tol) die("score", e, d.score.get()[e], s[i]);
    if (rel_diff(d.lower.get()[e], lo[i], s[i]) > tol) die("lower", e, d.lower.get()[e], lo[i]);
    if (rel_diff(d.upper.get()[e], hi[i], s[i]) > tol) die("upper", e, d.upper.get()[e], hi[i]);
    for (std::size_t f = 0; f < kFactors; ++f) {
      const std::size_t k = static_cast<std::size_t>(e) * kFactors + f;
      if (rel_diff(d.contributions.get()[k], c[i * kFactors + f], double(d.weight[f])) > tol)
        die("contribution", e, d.contributions.get()[k], c[i * kFactors + f]);
      if (rel_diff(d.gains.get()[k], g[i * kFactors + f]) > tol)
        die("gain", e, d.gains.get()[k], g[i * kFactors + f]);
    }
    // Ties (or near ties in float) may pick another factor of equal gain.
    if (d.best_lever.get()[e] != best[i]) {
      const auto* gr = d.gains.get() + static_cast<std::size_t>(e) * kFactors;
      const std::int32_t b = d.best_lever.get()[e];
      if (b < 0 || best[i] < 0 || rel_diff(gr[b], gr[best[i]]) > tol)
        die("best lever", e, b, best[i]);
    }
  }
}

template <class T>
void validate(Data<T>& d, double tol) {
  // Everything the benchmarks can output, on all entities, with two threads.
  trustscore::score_batch(d.columns(), d.params(), d.explained(), KernelOptions{2});
  const std::int64_t prefix = 10000;
  check_against_reference(d, 0, prefix, tol);
  check_against_reference(d, d.n - prefix, prefix, tol);
  check_against_reference(d, d.n / 2 - prefix / 2, prefix, tol);  // across the thread seam
  // Bit-identical with one thread (intervals only).
  const auto n = static_cast<std::size_t>(d.n);
  Buffer<T> s(n), lo(n), hi(n);
  trustscore::score_batch(d.columns(), d.params(), KernelOutput<T>{s.get(), lo.get(), hi.get()},
                          KernelOptions{1});
  if (n && (std::memcmp(s.get(), d.score.get(), n * sizeof(T)) != 0 ||
            std::memcmp(lo.get(), d.lower.get(), n * sizeof(T)) != 0 ||
            std::memcmp(hi.get(), d.upper.get(), n * sizeof(T)) != 0)) {
    std::fprintf(stderr, "bench_kernel: 1-thread and 2-thread results differ\n");
    std::abort();
  }
}

Data<double>& doubles() {
  static Data<double> d;
  return d;
}
Data<float>& floats() {
  static Data<float> d;
  return d;
}

constexpr double kTolDouble = 1e-12;
constexpr double kTolFloat = 1e-5;

std::int64_t entity_count() { return bench_entities(10'000'000); }

// Float data only when a float benchmark runs (0.7 GB more memory, and time).
Data<float>& float_data() {
  static bool ready = [] {
    make_data(floats(), doubles().n, 0x7275737473636f72ull);
    validate(floats(), kTolFloat);
    return true;
  }();
  (void)ready;
  return floats();
}

// Bytes an iteration reads and writes.
template <class T>
std::int64_t interval_bytes(std::int64_t n) {
  return n * static_cast<std::int64_t>((2 * kFactors + 3) * sizeof(T));
}
template <class T>
std::int64_t explain_bytes(std::int64_t n) {
  return interval_bytes<T>(n) +
         n * static_cast<std::int64_t>(2 * kFactors * sizeof(T) + sizeof(std::int32_t));
}

// The bound: read every input value once and write three outputs per
// entity. Of the loops tried (column by column over blocks of entities as
// the kernel blocks, three factors at a time, all 2F columns at once), all
// columns at once streams fastest here, so that one is the bound. The
// loop is vectorised across entities (Eigen fixed-size arrays of a cache
// line) with the default flags.
template <class T>
void plain_range(const Data<T>& d, std::int64_t begin, std::int64_t end) {
  const T* p[kFactors];
  const T* q[kFactors];
  for (std::size_t f = 0; f < kFactors; ++f) p[f] = d.pos[f], q[f] = d.neg[f];
  T* __restrict o1 = d.score.get();
  T* __restrict o2 = d.lower.get();
  T* __restrict o3 = d.upper.get();
  constexpr Eigen::Index L = 64 / sizeof(T);  // a cache line of each column at a time
  using Line = Eigen::Array<T, L, 1>;
  using ConstLineMap = Eigen::Map<const Line>;
  std::int64_t i = begin;
  for (; i + L <= end; i += L) {
    Line x = ConstLineMap(p[0] + i) + ConstLineMap(q[0] + i);
    for (std::size_t f = 1; f < kFactors; ++f) x += ConstLineMap(p[f] + i) + ConstLineMap(q[f] + i);
    Eigen::Map<Line>(o1 + i) = x;
    Eigen::Map<Line>(o2 + i) = x;
    Eigen::Map<Line>(o3 + i) = x;
  }
  for (; i < end; ++i) {
    T x = 0;
    for (std::size_t f = 0; f < kFactors; ++f) x += p[f][i] + q[f][i];
    o1[i] = o2[i] = o3[i] = x;
  }
}

// The bound of the explained kernel: the same input bytes read and the same
// output bytes written as the explained kernel (score, lower, upper, F
// contributions and F gains per entity, the best lever), with plain stores.
// A tile's contributions (and gains) are L F consecutive values, so each tile
// writes there the F lines of positive (and negative) evidence it has read,
// whole cache lines in order; the best lever is the sum truncated to int32.
template <class T>
void plain_explain_range(const Data<T>& d, std::int64_t begin, std::int64_t end) {
  constexpr auto F = static_cast<std::int64_t>(kFactors);
  const T* p[kFactors];
  const T* q[kFactors];
  for (std::size_t f = 0; f < kFactors; ++f) p[f] = d.pos[f], q[f] = d.neg[f];
  T* __restrict o1 = d.score.get();
  T* __restrict o2 = d.lower.get();
  T* __restrict o3 = d.upper.get();
  T* __restrict con = d.contributions.get();
  T* __restrict gain = d.gains.get();
  std::int32_t* __restrict lever = d.best_lever.get();
  constexpr Eigen::Index L = 64 / sizeof(T);
  using Line = Eigen::Array<T, L, 1>;
  using ConstLineMap = Eigen::Map<const Line>;
  std::int64_t i = begin;
  for (; i + L <= end; i += L) {
    Line x = Line::Zero();
    for (std::size_t f = 0; f < kFactors; ++f) {
      const Line a = ConstLineMap(p[f] + i), b = ConstLineMap(q[f] + i);
      x += a + b;
      const std::int64_t at = i * F + static_cast<std::int64_t>(f) * L;
      Eigen::Map<Line>(con + at) = a;
      Eigen::Map<Line>(gain + at) = b;
    }
    Eigen::Map<Line>(o1 + i) = x;
    Eigen::Map<Line>(o2 + i) = x;
    Eigen::Map<Line>(o3 + i) = x;
    Eigen::Map<Eigen::Array<std::int32_t, L, 1>>(lever + i) = x.template cast<std::int32_t>();
  }
  for (; i < end; ++i) {
    T x = 0;
    for (std::size_t f = 0; f < kFactors; ++f) {
      x += p[f][i] + q[f][i];
      con[i * F + static_cast<std::int64_t>(f)] = p[f][i];
      gain[i * F + static_cast<std::int64_t>(f)] = q[f][i];
    }
    o1[i] = o2[i] = o3[i] = x;
    lever[i] = static_cast<std::int32_t>(x);
  }
}

template <class T>
void set_counters(benchmark::State& state, std::int64_t n, std::int64_t bytes) {
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(state.iterations() * bytes);
}

// The plain loop over every entity, on `threads` threads: `explain` also
// writes what the explained kernel writes (plain_explain_range).
template <class T>
void run_plain(benchmark::State& state, const Data<T>& d, bool explain = false) {
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    split(d.n, threads, [&](std::int64_t b, std::int64_t e) {
      if (explain)
        plain_explain_range(d, b, e);
      else
        plain_range(d, b, e);
    });
    benchmark::DoNotOptimize(d.score.get());
    benchmark::DoNotOptimize(d.lower.get());
    benchmark::DoNotOptimize(d.upper.get());
    if (explain) {
      benchmark::DoNotOptimize(d.contributions.get());
      benchmark::DoNotOptimize(d.best_lever.get());
    }
    benchmark::ClobberMemory();
  }
  set_counters<T>(state, d.n, explain ? explain_bytes<T>(d.n) : interval_bytes<T>(d.n));
}

template <class T>
void run_kernel(benchmark::State& state, const Data<T>& d, bool explain) {
  const KernelOptions options{static_cast<int>(state.range(0))};
  const auto out = explain ? d.explained() : d.intervals();
  for (auto _ : state) {
    trustscore::score_batch(d.columns(), d.params(), out, options);
    benchmark::DoNotOptimize(out.score);
    benchmark::ClobberMemory();
  }
  set_counters<T>(state, d.n, explain ? explain_bytes<T>(d.n) : interval_bytes<T>(d.n));
}

void BM_PlainLoop(benchmark::State& state) { run_plain(state, doubles()); }
void BM_BetaKernel(benchmark::State& state) { run_kernel(state, doubles(), false); }
void BM_PlainLoopExplain(benchmark::State& state) { run_plain(state, doubles(), true); }
void BM_BetaKernelExplain(benchmark::State& state) { run_kernel(state, doubles(), true); }
void BM_PlainLoopFloat(benchmark::State& state) { run_plain(state, float_data()); }
void BM_BetaKernelFloat(benchmark::State& state) { run_kernel(state, float_data(), false); }

// Arg = threads. Real time: with threads the CPU time of the calling thread
// alone means nothing.
BENCHMARK(BM_PlainLoop)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BetaKernel)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainLoopExplain)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BetaKernelExplain)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainLoopFloat)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BetaKernelFloat)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const std::int64_t n = entity_count();
  std::fprintf(stderr,
               "bench_kernel: %lld entities x %zu factors, checking against the reference\n",
               static_cast<long long>(n), kFactors);
  make_data(doubles(), n, 0x747275737473636full);
  validate(doubles(), kTolDouble);
  benchmark::AddCustomContext("entities", std::to_string(n));
  benchmark::AddCustomContext("factors", std::to_string(kFactors));
  benchmark::AddCustomContext("kernel_isa",
                              trustscore::detail::isa_name(trustscore::detail::kernel_isa()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
