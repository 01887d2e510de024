// The history calls (trustscore/history.hpp): an entity's history, scores as
// of a past time, and retraction by source. Each brings the history index up
// to date (journal_history_index.cpp), lays out the rows' evidence in a
// scratch store under the index's mutex (journal_history_rows.cpp), and
// scores every row with one kernel call after releasing it.
#include <cmath>
#include <mutex>
#include <optional>

#include "journal_history_rows.hpp"
#include "journal_state.hpp"
#include "trustscore/error.hpp"
#include "trustscore/history.hpp"
#include "trustscore/score.hpp"

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

// Scores rows [first, first + n) of `scratch` (as of its reference time,
// `options.as_of`) into `out`.
void score_rows(const Model& model, const EvidenceStore& scratch, std::size_t first, std::size_t n,
                const ScoreOptions& options, const KernelOutput<double>& out) {
  const PreparedParams pp = prepare(model, scratch, options);
  const std::size_t F = scratch.factor_count();
  std::vector<double> negativity;
  KindInputs in;
  std::vector<const double*> levels;
  if (model.kind() != ModelKind::beta) {
    in = detail::kind_inputs(model, scratch, negativity);
    if (model.kind() == ModelKind::dirichlet) {
      for (std::size_t f = 0; f < F; ++f)
        for (std::size_t l = 0; l < scratch.level_utilities().size(); ++l)
          levels.push_back(scratch.level_column(f, l) + first);
      in.levels = levels.data();
    }
  }
  std::vector<const double*> pointers(2 * F);
  for (std::size_t f = 0; f < F; ++f) {
    pointers[f] = scratch.positive_column(f) + first;
    pointers[F + f] = scratch.negative_column(f) + first;
  }
  const EvidenceColumns<double> ev{static_cast<std::int64_t>(n), F, pointers.data(),
                                   pointers.data() + F};
  detail::score_columns(model, ev, pp, in, out, options.threads);
}

void signal_columns(EntityHistory& h, std::size_t rows) {
  h.time.resize(rows), h.event.resize(rows), h.factor.assign(rows, -1);
  const double nan = std::nan("");
  for (auto* column : {&h.value, &h.weight, &h.signal_time, &h.credibility})
    column->assign(rows, nan);
  h.source.assign(rows, std::string());
}

// The event rows' columns: each row's entry, and the evidence just after and
// just before it in `scratch`.
std::optional<EvidenceStore> event_rows(EntityHistory& h, const journal::HistoryIndex& index,
                                        const std::vector<HistoryEntry>& entries,
                                        const Model& model, const EvidenceStore& like) {
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
  std::optional<EvidenceStore> scratch(journal::scratch_store(model, like, 2 * n, 0.0));
  journal::fill_event_rows(entries, order, like, *scratch);
  return scratch;
}

std::optional<EvidenceStore> time_rows(EntityHistory& h, const std::vector<HistoryEntry>& entries,
                                       const std::vector<double>& times, const Model& model,
                                       const EvidenceStore& like) {
  signal_columns(h, times.size());
  h.time = times;
  h.event.assign(times.size(), HistoryEvent::at_time);
  std::optional<EvidenceStore> scratch(journal::scratch_store(model, like, times.size(), 0.0));
  journal::fill_time_rows(entries, times, like, *scratch);
  return scratch;
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
  std::optional<EvidenceStore> scratch;
  {
    std::lock_guard<std::mutex> lock(s.history_mutex);
    journal::extend_history(s);
    const journal::EntityEntries* x = s.history.find(entity);
    if (!x)
      fail(Status::invalid_argument,
           "history: entity '" + h.entity + "' is not in the journals of '" + s.directory + "'");
    scratch = options.times.empty() ? event_rows(h, s.history, x->entries, model, s.store)
                                    : time_rows(h, x->entries, options.times, model, s.store);
  }
  journal::finish_scratch(*scratch);
  const std::size_t n = h.rows();
  ScoreOptions so;
  so.profile = options.profile;
  so.confidence = options.confidence;
  so.as_of = 0.0;  // the scratch store's reference time: its masses are as of each row's time
  h.score.resize(n), h.lower.resize(n), h.upper.resize(n);
  KernelOutput<double> after{h.score.data(), h.lower.data(), h.upper.data()};
  if (options.explain) {
    h.contributions.resize(n * h.factors);
    after.contributions = h.contributions.data();
  }
  score_rows(model, *scratch, 0, n, so, after);
  h.change.assign(n, 0.0);
  if (options.times.empty()) {
    std::vector<double> before(n), lower(n), upper(n);
    score_rows(model, *scratch, n, n, so, {before.data(), lower.data(), upper.data()});
    for (std::size_t row = 0; row < n; ++row) h.change[row] = h.score[row] - before[row];
  }
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
  std::optional<EvidenceStore> scratch;
  {
    std::lock_guard<std::mutex> lock(s.history_mutex);
    journal::extend_history(s);
    scratch.emplace(journal::scratch_store(model, s.store, rows, options.as_of));
    for (std::size_t i = 0; i < rows; ++i) {
      const journal::EntityEntries* x = s.history.find(ids[i]);
      if (x)
        journal::fill_as_of(x->entries, options.as_of, s.store, *scratch, i);
      else
        ++unknown;
    }
  }
  journal::finish_scratch(*scratch);
  Scores result = score(model, *scratch, options);
  result.unknown = unknown;
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
