// The C ABI's evidence store: creation, look-ups, adding and retracting
// signals, removing an entity's evidence.
#include <string>
#include <string_view>
#include <vector>

#include "guard.hpp"
#include "store_writers.hpp"

using namespace trustscore::c_api;
using trustscore::Durability;
using trustscore::fail;
using trustscore::Status;

namespace trustscore::c_api {

SignalBatch signal_columns(int64_t count, const char* const* entity_ids,
                           const int64_t* entity_index, const int32_t* factor, const double* value,
                           const double* weight, const double* time, const double* credibility) {
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
  return signal_columns(count, factor, value, weight, time, credibility, entity_index);
}

SignalBatch signal_columns(int64_t count, const int32_t* factor, const double* value,
                           const double* weight, const double* time, const double* credibility,
                           const int64_t* entity_index) {
  need_non_negative(count, "count");
  if (count > 0) {
    need(factor, "factor");
    need(value, "value");
  }
  SignalBatch batch;
  batch.size = count;
  batch.entity = entity_index;
  batch.factor = factor;
  batch.value = value;
  batch.weight = weight;
  batch.time = time;
  batch.credibility = credibility;
  return batch;
}

void add_signals(trustscore_store& store, const char* const* entity_ids, const SignalBatch& batch,
                 const std::string_view* sources, const IngestOptions& options,
                 Durability durability) {
  if (!store.journal) {
    if (entity_ids)
      store.memory->add(entity_ids, batch, options);
    else
      store.memory->add(batch, options);
  } else if (entity_ids) {
    const std::vector<std::string_view> ids(entity_ids, entity_ids + batch.size);
    store.journal->add(ids.data(), batch, sources, options, durability);
  } else {
    store.journal->add(batch, sources, options, durability);
  }
}

void retract_signals(trustscore_store& store, const char* const* entity_ids,
                     const SignalBatch& batch, const IngestOptions& options,
                     Durability durability) {
  if (!store.journal) {
    if (entity_ids)
      store.memory->retract(entity_ids, batch, options);
    else
      store.memory->retract(batch, options);
  } else if (entity_ids) {
    store.journal->retract(entity_ids, batch, options, durability);
  } else {
    store.journal->retract(batch, options, durability);
  }
}

void add_signals(trustscore_store& store, const IdTable& entities, const SignalBatch& batch,
                 const std::string_view* sources, const IngestOptions& options,
                 Durability durability) {
  if (!store.journal) {
    const IdTable::Coded coded = entities.coded();
    store.memory->add_coded(coded.ids, coded.id_count, coded.codes, batch, options);
  } else {
    const std::vector<std::string_view> ids = entities.item_views();
    store.journal->add(ids.data(), batch, sources, options, durability);
  }
}

void retract_signals(trustscore_store& store, const IdTable& entities, const SignalBatch& batch,
                     const IngestOptions& options, Durability durability) {
  if (store.journal) {
    const std::vector<std::string_view> ids = entities.item_views();
    store.journal->retract(ids.data(), batch, options, durability);
    return;
  }
  // Each distinct id looked up once, then the retraction by index; checked
  // in the order the retraction by id checks, so the same batch fails with
  // the same message.
  trustscore::EvidenceStore& memory = *store.memory;
  trustscore::detail::validate_signals(batch, options, false,
                                       static_cast<int64_t>(memory.entity_count()),
                                       static_cast<int32_t>(memory.factor_count()));
  trustscore::detail::check_retraction_times(batch, options);
  std::vector<int64_t> dense(static_cast<std::size_t>(batch.size));
  if (entities.find_in(memory, dense.data()) > 0)
    for (int64_t i = 0; i < batch.size; ++i)
      if (dense[static_cast<std::size_t>(i)] < 0)
        fail(Status::invalid_argument, "signal " + std::to_string(i) + ": entity '" +
                                           std::string(entities.item(i)) + "' is not in the store");
  SignalBatch by_index = batch;
  by_index.entity = dense.data();
  memory.retract(by_index, options);
}

}  // namespace trustscore::c_api

