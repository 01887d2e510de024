// Internal (trustscore/detail/): not API, and may change in any release.
// Splitting a range of entities over threads: the one place kernels decide
// how many threads to start and where each one's share begins.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
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

// How many threads `threads` (0: every core) gives to n entities, no more
// than one per min_per_thread of them.
inline int thread_count_for(std::int64_t n, int threads, std::int64_t min_per_thread) {
  const std::int64_t by_size = std::max<std::int64_t>(1, n / min_per_thread);
  return static_cast<int>(std::min<std::int64_t>(resolve_thread_count(threads), by_size));
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
  const std::int64_t count = thread_count_for(n, threads, min_per_thread);
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

// Bounds of `parts` consecutive ranges of [0, n) holding about equal work,
// where item i's work is offsets[i + 1] − offsets[i] (a CSR matrix's row
// pointers: rows of about equal edge counts; none where offsets is null)
// plus `per_item`: bounds[k] to
// bounds[k + 1] is range k, bounds[0] = 0, bounds[parts] = n; each bound a
// multiple of `align` (or n).
template <class Offset>
std::vector<std::int64_t> balanced_bounds(const Offset* offsets, std::int64_t n, int parts,
                                          double per_item = 1, std::int64_t align = 8) {
  std::vector<std::int64_t> bounds(static_cast<std::size_t>(std::max(1, parts)) + 1, n);
  bounds[0] = 0;
  const auto work = [&](std::int64_t i) {
    return (offsets ? double(offsets[i] - offsets[0]) : 0.0) + per_item * double(i);
  };
  const double total = work(n);
  std::int64_t i = 0;
  for (std::size_t k = 1; k + 1 < bounds.size(); ++k) {
    const double goal = total * double(k) / double(bounds.size() - 1);
    while (i < n && work(i) < goal) ++i;
    bounds[k] = std::max(bounds[k - 1], std::min(n, (i + align - 1) / align * align));
  }
  return bounds;
}

// Threads kept for many short rounds of work, such as the sweeps of an
// iterative solve, where starting threads for each round (parallel_chunks)
// would cost more than the round. run(body) calls body(t) for every t in
// [0, size()), t = 0 on the calling thread, and returns once all have ended
// (each round ends in a barrier: what one round writes, the next reads).
// The first exception a body throws is rethrown after all have ended. One
// caller at a time; the threads end with the team.
class ThreadTeam {
 public:
  explicit ThreadTeam(int count) : count_(std::max(1, count)) {
    for (int t = 1; t < count_; ++t) workers_.emplace_back([this, t] { work(t); });
  }
  ThreadTeam(const ThreadTeam&) = delete;
  ThreadTeam& operator=(const ThreadTeam&) = delete;
  ~ThreadTeam() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    start_.notify_all();
    for (auto& w : workers_) w.join();
  }

  int size() const noexcept { return count_; }

  template <class Body>
  void run(Body&& body) {
    const std::function<void(int)> job = [&body](int t) { body(t); };
    errors_.assign(static_cast<std::size_t>(count_), nullptr);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      pending_ = count_ - 1;
      ++round_;
    }
    start_.notify_all();
    call(job, 0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
    lock.unlock();
    for (auto& err : errors_)
      if (err) std::rethrow_exception(err);
  }

 private:
  void call(const std::function<void(int)>& job, int t) {
    try {
      job(t);
    } catch (...) {
      errors_[static_cast<std::size_t>(t)] = std::current_exception();
    }
  }

  void work(int t) {
    std::uint64_t seen = 0;
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, [&] { return stop_ || round_ != seen; });
      if (stop_) return;
      seen = round_;
      const std::function<void(int)>* job = job_;
      lock.unlock();
      call(*job, t);
      lock.lock();
      if (--pending_ == 0) done_.notify_one();
    }
  }

  int count_;
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  const std::function<void(int)>* job_ = nullptr;
  std::uint64_t round_ = 0;
  int pending_ = 0;
  bool stop_ = false;
  std::vector<std::exception_ptr> errors_;
};

}  // namespace v1
}  // namespace trustscore
