// The evidence behind history rows: for each row, the masses of the signals
// live at its time, decayed to it, written as one entity of a scratch store
// so that one kernel call scores every row (journal_history_rows.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "journal_history_index.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

// A store shaped as `like` (its factors, half-lives, negativity and level
// utilities) holding `rows` entities without evidence, with reference time
// and newest signal time `as_of`: scored as of `as_of`, its masses count as
// they are (a decay of exactly 1). `model` is only its starting point.
EvidenceStore scratch_store(const Model& model, const EvidenceStore& like, std::size_t rows,
                            double as_of);
// After its columns are filled: the store's entity count and mass bounds.
void finish_scratch(EvidenceStore& scratch);

// The time an entry happens at: an add at its signal's time, a retraction or
// removal when it was recorded.
inline double event_time(const HistoryEntry& e) {
  return e.kind == EntryKind::added ? e.time : e.recorded_at;
}

// The entries in event order: by event time, ties in journal order.
std::vector<std::uint32_t> event_order(const std::vector<HistoryEntry>& entries);

// Rows [0, n) of `scratch` get the masses just after each entry of `order`
// (n of them) and rows [n, 2n) those just before it, both at its time.
void fill_event_rows(const std::vector<HistoryEntry>& entries,
                     const std::vector<std::uint32_t>& order, const EvidenceStore& like,
                     EvidenceStore& scratch);

// Row i of `scratch` gets the masses as of times[i] (in any order).
void fill_time_rows(const std::vector<HistoryEntry>& entries, const std::vector<double>& times,
                    const EvidenceStore& like, EvidenceStore& scratch);

// Row `row` of `scratch` gets the masses of the entries live at `t`.
void fill_as_of(const std::vector<HistoryEntry>& entries, double t, const EvidenceStore& like,
                EvidenceStore& scratch, std::size_t row);

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
