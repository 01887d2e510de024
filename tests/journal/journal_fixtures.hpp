// Helpers of the journal's tests: a scratch directory, random signals by
// id, and stores compared cell by cell.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "../scratch_dir.hpp"
#include "../unit/online_fixtures.hpp"
#include "trustscore/journal.hpp"

namespace tstest::journal {

namespace fs = std::filesystem;
using online::batch_of;
using online::random_signals;

// A scratch directory (removed when the test ends) and the store's place in it.
struct ScratchDir : tstest::ScratchDir {
  explicit ScratchDir(const std::string& name) : tstest::ScratchDir("journal-" + name) {}
  std::string store() const { return (path / "store").string(); }
};

inline std::vector<std::string_view> views(const std::vector<std::string>& ids, std::size_t begin,
                                           std::size_t end) {
  return {ids.begin() + std::ptrdiff_t(begin), ids.begin() + std::ptrdiff_t(end)};
}

// Signals [begin, end) of s, journaled by id.
inline void add_range(trustscore::JournaledStore& j, const evidence::Signals& s, std::size_t begin,
                      std::size_t end,
                      trustscore::Durability d = trustscore::Durability::store_default) {
  const auto ids = views(s.ids, begin, end);
  j.add(ids.data(), batch_of(s, begin, end), nullptr, {}, d);
}

// Where a differs from b (entities, ids, each cell's signal count and
// masses, bit for bit); empty when it does not. For checks outside Catch's
// assertions: a crash test's candidates, a forked child's.
inline std::string store_difference(const trustscore::EvidenceStore& a,
                                    const trustscore::EvidenceStore& b) {
  if (a.entity_count() != b.entity_count())
    return "entities " + std::to_string(a.entity_count()) + " against " +
           std::to_string(b.entity_count());
  if (a.signal_count() != b.signal_count())
    return "signals " + std::to_string(a.signal_count()) + " against " +
           std::to_string(b.signal_count());
  if (a.factor_count() != b.factor_count()) return "factor counts differ";
  {
    const auto la = a.read_lock();
    const auto lb = b.read_lock();
    if (a.entity_ids() != b.entity_ids()) return "entity ids differ";
    for (std::size_t f = 0; f < a.factor_count(); ++f)
      for (std::size_t e = 0; e < a.entity_count(); ++e)
        if (a.positive_column(f)[e] != b.positive_column(f)[e] ||
            a.negative_column(f)[e] != b.negative_column(f)[e])
          return "the masses of entity " + std::to_string(e) + ", factor " + std::to_string(f);
  }
  for (std::size_t f = 0; f < a.factor_count(); ++f)
    for (std::size_t e = 0; e < a.entity_count(); ++e)
      if (a.cell_signal_count(e, f) != b.cell_signal_count(e, f))
        return "the signal count of entity " + std::to_string(e) + ", factor " + std::to_string(f) +
               ": " + std::to_string(a.cell_signal_count(e, f)) + " against " +
               std::to_string(b.cell_signal_count(e, f));
  return {};
}

// A sync hook (trustscore::journal::testing::sync_hook) for a disk whose
// fsync fails with EIO.
inline int failing_sync(int) {
  errno = EIO;
  return -1;
}

// Every entity and cell of a equal to b's, bit for bit.
inline void require_same_store(const trustscore::EvidenceStore& a,
                               const trustscore::EvidenceStore& b) {
  REQUIRE(a.entity_count() == b.entity_count());
  REQUIRE(a.factor_count() == b.factor_count());
  REQUIRE(a.signal_count() == b.signal_count());
  const auto la = a.read_lock();
  const auto lb = b.read_lock();
  REQUIRE(a.entity_ids() == b.entity_ids());
  for (std::size_t f = 0; f < a.factor_count(); ++f)
    for (std::size_t e = 0; e < a.entity_count(); ++e) {
      REQUIRE(a.positive_column(f)[e] == b.positive_column(f)[e]);
      REQUIRE(a.negative_column(f)[e] == b.negative_column(f)[e]);
    }
}

}  // namespace tstest::journal
