/* trustscore C ABI: history read from a journaled store's journals (C99;
 * also valid C++). Included by trustscore.h (at its end, after journal.h);
 * including it alone includes that. trustscore.h's conventions hold here.
 *
 * An entity's score after each signal (or at given times) with the signal
 * that moved it, scores as of a past time, and taking back every signal a
 * source gave. These calls need a store opened on a journal directory
 * (trustscore_store_open, trustscore/journal.h); a plain store fails them
 * with TRUSTSCORE_E_INVALID_ARGUMENT ("store is not journaled"). History and
 * scores as of a past time also need the journals since the store's
 * creation: a store whose checkpoints removed journals (keep_history off)
 * fails them with an error saying so.
 *
 * Event time: an added signal counts from its own time until it is taken
 * back; a retraction or an entity's removal takes effect at the wall-clock
 * time the journal recorded it. The score as of T is the score of the
 * signals live at T, decayed to T, as a store holding only them would give
 * (up to rounding). include/trustscore/history.hpp has the C++ calls. */
#ifndef TRUSTSCORE_HISTORY_H
#define TRUSTSCORE_HISTORY_H

#include "trustscore/trustscore.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a history row records (trustscore_history_outputs.event). */
#define TRUSTSCORE_HISTORY_ADDED 1     /* a signal began to count (at its own time) */
#define TRUSTSCORE_HISTORY_RETRACTED 2 /* a signal was taken back (when recorded) */
#define TRUSTSCORE_HISTORY_REMOVED 3   /* the entity's evidence was removed (when recorded) */
#define TRUSTSCORE_HISTORY_AT_TIME 4   /* a time asked for (options->times) */

/* "added", "retracted", "removed", "at_time"; "unknown" for another code.
   Static storage, never NULL. */
TRUSTSCORE_API const char* trustscore_history_event_name(int32_t event);

#define TRUSTSCORE_HISTORY_OPTIONS_VERSION 1

/* Options of trustscore_entity_history. Initialise with
   trustscore_history_options_init(&options, TRUSTSCORE_HISTORY_OPTIONS_VERSION). */
typedef struct trustscore_history_options {
  int32_t version;     /* TRUSTSCORE_HISTORY_OPTIONS_VERSION */
  int32_t explain;     /* non-zero (default 1): each factor's contribution per row */
  const char* profile; /* NULL: the model's default profile */
  double confidence;   /* of the interval, in (0, 1); default 0.95 */
  const double* times; /* unix seconds to score at, any order; NULL (time_count 0): a row
                          after each event */
  int64_t time_count;  /* default 0 */
} trustscore_history_options;

TRUSTSCORE_API int trustscore_history_options_init(trustscore_history_options* options,
                                                   int32_t version);

/* An entity's history: rows of columns, read with trustscore_history_read. */
typedef struct trustscore_history trustscore_history;

/* The history of `entity` (NUL-terminated id) in a journaled store, scored
   with model: one row per event in event-time order (ties in journal order),
   or one per time in options->times (in the order given). An entity the
   journals never name is TRUSTSCORE_E_INVALID_ARGUMENT. options may be NULL
   (the defaults). Free *out with trustscore_history_free; on error *out is
   NULL. */
TRUSTSCORE_API int trustscore_entity_history(const trustscore_model* model,
                                             const trustscore_store* store, const char* entity,
                                             const trustscore_history_options* options,
                                             trustscore_history** out);
TRUSTSCORE_API void trustscore_history_free(trustscore_history* history);
/* Its rows, and the factors each row of contributions holds (either may be
   NULL). */
TRUSTSCORE_API int trustscore_history_size(const trustscore_history* history, int64_t* rows,
                                           int64_t* factors);

#define TRUSTSCORE_HISTORY_OUTPUTS_VERSION 1

/* Where trustscore_history_read writes the columns. Every array may be NULL
   (that column is skipped); a non-NULL one holds `capacity` rows (contributions:
   capacity rows of factor_count, row-major). Initialise with
   trustscore_history_outputs_init(&outputs, TRUSTSCORE_HISTORY_OUTPUTS_VERSION).
   The signal columns (factor ... credibility, source) hold the row's signal
   (for a retraction, the signal it took back: include/trustscore/history.hpp
   says which); NaN, -1 or an empty source for removed and at_time rows. */
typedef struct trustscore_history_outputs {
  int32_t version;  /* TRUSTSCORE_HISTORY_OUTPUTS_VERSION */
  int32_t reserved; /* 0 */
  int64_t capacity; /* rows each array holds; at least the history's rows */
  double* time;     /* the row's time (unix seconds): scores are as of it */
  int32_t* event;   /* TRUSTSCORE_HISTORY_* */
  int32_t* factor;  /* the signal's factor index (-1: none) */
  double* value;    /* the signal's value, weight, time and credibility */
  double* weight;
  double* signal_time;
  double* credibility;
  double* score; /* the entity's score, interval bounds as of the row's time */
  double* lower;
  double* upper;
  double* change;        /* score after the event minus score just before it, both as of
                            the row's time; 0 for at_time rows */
  double* contributions; /* each factor's; NaN when the history was not explained */
  int64_t* source_end;   /* where row i's source ends in the text of
                            trustscore_history_sources; it starts where row i - 1's
                            ends (row 0's at 0) */
} trustscore_history_outputs;

TRUSTSCORE_API int trustscore_history_outputs_init(trustscore_history_outputs* outputs,
                                                   int32_t version);
/* Copies the history's columns into *outputs. */
TRUSTSCORE_API int trustscore_history_read(const trustscore_history* history,
                                           trustscore_history_outputs* outputs);
/* The rows' sources (a reviewer, a site; empty: none) one after another,
   by the rules of "Strings out" (trustscore.h); row i's is the bytes between
   source_end[i - 1] and source_end[i] (trustscore_history_read). */
TRUSTSCORE_API int trustscore_history_sources(const trustscore_history* history, char* buf,
                                              int64_t capacity, int64_t* length);

/* Scores count entities, by id (NUL-terminated strings; ids may repeat), of
   a journaled store as of the past time options->as_of (required, finite):
   what a store of the signals live then would give (up to rounding). Row i
   of every output in *outputs is entity i's, as in
   trustscore_score_entities; outputs->capacity must be at least count when
   any array is given. An id the journals never name scores as an entity
   without evidence and is counted in *unknown (may be NULL).
   outputs->as_of receives options->as_of. */
TRUSTSCORE_API int trustscore_score_as_of(const trustscore_model* model,
                                          const trustscore_store* store,
                                          const trustscore_score_options* options, int64_t count,
                                          const char* const* entity_ids, int64_t* unknown,
                                          trustscore_score_outputs* outputs);

/* Takes back every live signal that `source` (NUL-terminated) gave to a
   journaled store, as one journaled retraction, with durability
   (TRUSTSCORE_DURABILITY_* of trustscore/journal.h; DEFAULT: the store's). *retracted
   (may be NULL) receives how many; a source with no live signal retracts
   nothing. All or nothing: on error the store is unchanged. */
TRUSTSCORE_API int trustscore_store_retract_source(trustscore_store* store, const char* source,
                                                   int32_t durability, int64_t* retracted);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTSCORE_HISTORY_H */
