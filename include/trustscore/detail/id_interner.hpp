// Internal (trustscore/detail/): not API, and may change in any release.
// Distinct ids in order of first appearance, each with a code, as one buffer
// plus offsets: the CSV reader's entity column (a signal keeps a code, not a
// string), and the table it hands to EvidenceStore::add_coded and to C.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trustscore/detail/huge_pages.hpp"
#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// A fast hash of a short byte string (ids are mostly under 32 bytes): eight
// bytes at a time, each mixed with a multiply and a shift.
inline std::uint64_t hash_bytes(const char* p, std::size_t n) noexcept {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (n * 0xFF51AFD7ED558CCDull);
  const auto mix = [&h](std::uint64_t v) {
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  };
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    mix(v);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  mix(tail ^ (std::uint64_t(n) << 56));
  return h * 0x94D049BB133111EBull;
}

class IdInterner {
 public:
  IdInterner() { clear(); }

  std::int64_t size() const noexcept { return std::int64_t(offsets_.size()) - 1; }
  std::string_view id(std::int64_t code) const noexcept {
    return {data_.data() + offsets_[code], std::size_t(offsets_[code + 1] - offsets_[code])};
  }
  // Every id's bytes back to back; id k is data()[offsets()[k], offsets()[k + 1]).
  const std::string& data() const noexcept { return data_; }
  const std::vector<std::int64_t>& offsets() const noexcept { return offsets_; }

  static std::uint64_t hash(std::string_view id) noexcept {
    return hash_bytes(id.data(), id.size());
  }
  // Asks for the slot where an id of this hash is looked for first: with
  // ids in random order each lookup is a cache miss, and the reader asks
  // some rows ahead so that the misses overlap.
  void prefetch(std::uint64_t h) const noexcept {
#if defined(__GNUC__)
    __builtin_prefetch(&slots_[h & mask_]);
#else
    (void)h;
#endif
  }

  // The code of id, a new one (size() before the call) when it is new.
  std::int64_t intern(std::string_view id) { return intern(id, hash(id)); }
  std::int64_t intern(std::string_view id, std::uint64_t h) {
    const auto tag = std::uint32_t(h >> 32);
    const auto len = std::uint8_t(std::min<std::size_t>(id.size(), 255));
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.code_plus_one == 0) return insert(s, tag, id);
      if (slot.tag == tag && slot.len == len &&
          (id.size() <= inline_bytes ? std::memcmp(slot.key, id.data(), id.size()) == 0
                                     : this->id(slot.code_plus_one - 1) == id))
        return slot.code_plus_one - 1;
    }
  }

  // Hands the ids over (the interner is empty after).
  void release(std::string& data, std::vector<std::int64_t>& offsets) {
    data = std::move(data_);
    offsets = std::move(offsets_);
    clear();
  }

  void clear() {
    data_.clear();
    offsets_.assign(1, 0);
    slots_.assign(1024, Slot{});
    mask_ = slots_.size() - 1;
  }

 private:
  // Half a cache line: the code, the hash's high bits, and a short id itself
  // (most ids), so that a lookup touches one line and no id text.
  static constexpr std::size_t inline_bytes = 22;
  struct Slot {
    std::uint32_t code_plus_one = 0;  // 0: empty
    std::uint32_t tag = 0;
    std::uint8_t len = 0;  // the id's length, 255 for any longer
    char key[inline_bytes + 1] = {};
  };
  static_assert(sizeof(Slot) == 32, "two slots per cache line");

  std::int64_t insert(std::size_t s, std::uint32_t tag, std::string_view id) {
    const std::int64_t code = size();
    require(code < 0xFFFFFFFF, "more than 4294967294 distinct ids");
    place(slots_[s], code, tag, id);
    data_.append(id);
    offsets_.push_back(std::int64_t(data_.size()));
    if (std::size_t(size()) * 2 > slots_.size()) grow();  // at most half full: short probes
    return code;
  }
  static void place(Slot& slot, std::int64_t code, std::uint32_t tag, std::string_view id) {
    slot.code_plus_one = std::uint32_t(code + 1);
    slot.tag = tag;
    slot.len = std::uint8_t(std::min<std::size_t>(id.size(), 255));
    if (id.size() <= inline_bytes) std::memcpy(slot.key, id.data(), id.size());
  }
  void grow() {
    std::vector<Slot, HugePageAllocator<Slot>> old(slots_.size() * 2);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (std::int64_t code = 0; code < size(); ++code) {
      const std::string_view v = id(code);
      const std::uint64_t h = hash(v);
      std::size_t s = h & mask_;
      while (slots_[s].code_plus_one != 0) s = (s + 1) & mask_;
      place(slots_[s], code, std::uint32_t(h >> 32), v);
    }
  }

  std::string data_;
  std::vector<std::int64_t> offsets_;
  std::vector<Slot, HugePageAllocator<Slot>> slots_;  // random reads: few TLB misses
  std::size_t mask_ = 0;
};

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
