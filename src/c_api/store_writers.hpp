// The evidence store's writers, shared by the plain calls (store.cpp) and the
// journaled ones (journal.cpp): the signal columns with their pointer checks,
// and adding and retracting through the journal when the store has one, so
// that every change of a journaled store is journaled.
#pragma once

#include <cstdint>
#include <string_view>

#include "guard.hpp"
#include "id_table.hpp"

namespace trustscore::c_api {

// The columns of trustscore_store_add_signals and _retract_signals as a
// batch, with the pointer checks the C++ store cannot make (a NULL id).
SignalBatch signal_columns(std::int64_t count, const char* const* entity_ids,
                           const std::int64_t* entity_index, const std::int32_t* factor,
                           const double* value, const double* weight, const double* time,
                           const double* credibility);

// The same with the entities elsewhere (a table, trustscore/id_table.h):
// batch.entity is entity_index (may be null).
SignalBatch signal_columns(std::int64_t count, const std::int32_t* factor, const double* value,
                           const double* weight, const double* time, const double* credibility,
                           const std::int64_t* entity_index = nullptr);

// Entities by id (entity_ids) or, when it is NULL, by dense index
// (batch.entity). sources (one per signal, may be null) and durability are
// the journal's; a store without one takes neither.
void add_signals(trustscore_store& store, const char* const* entity_ids, const SignalBatch& batch,
                 const std::string_view* sources, const IngestOptions& options,
                 Durability durability);
void retract_signals(trustscore_store& store, const char* const* entity_ids,
                     const SignalBatch& batch, const IngestOptions& options, Durability durability);
// The same with the entities as a table: each distinct id looked up once.
void add_signals(trustscore_store& store, const IdTable& entities, const SignalBatch& batch,
                 const std::string_view* sources, const IngestOptions& options,
                 Durability durability);
void retract_signals(trustscore_store& store, const IdTable& entities, const SignalBatch& batch,
                     const IngestOptions& options, Durability durability);

}  // namespace trustscore::c_api
