// The history calls (trustscore/history.hpp): an entity's history, scores as
// of a past time, and retraction by source. Each brings the history index up
// to date (journal_history_index.cpp), lays out the rows' evidence in columns
// under the index's mutex (journal_history_rows.cpp), and scores every row
// with one kernel call after releasing it.
#include <cmath>
#include <mutex>

#include "journal_history_rows.hpp"
#include "journal_state.hpp"
#include "trustscore/error.hpp"
#include "trustscore/history.hpp"
#include "trustscore/score.hpp"
#include "trustscore/score_entities.hpp"

namespace trustscore {
inline namespace v1 {

const char* history_event_name(HistoryEvent e) noexcept {
  switch (e) {
    case HistoryEvent::added:
      return "added";
    case HistoryEvent::retracted:
      return "retracted";
    case HistoryEvent::removed:
      return "removed";
    case HistoryEvent::at_time:
      return "at_time";
  }
  return "unknown";
}

namespace {

using journal::EntryKind;
using journal::HistoryEntry;

// Checks what the scoring would refuse only after the work: the model's
// factors against the store's, the profile and the confidence.
void check_scoring(const Model& model, const EvidenceStore& store, const std::string& profile,
                   double confidence) {
  if (model.factors() != store.factors())
    fail(Status::invalid_argument,
         "the model's factors differ from the journaled store's (same ids in the same order "
         "are required)");
  if (!profile.empty()) model.profile(profile);
  two_sided_z(confidence);
}

// The rows' evidence, kept per thread from call to call: the columns of a
// history of 10,000 signals take 3 MB, and faulting fresh pages in for each
// call took longer than the rest of it.
thread_local journal::RowColumns row_columns;

// Scores rows [first, first + n) of `columns` with the parameters of
// `shape` as of its reference time (`options.as_of`) into `out`.
ScoreSummary score_rows(const Model& model, const EvidenceStore& shape,
                        journal::RowColumns& columns, std::size_t first, std::size_t n,
                        const ScoreOptions& options, const KernelOutput<double>& out) {
  const PreparedParams pp = prepare(model, shape, options);
  std::vector<double> negativity;
  KindInputs in;
  std::vector<const double*> pointers;
  const EvidenceColumns<double> ev = columns.rows(first, n, pointers);
  if (model.kind() != ModelKind::beta) {
    in = detail::kind_inputs(model, shape, negativity);
    in.levels = pointers.data() + 2 * columns.factors();
  }
  return {pp.as_of, detail::score_columns(model, ev, pp, in, out, options.threads), 0};
}

void signal_columns(EntityHistory& h, std::size_t rows) {
  h.time.resize(rows), h.event.resize(rows), h.factor.assign(rows, -1);
  const double nan = std::nan("");
  for (auto* column : {&h.value, &h.weight, &h.signal_time, &h.credibility})
    column->assign(rows, nan);
  h.source.resize(rows);
}

// The event rows' columns: each row's entry, and the evidence just after and
// just before it.
void event_rows(EntityHistory& h, const journal::HistoryIndex& index,
                const std::vector<HistoryEntry>& entries, const EvidenceStore& like) {
  const std::vector<std::uint32_t> order = journal::event_order(entries);
  const std::size_t n = order.size();
  signal_columns(h, n);
  for (std::size_t row = 0; row < n; ++row) {
    const HistoryEntry& e = entries[order[row]];
    h.time[row] = journal::event_time(e);
    h.event[row] = static_cast<HistoryEvent>(e.kind);
    if (e.kind == EntryKind::removed) continue;
    h.factor[row] = e.factor, h.value[row] = e.value, h.weight[row] = e.weight;
    h.signal_time[row] = e.time, h.credibility[row] = e.credibility;
    if (e.source >= 0) h.source[row] = index.sources[std::size_t(e.source)];
  }
  row_columns.reset(2 * n, like.factor_count(), like.level_utilities().size());
  journal::fill_event_rows(entries, order, like, row_columns);
}

void time_rows(EntityHistory& h, const std::vector<HistoryEntry>& entries,
               const std::vector<double>& times, const EvidenceStore& like) {
  signal_columns(h, times.size());
  h.time = times;
  h.event.assign(times.size(), HistoryEvent::at_time);
  row_columns.reset(times.size(), like.factor_count(), like.level_utilities().size());
  journal::fill_time_rows(entries, times, like, row_columns);
}

}  // namespace

EntityHistory entity_history(const JournaledStore& store, const Model& model,
                             std::string_view entity, const HistoryOptions& options) {
  JournaledStore::State& s = journal::Access::state(store);
  check_scoring(model, s.store, options.profile, options.confidence);
  for (std::size_t i = 0; i < options.times.size(); ++i)
    if (!std::isfinite(options.times[i]))
      fail(Status::invalid_argument,
           "history: times[" + std::to_string(i) + "] is NaN or infinite (times are unix seconds)");
  EntityHistory h;
  h.entity = std::string(entity);
  h.factors = s.store.factor_count();
  {
    std::lock_guard<std::mutex> lock(s.history_mutex);
    journal::extend_history(s);
    const journal::EntityEntries* x = s.history.find(entity);
    if (!x)
      fail(Status::invalid_argument,
           "history: entity '" + h.entity + "' is not in the journals of '" + s.directory + "'");
    if (options.times.empty())
      event_rows(h, s.history, x->entries, s.store);
    else
      time_rows(h, x->entries, options.times, s.store);
  }
  const std::size_t n = h.rows();
  ScoreOptions so;
  so.profile = options.profile;
  so.confidence = options.confidence;
  so.as_of = 0.0;  // the shape's reference time: the masses are as of each row's time
  const EvidenceStore shape = journal::shape_of(model, s.store, so.as_of);
  h.score.resize(n), h.lower.resize(n), h.upper.resize(n);
  KernelOutput<double> after{h.score.data(), h.lower.data(), h.upper.data()};
  if (options.explain) {
    h.contributions.resize(n * h.factors);
    after.contributions = h.contributions.data();
  }
  score_rows(model, shape, row_columns, 0, n, so, after);
  h.change.assign(n, 0.0);
  if (options.times.empty()) {
    // The scores just before each event, then the change, in place.
    score_rows(model, shape, row_columns, n, n, so, {h.change.data(), nullptr, nullptr});
    for (std::size_t row = 0; row < n; ++row) h.change[row] = h.score[row] - h.change[row];
  }
  row_columns.trim();
  return h;
}

Scores score_ids_as_of(const JournaledStore& store, const Model& model, const std::string_view* ids,
                       std::int64_t n, const ScoreOptions& options) {
  JournaledStore::State& s = journal::Access::state(store);
  require(n >= 0, "entity count is negative");
  require(n == 0 || ids != nullptr, "entity ids are null");
  require(std::isfinite(options.as_of),
          "score as of a past time: options.as_of is required (unix seconds, finite)");
  check_scoring(model, s.store, options.profile, options.confidence);
  const auto rows = static_cast<std::size_t>(n);
  std::int64_t unknown = 0;
  row_columns.reset(rows, s.store.factor_count(), s.store.level_utilities().size());
  {
    std::lock_guard<std::mutex> lock(s.history_mutex);
    journal::extend_history(s);
    for (std::size_t i = 0; i < rows; ++i) {
      const journal::EntityEntries* x = s.history.find(ids[i]);
      unknown += x == nullptr;
      journal::fill_as_of(x ? &x->entries : nullptr, options.as_of, s.store, row_columns, i);
    }
  }
  const EvidenceStore shape = journal::shape_of(model, s.store, options.as_of);
  KernelOutput<double> out;
  Scores result = detail::chosen_scores(rows, s.store.factor_count(), options, out);
  static_cast<ScoreSummary&>(result) = score_rows(model, shape, row_columns, 0, rows, options, out);
  result.unknown = unknown;
  row_columns.trim();
  return result;
}

std::int64_t retract_source(JournaledStore& store, std::string_view source, Durability durability) {
  require(!source.empty(), "retract_source: the source is empty");
  JournaledStore::State& s = journal::Access::state(store);
  // Held through the retraction: two of these calls never pick the same
  // signals, and the index sees this one's record before the next reads.
  std::lock_guard<std::mutex> lock(s.history_mutex);
  journal::extend_history(s);
  const auto named = s.history.source_index.find(std::string(source));
  if (named == s.history.source_index.end()) return 0;
  std::vector<std::string_view> ids;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time, credibility;
  for (const auto& [id, x] : s.history.entities)
    for (std::size_t k = x.live_from; k < x.entries.size(); ++k) {
      const HistoryEntry& e = x.entries[k];
      if (e.kind != EntryKind::added || e.killer >= 0 || e.source != named->second) continue;
      ids.push_back(id);
      factor.push_back(e.factor), value.push_back(e.value), weight.push_back(e.weight);
      time.push_back(e.time), credibility.push_back(e.credibility);
    }
  if (ids.empty()) return 0;
  SignalBatch batch;
  batch.size = static_cast<std::int64_t>(ids.size());
  batch.factor = factor.data(), batch.value = value.data(), batch.weight = weight.data();
  batch.time = time.data(), batch.credibility = credibility.data();
  const std::vector<std::string_view> sources(ids.size(), source);
  journal::retract_signals(s, ids.data(), batch, sources.data(), IngestOptions{}, durability);
  return batch.size;
}

}  // namespace v1
}  // namespace trustscore
