// Masses of history rows. Event rows come from one sweep through the
// entity's entries in event order, with running sums per factor held as of
// the current row's time: decayed step by step between rows, a signal added
// at its own time (a decay of exactly 1), an ended one subtracted decayed
// the same way, and a cell set to exactly 0 when its last signal ends (as
// the store does), so long spans and many retractions leave no residue.
#include "journal_history_rows.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "../persist/store_access.hpp"
#include "trustscore/kinds/kind.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

using persist::StoreAccess;

EvidenceStore shape_of(const Model& model, const EvidenceStore& like, double as_of) {
  EvidenceStore s(model);
  // The journaled store's factors, decay and levels (fixed when it was made)
  // are what its signals were summed with.
  StoreAccess::catalog(s) = like.factors();
  const std::size_t F = like.factor_count();
  auto& half_lives = StoreAccess::half_lives(s);
  auto& negativity = StoreAccess::negativity(s);
  half_lives.resize(F), negativity.resize(F);
  for (std::size_t f = 0; f < F; ++f)
    half_lives[f] = like.half_life_seconds(f), negativity[f] = like.negativity(f);
  StoreAccess::utilities(s) = like.level_utilities();
  StoreAccess::r(s).assign(F, {});
  StoreAccess::s(s).assign(F, {});
  StoreAccess::counts(s).assign(F, {});
  StoreAccess::levels(s).assign(F * like.level_utilities().size(), {});
  StoreAccess::t0(s).store(as_of);
  StoreAccess::latest(s).store(as_of);
  return s;
}

void RowColumns::reset(std::size_t rows, std::size_t factors, std::size_t levels) {
  rows_ = rows, factors_ = factors, levels_ = levels;
  const std::size_t cells = rows * factors * (2 + levels);
  if (buffer_.size() < cells) buffer_.resize(cells);
}

void RowColumns::trim() {
  constexpr std::size_t kKept = std::size_t{2} << 20;  // 16 MB, a history of ~50,000 rows
  if (buffer_.capacity() > kKept) std::vector<double>().swap(buffer_);
}

EvidenceColumns<double> RowColumns::rows(std::size_t first, std::size_t n,
                                         std::vector<const double*>& pointers) {
  pointers.resize(factors_ * (2 + levels_));
  for (std::size_t c = 0; c < pointers.size(); ++c) pointers[c] = at(c) + first;
  return {static_cast<std::int64_t>(n), factors_, pointers.data(), pointers.data() + factors_};
}

std::vector<std::uint32_t> event_order(const std::vector<HistoryEntry>& entries) {
  thread_local std::vector<std::pair<double, std::uint32_t>> keys;  // kept: see RowColumns
  keys.resize(entries.size());
  for (std::size_t k = 0; k < entries.size(); ++k)
    keys[k] = {event_time(entries[k]), std::uint32_t(k)};
  std::sort(keys.begin(), keys.end());  // ties by journal order
  std::vector<std::uint32_t> order(entries.size());
  for (std::size_t k = 0; k < keys.size(); ++k) order[k] = keys[k].second;
  if (keys.capacity() > (std::size_t{1} << 20))
    std::vector<std::pair<double, std::uint32_t>>().swap(keys);
  return order;
}

namespace {

// Per factor: positive and negative mass, weight per level, live signals;
// all as of `now`.
class Sums {
 public:
  explicit Sums(const EvidenceStore& like)
      : F_(like.factor_count()),
        k_(like.level_utilities().size()),
        utilities_(like.level_utilities()),
        half_life_(F_),
        negativity_(F_),
        r_(F_, 0.0),
        s_(F_, 0.0),
        levels_(F_ * k_, 0.0),
        count_(F_, 0) {
    for (std::size_t f = 0; f < F_; ++f)
      half_life_[f] = like.half_life_seconds(f), negativity_[f] = like.negativity(f);
  }

  void decay_to(double t) {
    if (std::isnan(now_)) now_ = t;
    if (!(t > now_)) return;
    for (std::size_t f = 0; f < F_; ++f) {
      if (count_[f] <= 0) continue;  // exactly 0 already
      const double d = std::exp2(-(t - now_) / half_life_[f]);
      r_[f] *= d, s_[f] *= d;
      for (std::size_t l = 0; l < k_; ++l) levels_[f * k_ + l] *= d;
    }
    now_ = t;
  }

