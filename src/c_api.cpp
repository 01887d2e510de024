// The C ABI. Every entry point runs its body through guard(), which turns any
// C++ exception into a status and a thread-local message: nothing throws
// across the boundary. Argument checks name the argument in the message.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model_json.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/error.hpp"
#include "trustscore/eval/calibration.hpp"
#include "trustscore/eval/harness.hpp"
#include "trustscore/eval/logistic.hpp"
#include "trustscore/eval/metrics.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/graph/credibility.hpp"
#include "trustscore/graph/edge_prediction_json.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"
#include "trustscore/graph/ratings_csv.hpp"
#include "trustscore/model.hpp"
#include "trustscore/persist.hpp"
#include "trustscore/score.hpp"
#include "trustscore/trustscore.h"

struct trustscore_model {
  trustscore::Model model;
};

struct trustscore_store {
  trustscore::EvidenceStore store;
};

namespace {

using trustscore::fail;
using trustscore::Status;

thread_local std::string last_error;

template <class Body>
int guard(const char* function, Body&& body) noexcept {
  try {
    last_error.clear();
    body();
    return TRUSTSCORE_OK;
  } catch (const trustscore::Error& e) {
    last_error = std::string(function) + ": " + e.what();
    return static_cast<int>(e.status());
  } catch (const std::bad_alloc&) {
    last_error = std::string(function) + ": out of memory";
    return TRUSTSCORE_E_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    last_error = std::string(function) + ": internal error: " + e.what();
    return TRUSTSCORE_E_INTERNAL;
  } catch (...) {
    last_error = std::string(function) + ": internal error: unknown exception";
    return TRUSTSCORE_E_INTERNAL;
  }
}

void need(const void* pointer, const char* name) {
  if (pointer == nullptr) fail(Status::invalid_argument, std::string(name) + " is NULL");
}

// Copies text into a caller's buffer following the header's string rules.
void copy_out(const std::string& text, char* buf, std::int64_t capacity, std::int64_t* length) {
  need(length, "length");
  if (capacity < 0) fail(Status::invalid_argument, "capacity is negative");
  if (buf == nullptr && capacity != 0)
    fail(Status::invalid_argument, "buf is NULL but capacity is not 0");
  const auto n = static_cast<std::int64_t>(text.size());
  *length = n;
  if (buf == nullptr) return;
  if (capacity < n + 1)
    fail(Status::buffer_too_small, "buf holds " + std::to_string(capacity) + " bytes, " +
                                       std::to_string(n + 1) + " are needed");
  std::memcpy(buf, text.c_str(), static_cast<std::size_t>(n) + 1);
}

// An output array: NULL skips it; otherwise it must hold `needed` elements.
template <class T>
T* output(T* data, std::int64_t capacity, std::int64_t needed, const char* name) {
  if (capacity < 0) fail(Status::invalid_argument, std::string(name) + "_capacity is negative");
  if (data == nullptr) {
    if (capacity != 0)
      fail(Status::invalid_argument, std::string(name) + " is NULL but its capacity is not 0");
    return nullptr;
  }
  if (capacity < needed)
    fail(Status::buffer_too_small, std::string(name) + " holds " + std::to_string(capacity) +
                                       " elements, " + std::to_string(needed) + " are needed");
  return data;
}

std::size_t index_in(std::int64_t index, std::size_t size, const char* name) {
  if (index < 0 || static_cast<std::uint64_t>(index) >= size)
    fail(Status::invalid_argument, std::string(name) + " " + std::to_string(index) +
                                       " out of range [0, " + std::to_string(size) + ")");
  return static_cast<std::size_t>(index);
}

}  // namespace

extern "C" {

const char* trustscore_version(void) { return TRUSTSCORE_VERSION_STRING; }

int trustscore_abi_version(void) { return TRUSTSCORE_ABI_VERSION; }

const char* trustscore_status_str(int status) {
  switch (status) {
    case TRUSTSCORE_OK:
      return "ok";
    case TRUSTSCORE_E_INVALID_ARGUMENT:
      return "invalid argument";
    case TRUSTSCORE_E_OUT_OF_MEMORY:
      return "out of memory";
    case TRUSTSCORE_E_BUFFER_TOO_SMALL:
      return "buffer too small";
    case TRUSTSCORE_E_BAD_FORMAT:
      return "bad format";
    case TRUSTSCORE_E_VERSION_MISMATCH:
      return "version mismatch";
    case TRUSTSCORE_E_INTERNAL:
      return "internal error";
    case TRUSTSCORE_E_IO:
      return "i/o error";
    default:
      return "unknown status";
  }
}

const char* trustscore_last_error(void) { return last_error.c_str(); }

// ---- Model -----------------------------------------------------------------

int trustscore_model_create(trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    *out = new trustscore_model{};
  });
}

