/* trustscore C ABI: entity ids as one table (C99; also valid C++).
 *
 * Included by trustscore.h (at its end, after history.h); including it alone
 * includes that. trustscore.h's conventions hold here.
 *
 * The calls of trustscore.h, journal.h and history.h that take ids as an
 * array of NUL-terminated strings (one pointer per item) have a form here
 * that takes a trustscore_id_table instead: every id's bytes back to back
 * plus offsets, and optionally codes into the ids. That is what a binding
 * holds (a numpy string array, a pandas categorical: codes plus categories)
 * and what it can make without touching each id on its own; the library
 * looks each distinct id up once. Results are those of the older form given
 * the same ids, bit for bit.
 *
 * A table is checked whole before anything is done: a NULL data or offsets
 * where bytes or ids are given, offsets that decrease or fall outside
 * [0, data_size], codes outside [0, count), an empty id (the sources of
 * trustscore_store_add_journaled_ids excepted: there an empty id means no
 * source), an id holding a NUL byte or that is not valid UTF-8 are each
 * TRUSTSCORE_E_INVALID_ARGUMENT naming the table, the id or code and what
 * is wrong. (The older forms do not check UTF-8.) */
#ifndef TRUSTSCORE_ID_TABLE_H
#define TRUSTSCORE_ID_TABLE_H

#include <stdint.h>

#include "trustscore/trustscore.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TRUSTSCORE_ID_TABLE_VERSION 1

/* A table of ids and the items that name them. Initialise with
   trustscore_id_table_init(&table, TRUSTSCORE_ID_TABLE_VERSION), then set
   the fields. Item i (of the `count` argument of the call) is id i when
   codes is NULL (then count must equal the call's count), else id
   codes[i]. The table only points into the caller's memory, which must stay
   valid during the call. */
typedef struct trustscore_id_table {
  int32_t version;        /* TRUSTSCORE_ID_TABLE_VERSION */
  int32_t reserved;       /* 0 */
  const char* data;       /* UTF-8 bytes of every id back to back; no NUL needed */
  int64_t data_size;      /* bytes at data */
  const int64_t* offsets; /* count + 1 of them: id k is data[offsets[k], offsets[k + 1]) */
  int64_t count;          /* ids in the table */
  const int64_t* codes;   /* NULL: item i is id i; else item i is id codes[i] */
} trustscore_id_table;

TRUSTSCORE_API int trustscore_id_table_init(trustscore_id_table* table, int32_t version);

/* trustscore_store_add_signals with the entities as a table: count signals,
   signal i about item i of *entities (new ids become new entities, in order
   of first use). All or nothing. */
TRUSTSCORE_API int trustscore_store_add_ids(trustscore_store* store, int64_t count,
                                            const trustscore_id_table* entities,
                                            const int32_t* factor, const double* value,
                                            const double* weight, const double* time,
                                            const double* credibility, double default_time);

/* trustscore_store_retract_signals with the entities as a table. */
TRUSTSCORE_API int trustscore_store_retract_ids(trustscore_store* store, int64_t count,
                                                const trustscore_id_table* entities,
                                                const int32_t* factor, const double* value,
                                                const double* weight, const double* time,
                                                const double* credibility, double default_time);

/* The dense index of each of count items of *ids into index_out (count
   elements), -1 for an id the store does not hold; *unknown (may be NULL)
   receives how many items were -1. */
TRUSTSCORE_API int trustscore_store_find_entities(const trustscore_store* store, int64_t count,
                                                  const trustscore_id_table* ids,
                                                  int64_t* index_out, int64_t* unknown);

/* trustscore_score_entities by id, the ids as a table of count items. */
TRUSTSCORE_API int trustscore_score_entities_ids(const trustscore_model* model,
                                                 const trustscore_store* store,
                                                 const trustscore_score_options* options,
                                                 int64_t count, const trustscore_id_table* entities,
                                                 int64_t* index_out, int64_t* unknown,
                                                 trustscore_score_outputs* outputs);

/* trustscore_store_add_journaled with the entities, and the sources (may be
   NULL: none; an empty id: that signal has none), as tables of count items. */
TRUSTSCORE_API int trustscore_store_add_journaled_ids(trustscore_store* store, int64_t count,
                                                      const trustscore_id_table* entities,
                                                      const int32_t* factor, const double* value,
                                                      const double* weight, const double* time,
                                                      const double* credibility,
                                                      const trustscore_id_table* sources,
                                                      double default_time, int32_t durability);

/* trustscore_store_retract_journaled with the entities as a table. */
TRUSTSCORE_API int trustscore_store_retract_journaled_ids(
    trustscore_store* store, int64_t count, const trustscore_id_table* entities,
    const int32_t* factor, const double* value, const double* weight, const double* time,
    const double* credibility, double default_time, int32_t durability);

/* trustscore_score_as_of (history.h) with the ids as a table of count items. */
TRUSTSCORE_API int trustscore_score_as_of_ids(const trustscore_model* model,
                                              const trustscore_store* store,
                                              const trustscore_score_options* options,
                                              int64_t count, const trustscore_id_table* entities,
                                              int64_t* unknown, trustscore_score_outputs* outputs);

/* A graph of `edges` edges from item i of *source to item i of *target,
   rated rating[i], as trustscore_graph_from_arrays builds it; its nodes are
   the ids, in order of first appearance (edge by edge, source before
   target), as trustscore_graph_from_csv numbers a file's.
   trustscore_graph_node_id and _node_index read them. options may be NULL
   (the defaults). */
TRUSTSCORE_API int trustscore_graph_from_ids(const trustscore_id_table* source,
                                             const trustscore_id_table* target,
                                             const double* rating, int64_t edges,
                                             const trustscore_graph_options* options,
                                             trustscore_graph** out);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTSCORE_ID_TABLE_H */
