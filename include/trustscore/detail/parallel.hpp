// Internal (trustscore/detail/): not API, and may change in any release.
// Splitting a range of entities over threads: the one place kernels decide
// how many threads to start and where each one's share begins.
#pragma once

#include <algorithm>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

inline int resolve_thread_count(int requested) {
  require(requested >= 0, "thread count is negative");
  if (requested > 0) return requested;
  // hardware_concurrency() reads /sys on Linux: ask once, not per score call.
  static const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

// Calls body(begin, end) on consecutive chunks of [0, n) from up to
// `threads` threads (0: every core), no more than one per min_per_thread
// entities, each chunk starting at a multiple of `align` (so that no two
// threads write one cache line, and each entity meets the same code whichever
// thread takes it). One chunk runs on the calling thread without starting
// any. The first exception a chunk throws is rethrown after all have ended.
template <class Body>
void parallel_chunks(std::int64_t n, int threads, std::int64_t min_per_thread, std::int64_t align,
                     Body&& body) {
  require(n >= 0, "entity count is negative");
  require(align > 0 && min_per_thread > 0, "chunking parameters must be > 0");
  const std::int64_t by_size = std::max<std::int64_t>(1, n / min_per_thread);
  const auto count =
      static_cast<std::int64_t>(std::min<std::int64_t>(resolve_thread_count(threads), by_size));
  if (count <= 1) {
    body(std::int64_t{0}, n);
    return;
  }
  const std::int64_t chunk = (n / count + align - 1) / align * align;
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(count));
  for (std::int64_t t = 0; t < count; ++t) {
    const std::int64_t b = std::min(n, t * chunk), e = t + 1 == count ? n : std::min(n, b + chunk);
    pool.emplace_back([&, t, b, e] {
      try {
        body(b, e);
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& err : errors)
    if (err) std::rethrow_exception(err);
}

}  // namespace v1
}  // namespace trustscore
