// The C ABI's history (trustscore/history.h) of a journaled store: an
// entity's history, scores as of a past time, retraction by source. Each
// call hands the journal to the C++ calls of trustscore/history.hpp.
#include "trustscore/history.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "id_table.hpp"
#include "scoring.hpp"
#include "trustscore/history.hpp"
#include "trustscore/journal.hpp"

struct trustscore_history {
  trustscore::EntityHistory history;
  std::string sources;                   // every row's source, one after another
  std::vector<std::int64_t> source_end;  // where row i's source ends in `sources`
};

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;

namespace {

// The structs' size in each version, oldest first (guard.hpp,
// read_versioned): a new version appends fields and its size here.
constexpr std::size_t history_options_sizes[] = {sizeof(trustscore_history_options)};
constexpr std::size_t history_outputs_sizes[] = {sizeof(trustscore_history_outputs)};
static_assert(std::size(history_options_sizes) == TRUSTSCORE_HISTORY_OPTIONS_VERSION);
static_assert(std::size(history_outputs_sizes) == TRUSTSCORE_HISTORY_OUTPUTS_VERSION);

// The C event codes are the C++ enum's values.
static_assert(TRUSTSCORE_HISTORY_ADDED == static_cast<int>(trustscore::HistoryEvent::added));
static_assert(TRUSTSCORE_HISTORY_RETRACTED ==
              static_cast<int>(trustscore::HistoryEvent::retracted));
static_assert(TRUSTSCORE_HISTORY_REMOVED == static_cast<int>(trustscore::HistoryEvent::removed));
static_assert(TRUSTSCORE_HISTORY_AT_TIME == static_cast<int>(trustscore::HistoryEvent::at_time));

// The defaults, the C++ struct's (written once there), in the newest layout.
trustscore_history_options default_history_options() {
  const trustscore::HistoryOptions defaults;
  trustscore_history_options o{};
  o.version = TRUSTSCORE_HISTORY_OPTIONS_VERSION;
  o.explain = defaults.explain ? 1 : 0;
  o.profile = nullptr;
  o.confidence = defaults.confidence;
  o.times = nullptr;
  o.time_count = 0;
  return o;
}

trustscore_history_outputs default_history_outputs() {
  trustscore_history_outputs o{};
  o.version = TRUSTSCORE_HISTORY_OUTPUTS_VERSION;
  return o;
}

// Reads trustscore_entity_history's options (NULL: the defaults).
trustscore::HistoryOptions read_history_options(const trustscore_history_options* options) {
  trustscore::HistoryOptions opts;
  if (!options) return opts;
  check_version(options->version, TRUSTSCORE_HISTORY_OPTIONS_VERSION, "options",
                "trustscore_history_options_init");
  const auto given = read_versioned(*options, default_history_options(), history_options_sizes);
  need_non_negative(given.time_count, "options->time_count");
  if (given.time_count > 0) need(given.times, "options->times");
  if (given.times) opts.times.assign(given.times, given.times + given.time_count);
  if (given.profile) opts.profile = given.profile;
  opts.confidence = given.confidence;
  opts.explain = given.explain != 0;
  return opts;
}

// The journal of a store handle, which history, scores as of a past time
// and retraction by source read; a plain store (trustscore_store_create,
// _load) has none.
trustscore::JournaledStore& history_journal(const trustscore_store* store) {
  need(store, "store");
  if (!store->journal)
    fail(Status::invalid_argument,
         "store is not journaled (trustscore_store_open makes a journaled store): history "
         "is read from its journal");
  return *store->journal;
}

trustscore::Durability retract_durability(int32_t durability) {
  if (durability < TRUSTSCORE_DURABILITY_DEFAULT || durability > TRUSTSCORE_DURABILITY_NONE)
    fail(Status::invalid_argument,
         "durability must be TRUSTSCORE_DURABILITY_DEFAULT, _SYNC, _INTERVAL or _NONE, not " +
             std::to_string(durability));
  return static_cast<trustscore::Durability>(durability);
}

template <class From, class To>
void copy_column(const std::vector<From>& from, To* to) {
  if (to) std::transform(from.begin(), from.end(), to, [](From x) { return static_cast<To>(x); });
}

}  // namespace

