// Benchmark of the C++ trust-graph path end to end (issue 5, item 7): edge
// arrays -> EigenTrust (alpha 0.15, L1 tolerance 1e-8) by eigentrust(edge
// arrays), which for one positive rating builds only the solver's
// in-neighbour lists and otherwise a TrustGraph (CSR), with the peak heap use
// of that path beside the size of the CSR arrays. *ViaGraph: the same through
// a TrustGraph always (the path before the edge-array one, for comparison).
// GeneratedLists / GeneratedSweep / GeneratedGatherFloor: the generated
// graph's path in parts, and the floor of its sweeps (see below).
//
// "The CSR arrays" are the graph's own storage, the least any CSR solver
// reads: (n + 1) row offsets and m column indices of sizeof(index) = 8 bytes
// each (int64, TrustGraph::Matrix's index type) and m ratings of 8 bytes
// (double), i.e. 8 (n + 1) + 16 m bytes. The target is peak / CSR <= 1.5.
//
// Peak heap is counted by replacing malloc, calloc, realloc, free and the
// aligned allocators of this binary (operator new and Eigen allocate through
// them): bytes live (malloc_usable_size, so allocator rounding included) at
// their highest during one build + solve, minus those live before it. The
// input edge arrays exist before and are not counted.
//
// Graphs:
// - generated: 1,000,000 node ids, 10,000,000 distinct edges, no self-loops
//   (TRUSTSCORE_BENCH_ENTITIES overrides the node count; edges stay 10 per
//   node): sources and targets drawn with probability proportional to
//   rank^-0.8 over two random orders of the nodes, in random order. Ratings
//   all 1 ("unweighted": the Gauss–Seidel solver) and, as a second case,
//   uniform in (0, 1] (power iteration).
// - epinions: the positive edges of SNAP soc-sign-epinions (J. Leskovec,
//   D. Huttenlocher, J. Kleinberg, "Signed Networks in Social Media", CHI
//   2010), self-loops and duplicates dropped, read with gzip -dc from
//   TRUSTSCORE_EPINIONS (default ../shared/data/epinions/soc-sign-epinions.txt.gz
//   from the working directory); skipped when absent.
//
//   bench_graph --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>
#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_size.hpp"
#include "trustscore/graph/eigentrust.hpp"

// ---- Counting allocator ---------------------------------------------------------

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {

std::atomic<long long> live_bytes{0}, peak_bytes{0};

void* counted(void* p) {
  if (p) {
    const long long now = live_bytes.fetch_add(static_cast<long long>(malloc_usable_size(p))) +
                          static_cast<long long>(malloc_usable_size(p));
    long long peak = peak_bytes.load();
    while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
    }
  }
  return p;
}

void uncount(void* p) {
  if (p) live_bytes.fetch_sub(static_cast<long long>(malloc_usable_size(p)));
}

}  // namespace

