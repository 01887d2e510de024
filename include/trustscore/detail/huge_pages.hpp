// Internal (trustscore/detail/): not API, and may change in any release.
// Arrays the graph solvers read or write at random over tens of MB (the
// in-neighbour lists while they are built, the iterate the sweeps gather
// from): allocated on 2 MB boundaries and, on Linux, advised to use
// transparent huge pages (MADV_HUGEPAGE), so that random accesses miss the
// TLB far less (with 4 KB pages a 40 MB array spans 10,240 pages, more than
// the TLB holds). Where the kernel does not follow the advice the memory is
// the same, in 4 KB pages. Arrays from 1 MB on (Epinions' lists and their
// build's groups, 3-4 MB, among them): each fresh 4 KB page costs a fault
// when first written, and in a Python process every other EigenTrust call
// on Epinions took some 2,800 of them (34.5 ms of CPU against 30.3 ms
// without); with these arrays on 2 MB pages the calls settle at 4 faults
// and 28.7 ms. Smaller arrays are allocated as usual: rounded up to 2 MB,
// the per-node ones would take Epinions' peak past 1.5 times its CSR.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace trustscore {
inline namespace v1 {
namespace detail {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t page = std::size_t{1} << 21;  // 2 MB

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  static bool huge(std::size_t n) { return n * sizeof(T) >= page / 2; }

  T* allocate(std::size_t n) {
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(T) - page) throw std::bad_alloc();
    if (!huge(n)) return static_cast<T*>(::operator new(n * sizeof(T)));
    const std::size_t bytes = (n * sizeof(T) + page - 1) & ~(page - 1);
    void* p = std::aligned_alloc(page, bytes);
    if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    ::madvise(p, bytes, MADV_HUGEPAGE);  // advice: where it fails, 4 KB pages
#endif
    return static_cast<T*>(p);
  }

  void deallocate(T* p, std::size_t n) noexcept {
    if (huge(n))
      std::free(p);
    else
      ::operator delete(p);
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept {
    return false;
  }
};

template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

// The same advice for memory allocated elsewhere (a std::vector's reserve),
// on the whole 2 MB pages inside it; written at random or front to back, a
// column of tens of MB then takes a few faults instead of thousands (the CSV
// reader's columns: half of its time went to faults on 4 KB pages).
template <class T>
void advise_huge_pages(const std::vector<T>& v) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const std::uintptr_t page = std::uintptr_t{1} << 21;
  const auto begin = (reinterpret_cast<std::uintptr_t>(v.data()) + page - 1) & ~(page - 1);
  const auto end = reinterpret_cast<std::uintptr_t>(v.data() + v.capacity()) & ~(page - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)v;
#endif
}
// v.reserve(n), the new room on huge pages.
template <class T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
  if (n <= v.capacity()) return;
  v.reserve(n);
  advise_huge_pages(v);
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
