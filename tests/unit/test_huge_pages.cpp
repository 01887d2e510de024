// The allocator of the graph solvers' large arrays (detail/huge_pages.hpp):
// large arrays come on 2 MB boundaries and hold what is written to them;
// small ones, and copies and moves between sizes, behave as std::vector's.
#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>

#include "trustscore/detail/huge_pages.hpp"

using trustscore::detail::HugePageAllocator;
using trustscore::detail::HugeVector;

TEST_CASE("huge pages: large arrays on 2 MB boundaries, small ones as usual", "[graph]") {
  constexpr std::size_t page = std::size_t{1} << 21;
  // Counts of elements: from 1 MB (half a page) on.
  CHECK_FALSE(HugePageAllocator<double>::huge(page / 16 - 1));
  CHECK(HugePageAllocator<double>::huge(page / 16));
  CHECK_FALSE(HugePageAllocator<std::uint32_t>::huge(page / 8 - 1));
  CHECK(HugePageAllocator<std::uint32_t>::huge(page / 8));
  HugeVector<std::uint32_t> half(page / 8);  // 1 MB: a whole 2 MB page of its own
  CHECK(reinterpret_cast<std::uintptr_t>(half.data()) % page == 0);
  HugeVector<std::uint32_t> big(3'000'001);  // 12 MB, not a whole number of pages
  CHECK(reinterpret_cast<std::uintptr_t>(big.data()) % page == 0);
  std::iota(big.begin(), big.end(), std::uint32_t{7});
  CHECK(big.front() == 7);
  CHECK(big.back() == 3'000'007);
  HugeVector<std::uint32_t> copy = big;  // a second huge allocation, same contents
  CHECK(copy == big);
  copy.resize(10);  // shrinking keeps the allocation; shrink_to_fit frees it for a small one
  copy.shrink_to_fit();
  CHECK(copy.size() == 10);
  CHECK(copy[9] == 16);
  HugeVector<double> small(100, 1.5);
  small.resize(800'000, 2.5);  // grows from an ordinary allocation into a huge one
  CHECK(small[99] == 1.5);
  CHECK(small[799'999] == 2.5);
  CHECK(reinterpret_cast<std::uintptr_t>(small.data()) % page == 0);
  HugeVector<double>().swap(small);
  CHECK(small.empty());
}