extern "C" {

const char* trustscore_history_event_name(int32_t event) {
  if (event < TRUSTSCORE_HISTORY_ADDED || event > TRUSTSCORE_HISTORY_AT_TIME) return "unknown";
  return trustscore::history_event_name(static_cast<trustscore::HistoryEvent>(event));
}

int trustscore_history_options_init(trustscore_history_options* options, int32_t version) {
  return guard(__func__, [&] {
    need(options, "options");
    check_version(version, TRUSTSCORE_HISTORY_OPTIONS_VERSION, "options",
                  "trustscore_history_options_init");
    auto defaults = default_history_options();
    defaults.version = version;
    write_versioned(options, defaults, version, history_options_sizes);
  });
}

int trustscore_entity_history(const trustscore_model* model, const trustscore_store* store,
                              const char* entity, const trustscore_history_options* options,
                              trustscore_history** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(model, "model");
    const trustscore::JournaledStore& journal = history_journal(store);
    need(entity, "entity");
    const trustscore::HistoryOptions opts = read_history_options(options);
    auto history = std::make_unique<trustscore_history>();
    history->history = trustscore::entity_history(journal, model->model, entity, opts);
    history->source_end.reserve(history->history.rows());
    for (const std::string& source : history->history.source) {
      history->sources += source;
      history->source_end.push_back(static_cast<std::int64_t>(history->sources.size()));
    }
    *out = history.release();
  });
}

void trustscore_history_free(trustscore_history* history) { delete history; }

int trustscore_history_size(const trustscore_history* history, int64_t* rows, int64_t* factors) {
  return guard(__func__, [&] {
    need(history, "history");
    if (rows) *rows = static_cast<int64_t>(history->history.rows());
    if (factors) *factors = static_cast<int64_t>(history->history.factors);
  });
}

int trustscore_history_outputs_init(trustscore_history_outputs* outputs, int32_t version) {
  return guard(__func__, [&] {
    need(outputs, "outputs");
    check_version(version, TRUSTSCORE_HISTORY_OUTPUTS_VERSION, "outputs",
                  "trustscore_history_outputs_init");
    auto defaults = default_history_outputs();
    defaults.version = version;
    write_versioned(outputs, defaults, version, history_outputs_sizes);
  });
}

int trustscore_history_read(const trustscore_history* history,
                            trustscore_history_outputs* outputs) {
  return guard(__func__, [&] {
    need(history, "history");
    need(outputs, "outputs");
    // Version 1 has every field written here; a later version's fields are
    // written only when outputs->version has them.
    check_version(outputs->version, TRUSTSCORE_HISTORY_OUTPUTS_VERSION, "outputs",
                  "trustscore_history_outputs_init");
    if (outputs->reserved != 0) fail(Status::invalid_argument, "outputs->reserved is not 0");
    need_non_negative(outputs->capacity, "outputs->capacity");
    const trustscore::EntityHistory& h = history->history;
    const trustscore_history_outputs& o = *outputs;
    const bool any = o.time || o.event || o.factor || o.value || o.weight || o.signal_time ||
                     o.credibility || o.score || o.lower || o.upper || o.change ||
                     o.contributions || o.source_end;
    if (any) need_room(o.capacity, static_cast<int64_t>(h.rows()), "outputs->capacity", "rows");
    copy_column(h.time, o.time);
    copy_column(h.event, o.event);
    copy_column(h.factor, o.factor);
    copy_column(h.value, o.value);
    copy_column(h.weight, o.weight);
    copy_column(h.signal_time, o.signal_time);
    copy_column(h.credibility, o.credibility);
    copy_column(h.score, o.score);
    copy_column(h.lower, o.lower);
    copy_column(h.upper, o.upper);
    copy_column(h.change, o.change);
    copy_column(history->source_end, o.source_end);
    if (o.contributions) {
      const std::size_t cells = h.rows() * h.factors;
      if (h.contributions.size() == cells)
        std::copy(h.contributions.begin(), h.contributions.end(), o.contributions);
      else  // not explained
        std::fill_n(o.contributions, cells, std::numeric_limits<double>::quiet_NaN());
    }
  });
}

