// The lists' blocked scatter (detail/scatter_by_key.hpp) against the plain
// scatter it replaces: the same slots, the same cursors at the end, values
// in emission order within each key, unreached slots left `unused`; on
// every key count around the block sizes, with empty keys and gaps.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

#include "trustscore/detail/in_lists.hpp"
#include "trustscore/detail/scatter_by_key.hpp"

using trustscore::detail::block_shift;
using trustscore::detail::HugeVector;
using trustscore::detail::scatter_by_key;

namespace {

struct Case {
  std::vector<std::uint32_t> key, value;  // in emission order
  std::vector<std::uint32_t> start;       // each key's first slot, then dest's size
};

// Random keys (skewed: low keys get more values, some keys none) and gaps
// after each key's values, as the padded lists have.
Case random_case(std::uint64_t seed, std::size_t keys, std::size_t values) {
  std::mt19937_64 rng(seed);
  Case c;
  std::vector<std::uint32_t> count(keys, 0);
  for (std::size_t i = 0; i < values; ++i) {
    const std::uint64_t a = rng() % keys, b = rng() % keys;
    const auto k = static_cast<std::uint32_t>(a < b ? a : b);
    c.key.push_back(k);
    c.value.push_back(static_cast<std::uint32_t>(rng()));
    ++count[k];
  }
  c.start.push_back(0);
  for (std::size_t k = 0; k < keys; ++k)
    c.start.push_back(c.start.back() + count[k] + static_cast<std::uint32_t>(rng() % 4));
  return c;
}

void check_both_ways(const Case& c) {
  const std::size_t keys = c.start.size() - 1;
  constexpr std::uint32_t unused = 0xfffffff0u;
  HugeVector<std::uint32_t> plain(c.start.back(), unused);
  std::vector<std::uint32_t> plain_cursor(c.start.begin(), c.start.end() - 1);
  for (std::size_t i = 0; i < c.key.size(); ++i) plain[plain_cursor[c.key[i]]++] = c.value[i];
  for (const std::size_t plain_below : {std::size_t{0}, c.start.back() + std::size_t{1}}) {
    HugeVector<std::uint32_t> dest(c.start.back(), unused);
    std::vector<std::uint32_t> cursor(c.start.begin(), c.start.end() - 1);
    scatter_by_key(
        dest, cursor.data(), keys, unused,
        [&](auto emit) {
          for (std::size_t i = 0; i < c.key.size(); ++i) emit(c.key[i], c.value[i]);
        },
        plain_below);
    CHECK(dest == plain);
    CHECK(cursor == plain_cursor);
  }
}

}  // namespace

TEST_CASE("scatter_by_key: blocks of at most 1,024 keys, low bits in 16", "[graph]") {
  CHECK(block_shift(1) == 0);
  CHECK(block_shift(1024) == 0);
  CHECK(block_shift(1025) == 1);
  CHECK(block_shift(998'786) == 10);  // the generated graph: 976 blocks
  CHECK(block_shift(std::size_t{1} << 26) == 16);
  CHECK(block_shift(std::size_t{1} << 30) == 16);  // more blocks rather than wider low bits
}

TEST_CASE("scatter_by_key: blocked and plain give the plain scatter's slots", "[graph]") {
  std::uint64_t seed = 1;
  for (const std::size_t keys : {1, 2, 1023, 1024, 1025, 4097, 70'001})
    for (const std::size_t values : {std::size_t{0}, std::size_t{1}, keys, 5 * keys + 3}) {
      INFO("keys " << keys << ", values " << values);
      check_both_ways(random_case(seed++, keys, values));
    }
}

TEST_CASE("in-neighbour lists past the plain scatter's size: the reference lists", "[graph]") {
  // 4.2 million edges (duplicates and self-loops among them): the lists'
  // scatter runs in blocks. Each list must hold its in-neighbours' new
  // numbers, deduplicated, by old index ascending, then the sentinel.
  const std::int64_t n = 300'000, m = 4'200'000;
  std::mt19937_64 rng(7);
  std::vector<std::int64_t> s(m), t(m);
  for (std::int64_t i = 0; i < m; ++i) {
    const auto a = static_cast<std::int64_t>(rng() % n), b = static_cast<std::int64_t>(rng() % n);
    s[i] = a % 4 == 0 ? a / 64 : a;  // a few sources rate many targets
    t[i] = b % 3 == 0 ? b / 16 : b;
  }
  trustscore::detail::InLists l;
  REQUIRE(trustscore::detail::in_lists_from_edges(n, s.data(), t.data(), m, false, false, l));
  REQUIRE(l.from.size() >= trustscore::detail::small_scatter);
  std::vector<std::vector<std::uint32_t>> sources(n);  // by old target: old sources
  for (std::int64_t i = 0; i < m; ++i)
    if (s[i] != t[i]) sources[t[i]].push_back(static_cast<std::uint32_t>(s[i]));
  const auto N = static_cast<std::uint32_t>(n);
  for (std::int64_t old_t = 0; old_t < n; ++old_t) {
    auto& list = sources[old_t];
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    std::vector<std::uint32_t> expected;
    for (const std::uint32_t old_s : list) expected.push_back(l.rank[old_s]);
    while (expected.size() % 4) expected.push_back(N);
    const std::uint32_t j = l.rank[old_t];
    const std::vector<std::uint32_t> got(l.from.begin() + l.in[j], l.from.begin() + l.in[j + 1]);
    REQUIRE(got == expected);
  }
}