int trustscore_model_from_json(const char* json, int64_t length, trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(json, "json");
    if (length < 0) fail(Status::invalid_argument, "length is negative");
    auto model = trustscore::config::model_from_json(
        std::string_view(json, static_cast<std::size_t>(length)));
    *out = new trustscore_model{std::move(model)};
  });
}

int trustscore_model_to_json(const trustscore_model* model, char* buf, int64_t capacity,
                             int64_t* length) {
  return guard(__func__, [&] {
    need(model, "model");
    copy_out(trustscore::config::model_to_json(model->model), buf, capacity, length);
  });
}

void trustscore_model_free(trustscore_model* model) { delete model; }

int trustscore_model_factor_count(const trustscore_model* model, int64_t* count) {
  return guard(__func__, [&] {
    need(model, "model");
    need(count, "count");
    *count = static_cast<int64_t>(model->model.factor_count());
  });
}

int trustscore_model_factor_id(const trustscore_model* model, int64_t index, char* buf,
                               int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(model, "model");
    const std::size_t f = index_in(index, model->model.factor_count(), "index");
    copy_out(model->model.factors()[f].id, buf, capacity, length);
  });
}

int trustscore_model_factor_index(const trustscore_model* model, const char* id, int64_t* index) {
  return guard(__func__, [&] {
    need(model, "model");
    need(id, "id");
    need(index, "index");
    *index = static_cast<int64_t>(model->model.factors().index_of(id));
  });
}

int trustscore_model_profile_count(const trustscore_model* model, int64_t* count) {
  return guard(__func__, [&] {
    need(model, "model");
    need(count, "count");
    *count = static_cast<int64_t>(model->model.profiles().size());
  });
}

int trustscore_model_profile_name(const trustscore_model* model, int64_t index, char* buf,
                                  int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(model, "model");
    const std::size_t p = index_in(index, model->model.profiles().size(), "index");
    copy_out(model->model.profiles()[p].name, buf, capacity, length);
  });
}

// ---- Evidence store --------------------------------------------------------

int trustscore_store_create(const trustscore_model* model, trustscore_store** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(model, "model");
    *out = new trustscore_store{trustscore::EvidenceStore(model->model)};
  });
}

void trustscore_store_free(trustscore_store* store) { delete store; }

int trustscore_store_entity_count(const trustscore_store* store, int64_t* count) {
  return guard(__func__, [&] {
    need(store, "store");
    need(count, "count");
    *count = static_cast<int64_t>(store->store.entity_count());
  });
}

int trustscore_store_factor_count(const trustscore_store* store, int64_t* count) {
  return guard(__func__, [&] {
    need(store, "store");
    need(count, "count");
    *count = static_cast<int64_t>(store->store.factor_count());
  });
}

int trustscore_store_factor_id(const trustscore_store* store, int64_t index, char* buf,
                               int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(store, "store");
    const std::size_t f = index_in(index, store->store.factor_count(), "index");
    copy_out(store->store.factors()[f].id, buf, capacity, length);
  });
}

int trustscore_store_entity_id(const trustscore_store* store, int64_t index, char* buf,
                               int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(store, "store");
    const std::size_t e = index_in(index, store->store.entity_count(), "index");
    copy_out(store->store.entity_id(e), buf, capacity, length);
  });
}

int trustscore_store_entity_index(const trustscore_store* store, const char* id, int64_t* index) {
  return guard(__func__, [&] {
    need(store, "store");
    need(id, "id");
    need(index, "index");
    *index = store->store.find_entity(id);
  });
}

int trustscore_store_latest_time(const trustscore_store* store, double* time) {
  return guard(__func__, [&] {
    need(store, "store");
    need(time, "time");
    *time = store->store.latest_time();
  });
}

int trustscore_store_add_signals(trustscore_store* store, int64_t count,
                                 const char* const* entity_ids, const int64_t* entity_index,
                                 const int32_t* factor, const double* value, const double* weight,
                                 const double* time, const double* credibility,
                                 double default_time) {
  return guard(__func__, [&] {
    need(store, "store");
    if (count < 0) fail(Status::invalid_argument, "count is negative");
    trustscore::SignalBatch batch;
    batch.size = count;
    if (count > 0) {
      if (entity_ids == nullptr) need(entity_index, "entity_index (with entity_ids NULL)");
      need(factor, "factor");
      need(value, "value");
      if (entity_ids)
        for (int64_t i = 0; i < count; ++i)
          if (entity_ids[i] == nullptr)
            fail(Status::invalid_argument, "entity_ids[" + std::to_string(i) + "] is NULL");
    }
    batch.entity = entity_index;
    batch.factor = factor;
    batch.value = value;
    batch.weight = weight;
    batch.time = time;
    batch.credibility = credibility;
    const trustscore::IngestOptions options{default_time};
    if (entity_ids)
      store->store.add(entity_ids, batch, options);
    else
      store->store.add(batch, options);
  });
}

