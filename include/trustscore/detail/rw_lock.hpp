// Internal (trustscore/detail/): not API, and may change in any release.
// The evidence store's reader-writer lock. Writers are preferred: once a
// writer waits, new readers queue behind it. With readers preferred (glibc's
// default for std::shared_mutex) a product scoring from several threads
// without pause would keep the lock shared for ever and starve ingest; the
// writer's hold is short (the store applies a batch in chunks), so readers
// wait at most one chunk. Elsewhere std::shared_mutex.
#pragma once

#if defined(__GLIBC__)
#include <pthread.h>

#include <chrono>
#include <system_error>
#else
#include <shared_mutex>
#endif

namespace trustscore {
inline namespace v1 {
namespace detail {

#if defined(__GLIBC__)
class RwLock {
 public:
  RwLock() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    const int rc = pthread_rwlock_init(&lock_, &attr);
    pthread_rwlockattr_destroy(&attr);
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "pthread_rwlock_init");
  }
  ~RwLock() { pthread_rwlock_destroy(&lock_); }
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  // Holds are short (a reader's gather, a writer's chunk of kAddChunk
  // signals: microseconds), while a sleep in the kernel and the wake-up
  // after it cost tens of microseconds on a VM: try for a while first.
  void lock() {
    if (!spin([this] { return pthread_rwlock_trywrlock(&lock_) == 0; }))
      check(pthread_rwlock_wrlock(&lock_));
  }
  void unlock() { pthread_rwlock_unlock(&lock_); }
  void lock_shared() {
    if (!spin([this] { return pthread_rwlock_tryrdlock(&lock_) == 0; }))
      check(pthread_rwlock_rdlock(&lock_));
  }
  void unlock_shared() { pthread_rwlock_unlock(&lock_); }

 private:
  // Tries `take` for about kSpinNs; whether it succeeded.
  template <class Take>
  static bool spin(Take take) {
    if (take()) return true;
    const auto start = std::chrono::steady_clock::now();
    while (true) {
      for (int i = 0; i < 64; ++i) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
        if (take()) return true;
      }
      if (std::chrono::steady_clock::now() - start > std::chrono::nanoseconds(kSpinNs))
        return false;
    }
  }
  static constexpr long kSpinNs = 20000;

  // Fails only on misuse (EDEADLK: the thread already holds it for writing).
  static void check(int rc) {
    if (rc != 0) throw std::system_error(rc, std::generic_category(), "evidence store lock");
  }
  pthread_rwlock_t lock_;
};
#else
using RwLock = std::shared_mutex;
#endif

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
