// The evidence behind history rows: for each row, the masses of the signals
// live at its time, decayed to it, laid out as one entity of columns the
// kernels read, so that one kernel call scores every row
// (journal_history_rows.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "journal_history_index.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/kernel.hpp"
#include "trustscore/model.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

// A store without entities shaped as `like` (its factors, half-lives,
// negativity and level utilities), with reference time and newest signal
// time `as_of`: scoring columns with its parameters as of `as_of` takes
// their masses as they are (a decay of exactly 1). `model` is only its
// starting point.
EvidenceStore shape_of(const Model& model, const EvidenceStore& like, double as_of);

// The rows' evidence in one buffer: per factor a positive and a negative
// column, then per factor and level a level column, each `rows` long. Kept
// from call to call (per thread) so that a warm call allocates nothing.
class RowColumns {
 public:
  // Room for `rows` rows of `factors` factors with `levels` levels each;
  // the contents are left unspecified (the fills write every cell).
  void reset(std::size_t rows, std::size_t factors, std::size_t levels);
  // Gives the memory back when it is large (a one-off long history).
  void trim();
  double* positive(std::size_t f) { return at(f); }
  double* negative(std::size_t f) { return at(factors_ + f); }
  double* level(std::size_t f, std::size_t l) { return at(2 * factors_ + f * levels_ + l); }
  std::size_t factors() const { return factors_; }
  std::size_t levels() const { return levels_; }
  // Rows [first, first + n) as the kernels read them; `pointers` holds the
  // column addresses (positive, negative, then the levels).
  EvidenceColumns<double> rows(std::size_t first, std::size_t n,
                               std::vector<const double*>& pointers);

 private:
  double* at(std::size_t column) { return buffer_.data() + column * rows_; }
  std::vector<double> buffer_;
  std::size_t rows_ = 0, factors_ = 0, levels_ = 0;
};

// The time an entry happens at: an add at its signal's time, a retraction or
// removal when it was recorded.
inline double event_time(const HistoryEntry& e) {
  return e.kind == EntryKind::added ? e.time : e.recorded_at;
}

// The entries in event order: by event time, ties in journal order.
std::vector<std::uint32_t> event_order(const std::vector<HistoryEntry>& entries);

// Rows [0, n) of `out` get the masses just after each entry of `order` (n of
// them) and rows [n, 2n) those just before it, both at its time.
void fill_event_rows(const std::vector<HistoryEntry>& entries,
                     const std::vector<std::uint32_t>& order, const EvidenceStore& like,
                     RowColumns& out);

// Row i of `out` gets the masses as of times[i] (in any order).
void fill_time_rows(const std::vector<HistoryEntry>& entries, const std::vector<double>& times,
                    const EvidenceStore& like, RowColumns& out);

// Row `row` of `out` gets the masses of the entries live at `t` (null
// entries: an entity without evidence).
void fill_as_of(const std::vector<HistoryEntry>* entries, double t, const EvidenceStore& like,
                RowColumns& out, std::size_t row);

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