int trustscore_store_add_csv(trustscore_store* store, const char* path, int skip_bad_rows,
                             double default_time, int64_t* added, int64_t* skipped) {
  return guard(__func__, [&] {
    need(store, "store");
    need(path, "path");
    trustscore::CsvOptions options;
    options.skip_bad_rows = skip_bad_rows != 0;
    options.default_time = default_time;
    const trustscore::CsvReport report = trustscore::ingest_csv_file(store->store, path, options);
    if (added) *added = report.signals;
    if (skipped) *skipped = report.skipped;
  });
}

// ---- Scoring -----------------------------------------------------------------

int trustscore_score_options_init(trustscore_score_options* options) {
  return guard(__func__, [&] {
    need(options, "options");
    options->version = TRUSTSCORE_SCORE_OPTIONS_VERSION;
    options->threads = 0;
    options->profile = nullptr;
    options->as_of = std::numeric_limits<double>::quiet_NaN();
    options->confidence = 0.95;
  });
}

namespace {

// A versioned struct's version must be the one this library reads.
void check_version(std::int32_t got, std::int32_t expected, const char* name, const char* init) {
  if (got != expected)
    fail(Status::version_mismatch, std::string(name) + "->version is " + std::to_string(got) +
                                       ", this library reads " + std::to_string(expected) +
                                       " (call " + init + ")");
}

// Reads a score call's options (NULL: the defaults).
trustscore::ScoreOptions read_options(const trustscore_score_options* options) {
  trustscore::ScoreOptions opts;
  if (!options) return opts;
  check_version(options->version, TRUSTSCORE_SCORE_OPTIONS_VERSION, "options",
                "trustscore_score_options_init");
  if (options->threads < 0) fail(Status::invalid_argument, "options->threads is negative");
  opts.threads = options->threads;
  if (options->profile) opts.profile = options->profile;
  opts.as_of = options->as_of;
  opts.confidence = options->confidence;
  return opts;
}

}  // namespace

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
    out.score = output(score, score_capacity, n, "score");
    out.lower = output(lower, lower_capacity, n, "lower");
    out.upper = output(upper, upper_capacity, n, "upper");
    out.contributions = output(contributions, contributions_capacity, nf, "contributions");
    out.gains = output(gains, gains_capacity, nf, "gains");
    out.best_lever = output(best_lever, best_lever_capacity, n, "best_lever");
    const auto summary = trustscore::score_into(model->model, store->store, opts, out);
    if (baseline) *baseline = summary.baseline;
  });
}

int trustscore_score_outputs_init(trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    need(outputs, "outputs");
    *outputs = trustscore_score_outputs{};
    outputs->version = TRUSTSCORE_SCORE_OUTPUTS_VERSION;
    outputs->baseline = std::numeric_limits<double>::quiet_NaN();
    outputs->as_of = std::numeric_limits<double>::quiet_NaN();
  });
}

int trustscore_score_into(const trustscore_model* model, const trustscore_store* store,
                          const trustscore_score_options* options,
                          trustscore_score_outputs* outputs) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    need(outputs, "outputs");
    check_version(outputs->version, TRUSTSCORE_SCORE_OUTPUTS_VERSION, "outputs",
                  "trustscore_score_outputs_init");
    if (outputs->reserved != 0) fail(Status::invalid_argument, "outputs->reserved is not 0");
    const trustscore::ScoreOptions opts = read_options(options);
    const auto n = static_cast<int64_t>(store->store.entity_count());
    const bool any = outputs->score || outputs->lower || outputs->upper || outputs->contributions ||
                     outputs->gains || outputs->best_lever;
    if (outputs->capacity < 0) fail(Status::invalid_argument, "outputs->capacity is negative");
    if (any && outputs->capacity < n)
      fail(Status::buffer_too_small, "outputs->capacity is " + std::to_string(outputs->capacity) +
                                         " entities, the store has " + std::to_string(n));
    const trustscore::KernelOutput<double> out{outputs->score, outputs->lower,
                                               outputs->upper, outputs->contributions,
                                               outputs->gains, outputs->best_lever};
    const auto summary = trustscore::score_into(model->model, store->store, opts, out);
    outputs->baseline = summary.baseline;
    outputs->as_of = summary.as_of;
  });
}

}  // extern "C"

// ---- Saving and loading ------------------------------------------------------

