// The graph solves split over threads (EigenTrust's block Gauss–Seidel and
// power iteration and its lists' build, fairness and goodness, each on a
// team of threads kept across sweeps) at 2 and 8 threads, and two such solves at once from two
// callers: each result within a few tolerances (L1) of the one-thread
// solve. Run under ThreadSanitizer by the tsan preset, which reports any
// value one thread reads while another writes it; and in the release build.
#include <cmath>
#include <cstdio>
#include <thread>
#include <vector>

#include "../random_edges.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* what, int threads) {
  if (!ok) {
    std::fprintf(stderr, "check failed: %s (threads %d)\n", what, threads);
    ++failures;
  }
}

using trustscore_test::Edges;
using trustscore_test::random_edges;

double l1(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return INFINITY;
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += std::fabs(a[i] - b[i]);
  return d;
}

std::vector<double> eigentrust_on(const Edges& e, trustscore::EigenTrustOptions o, int threads) {
  o.threads = threads;
  return trustscore::eigentrust(e.n, e.s.data(), e.t.data(), e.w.data(), e.m(), {}, o).trust;
}

void eigentrust_split(const Edges& e, const trustscore::EigenTrustOptions& o) {
  const std::vector<double> one = eigentrust_on(e, o, 1);
  for (int threads : {2, 8})
    check(l1(eigentrust_on(e, o, threads), one) <= 10 * o.tolerance, "eigentrust", threads);
  // Two callers, each with its own team, at once.
  std::vector<double> a, b;
  std::thread first([&] { a = eigentrust_on(e, o, 2); });
  std::thread second([&] { b = eigentrust_on(e, o, 3); });
  first.join();
  second.join();
  check(l1(a, one) <= 10 * o.tolerance, "eigentrust beside another", 2);
  check(l1(b, one) <= 10 * o.tolerance, "eigentrust beside another", 3);
}

// The lists' build on threads (which eigentrust splits only from 2^18 edges
// a thread): one thread's lists exactly.
void lists_split(const Edges& e) {
  trustscore::detail::InLists one;
  trustscore::detail::in_lists_from_edges(e.n, e.s.data(), e.t.data(), e.m(), false, false, one);
  for (int threads : {2, 8}) {
    trustscore::detail::InLists split;
    trustscore::detail::in_lists_from_edges_split(e.n, e.s.data(), e.t.data(), e.m(), false, false,
                                                  split, threads);
    check(split.in == one.in && split.from == one.from && split.rank == one.rank, "lists", threads);
  }
}

void fairness_goodness_split(const Edges& e) {
  const trustscore::TrustGraph graph(e.n, e.s.data(), e.t.data(), e.w.data(), e.m());
  trustscore::FairnessGoodnessOptions o;
  o.tolerance = 1e-10;
  o.threads = 1;
  const auto one = trustscore::fairness_goodness(graph, o);
  for (int threads : {2, 8}) {
    o.threads = threads;
    const auto split = trustscore::fairness_goodness(graph, o);
    check(l1(split.fairness, one.fairness) <= 10 * o.tolerance, "fairness", threads);
    check(l1(split.goodness, one.goodness) <= 10 * o.tolerance, "goodness", threads);
  }
}

}  // namespace

int main() {
  trustscore::EigenTrustOptions o;
  o.tolerance = 1e-10;
  const Edges ones = random_edges(3, 20000, 100000, false);         // Gauss–Seidel
  const Edges signed_edges = random_edges(5, 20000, 150000, true);  // power iteration
  eigentrust_split(ones, o);
  eigentrust_split(signed_edges, o);
  o.seeds = {0, 7, 300};
  eigentrust_split(ones, o);
  fairness_goodness_split(signed_edges);
  lists_split(ones);
  if (failures) return 1;
  std::printf("graph solves on threads: ok\n");
  return 0;
}
