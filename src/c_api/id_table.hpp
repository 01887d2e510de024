// A checked trustscore_id_table (include/trustscore/id_table.h): the ids of a
// binding's buffer plus offsets as views, and the items' codes into them.
// The calls that take a table (store.cpp, scoring.cpp, journal.cpp,
// history.cpp, graphs.cpp) read it through this, so that each check and
// each message is written once.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "guard.hpp"
#include "trustscore/id_table.h"

namespace trustscore::c_api {

class IdTable {
 public:
  // Checks *table whole for a call of `items` items; `name` (the argument)
  // heads every message. allow_empty: an empty id is allowed (a source).
  IdTable(const trustscore_id_table* table, std::int64_t items, const char* name,
          bool allow_empty = false);

  std::int64_t items() const noexcept { return items_; }
  std::int64_t id_count() const noexcept { return static_cast<std::int64_t>(ids_.size()); }
  // The table's ids (id_count()), each checked.
  const std::string_view* ids() const noexcept { return ids_.data(); }
  // The items' codes into ids(): the caller's, or 0, 1, ... made here.
  const std::int64_t* codes() const;
  std::string_view item(std::int64_t i) const { return ids_[code(i)]; }
  std::int64_t code(std::int64_t i) const noexcept { return codes_ ? codes_[i] : i; }
  // A view per item (what the calls by id of the journal take).
  std::vector<std::string_view> item_views() const;
  // The store's dense index of every item into out (items() long; -1: an id
  // it does not hold), each distinct id looked up once; returns the number
  // of items that were -1.
  std::int64_t find_in(const EvidenceStore& store, std::int64_t* out) const;

 private:
  std::vector<std::string_view> ids_;
  const std::int64_t* codes_ = nullptr;
  mutable std::vector<std::int64_t> identity_;
  std::int64_t items_ = 0;
};

}  // namespace trustscore::c_api