namespace {

trustscore::ArchiveFormat archive_of(int archive) {
  if (archive < TRUSTSCORE_ARCHIVE_BINARY || archive > TRUSTSCORE_ARCHIVE_XML)
    fail(
        Status::invalid_argument,
        "archive must be TRUSTSCORE_ARCHIVE_BINARY, _TEXT or _XML, not " + std::to_string(archive));
  return static_cast<trustscore::ArchiveFormat>(archive);
}

// A library-owned copy of bytes, freed by trustscore_buffer_free.
void hand_out(const std::vector<unsigned char>& bytes, void** data, int64_t* length) {
  void* copy = std::malloc(bytes.empty() ? 1 : bytes.size());
  if (!copy) throw std::bad_alloc();
  std::memcpy(copy, bytes.data(), bytes.size());
  *data = copy;
  *length = static_cast<int64_t>(bytes.size());
}

void need_input(const void* data, int64_t length) {
  if (length < 0) fail(Status::invalid_argument, "length is negative");
  if (length > 0) need(data, "data");
}

}  // namespace

int trustscore_model_save(const trustscore_model* model, const char* path, int archive) {
  return guard(__func__, [&] {
    need(model, "model");
    need(path, "path");
    trustscore::save_model_file(model->model, path, archive_of(archive));
  });
}

int trustscore_model_load(const char* path, trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(path, "path");
    *out = new trustscore_model{trustscore::load_model_file(path)};
  });
}

int trustscore_model_save_buffer(const trustscore_model* model, int archive, void** data,
                                 int64_t* length) {
  return guard(__func__, [&] {
    need(data, "data");
    *data = nullptr;
    need(length, "length");
    need(model, "model");
    hand_out(trustscore::save_model(model->model, archive_of(archive)), data, length);
  });
}

int trustscore_model_load_buffer(const void* data, int64_t length, trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need_input(data, length);
    *out = new trustscore_model{
        trustscore::load_model(data ? data : "", static_cast<std::size_t>(length))};
  });
}

int trustscore_store_save(const trustscore_store* store, const char* path, int archive) {
  return guard(__func__, [&] {
    need(store, "store");
    need(path, "path");
    trustscore::save_store_file(store->store, path, archive_of(archive));
  });
}

int trustscore_store_load(const char* path, trustscore_store** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(path, "path");
    *out = new trustscore_store{trustscore::load_store_file(path)};
  });
}

int trustscore_store_save_buffer(const trustscore_store* store, int archive, void** data,
                                 int64_t* length) {
  return guard(__func__, [&] {
    need(data, "data");
    *data = nullptr;
    need(length, "length");
    need(store, "store");
    hand_out(trustscore::save_store(store->store, archive_of(archive)), data, length);
  });
}

int trustscore_store_load_buffer(const void* data, int64_t length, trustscore_store** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need_input(data, length);
    *out = new trustscore_store{
        trustscore::load_store(data ? data : "", static_cast<std::size_t>(length))};
  });
}

void trustscore_buffer_free(void* data) { std::free(data); }

namespace {

void report(const trustscore::SavedInfo& info, int* content, int* archive, int* version,
            int64_t* payload_bytes) {
  if (content) *content = static_cast<int>(info.content);
  if (archive) *archive = static_cast<int>(info.format);
  if (version) *version = static_cast<int>(info.version);
  if (payload_bytes) *payload_bytes = static_cast<int64_t>(info.payload_bytes);
}

}  // namespace

int trustscore_inspect_buffer(const void* data, int64_t length, int* content, int* archive,
                              int* version, int64_t* payload_bytes) {
  return guard(__func__, [&] {
    need_input(data, length);
    report(trustscore::inspect(data ? data : "", static_cast<std::size_t>(length)), content,
           archive, version, payload_bytes);
  });
}

int trustscore_inspect_file(const char* path, int* content, int* archive, int* version,
                            int64_t* payload_bytes) {
  return guard(__func__, [&] {
    need(path, "path");
    report(trustscore::inspect_file(path), content, archive, version, payload_bytes);
  });
}

// ---- Trust graphs --------------------------------------------------------------

struct trustscore_graph {
  trustscore::TrustGraph graph;
  trustscore::GraphNodes nodes;  // empty for a graph from arrays: ids are indices
};

namespace {

trustscore::GraphOptions graph_options(double rating_min, double rating_max, int duplicates,
                                       int self_loops) {
  if (duplicates < TRUSTSCORE_DUPLICATES_MEAN || duplicates > TRUSTSCORE_DUPLICATES_ERROR)
    fail(Status::invalid_argument,
         "duplicates must be a TRUSTSCORE_DUPLICATES_* value, not " + std::to_string(duplicates));
  if (self_loops < TRUSTSCORE_SELF_LOOPS_DROP || self_loops > TRUSTSCORE_SELF_LOOPS_ERROR)
    fail(Status::invalid_argument,
         "self_loops must be a TRUSTSCORE_SELF_LOOPS_* value, not " + std::to_string(self_loops));
  trustscore::GraphOptions o;
  o.rating_min = rating_min;
  o.rating_max = rating_max;
  o.duplicates = static_cast<trustscore::DuplicateEdges>(duplicates);
  o.self_loops = static_cast<trustscore::SelfLoops>(self_loops);
  return o;
}

}  // namespace

