// Internal (trustscore/detail/): not API, and may change in any release.
// in_lists_from_edges (detail/in_lists.hpp) with its passes split over a
// team of threads: the same lists, slot for slot. A parallel counting
// sort: each thread counts the sources of its share of the edges, so that
// each (thread, source) gets its own cursor, thread k's edges of a source
// placed after thread k − 1's, and the groups come out in input order as on
// one thread. The groups are then deduplicated and scattered into the lists
// by blocks of sources (of about equal edge counts), again with a cursor
// per (thread, list), so each list holds its sources ascending. Beyond one
// thread's memory: two vectors of n 32-bit counts per thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "trustscore/detail/in_lists.hpp"
#include "trustscore/detail/parallel.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

inline bool in_lists_from_edges_split(std::int64_t n, const std::int64_t* source,
                                      const std::int64_t* target, std::int64_t m, bool keep_loops,
                                      bool forbid_duplicates, InLists& l, int threads) {
  if (!fits_32_bits(n, m)) return false;
  const auto N = static_cast<std::size_t>(n);
  ThreadTeam team(threads);
  const auto T = static_cast<std::size_t>(team.size());
  const auto edges = [&](int k) {  // thread k's share of the edges
    return std::make_pair(m * k / team.size(), m * (k + 1) / team.size());
  };
  // Per thread: its count of each source's edges (then its cursors, then
  // its marks), and of each target's (then its cursors into the lists).
  std::vector<HugeVector<std::uint32_t>> by_source(T), by_target(T);
  std::vector<char> bad(T, 0);
  // Pass 1: check and count.
  team.run([&](int k) {
    auto& count = by_source[std::size_t(k)];
    count.assign(N, 0);
    const auto [b, e] = edges(k);
    for (std::int64_t i = b; i < e; ++i) {
      const std::int64_t s = source[i], t = target[i];
      if (!(s >= 0 && s < n) || !(t >= 0 && t < n)) {
        bad[std::size_t(k)] = 1;
        return;
      }
      if (s != t || keep_loops) ++count[static_cast<std::size_t>(s)];
    }
  });
  for (char b : bad)
    if (b) return false;
  // Each source's group starts at start[s]; thread k's part of it after
  // threads 0..k − 1's.
  HugeVector<std::uint32_t> start(N + 1);
  std::uint32_t at = 0;
  for (std::size_t s = 0; s < N; ++s) {
    start[s] = at;
    for (auto& count : by_source) {
      const std::uint32_t c = count[s];
      count[s] = at;
      at += c;
    }
  }
  start[N] = at;
  // Pass 2: group the targets by source, in input order.
  HugeVector<std::uint32_t> group(at);
  team.run([&](int k) {
    std::uint32_t* cursor = by_source[std::size_t(k)].data();
    const auto [b, e] = edges(k);
    constexpr std::int64_t ahead = 16;
    for (std::int64_t i = b; i < e; ++i) {
      if (i + ahead < e) prefetch_for_write(&group[cursor[source[i + ahead]]]);
      const std::int64_t s = source[i], t = target[i];
      if (s != t || keep_loops) group[cursor[s]++] = static_cast<std::uint32_t>(t);
    }
  });
  // Pass 3: by blocks of sources, drop repeated targets within each group
  // (it keeps its start; degree[s] is its new length) and count each
  // thread's edges into each target.
  const std::vector<std::int64_t> sources = balanced_bounds(start.data(), n, team.size());
  l.degree.assign(N, 0);
  team.run([&](int k) {
    auto& mark = by_source[std::size_t(k)];  // the last source + 1 to rate each target
    std::fill(mark.begin(), mark.end(), 0);
    auto& in_degree = by_target[std::size_t(k)];
    in_degree.assign(N, 0);
    for (auto s = std::size_t(sources[std::size_t(k)]);
         s < std::size_t(sources[std::size_t(k) + 1]); ++s) {
      std::uint32_t out = start[s];
      for (std::uint32_t e = start[s]; e < start[s + 1]; ++e) {
        const std::uint32_t t = group[e];
        if (mark[t] == s + 1) {
          if (forbid_duplicates) bad[std::size_t(k)] = 1;
          continue;
        }
        mark[t] = static_cast<std::uint32_t>(s + 1);
        ++in_degree[t];
        group[out++] = t;
      }
      l.degree[s] = out - start[s];
    }
  });
  for (char b : bad)
    if (b) return false;
  by_source.clear();
  HugeVector<std::uint32_t> in_degree(N);
  const std::vector<std::int64_t> nodes = balanced_bounds<std::int64_t>(nullptr, n, team.size());
  team.run([&](int k) {
    for (auto t = std::size_t(nodes[std::size_t(k)]); t < std::size_t(nodes[std::size_t(k) + 1]);
         ++t) {
      std::uint32_t sum = 0;
      for (auto& count : by_target) sum += count[t];
      in_degree[t] = sum;
    }
  });
  // Pass 4: renumber, then each block of sources scatters into the lists
  // from its own cursors (thread k's slots of list j after k − 1's).
  const HugeVector<std::uint32_t> kept = l.degree;  // group lengths, by old index
  open_lists(l, in_degree);
  team.run([&](int k) {
    for (auto t = std::size_t(nodes[std::size_t(k)]); t < std::size_t(nodes[std::size_t(k) + 1]);
         ++t) {
      std::uint32_t cursor = l.in[l.rank[t] + 1];
      for (auto& count : by_target) {
        const std::uint32_t c = count[t];
        count[t] = cursor;
        cursor += c;
      }
    }
  });
  team.run([&](int k) {
    std::uint32_t* cursor = by_target[std::size_t(k)].data();
    std::uint32_t* from = l.from.data();
    const std::uint32_t* rank = l.rank.data();
    // (Past a group's kept length lie its dropped duplicates: still targets,
    // harmless to prefetch for.)
    const std::uint32_t last = start[std::size_t(sources[std::size_t(k) + 1])];
    for (auto s = std::size_t(sources[std::size_t(k)]);
         s < std::size_t(sources[std::size_t(k) + 1]); ++s) {
      const std::uint32_t new_s = rank[s], end = start[s] + kept[s];
      for (std::uint32_t e = start[s]; e < end; ++e) {
        if (e + 16 < last) prefetch_for_write(&from[cursor[group[e + 16]]]);
        from[cursor[group[e]]++] = new_s;
      }
    }
  });
  // Each list's cursor (in[j + 1]) to its end, as the one-thread fill leaves it.
  for (std::size_t t = 0; t < N; ++t) l.in[l.rank[t] + 1] += in_degree[t];
  close_lists(l);
  return true;
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
