// The journals decoded per entity, for the history calls (trustscore/history.hpp):
// every add, retraction and removal that named the entity, in journal order,
// with which signal each retraction took back and which call ended each
// signal. Built on the first history call and extended on later ones from
// where the last one stopped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trustscore/journal.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

// What a call did to the entity (the values of HistoryEvent; this header
// stays free of the scoring headers, as journal_state.hpp includes it).
enum class EntryKind : std::uint8_t { added = 1, retracted = 2, removed = 3 };

// One call's effect on one entity. Adds and retractions carry the signal with
// its defaults resolved (time: the record's default time when NaN; weight and
// credibility: 1 when absent), so that equal signals compare equal.
struct HistoryEntry {
  double time = 0;         // the signal's time (NaN for a removal)
  double recorded_at = 0;  // wall clock of the call
  double value = 0, weight = 1, credibility = 1;
  std::int32_t factor = -1;  // -1 for a removal
  std::int32_t source = -1;  // HistoryIndex::sources, -1: none
  // Adds: the entry (a retraction or removal) that ended the signal, -1 while
  // it is live. Retractions: the add they took back (-1: none matched; the
  // retraction then counts as negative evidence from its recorded time, as the
  // store subtracted it, until a removal ends it in `killer`).
  std::int32_t killer = -1;
  std::int32_t match = -1;
  EntryKind kind = EntryKind::added;

  // Adds, and retractions that matched no add: what counts in the sums.
  bool is_item() const noexcept {
    return kind == EntryKind::added || (kind == EntryKind::retracted && match < 0);
  }
  // When it starts to count: an add at its signal's time, an unmatched
  // retraction when it was recorded.
  double start() const noexcept { return kind == EntryKind::added ? time : recorded_at; }
};

struct EntityEntries {
  std::vector<HistoryEntry> entries;
  // Entries before this one are all ended (a removal ended them).
  std::size_t live_from = 0;
  // Live adds by a hash of their fields, in journal order: made on the
  // entity's first retraction, so that matching stays quick for entities of
  // many signals.
  std::unique_ptr<std::unordered_map<std::uint64_t, std::vector<std::uint32_t>>> live_adds;
};

struct HistoryIndex {
  std::unordered_map<std::string, EntityEntries> entities;
  std::vector<std::string> sources;
  std::unordered_map<std::string, std::int32_t> source_index;
  // Where reading stopped: journal number, offset in it (0: its header is
  // not read yet), and the sequence number of the next record.
  std::uint64_t journal = 0;
  std::uint64_t offset = 0;
  std::uint64_t next_sequence = 1;

  const EntityEntries* find(std::string_view entity) const {
    const auto it = entities.find(std::string(entity));
    return it == entities.end() ? nullptr : &it->second;
  }
};

// Whether entry `k` of `entries` counts as of time T: started by T and not
// ended by a call recorded at or before T.
inline bool live_at(const std::vector<HistoryEntry>& entries, std::size_t k, double t) {
  const HistoryEntry& e = entries[k];
  return e.is_item() && e.start() <= t && (e.killer < 0 || entries[e.killer].recorded_at > t);
}

// Reads the records journaled since the index last stopped (all of them on
// the first call) into it. The caller holds state.history_mutex. An Error
// when a journal since the store's creation is gone (a checkpoint without
// keep_history removed it) or damaged.
void extend_history(JournaledStore::State& state);

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
