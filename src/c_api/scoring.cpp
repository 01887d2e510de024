// The C ABI's scoring: options and outputs structs, score calls, factor trust.
#include <algorithm>
#include <iterator>
#include <limits>

#include "guard.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/score.hpp"

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

// Reads a score call's options (NULL: the defaults).
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

}  // namespace

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
    const auto n = static_cast<int64_t>(store->store.entity_count());
    const auto nf = n * static_cast<int64_t>(store->store.factor_count());
    trustscore::KernelOutput<double> out;
    out.score = optional_output(score, score_capacity, n, "score");
    out.lower = optional_output(lower, lower_capacity, n, "lower");
    out.upper = optional_output(upper, upper_capacity, n, "upper");
    out.contributions = optional_output(contributions, contributions_capacity, nf, "contributions");
    out.gains = optional_output(gains, gains_capacity, nf, "gains");
    out.best_lever = optional_output(best_lever, best_lever_capacity, n, "best_lever");
    const auto summary = trustscore::score_into(model->model, store->store, opts, out);
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
    need(outputs, "outputs");
    // Version 1 has every field read and written here; a later version's
    // fields are read and written only when outputs->version has them.
    check_version(outputs->version, TRUSTSCORE_SCORE_OUTPUTS_VERSION, "outputs",
                  "trustscore_score_outputs_init_version");
    if (outputs->reserved != 0) fail(Status::invalid_argument, "outputs->reserved is not 0");
    const trustscore::ScoreOptions opts = read_options(options);
    const auto n = static_cast<int64_t>(store->store.entity_count());
    const bool any = outputs->score || outputs->lower || outputs->upper || outputs->contributions ||
                     outputs->gains || outputs->best_lever;
    need_non_negative(outputs->capacity, "outputs->capacity");
    if (any) need_room(outputs->capacity, n, "outputs->capacity", "entities");
    const trustscore::KernelOutput<double> out{outputs->score, outputs->lower,
                                               outputs->upper, outputs->contributions,
                                               outputs->gains, outputs->best_lever};
    const auto summary = trustscore::score_into(model->model, store->store, opts, out);
    outputs->baseline = summary.baseline;
    outputs->as_of = summary.as_of;
  });
}

int trustscore_factor_trust(const trustscore_model* model, const trustscore_store* store,
                            const trustscore_score_options* options, double* out,
                            int64_t capacity) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    const auto x = trustscore::factor_trust(model->model, store->store, read_options(options));
    required_output(out, capacity, static_cast<int64_t>(x.size()), "out");
    std::copy(x.begin(), x.end(), out);
  });
}

}  // extern "C"