extern "C" {
void* malloc(std::size_t n) { return counted(__libc_malloc(n)); }
void* calloc(std::size_t a, std::size_t b) { return counted(__libc_calloc(a, b)); }
void* realloc(void* p, std::size_t n) {
  uncount(p);
  void* q = __libc_realloc(p, n);
  if (!q && p && n) return counted(p);  // failed: p is still live
  return counted(q);
}
void free(void* p) {
  uncount(p);
  __libc_free(p);
}
void* memalign(std::size_t a, std::size_t n) { return counted(__libc_memalign(a, n)); }
void* aligned_alloc(std::size_t a, std::size_t n) { return counted(__libc_memalign(a, n)); }
int posix_memalign(void** out, std::size_t a, std::size_t n) {
  void* p = counted(__libc_memalign(a, n));
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
void* valloc(std::size_t n) { return counted(__libc_memalign(4096, n)); }
void* pvalloc(std::size_t n) { return counted(__libc_memalign(4096, (n + 4095) / 4096 * 4096)); }
}

namespace {

using trustscore::EigenTrustOptions;
using trustscore::TrustGraph;

struct Edges {
  std::int64_t n = 0;
  std::vector<std::int64_t> s, t;
  std::vector<double> w;
};

// Dense 0..n-1 ids over the nodes that have an edge (as the Python package
// maps them), keeping the edge order.
void relabel(Edges& e) {
  std::vector<std::int64_t> id(static_cast<std::size_t>(e.n), -1);
  std::int64_t next = 0;
  for (auto* v : {&e.s, &e.t})
    for (std::int64_t& x : *v) {
      auto& slot = id[static_cast<std::size_t>(x)];
      if (slot < 0) slot = next++;
    }
  // Sorted-id order, as np.unique gives: renumber by original id.
  std::int64_t k = 0;
  for (auto& slot : id)
    if (slot >= 0) slot = k++;
  for (auto* v : {&e.s, &e.t})
    for (std::int64_t& x : *v) x = id[static_cast<std::size_t>(x)];
  e.n = k;
}

const Edges& generated() {
  static const Edges edges = [] {
    const std::int64_t nodes = bench_entities(1'000'000), m = 10 * nodes;
    std::mt19937_64 rng(1);
    std::vector<double> cdf(static_cast<std::size_t>(nodes));
    double sum = 0;
    for (std::int64_t i = 0; i < nodes; ++i)
      cdf[static_cast<std::size_t>(i)] = sum += std::pow(static_cast<double>(i + 1), -0.8);
    std::vector<std::int64_t> out_order(static_cast<std::size_t>(nodes)), in_order;
    for (std::int64_t i = 0; i < nodes; ++i) out_order[static_cast<std::size_t>(i)] = i;
    in_order = out_order;
    std::shuffle(out_order.begin(), out_order.end(), rng);
    std::shuffle(in_order.begin(), in_order.end(), rng);
    std::uniform_real_distribution<double> u(0, sum);
    const auto draw = [&](const std::vector<std::int64_t>& order) {
      const auto at = std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin();
      return order[static_cast<std::size_t>(std::min<std::int64_t>(at, nodes - 1))];
    };
    std::vector<std::int64_t> keys;
    keys.reserve(static_cast<std::size_t>(m * 23 / 20));
    while (static_cast<std::int64_t>(keys.size()) < m * 23 / 20) {
      const std::int64_t s = draw(out_order), t = draw(in_order);
      if (s != t) keys.push_back(s * nodes + t);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::shuffle(keys.begin(), keys.end(), rng);
    keys.resize(static_cast<std::size_t>(std::min<std::int64_t>(m, keys.size())));
    Edges e;
    e.n = nodes;
    for (std::int64_t k : keys) e.s.push_back(k / nodes), e.t.push_back(k % nodes);
    relabel(e);
    e.w.assign(e.s.size(), 1.0);
    return e;
  }();
  return edges;
}

const Edges& generated_weighted() {
  static const Edges edges = [] {
    Edges e = generated();
    std::mt19937_64 rng(2);
    std::uniform_real_distribution<double> u(0, 1);
    for (double& w : e.w) w = 1 - u(rng);  // (0, 1]
    return e;
  }();
  return edges;
}

const Edges* epinions() {
  static const Edges edges = [] {
    Edges e;
    const char* env = std::getenv("TRUSTSCORE_EPINIONS");
    const std::string path = env ? env : "../shared/data/epinions/soc-sign-epinions.txt.gz";
    if (FILE* probe = std::fopen(path.c_str(), "rb")) {
      std::fclose(probe);
    } else {
      return e;
    }
    FILE* in = popen(("gzip -dc '" + path + "'").c_str(), "r");
    if (!in) return e;
    char line[256];
    std::vector<std::int64_t> keys;
    std::int64_t max_id = 0;
    while (std::fgets(line, sizeof line, in)) {
      if (line[0] == '#') continue;
      long long a, b, sign;
      if (std::sscanf(line, "%lld %lld %lld", &a, &b, &sign) != 3) continue;
      if (sign <= 0 || a == b) continue;
      e.s.push_back(a), e.t.push_back(b);
      max_id = std::max<std::int64_t>(max_id, std::max(a, b));
    }
    pclose(in);
    // Drop duplicate pairs, keeping the first in input order.
    e.n = max_id + 1;
    std::vector<std::int64_t> order(e.s.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int64_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
      return std::make_pair(e.s[a], e.t[a]) < std::make_pair(e.s[b], e.t[b]);
    });
    std::vector<char> keep(e.s.size(), 1);
    for (std::size_t i = 1; i < order.size(); ++i)
      if (e.s[order[i]] == e.s[order[i - 1]] && e.t[order[i]] == e.t[order[i - 1]])
        keep[order[i]] = 0;
    Edges f;
    f.n = e.n;
    for (std::size_t i = 0; i < keep.size(); ++i)
      if (keep[i]) f.s.push_back(e.s[i]), f.t.push_back(e.t[i]);
    relabel(f);
    f.w.assign(f.s.size(), 1.0);
    return f;
  }();
  return edges.s.empty() ? nullptr : &edges;
}

// The edges are distinct and without self-loops, so the CSR holds all m.
void run(benchmark::State& state, const Edges& e, bool via_graph = false) {
  EigenTrustOptions o;  // alpha 0.15, tolerance 1e-8
  const auto m = static_cast<std::int64_t>(e.s.size());
  long long peak = 0;
  std::int64_t iterations = 0;
  for (auto _ : state) {
    const long long before = live_bytes.load();
    peak_bytes.store(before);
    {
      const auto r =
          via_graph
              ? trustscore::eigentrust(TrustGraph(e.n, e.s.data(), e.t.data(), e.w.data(), m), o)
              : trustscore::eigentrust(e.n, e.s.data(), e.t.data(), e.w.data(), m, {}, o);
      benchmark::DoNotOptimize(r.trust.data());
      if (!r.converged) state.SkipWithError("eigentrust did not converge");
      iterations = r.iterations;
    }
    peak = std::max(peak, peak_bytes.load() - before);
  }
  const auto nnz = m;
  const double csr = 8.0 * static_cast<double>(e.n + 1) + 16.0 * static_cast<double>(nnz);
  state.counters["nodes"] = static_cast<double>(e.n);
  state.counters["edges"] = static_cast<double>(nnz);
  state.counters["sweeps"] = static_cast<double>(iterations);
  state.counters["csr_MB"] = csr / 1e6;
  state.counters["peak_heap_MB"] = static_cast<double>(peak) / 1e6;
  state.counters["peak_over_csr"] = static_cast<double>(peak) / csr;
}

void run_build(benchmark::State& state, const Edges& e) {
  for (auto _ : state) {
    const TrustGraph g(e.n, e.s.data(), e.t.data(), e.w.data(),
                       static_cast<std::int64_t>(e.s.size()));
    benchmark::DoNotOptimize(g.ratings().valuePtr());
  }
}

// The generated graph's path in parts (CPU time of the calling thread):
// the in-neighbour lists alone, one Gauss–Seidel sweep over them, and the
// least any sweep over them costs: every list entry's value gathered from
// the iterate and summed in one flat loop, with no per-node work at all.
// The sweeps a solve needs times that floor bounds the solve from below.
trustscore::detail::InLists lists_of(const Edges& e) {
  trustscore::detail::InLists l;
  trustscore::detail::in_lists_from_edges(e.n, e.s.data(), e.t.data(),
                                          static_cast<std::int64_t>(e.s.size()), false, false, l);
  return l;
}

const trustscore::detail::InLists& generated_lists() {
  static const trustscore::detail::InLists lists = lists_of(generated());
  return lists;
}

void BM_GeneratedLists(benchmark::State& state) {
  for (auto _ : state) {
    const auto l = lists_of(generated());
    benchmark::DoNotOptimize(l.from.data());
  }
}

// The solver's own set-up (uniform teleport), then sweeps from it.
void BM_GeneratedSweep(benchmark::State& state) {
  const auto& l = generated_lists();
  const auto inv_degree = trustscore::detail::inverse_degrees(l);
  const double uniform = 1.0 / static_cast<double>(l.degree.size());
  auto x = trustscore::detail::start_iterate(l, inv_degree, {}, uniform);
  auto m = trustscore::detail::mass_of(x, l);  // carried from sweep to sweep, as in the solver
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        trustscore::detail::gauss_seidel_sweep<false>(x, l, inv_degree, nullptr, uniform, 0.15, m));
  }
  state.counters["list_entries"] = static_cast<double>(l.from.size());
}

