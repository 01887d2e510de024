// A checked trustscore_id_table (include/trustscore/id_table.h): the ids of a
// binding's buffer plus offsets as views, and the items' codes into them.
// The calls that take a table (store.cpp, scoring.cpp, journal.cpp,
// history.cpp, graphs.cpp) read it through this, so that each check and
// each message is written once.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "guard.hpp"
#include "trustscore/id_table.h"

namespace trustscore::c_api {

class IdTable {
 public:
  // Checks *table whole for a call of `items` items; `name` (the argument)
  // heads every message, `noun` names what an id is ("entity id is empty",
  // as the store says). allow_empty: an empty id is allowed (a source).
  IdTable(const trustscore_id_table* table, std::int64_t items, const char* name,
          const char* noun = "entity", bool allow_empty = false);

  std::int64_t items() const noexcept { return items_; }
  std::int64_t id_count() const noexcept { return count_; }
  // The table's id k (checked), a view of the caller's bytes.
  std::string_view id(std::int64_t k) const noexcept {
    return {data_ + offsets_[k], static_cast<std::size_t>(offsets_[k + 1] - offsets_[k])};
  }
  // The items as codes into distinct ids: the caller's codes and ids, or,
  // for a table without codes, its distinct ids in order of first
  // appearance and a code per item (made here, once: a hash of each item).
  struct Coded {
    const std::string_view* ids;
    std::int64_t id_count;
    const std::int64_t* codes;
  };
  Coded coded() const;
  std::string_view item(std::int64_t i) const { return id(code(i)); }
  std::int64_t code(std::int64_t i) const noexcept { return codes_ ? codes_[i] : i; }
  // A view per item (what the calls by id of the journal take).
  std::vector<std::string_view> item_views() const;
  // The store's dense index of every item into out (items() long; -1: an id
  // it does not hold), each distinct id looked up once; returns the number
  // of items that were -1.
  std::int64_t find_in(const EvidenceStore& store, std::int64_t* out) const;

 private:
  const char* data_ = nullptr;
  const std::int64_t* offsets_ = nullptr;
  std::int64_t count_ = 0;
  mutable std::vector<std::string_view> ids_;  // coded() of a table with codes
  const std::int64_t* codes_ = nullptr;
  mutable std::shared_ptr<const void> distinct_owner_;  // what distinct_ views
  mutable std::vector<std::string_view> distinct_;      // coded() of a table without codes
  mutable std::vector<std::int64_t> distinct_codes_;
  std::int64_t items_ = 0;
};

}  // namespace trustscore::c_api
