// History read from a journaled store's journals: an entity's score after
// each signal (or at given times) with the signal that moved it, scores as
// of a past time, and taking back every signal a source gave.
//
// Event time. A signal counts from its own time until it is taken back: an
// added signal is live at time T when its time <= T and it was not
// retracted, nor its entity removed, by a call recorded at or before T (a
// retraction or removal takes effect at the wall-clock time the journal
// recorded it). The score as of T is the score of the live signals, decayed
// to T, exactly as a store holding only them would give (up to rounding).
//
// Which signal a retraction took back: for each of its signals, the
// earliest signal of the entity still live with the same fields (factor,
// value, weight, time, credibility; an absent weight or credibility is 1),
// from the same source for the retractions retract_source journals. One
// that matches no single signal (it took back the mass of several) counts
// as the store counted it: negative evidence from when it was recorded.
//
// These calls need the journals since the store's creation: a store whose
// checkpoints removed journals (JournalOptions::keep_history off) fails
// them with an error saying so.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/journal.hpp"
#include "trustscore/model.hpp"
#include "trustscore/score.hpp"

namespace trustscore {
inline namespace v1 {

enum class HistoryEvent : std::uint8_t {
  added = 1,      // a signal began to count (at its own time)
  retracted = 2,  // a signal was taken back (at the time the retraction was recorded)
  removed = 3,    // the entity's evidence was removed (at the time recorded)
  at_time = 4,    // a time asked for (HistoryOptions::times)
};
const char* history_event_name(HistoryEvent e) noexcept;

struct HistoryOptions {
  // Times to score at (unix seconds, any order); empty: after each event.
  std::vector<double> times;
  std::string profile;       // empty: the model's default profile
  double confidence = 0.95;  // of the interval
  bool explain = true;       // each factor's contribution per row
};

// One row per event (in event-time order; ties in journal order) or per
// time asked for (in the order asked). Columns; the signal columns hold the
// event's signal (for a retraction, the signal it took back, with that
// signal's source; NaN, -1 or empty for at_time and removed rows).
struct EntityHistory {
  std::string entity;
  std::size_t factors = 0;
  std::vector<double> time;  // the row's time: scores are as of it
  std::vector<HistoryEvent> event;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, signal_time, credibility;
  std::vector<std::string> source;
  std::vector<double> score, lower, upper;
  // The event's effect: score after it minus score just before it, both as
  // of the row's time (decay between rows is not counted); 0 for at_time.
  std::vector<double> change;
  std::vector<double> contributions;  // rows x factors, when explained
  std::size_t rows() const noexcept { return time.size(); }
};

// The history of one entity (an entity the journals never name is an error).
EntityHistory entity_history(const JournaledStore& store, const Model& model,
                             std::string_view entity, const HistoryOptions& options = {});

// Scores of chosen entities as of a past time `options.as_of` (required,
// finite): what a store of the signals live then would give. Ids the
// journals never name score as entities without evidence and are counted
// in Scores::unknown.
Scores score_ids_as_of(const JournaledStore& store, const Model& model, const std::string_view* ids,
                       std::int64_t n, const ScoreOptions& options);

// Retracts every live signal that `source` gave (one journaled retraction,
// its record naming the source); returns how many. A source with no live
// signal retracts nothing and journals nothing. An empty source is an error.
std::int64_t retract_source(JournaledStore& store, std::string_view source,
                            Durability durability = Durability::store_default);

}  // namespace v1
}  // namespace trustscore
