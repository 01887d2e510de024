// Internal (trustscore/detail/): not API, and may change in any release.
// The evidence store's map from entity id to dense index.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/detail/id_interner.hpp"
#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// Id -> position in a vector of ids held elsewhere (the store's ids_): open
// addressing over 8-byte slots (the high bits of the id's hash and its
// position), at most 7/10 full. Against std::unordered_map<std::string, ...>
// a look-up takes a string_view (no std::string made), an insert allocates
// nothing, and the table takes 8-16 bytes an id instead of some 60.
class IdIndex {
 public:
  // Position of id in ids, or -1.
  std::int64_t find(const std::vector<std::string>& ids, std::string_view id) const {
    if (slots_.empty()) return -1;
    const std::uint64_t h = hash_bytes(id.data(), id.size());
    const auto tag = std::uint32_t(h >> 32);
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const std::uint64_t slot = slots_[s];
      if (slot == 0) return -1;
      if (std::uint32_t(slot >> 32) == tag && ids[(slot & 0xFFFFFFFFu) - 1] == id)
        return std::int64_t(slot & 0xFFFFFFFFu) - 1;
    }
  }
  // Adds ids[position], which must not be in the index yet.
  void insert(const std::vector<std::string>& ids, std::size_t position) {
    require(position < 0xFFFFFFFFu - 1, "more than 4294967293 entities");
    if ((count_ + 1) * 10 > slots_.size() * 7)
      rehash(ids, std::max<std::size_t>(1024, slots_.size() * 2));
    place(ids[position], position);
    ++count_;
  }
  void reserve(const std::vector<std::string>& ids, std::size_t n) {
    std::size_t size = std::max<std::size_t>(1024, slots_.size());
    while (n * 10 > size * 7) size *= 2;
    if (size > slots_.size()) rehash(ids, size);
  }
  void clear() { slots_.clear(), mask_ = 0, count_ = 0; }

 private:
  void place(std::string_view id, std::size_t position) {
    const std::uint64_t h = hash_bytes(id.data(), id.size());
    std::size_t s = h & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = (h >> 32 << 32) | std::uint64_t(position + 1);
  }
  void rehash(const std::vector<std::string>& ids, std::size_t size) {
    slots_.assign(size, 0);
    mask_ = size - 1;
    for (std::size_t e = 0; e < count_; ++e) place(ids[e], e);
  }

  std::vector<std::uint64_t> slots_;  // 0: empty
  std::size_t mask_ = 0, count_ = 0;
};

// Entity id -> dense index, built on first use when the store was loaded
// (hashing ten million ids takes several times longer than reading them, and
// a store loaded to be scored never needs it). Lookups may run from many
// threads: the first one builds it under a lock. Copies copy the index.
class LazyIdIndex {
 public:
  LazyIdIndex() = default;
  LazyIdIndex(const LazyIdIndex& o) { *this = o; }
  LazyIdIndex& operator=(const LazyIdIndex& o) {
    if (this != &o) {
      std::lock_guard<std::mutex> lock(o.mutex_);
      index_ = o.index_;
      ready_ = o.ready_.load();  // an unbuilt index stays unbuilt: its owner's ids rebuild it
    }
    return *this;
  }
  LazyIdIndex(LazyIdIndex&& o) noexcept : index_(std::move(o.index_)), ready_(o.ready_.load()) {}
  LazyIdIndex& operator=(LazyIdIndex&& o) noexcept {
    index_ = std::move(o.index_);
    ready_ = o.ready_.load();
    return *this;
  }

  // Position of id among ids (-1: none), the index built now if it is not yet.
  std::int64_t find(const std::vector<std::string>& ids, std::string_view id) const {
    return built(ids).find(ids, id);
  }
  // Adds ids.back(), which the caller just appended (it must be new).
  void added(const std::vector<std::string>& ids) {
    built(ids);
    index_.insert(ids, ids.size() - 1);
  }
  // Room for n ids.
  void reserve(const std::vector<std::string>& ids, std::size_t n) { built(ids).reserve(ids, n); }
  // Forgets the index; the next use builds it from the ids.
  void reset() { ready_ = false; }

 private:
  IdIndex& built(const std::vector<std::string>& ids) const {
    if (!ready_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!ready_.load(std::memory_order_relaxed)) {
        index_.clear();
        index_.reserve(ids, ids.size());
        for (std::size_t e = 0; e < ids.size(); ++e) {
          if (index_.find(ids, ids[e]) >= 0)
            fail(Status::bad_format, "entity id '" + ids[e] +
                                         "' appears twice in the store (it was loaded from a "
                                         "file that is not one trustscore wrote)");
          index_.insert(ids, e);
        }
        ready_.store(true, std::memory_order_release);
      }
    }
    return index_;
  }

  mutable IdIndex index_;
  mutable std::atomic<bool> ready_{true};  // an empty store's empty index is built
  mutable std::mutex mutex_;
};

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
