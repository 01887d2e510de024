// The C ABI's scoring: options and outputs structs, score calls, factor trust.
#include "scoring.hpp"

#include <algorithm>
#include <iterator>
#include <limits>

#include "id_table.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/score.hpp"
#include "trustscore/score_entities.hpp"

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;

namespace {

// The structs' size in each version, oldest first (guard.hpp,
// read_versioned): a new version appends fields and its size here.
constexpr std::size_t options_sizes[] = {sizeof(trustscore_score_options)};
constexpr std::size_t outputs_sizes[] = {sizeof(trustscore_score_outputs)};
static_assert(std::size(options_sizes) == TRUSTSCORE_SCORE_OPTIONS_VERSION);
static_assert(std::size(outputs_sizes) == TRUSTSCORE_SCORE_OUTPUTS_VERSION);

// The defaults, the C++ struct's (written once there), in the newest layout.
trustscore_score_options default_options() {
  const trustscore::ScoreOptions defaults;
  trustscore_score_options o{};
  o.version = TRUSTSCORE_SCORE_OPTIONS_VERSION;
  o.threads = defaults.threads;
  o.profile = nullptr;
  o.as_of = defaults.as_of;
  o.confidence = defaults.confidence;
  return o;
}

trustscore_score_outputs default_outputs() {
  trustscore_score_outputs o{};
  o.version = TRUSTSCORE_SCORE_OUTPUTS_VERSION;
  o.baseline = std::numeric_limits<double>::quiet_NaN();
  o.as_of = std::numeric_limits<double>::quiet_NaN();
  return o;
}

}  // namespace

namespace trustscore::c_api {

// Declared in scoring.hpp.
trustscore::ScoreOptions read_options(const trustscore_score_options* options) {
  trustscore::ScoreOptions opts;
  if (!options) return opts;
  check_version(options->version, TRUSTSCORE_SCORE_OPTIONS_VERSION, "options",
                "trustscore_score_options_init_version");
  const auto given = read_versioned(*options, default_options(), options_sizes);
  if (given.threads < 0) fail(Status::invalid_argument, "options->threads is negative");
  opts.threads = given.threads;
  if (given.profile) opts.profile = given.profile;
  opts.as_of = given.as_of;
  opts.confidence = given.confidence;
  return opts;
}

void check_outputs_struct(const trustscore_score_outputs* outputs) {
  need(outputs, "outputs");
  // Version 1 has every field read and written here; a later version's
  // fields are read and written only when outputs->version has them.
  check_version(outputs->version, TRUSTSCORE_SCORE_OUTPUTS_VERSION, "outputs",
                "trustscore_score_outputs_init_version");
  if (outputs->reserved != 0) fail(Status::invalid_argument, "outputs->reserved is not 0");
}

trustscore::KernelOutput<double> checked_outputs(const trustscore_score_outputs* outputs,
                                                 int64_t rows) {
  need_non_negative(outputs->capacity, "outputs->capacity");
  const bool any = outputs->score || outputs->lower || outputs->upper || outputs->contributions ||
                   outputs->gains || outputs->best_lever;
  if (any) need_room(outputs->capacity, rows, "outputs->capacity", "entities");
  return {outputs->score,         outputs->lower, outputs->upper,
          outputs->contributions, outputs->gains, outputs->best_lever};
}

void write_summary(trustscore_score_outputs* outputs, const trustscore::ScoreSummary& summary) {
  outputs->baseline = summary.baseline;
  outputs->as_of = summary.as_of;
}

}  // namespace trustscore::c_api

extern "C" {

int trustscore_score_options_init(trustscore_score_options* options) {
  return guard(__func__, [&] {
    need(options, "options");
    *options = default_options();
  });
}

int trustscore_score_options_init_version(trustscore_score_options* options, int32_t version) {
  return guard(__func__, [&] {
    need(options, "options");
    check_version(version, TRUSTSCORE_SCORE_OPTIONS_VERSION, "options",
                  "trustscore_score_options_init_version");
    auto defaults = default_options();
    defaults.version = version;
    write_versioned(options, defaults, version, options_sizes);
  });
}

int trustscore_score(const trustscore_model* model, const trustscore_store* store,
                     const trustscore_score_options* options, double* score, int64_t score_capacity,
                     double* lower, int64_t lower_capacity, double* upper, int64_t upper_capacity,
                     double* contributions, int64_t contributions_capacity, double* gains,
                     int64_t gains_capacity, int32_t* best_lever, int64_t best_lever_capacity,
                     double* baseline) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    const trustscore::ScoreOptions opts = read_options(options);
    // Held from the entity count to the end of scoring: the store may not
    // grow between the capacity checks and the writes.
    const auto lock = store->evidence().read_lock();
    const auto n = static_cast<int64_t>(store->evidence().entity_count());
    const auto nf = n * static_cast<int64_t>(store->evidence().factor_count());
    trustscore::KernelOutput<double> out;
    out.score = optional_output(score, score_capacity, n, "score");
    out.lower = optional_output(lower, lower_capacity, n, "lower");
    out.upper = optional_output(upper, upper_capacity, n, "upper");
    out.contributions = optional_output(contributions, contributions_capacity, nf, "contributions");
    out.gains = optional_output(gains, gains_capacity, nf, "gains");
    out.best_lever = optional_output(best_lever, best_lever_capacity, n, "best_lever");
    const auto summary = trustscore::detail::score_held(model->model, store->evidence(), opts, out);
    if (baseline) *baseline = summary.baseline;
  });
}