namespace {

// The id of the entity at a dense index, for a journal (which records
// removals by id); out of range reads as the store's own message.
std::string journaled_entity_id(const trustscore_store& store, int64_t index) {
  const trustscore::EvidenceStore& evidence = store.evidence();
  const auto n = static_cast<int64_t>(evidence.entity_count());
  if (!(index >= 0 && index < n))
    fail(Status::invalid_argument,
         "entity index " + std::to_string(index) + " out of range [0, " + std::to_string(n) + ")");
  return evidence.entity_id(static_cast<std::size_t>(index));
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
    *count = static_cast<int64_t>(store->evidence().entity_count());
  });
}

int trustscore_store_factor_count(const trustscore_store* store, int64_t* count) {
  return guard(__func__, [&] {
    need(store, "store");
    need(count, "count");
    *count = static_cast<int64_t>(store->evidence().factor_count());
  });
}

int trustscore_store_factor_id(const trustscore_store* store, int64_t index, char* buf,
                               int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(store, "store");
    const std::size_t f = index_in(index, store->evidence().factor_count(), "index");
    copy_out(store->evidence().factors()[f].id, buf, capacity, length);
  });
}

int trustscore_store_entity_id(const trustscore_store* store, int64_t index, char* buf,
                               int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(store, "store");
    const std::size_t e = index_in(index, store->evidence().entity_count(), "index");
    copy_out(store->evidence().entity_id(e), buf, capacity, length);
  });
}

int trustscore_store_entity_index(const trustscore_store* store, const char* id, int64_t* index) {
  return guard(__func__, [&] {
    need(store, "store");
    need(id, "id");
    need(index, "index");
    *index = store->evidence().find_entity(id);
  });
}

int trustscore_store_latest_time(const trustscore_store* store, double* time) {
  return guard(__func__, [&] {
    need(store, "store");
    need(time, "time");
    *time = store->evidence().latest_time();
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
    add_signals(*store, entity_ids, batch, nullptr, trustscore::IngestOptions{default_time},
                Durability::store_default);
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
    retract_signals(*store, entity_ids, batch, trustscore::IngestOptions{default_time},
                    Durability::store_default);
  });
}

int trustscore_store_remove_entity(trustscore_store* store, const char* entity_id,
                                   int64_t entity_index, int64_t* removed) {
  return guard(__func__, [&] {
    need(store, "store");
    int64_t n = 0;
    if (!store->journal)
      n = entity_id ? store->memory->remove_entity(std::string_view(entity_id))
                    : store->memory->remove_entity(entity_index);
    else
      n = store->journal->remove_entity(entity_id ? std::string(entity_id)
                                                  : journaled_entity_id(*store, entity_index));
    if (removed) *removed = n;
  });
}

int trustscore_store_add_ids(trustscore_store* store, int64_t count,
                             const trustscore_id_table* entities, const int32_t* factor,
                             const double* value, const double* weight, const double* time,
                             const double* credibility, double default_time) {
  return guard(__func__, [&] {
    need(store, "store");
    const trustscore::SignalBatch batch =
        signal_columns(count, factor, value, weight, time, credibility);
    add_signals(*store, IdTable(entities, count, "entities"), batch, nullptr,
                trustscore::IngestOptions{default_time}, Durability::store_default);
  });
}

int trustscore_store_retract_ids(trustscore_store* store, int64_t count,
                                 const trustscore_id_table* entities, const int32_t* factor,
                                 const double* value, const double* weight, const double* time,
                                 const double* credibility, double default_time) {
  return guard(__func__, [&] {
    need(store, "store");
    const trustscore::SignalBatch batch =
        signal_columns(count, factor, value, weight, time, credibility);
    retract_signals(*store, IdTable(entities, count, "entities"), batch,
                    trustscore::IngestOptions{default_time}, Durability::store_default);
  });
}

int trustscore_store_find_entities(const trustscore_store* store, int64_t count,
                                   const trustscore_id_table* ids, int64_t* index_out,
                                   int64_t* unknown) {
  return guard(__func__, [&] {
    need(store, "store");
    const IdTable table(ids, count, "ids");
    if (count > 0) need(index_out, "index_out");
    const int64_t n = table.find_in(store->evidence(), index_out);
    if (unknown) *unknown = n;
  });
}

}  // extern "C"