int trustscore_graph_create(int64_t nodes, const int64_t* source, const int64_t* target,
                            const double* rating, int64_t edges, double rating_min,
                            double rating_max, int duplicates, int self_loops,
                            trustscore_graph** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    if (edges > 0) {
      need(source, "source");
      need(target, "target");
      need(rating, "rating");
    }
    const auto o = graph_options(rating_min, rating_max, duplicates, self_loops);
    *out =
        new trustscore_graph{trustscore::TrustGraph(nodes, source, target, rating, edges, o), {}};
  });
}

int trustscore_graph_load_csv(const char* path, double rating_min, double rating_max,
                              int duplicates, int self_loops, trustscore_graph** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(path, "path");
    const auto o = graph_options(rating_min, rating_max, duplicates, self_loops);
    trustscore::RatingsTable table = trustscore::read_ratings_csv_file(path);
    trustscore::TrustGraph graph = table.graph(o);
    *out = new trustscore_graph{std::move(graph), std::move(table.nodes)};
  });
}

int trustscore_graph_node_id(const trustscore_graph* graph, int64_t index, char* buf,
                             int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(graph, "graph");
    const std::size_t i =
        index_in(index, static_cast<std::size_t>(graph->graph.node_count()), "index");
    copy_out(graph->nodes.size() ? graph->nodes.ids()[i] : std::to_string(i), buf, capacity,
             length);
  });
}

int trustscore_graph_node_index(const trustscore_graph* graph, const char* id, int64_t* index) {
  return guard(__func__, [&] {
    need(graph, "graph");
    need(id, "id");
    need(index, "index");
    if (graph->nodes.size()) {
      *index = graph->nodes.find(id);
      return;
    }
    // A graph from arrays: ids are the indices in decimal, exactly as node_id writes them.
    std::int64_t i = -1;
    const std::string text = id;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
    const bool canonical = ec == std::errc() && end == text.data() + text.size() &&
                           std::to_string(i) == text && i >= 0 && i < graph->graph.node_count();
    *index = canonical ? i : -1;
  });
}

void trustscore_graph_free(trustscore_graph* graph) { delete graph; }

int trustscore_graph_counts(const trustscore_graph* graph, int64_t* nodes, int64_t* edges) {
  return guard(__func__, [&] {
    need(graph, "graph");
    if (nodes) *nodes = graph->graph.node_count();
    if (edges) *edges = graph->graph.edge_count();
  });
}

namespace {

void need_capacity(const double* out, int64_t capacity, int64_t nodes, const char* name) {
  need(out, name);
  if (capacity < nodes)
    fail(Status::buffer_too_small, std::string(name) + " holds " + std::to_string(capacity) +
                                       " values, the graph has " + std::to_string(nodes) +
                                       " nodes");
}

}  // namespace

namespace {

trustscore::EigenTrustOptions eigentrust_options(double alpha, const int64_t* seeds,
                                                 int64_t seed_count, double tolerance,
                                                 int64_t max_iterations) {
  if (seed_count < 0) fail(Status::invalid_argument, "seed_count is negative");
  if (seed_count > 0) need(seeds, "seeds");
  trustscore::EigenTrustOptions o;
  o.alpha = alpha;
  o.tolerance = tolerance;
  o.max_iterations = max_iterations;
  if (seed_count > 0) o.seeds.assign(seeds, seeds + seed_count);
  return o;
}

void write_eigentrust(const trustscore::EigenTrustResult& r, double* trust, int64_t* iterations,
                      double* residual) {
  std::copy(r.trust.begin(), r.trust.end(), trust);
  if (iterations) *iterations = r.iterations;
  if (residual) *residual = r.residual;
}

}  // namespace

int trustscore_eigentrust(const trustscore_graph* graph, double alpha, const int64_t* seeds,
                          int64_t seed_count, double tolerance, int64_t max_iterations,
                          double* trust, int64_t capacity, int64_t* iterations, double* residual) {
  return guard(__func__, [&] {
    need(graph, "graph");
    const auto o = eigentrust_options(alpha, seeds, seed_count, tolerance, max_iterations);
    need_capacity(trust, capacity, graph->graph.node_count(), "trust");
    write_eigentrust(trustscore::eigentrust(graph->graph, o), trust, iterations, residual);
  });
}

