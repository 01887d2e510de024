/* trustscore C ABI: journaled evidence stores (C99; also valid C++).
 *
 * Included by trustscore.h (at its end); including it alone includes that.
 * The C form of include/trustscore/journal.hpp: a store kept in a directory,
 * every add, retraction and entity removal appended to a journal before the
 * call returns. docs/guide/journal.md has the guide, docs/design/journal.md
 * the files and their byte layout.
 *
 * A journaled store is a trustscore_store like any other: every call that
 * reads a store (look-ups, scoring, trustscore_store_save of a copy) takes
 * it, and the writers (trustscore_store_add_signals, _add_csv,
 * _retract_signals, _remove_entity) journal each call with the store's
 * durability. The calls below add what only a journaled store has; given a
 * store made by trustscore_store_create or _load they fail with
 * TRUSTSCORE_E_INVALID_ARGUMENT ("store is not journaled").
 *
 * Thread safety: as every store's (trustscore.h). trustscore_store_close
 * may overlap other calls (a writer after it fails); trustscore_store_free
 * closes too and must overlap nothing. */
#ifndef TRUSTSCORE_JOURNAL_H
#define TRUSTSCORE_JOURNAL_H

#include <stdint.h>

#include "trustscore/trustscore.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Durability: when an acknowledged call's records are on disk.
   SYNC: when the call returns (fdatasync; concurrent callers share one).
   INTERVAL: at most interval_ms later (a background thread syncs).
   NONE: when the operating system writes them, or at checkpoint, sync, close.
   DEFAULT, per call only: the store's. */
#define TRUSTSCORE_DURABILITY_DEFAULT 0
#define TRUSTSCORE_DURABILITY_SYNC 1
#define TRUSTSCORE_DURABILITY_INTERVAL 2
#define TRUSTSCORE_DURABILITY_NONE 3

#define TRUSTSCORE_JOURNAL_OPTIONS_VERSION 1

/* Options of trustscore_store_open. Initialise with
   trustscore_journal_options_init(&options, TRUSTSCORE_JOURNAL_OPTIONS_VERSION). */
typedef struct trustscore_journal_options {
  int32_t version;      /* TRUSTSCORE_JOURNAL_OPTIONS_VERSION */
  int32_t durability;   /* the store's: SYNC (default), INTERVAL or NONE */
  double interval_ms;   /* with INTERVAL, positive; default 100 */
  int32_t keep_history; /* non-zero: checkpoints keep the journals they cover,
                           for history and scores as of a past time; default 0 */
  int32_t reserved;     /* 0 */
} trustscore_journal_options;

TRUSTSCORE_API int trustscore_journal_options_init(trustscore_journal_options* options,
                                                   int32_t version);

/* Opens the store kept in directory: its newest checkpoint and the journals
   after it, replayed. With a model, a directory without a store (created,
   its parent must exist) gets an empty store of the model's factors, and a
   store of other factors is TRUSTSCORE_E_INVALID_ARGUMENT; with model NULL
   the directory must hold a store. options may be NULL (the defaults). A
   directory another handle or process has open is TRUSTSCORE_E_IO; a
   journal damaged anywhere but its torn tail is TRUSTSCORE_E_BAD_FORMAT
   naming the file and offset (a torn tail is cut off and reported by
   trustscore_store_recovery). On error *out is NULL. Free the store with
   trustscore_store_free, which closes it. */
TRUSTSCORE_API int trustscore_store_open(const char* directory, const trustscore_model* model,
                                         const trustscore_journal_options* options,
                                         trustscore_store** out);

/* Saves the store whole (atomically) as a new checkpoint and starts a new
   journal; the older checkpoint goes, and the journals it covered unless
   keep_history. Writers wait meanwhile. */
TRUSTSCORE_API int trustscore_store_checkpoint(trustscore_store* store);
/* Every record appended so far, on disk. */
TRUSTSCORE_API int trustscore_store_sync(trustscore_store* store);
/* Syncs, stops the background sync and releases the directory; the store
   stays readable (scoring, look-ups, saving a copy) until freed, and later
   writers fail. Closing twice is not an error. */
TRUSTSCORE_API int trustscore_store_close(trustscore_store* store);

/* Adds count signals, journaled, as trustscore_store_add_signals does (the
   same columns and rules), with each signal's source: sources (count
   NUL-terminated strings, may be NULL; a NULL or "" element: none) names
   who gave it (a reviewer, a site), for retraction by source. durability:
   a TRUSTSCORE_DURABILITY_* (DEFAULT: the store's). All signals are
   checked first: on error the store and its journal are unchanged. */
TRUSTSCORE_API int trustscore_store_add_journaled(
    trustscore_store* store, int64_t count, const char* const* entity_ids,
    const int64_t* entity_index, const int32_t* factor, const double* value, const double* weight,
    const double* time, const double* credibility, const char* const* sources, double default_time,
    int32_t durability);

/* trustscore_store_retract_signals, journaled with a durability of its own. */
TRUSTSCORE_API int trustscore_store_retract_journaled(
    trustscore_store* store, int64_t count, const char* const* entity_ids,
    const int64_t* entity_index, const int32_t* factor, const double* value, const double* weight,
    const double* time, const double* credibility, double default_time, int32_t durability);

#define TRUSTSCORE_RECOVERY_REPORT_VERSION 1

/* What opening found and did. Initialise with
   trustscore_recovery_report_init(&report, TRUSTSCORE_RECOVERY_REPORT_VERSION);
   trustscore_store_recovery writes the fields of that version. */
typedef struct trustscore_recovery_report {
  int32_t version;     /* TRUSTSCORE_RECOVERY_REPORT_VERSION */
  int32_t cut;         /* 1: a torn tail was cut off the last journal; else 0 */
  int64_t journals;    /* journal files replayed */
  int64_t records;     /* records replayed */
  int64_t signals;     /* signals in them (added, retracted, entities removed) */
  int64_t cut_offset;  /* where the cut began in its file */
  int64_t cut_bytes;   /* bytes cut */
  int64_t cut_records; /* records cut (a partial record counts one) */
} trustscore_recovery_report;

TRUSTSCORE_API int trustscore_recovery_report_init(trustscore_recovery_report* report,
                                                   int32_t version);
TRUSTSCORE_API int trustscore_store_recovery(const trustscore_store* store,
                                             trustscore_recovery_report* report);

#define TRUSTSCORE_RECOVERY_CHECKPOINT 0 /* the checkpoint file loaded */
#define TRUSTSCORE_RECOVERY_CUT_FILE 1   /* the journal cut ("" when none was) */

/* A path of the recovery report (which: TRUSTSCORE_RECOVERY_*), by the rules
   of "Strings out" (trustscore.h). */
TRUSTSCORE_API int trustscore_store_recovery_file(const trustscore_store* store, int which,
                                                  char* buf, int64_t capacity, int64_t* length);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTSCORE_JOURNAL_H */