int trustscore_score_outputs_init(trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    need(outputs, "outputs");
    *outputs = default_outputs();
  });
}

int trustscore_score_outputs_init_version(trustscore_score_outputs* outputs, int32_t version) {
  return guard(__func__, [&] {
    need(outputs, "outputs");
    check_version(version, TRUSTSCORE_SCORE_OUTPUTS_VERSION, "outputs",
                  "trustscore_score_outputs_init_version");
    auto defaults = default_outputs();
    defaults.version = version;
    write_versioned(outputs, defaults, version, outputs_sizes);
  });
}

int trustscore_score_into(const trustscore_model* model, const trustscore_store* store,
                          const trustscore_score_options* options,
                          trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    check_outputs_struct(outputs);
    const trustscore::ScoreOptions opts = read_options(options);
    // Held from the entity count to the end of scoring (see trustscore_score).
    const auto lock = store->evidence().read_lock();
    const auto n = static_cast<int64_t>(store->evidence().entity_count());
    const trustscore::KernelOutput<double> out = checked_outputs(outputs, n);
    write_summary(outputs,
                  trustscore::detail::score_held(model->model, store->evidence(), opts, out));
  });
}

int trustscore_score_entities(const trustscore_model* model, const trustscore_store* store,
                              const trustscore_score_options* options, int64_t count,
                              const char* const* entity_ids, const int64_t* entity_index,
                              int64_t* index_out, int64_t* unknown,
                              trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    check_outputs_struct(outputs);
    const trustscore::ScoreOptions opts = read_options(options);
    need_non_negative(count, "count");
    if (count > 0 && entity_ids == nullptr)
      need(entity_index, "entity_index (with entity_ids NULL)");
    if (entity_ids)
      for (int64_t i = 0; i < count; ++i)
        if (entity_ids[i] == nullptr)
          fail(Status::invalid_argument, "entity_ids[" + std::to_string(i) + "] is NULL");
    const trustscore::KernelOutput<double> out = checked_outputs(outputs, count);
    trustscore::ScoreSummary summary;
    if (entity_ids) {
      summary = trustscore::score_ids_into(model->model, store->evidence(), entity_ids, count, opts,
                                           out, index_out);
    } else {
      summary = trustscore::score_entities_into(model->model, store->evidence(), entity_index,
                                                count, opts, out);
      if (index_out) std::copy(entity_index, entity_index + count, index_out);
    }
    if (unknown) *unknown = summary.unknown;
    write_summary(outputs, summary);
  });
}

int trustscore_score_entities_ids(const trustscore_model* model, const trustscore_store* store,
                                  const trustscore_score_options* options, int64_t count,
                                  const trustscore_id_table* entities, int64_t* index_out,
                                  int64_t* unknown, trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    check_outputs_struct(outputs);
    const trustscore::ScoreOptions opts = read_options(options);
    const IdTable table(entities, count, "entities");
    const trustscore::KernelOutput<double> out = checked_outputs(outputs, count);
    std::vector<int64_t> own(index_out ? 0 : static_cast<std::size_t>(count));
    int64_t* index = index_out ? index_out : own.data();
    const int64_t n_unknown = table.find_in(store->evidence(), index);
    // Entities are never dropped, so the indices stay valid for the score.
    trustscore::ScoreSummary summary = trustscore::detail::score_chosen(
        model->model, store->evidence(), index, count, true, opts, out);
    summary.unknown = n_unknown;
    if (unknown) *unknown = n_unknown;
    write_summary(outputs, summary);
  });
}

int trustscore_factor_trust(const trustscore_model* model, const trustscore_store* store,
                            const trustscore_score_options* options, double* out,
                            int64_t capacity) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    const trustscore::ScoreOptions opts = read_options(options);
    const auto lock = store->evidence().read_lock();  // factor_trust reads the columns unlocked
    const auto x = trustscore::factor_trust(model->model, store->evidence(), opts);
    required_output(out, capacity, static_cast<int64_t>(x.size()), "out");
    std::copy(x.begin(), x.end(), out);
  });
}

}  // extern "C"