int trustscore_eigentrust_edges(int64_t nodes, const int64_t* source, const int64_t* target,
                                const double* rating, int64_t edges, double rating_min,
                                double rating_max, int duplicates, int self_loops, double alpha,
                                const int64_t* seeds, int64_t seed_count, double tolerance,
                                int64_t max_iterations, double* trust, int64_t capacity,
                                int64_t* iterations, double* residual) {
  return guard(__func__, [&] {
    if (edges > 0) {
      need(source, "source");
      need(target, "target");
      need(rating, "rating");
    }
    const auto g = graph_options(rating_min, rating_max, duplicates, self_loops);
    const auto o = eigentrust_options(alpha, seeds, seed_count, tolerance, max_iterations);
    if (nodes < 0) fail(Status::invalid_argument, "node count is negative");
    need_capacity(trust, capacity, nodes, "trust");
    write_eigentrust(trustscore::eigentrust(nodes, source, target, rating, edges, g, o), trust,
                     iterations, residual);
  });
}

int trustscore_graph_credibility(const trustscore_graph* graph, int rule, double* credibility,
                                 int64_t capacity, double* unknown) {
  return guard(__func__, [&] {
    need(graph, "graph");
    if (rule != TRUSTSCORE_CREDIBILITY_EIGENTRUST && rule != TRUSTSCORE_CREDIBILITY_FAIRNESS)
      fail(Status::invalid_argument,
           "rule must be TRUSTSCORE_CREDIBILITY_EIGENTRUST or _FAIRNESS, not " +
               std::to_string(rule));
    need_capacity(credibility, capacity, graph->graph.node_count(), "credibility");
    const auto c =
        trustscore::node_credibility(graph->graph, rule == TRUSTSCORE_CREDIBILITY_EIGENTRUST
                                                       ? trustscore::CredibilityRule::eigentrust
                                                       : trustscore::CredibilityRule::fairness);
    std::copy(c.begin(), c.end(), credibility);
    if (unknown) *unknown = trustscore::unknown_credibility(c);
  });
}

int trustscore_fairness_goodness(const trustscore_graph* graph, double tolerance,
                                 int64_t max_iterations, double* fairness, double* goodness,
                                 int64_t capacity, int64_t* iterations) {
  return guard(__func__, [&] {
    need(graph, "graph");
    const int64_t n = graph->graph.node_count();
    need_capacity(fairness, capacity, n, "fairness");
    need_capacity(goodness, capacity, n, "goodness");
    trustscore::FairnessGoodnessOptions o;
    o.tolerance = tolerance;
    o.max_iterations = max_iterations;
    const auto r = trustscore::fairness_goodness(graph->graph, o);
    std::copy(r.fairness.begin(), r.fairness.end(), fairness);
    std::copy(r.goodness.begin(), r.goodness.end(), goodness);
    if (iterations) *iterations = r.iterations;
  });
}

// ---- Evaluation metrics ----------------------------------------------------------