void BM_GeneratedGatherFloor(benchmark::State& state) {
  const auto& l = generated_lists();
  const auto x = trustscore::detail::start_iterate(l, trustscore::detail::inverse_degrees(l), {},
                                                   1.0 / static_cast<double>(l.degree.size()));
  for (auto _ : state) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;  // the lists' length is a multiple of 4
    for (std::size_t e = 0; e < l.from.size(); e += 4) {
      s0 += x[l.from[e]];
      s1 += x[l.from[e + 1]];
      s2 += x[l.from[e + 2]];
      s3 += x[l.from[e + 3]];
    }
    benchmark::DoNotOptimize((s0 + s1) + (s2 + s3));
  }
  state.counters["list_entries"] = static_cast<double>(l.from.size());
}

void BM_GeneratedBuild(benchmark::State& state) { run_build(state, generated()); }
void BM_GeneratedEndToEnd(benchmark::State& state) { run(state, generated()); }
void BM_GeneratedViaGraph(benchmark::State& state) { run(state, generated(), true); }
void BM_GeneratedWeightedEndToEnd(benchmark::State& state) { run(state, generated_weighted()); }
void BM_EpinionsEndToEnd(benchmark::State& state) {
  const Edges* e = epinions();
  if (!e) {
    state.SkipWithError("Epinions not found (set TRUSTSCORE_EPINIONS)");
    for (auto _ : state) {
    }
    return;
  }
  run(state, *e);
}
void BM_EpinionsViaGraph(benchmark::State& state) {
  if (const Edges* e = epinions()) {
    run(state, *e, true);
    return;
  }
  state.SkipWithError("Epinions not found (set TRUSTSCORE_EPINIONS)");
  for (auto _ : state) {
  }
}

BENCHMARK(BM_EpinionsEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EpinionsViaGraph)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GeneratedBuild)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GeneratedLists)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GeneratedSweep)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GeneratedGatherFloor)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GeneratedEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GeneratedViaGraph)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_GeneratedWeightedEndToEnd)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
