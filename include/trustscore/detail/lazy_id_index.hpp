// Internal (trustscore/detail/): not API, and may change in any release.
// The evidence store's map from entity id to dense index.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// Entity id -> dense index, built on first use when the store was loaded
// (hashing ten million ids takes several times longer than reading them, and
// a store loaded to be scored never needs it). Lookups may run from many
// threads: the first one builds it under a lock. Copies copy the map.
class LazyIdIndex {
 public:
  using Map = std::unordered_map<std::string, std::int64_t>;
  LazyIdIndex() = default;
  LazyIdIndex(const LazyIdIndex& o) { *this = o; }
  LazyIdIndex& operator=(const LazyIdIndex& o) {
    if (this != &o) {
      std::lock_guard<std::mutex> lock(o.mutex_);
      map_ = o.map_;
      ready_ = o.ready_.load();  // an unbuilt index stays unbuilt: its owner's ids rebuild it
    }
    return *this;
  }
  LazyIdIndex(LazyIdIndex&& o) noexcept : map_(std::move(o.map_)), ready_(o.ready_.load()) {}
  LazyIdIndex& operator=(LazyIdIndex&& o) noexcept {
    map_ = std::move(o.map_);
    ready_ = o.ready_.load();
    return *this;
  }

  // The map for `ids`, built now if it is not yet.
  const Map& get(const std::vector<std::string>& ids) const {
    if (!ready_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!ready_.load(std::memory_order_relaxed)) {
        map_.clear();
        map_.reserve(ids.size());
        for (std::size_t e = 0; e < ids.size(); ++e)
          if (!map_.emplace(ids[e], static_cast<std::int64_t>(e)).second)
            fail(Status::bad_format, "entity id '" + ids[e] +
                                         "' appears twice in the store (it was loaded from a "
                                         "file that is not one trustscore wrote)");
        ready_.store(true, std::memory_order_release);
      }
    }
    return map_;
  }
  Map& get_mutable(const std::vector<std::string>& ids) {
    get(ids);
    return map_;
  }
  // Forgets the map; the next get builds it from the ids.
  void reset() { ready_ = false; }

 private:
  mutable Map map_;
  mutable std::atomic<bool> ready_{true};  // an empty store's empty map is built
  mutable std::mutex mutex_;
};

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