int trustscore_metric(int metric, const double* truth, const double* prediction, int64_t n,
                      int64_t parameter, double* value) {
  namespace m = trustscore::metrics;
  return guard(__func__, [&] {
    need(value, "value");
    if (n < 0) fail(Status::invalid_argument, "n is negative");
    if (n > 0) {
      need(truth, "truth");
      need(prediction, "prediction");
    }
    const bool takes_parameter =
        metric == TRUSTSCORE_METRIC_NDCG || metric == TRUSTSCORE_METRIC_ECE;
    if (!takes_parameter && parameter != 0)
      fail(Status::invalid_argument,
           "parameter must be 0 for this metric, not " + std::to_string(parameter));
    switch (metric) {
      case TRUSTSCORE_METRIC_ROC_AUC:
        *value = m::roc_auc(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_AVERAGE_PRECISION:
        *value = m::average_precision(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_LOG_LOSS:
        *value = m::log_loss(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_BRIER:
        *value = m::brier(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_ECE:
        *value = m::expected_calibration_error(truth, prediction, n, parameter ? parameter : 10);
        break;
      case TRUSTSCORE_METRIC_RMSE:
        *value = m::rmse(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_MAE:
        *value = m::mae(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_PEARSON:
        *value = m::pearson(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_SPEARMAN:
        *value = m::spearman(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_KENDALL_TAU_B:
        *value = m::kendall_tau_b(truth, prediction, n);
        break;
      case TRUSTSCORE_METRIC_NDCG:
        *value = m::ndcg(truth, prediction, n, parameter);
        break;
      default:
        fail(Status::invalid_argument,
             "metric must be a TRUSTSCORE_METRIC_* value, not " + std::to_string(metric));
    }
  });
}

int trustscore_factor_trust(const trustscore_model* model, const trustscore_store* store,
                            const trustscore_score_options* options, double* out,
                            int64_t capacity) {
  return guard(__func__, [&] {
    need(model, "model");
    need(store, "store");
    const auto x = trustscore::factor_trust(model->model, store->store, read_options(options));
    if (!x.empty()) need(out, "out");
    if (capacity < static_cast<int64_t>(x.size()))
      fail(Status::buffer_too_small, "out holds " + std::to_string(capacity) + " values, " +
                                         std::to_string(x.size()) + " are needed");
    std::copy(x.begin(), x.end(), out);
  });
}

namespace {

// The arguments both logistic fits check the same way, as fit options.
trustscore::LogisticFitOptions logistic_fit_arguments(const double* x, const double* y, int64_t f,
                                                      double l2, int non_negative,
                                                      const double* weights, const double* bias) {
  need(y, "y");
  need(bias, "bias");
  if (f < 0) fail(Status::invalid_argument, "f is negative");
  if (f > 0) {
    need(x, "x");
    need(weights, "weights");
  }
  trustscore::LogisticFitOptions o;
  o.l2 = l2;
  o.non_negative = non_negative != 0;
  return o;
}

}  // namespace

int trustscore_fit_logistic(const double* x, const double* y, const double* sample_weight,
                            int64_t n, int64_t f, double l2, int non_negative, double* weights,
                            double* bias, int64_t* iterations) {
  return guard(__func__, [&] {
    const auto o = logistic_fit_arguments(x, y, f, l2, non_negative, weights, bias);
    const auto fit = trustscore::fit_logistic(x, y, n, f, sample_weight, o);
    if (!fit.converged)
      fail(Status::invalid_argument, "fit_logistic: no convergence in " +
                                         std::to_string(fit.iterations) +
                                         " Newton steps (separable data without a penalty?)");
    std::copy(fit.weights.begin(), fit.weights.end(), weights);
    *bias = fit.bias;
    if (iterations) *iterations = fit.iterations;
  });
}

int trustscore_fit_logistic_calibrated(const double* x, const double* y,
                                       const double* sample_weight, int64_t n, int64_t f, double l2,
                                       int non_negative, const int64_t* fold, int64_t folds,
                                       uint64_t seed, double* weights, double* bias, double* platt,
                                       int64_t* iterations) {
  return guard(__func__, [&] {
    const auto o = logistic_fit_arguments(x, y, f, l2, non_negative, weights, bias);
    trustscore::PlattScaling scaling;
    const auto fit = trustscore::fit_logistic_calibrated(x, y, n, f, sample_weight, o, folds, seed,
                                                         fold, &scaling);
    if (!fit.converged)
      fail(Status::invalid_argument, "fit_logistic_calibrated: no convergence in " +
                                         std::to_string(fit.iterations) +
                                         " Newton steps (separable data without a penalty?)");
    std::copy(fit.weights.begin(), fit.weights.end(), weights);
    *bias = fit.bias;
    if (platt) {
      platt[0] = scaling.a;
      platt[1] = scaling.b;
    }
    if (iterations) *iterations = fit.iterations;
  });
}

namespace {

// An options_json object (null: none given); invalid JSON or another type is
// an error. The getters below name the key whose value has the wrong type.
nlohmann::json options_object(const char* text) {
  if (!text) return nlohmann::json::object();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    fail(Status::invalid_argument, std::string("options_json: invalid JSON: ") + e.what());
  }
  if (!j.is_object()) fail(Status::invalid_argument, "options_json must be a JSON object");
  return j;
}

double option_number(const nlohmann::json& v, const std::string& key) {
  if (!v.is_number()) fail(Status::invalid_argument, "options_json: " + key + " must be a number");
  return v.get<double>();
}

std::int64_t option_integer(const nlohmann::json& v, const std::string& key) {
  if (!v.is_number_integer())
    fail(Status::invalid_argument, "options_json: " + key + " must be an integer");
  return v.get<std::int64_t>();
}

bool option_flag(const nlohmann::json& v, const std::string& key) {
  if (!v.is_boolean())
    fail(Status::invalid_argument, "options_json: " + key + " must be true or false");
  return v.get<bool>();
}

std::uint64_t option_seed(const nlohmann::json& v, const std::string& key) {
  const std::int64_t seed = option_integer(v, key);
  if (seed < 0) fail(Status::invalid_argument, "options_json: " + key + " must be >= 0");
  return static_cast<std::uint64_t>(seed);
}

std::vector<std::string> option_names(const nlohmann::json& v, const std::string& key) {
  std::vector<std::string> out;
  if (!v.is_array()) fail(Status::invalid_argument, "options_json: " + key + " must be a list");
  for (const auto& x : v) {
    if (!x.is_string())
      fail(Status::invalid_argument, "options_json: " + key + " must be a list of names");
    out.push_back(x.get<std::string>());
  }
  return out;
}

// EvalOptions from the JSON object of trustscore_evaluate; unknown keys and
// wrong types are errors naming the key.
trustscore::EvalOptions eval_options(const char* text) {
  trustscore::EvalOptions o;
  const nlohmann::json j = options_object(text);  // alive through the loop
  for (const auto& [key, v] : j.items()) {
    if (key == "models") {
      o.models = option_names(v, key);
    } else if (key == "attacks") {
      for (const std::string& a : option_names(v, key))
        o.attacks.push_back(trustscore::attack_from_name(a));
    } else if (key == "folds") {
      o.folds = option_integer(v, key);
    } else if (key == "seed") {
      o.seed = option_seed(v, key);
    } else if (key == "cutoff") {
      o.cutoff = option_number(v, key);
    } else if (key == "default_time") {
      o.default_time = option_number(v, key);
    } else if (key == "l2") {
      o.l2 = option_number(v, key);
    } else if (key == "profile") {
      if (!v.is_string()) fail(Status::invalid_argument, "options_json: profile must be a string");
      o.profile = v.get<std::string>();
    } else if (key == "attack_targets") {
      o.attack.targets = option_integer(v, key);
    } else if (key == "predictions") {
      o.predictions = option_flag(v, key);
    } else if (key == "attack_signals") {
      o.attack.fake_signals = option_integer(v, key);
    } else {
      fail(Status::invalid_argument, "options_json: unknown key '" + key + "'");
    }
  }
  return o;
}

// EdgePredictionOptions from the JSON object of trustscore_edge_prediction
// (the CLI's tolerance, 1e-6, unless given); *predictions from its key.
trustscore::EdgePredictionOptions edge_prediction_options(const char* text, bool* predictions) {
  trustscore::EdgePredictionOptions o;
  o.fairness_goodness.tolerance = 1e-6;
  *predictions = false;
  const nlohmann::json j = options_object(text);  // alive through the loop
  for (const auto& [key, v] : j.items()) {
    if (key == "sample") {
      o.sample = option_integer(v, key);
    } else if (key == "seed") {
      o.seed = option_seed(v, key);
    } else if (key == "folds") {
      o.folds = option_integer(v, key);
    } else if (key == "l2") {
      o.l2 = option_number(v, key);
    } else if (key == "tolerance") {
      o.fairness_goodness.tolerance = option_number(v, key);
    } else if (key == "max_iterations") {
      o.fairness_goodness.max_iterations = option_integer(v, key);
    } else if (key == "unrated_goodness") {
      o.fairness_goodness.unrated_goodness = option_number(v, key);
    } else if (key == "warm_start") {
      o.warm_start = option_flag(v, key);
    } else if (key == "reciprocal_fallback") {
      const std::string name = v.is_string() ? v.get<std::string>() : "";
      if (name == "zero")
        o.reciprocal_fallback = trustscore::ReciprocalFallback::zero;
      else if (name == "global_mean")
        o.reciprocal_fallback = trustscore::ReciprocalFallback::global_mean;
      else
        fail(Status::invalid_argument,
             "options_json: reciprocal_fallback must be \"zero\" or \"global_mean\"");
    } else if (key == "predictions") {
      *predictions = option_flag(v, key);
    } else {
      fail(Status::invalid_argument, "options_json: unknown key '" + key + "'");
    }
  }
  return o;
}

}  // namespace

int trustscore_evaluate(const char* signals_path, const char* outcomes_path,
                        const char* options_json, void** report, int64_t* length) {
  return guard(__func__, [&] {
    need(report, "report");
    need(length, "length");
    *report = nullptr;
    *length = 0;
    need(signals_path, "signals_path");
    need(outcomes_path, "outcomes_path");
    const std::string text = trustscore::to_json(
        trustscore::evaluate(signals_path, outcomes_path, eval_options(options_json)));
    hand_out(std::vector<unsigned char>(text.begin(), text.end()), report, length);
  });
}

int trustscore_edge_prediction(const trustscore_graph* graph, const char* options_json,
                               void** report, int64_t* length) {
  return guard(__func__, [&] {
    need(report, "report");
    need(length, "length");
    *report = nullptr;
    *length = 0;
    need(graph, "graph");
    bool predictions = false;
    const auto options = edge_prediction_options(options_json, &predictions);
    const std::string text = trustscore::to_json(trustscore::leave_one_out(graph->graph, options),
                                                 graph->graph, predictions);
    hand_out(std::vector<unsigned char>(text.begin(), text.end()), report, length);
  });
}