int trustscore_history_sources(const trustscore_history* history, char* buf, int64_t capacity,
                               int64_t* length) {
  return guard(__func__, [&] {
    need(history, "history");
    copy_out(history->sources, buf, capacity, length);
  });
}

}  // extern "C"

namespace {

// The checks of trustscore_score_as_of and _as_of_ids before the ids are
// read: the model, a journaled store with history, the outputs, a finite
// as_of, the count.
trustscore::ScoreOptions as_of_options(const trustscore_model* model, const trustscore_store* store,
                                       const trustscore_score_options* options, int64_t count,
                                       const trustscore_score_outputs* outputs) {
  need(model, "model");
  history_journal(store);
  check_outputs_struct(outputs);
  trustscore::ScoreOptions opts = read_options(options);
  if (!std::isfinite(opts.as_of))
    fail(Status::invalid_argument,
         "options->as_of must be a finite time (unix seconds): the time to score as of");
  need_non_negative(count, "count");
  return opts;
}

// Scores the ids as of opts.as_of into *outputs (checked by as_of_options).
void write_scores_as_of(const trustscore_model* model, const trustscore_store* store,
                        trustscore::ScoreOptions opts, const std::string_view* ids, int64_t count,
                        int64_t* unknown, trustscore_score_outputs* outputs) {
  const trustscore::JournaledStore& journal = history_journal(store);
  const trustscore::KernelOutput<double> out = checked_outputs(outputs, count);
  opts.explain = out.contributions || out.gains || out.best_lever;
  const trustscore::Scores s = trustscore::score_ids_as_of(journal, model->model, ids, count, opts);
  copy_column(s.score, out.score);
  copy_column(s.lower, out.lower);
  copy_column(s.upper, out.upper);
  copy_column(s.contributions, out.contributions);
  copy_column(s.gains, out.gains);
  copy_column(s.best_lever, out.best_lever);
  if (unknown) *unknown = s.unknown;
  write_summary(outputs, s);
}

}  // namespace

extern "C" {

int trustscore_score_as_of(const trustscore_model* model, const trustscore_store* store,
                           const trustscore_score_options* options, int64_t count,
                           const char* const* entity_ids, int64_t* unknown,
                           trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    const trustscore::ScoreOptions opts = as_of_options(model, store, options, count, outputs);
    if (count > 0) need(entity_ids, "entity_ids");
    std::vector<std::string_view> ids(static_cast<std::size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      if (entity_ids[i] == nullptr)
        fail(Status::invalid_argument, "entity_ids[" + std::to_string(i) + "] is NULL");
      ids[static_cast<std::size_t>(i)] = entity_ids[i];
    }
    write_scores_as_of(model, store, opts, ids.data(), count, unknown, outputs);
  });
}

int trustscore_score_as_of_ids(const trustscore_model* model, const trustscore_store* store,
                               const trustscore_score_options* options, int64_t count,
                               const trustscore_id_table* entities, int64_t* unknown,
                               trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    const trustscore::ScoreOptions opts = as_of_options(model, store, options, count, outputs);
    const std::vector<std::string_view> ids = IdTable(entities, count, "entities").item_views();
    write_scores_as_of(model, store, opts, ids.data(), count, unknown, outputs);
  });
}

int trustscore_store_retract_source(trustscore_store* store, const char* source, int32_t durability,
                                    int64_t* retracted) {
  return guard(__func__, [&] {
    trustscore::JournaledStore& journal = history_journal(store);
    need(source, "source");
    const std::int64_t n =
        trustscore::retract_source(journal, source, retract_durability(durability));
    if (retracted) *retracted = n;
  });
}

}  // extern "C"