  // Entry e begins (+1) or ends (-1) to count, as of now: an add counts
  // positively, an unmatched retraction negatively (as it was subtracted).
  void apply(const HistoryEntry& e, int how) {
    const int sign = e.kind == EntryKind::added ? how : -how;
    const auto f = static_cast<std::size_t>(e.factor);
    // As EvidenceStore::delta: weight, then credibility, then the decay.
    double w = e.weight;
    w *= e.credibility;
    w *= std::exp2(-(now_ - e.time) / half_life_[f]);
    const double level_weight = sign * w;
    r_[f] += sign * (w * e.value);
    s_[f] += sign * (w * (1.0 - e.value) * negativity_[f]);
    double* level = k_ ? &levels_[f * k_ + nearest_level(utilities_, e.value)] : nullptr;
    if (level) *level += level_weight;
    count_[f] += sign;
    if (sign < 0) {  // what is left is rounding at worst
      r_[f] = std::max(0.0, r_[f]), s_[f] = std::max(0.0, s_[f]);
      if (level) *level = std::max(0.0, *level);
    }
    if (count_[f] <= 0) {  // the last signal out leaves the cell empty
      r_[f] = s_[f] = 0.0;
      std::fill(levels_.begin() + std::ptrdiff_t(f * k_),
                levels_.begin() + std::ptrdiff_t((f + 1) * k_), 0.0);
    }
  }

  void write(RowColumns& out, std::size_t row) const {
    for (std::size_t f = 0; f < F_; ++f) {
      out.positive(f)[row] = r_[f], out.negative(f)[row] = s_[f];
      for (std::size_t l = 0; l < k_; ++l) out.level(f, l)[row] = levels_[f * k_ + l];
    }
  }

 private:
  std::size_t F_, k_;
  std::vector<double> utilities_, half_life_, negativity_;
  std::vector<double> r_, s_, levels_;
  std::vector<std::int64_t> count_;
  double now_ = std::numeric_limits<double>::quiet_NaN();
};

// The sweep through the entries in event order: each entry starts what it
// adds and ends the signals it took back or removed.
class Sweep {
 public:
  Sweep(const std::vector<HistoryEntry>& entries, const EvidenceStore& like)
      : entries_(entries), sums_(like), state_(entries.size(), kWaiting) {
    // Which items each entry ends (the inverse of `killer`), in journal order.
    std::vector<std::uint32_t> ends(entries.size() + 1, 0);
    for (const HistoryEntry& e : entries)
      if (e.is_item() && e.killer >= 0) ++ends[std::size_t(e.killer) + 1];
    std::partial_sum(ends.begin(), ends.end(), ends.begin());
    ended_begin_ = ends;
    ended_.resize(ends.back());
    for (std::size_t j = 0; j < entries.size(); ++j)
      if (entries[j].is_item() && entries[j].killer >= 0)
        ended_[ends[std::size_t(entries[j].killer)]++] = std::uint32_t(j);
  }

  void decay_to(double t) { sums_.decay_to(t); }

  void happen(std::uint32_t k) {
    if (entries_[k].is_item() && state_[k] == kWaiting) {
      sums_.apply(entries_[k], +1);
      state_[k] = kLive;
    }
    for (std::uint32_t i = ended_begin_[k]; i < ended_begin_[k + 1]; ++i) {
      const std::uint32_t j = ended_[i];
      // Ended before it began (a signal dated after the call that took it
      // back): it never counts.
      if (state_[j] == kLive) sums_.apply(entries_[j], -1);
      state_[j] = kEnded;
    }
  }

  void write(RowColumns& out, std::size_t row) const { sums_.write(out, row); }

 private:
  static constexpr unsigned char kWaiting = 0, kLive = 1, kEnded = 2;
  const std::vector<HistoryEntry>& entries_;
  Sums sums_;
  std::vector<unsigned char> state_;
  std::vector<std::uint32_t> ended_begin_, ended_;
};

}  // namespace

void fill_event_rows(const std::vector<HistoryEntry>& entries,
                     const std::vector<std::uint32_t>& order, const EvidenceStore& like,
                     RowColumns& out) {
  Sweep sweep(entries, like);
  const std::size_t n = order.size();
  for (std::size_t row = 0; row < n; ++row) {
    sweep.decay_to(event_time(entries[order[row]]));
    sweep.write(out, n + row);
    sweep.happen(order[row]);
    sweep.write(out, row);
  }
}

void fill_time_rows(const std::vector<HistoryEntry>& entries, const std::vector<double>& times,
                    const EvidenceStore& like, RowColumns& out) {
  const std::vector<std::uint32_t> order = event_order(entries);
  std::vector<std::size_t> by_time(times.size());
  std::iota(by_time.begin(), by_time.end(), std::size_t{0});
  std::stable_sort(by_time.begin(), by_time.end(),
                   [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });
  Sweep sweep(entries, like);
  std::size_t next = 0;
  for (std::size_t row : by_time) {
    const double t = times[row];
    for (; next < order.size() && event_time(entries[order[next]]) <= t; ++next) {
      sweep.decay_to(event_time(entries[order[next]]));
      sweep.happen(order[next]);
    }
    sweep.decay_to(t);
    sweep.write(out, row);
  }
}

void fill_as_of(const std::vector<HistoryEntry>* entries, double t, const EvidenceStore& like,
                RowColumns& out, std::size_t row) {
  // Summed directly, each live signal decayed from its own time to t.
  Sums sums(like);
  sums.decay_to(t);
  if (entries)
    for (std::size_t k = 0; k < entries->size(); ++k)
      if (live_at(*entries, k, t)) sums.apply((*entries)[k], +1);
  sums.write(out, row);
}

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
