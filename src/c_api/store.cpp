// The C ABI's evidence store: creation, look-ups, adding and retracting
// signals, removing an entity's evidence.
#include <string_view>

#include "guard.hpp"
#include "trustscore/csv.hpp"

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;

namespace {

// The columns of trustscore_store_add_signals and _retract_signals as a
// batch, with the pointer checks the C++ store cannot make (a NULL id).
trustscore::SignalBatch signal_columns(int64_t count, const char* const* entity_ids,
                                       const int64_t* entity_index, const int32_t* factor,
                                       const double* value, const double* weight,
                                       const double* time, const double* credibility) {
  need_non_negative(count, "count");
  if (count > 0) {
    if (entity_ids == nullptr) need(entity_index, "entity_index (with entity_ids NULL)");
    need(factor, "factor");
    need(value, "value");
    if (entity_ids)
      for (int64_t i = 0; i < count; ++i)
        if (entity_ids[i] == nullptr)
          fail(Status::invalid_argument, "entity_ids[" + std::to_string(i) + "] is NULL");
  }
  trustscore::SignalBatch batch;
  batch.size = count;
  batch.entity = entity_index;
  batch.factor = factor;
  batch.value = value;
  batch.weight = weight;
  batch.time = time;
  batch.credibility = credibility;
  return batch;
}

}  // namespace

extern "C" {

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
    const trustscore::SignalBatch batch =
        signal_columns(count, entity_ids, entity_index, factor, value, weight, time, credibility);
    const trustscore::IngestOptions options{default_time};
    if (entity_ids)
      store->store.add(entity_ids, batch, options);
    else
      store->store.add(batch, options);
  });
}

int trustscore_store_retract_signals(trustscore_store* store, int64_t count,
                                     const char* const* entity_ids, const int64_t* entity_index,
                                     const int32_t* factor, const double* value,
                                     const double* weight, const double* time,
                                     const double* credibility, double default_time) {
  return guard(__func__, [&] {
    need(store, "store");
    const trustscore::SignalBatch batch =
        signal_columns(count, entity_ids, entity_index, factor, value, weight, time, credibility);
    const trustscore::IngestOptions options{default_time};
    if (entity_ids)
      store->store.retract(entity_ids, batch, options);
    else
      store->store.retract(batch, options);
  });
}

int trustscore_store_remove_entity(trustscore_store* store, const char* entity_id,
                                   int64_t entity_index, int64_t* removed) {
  return guard(__func__, [&] {
    need(store, "store");
    const int64_t n = entity_id ? store->store.remove_entity(std::string_view(entity_id))
                                : store->store.remove_entity(entity_index);
    if (removed) *removed = n;
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

}  // extern "C"
