/* trustscore C ABI: reading signals CSV (C99; also valid C++). Included by
 * trustscore.h (at its end); including it alone includes that.
 * trustscore.h's conventions hold here.
 *
 * The reader of trustscore_store_add_csv with its options (threads, block
 * size), and reading a file or text into columns without adding them
 * anywhere: entities as codes into a table of distinct ids, which a binding
 * turns into a categorical column without a string per signal (Dask workers
 * parse their blocks so). docs/guide/csv.md has the format. */
#ifndef TRUSTSCORE_CSV_H
#define TRUSTSCORE_CSV_H

#include "trustscore/trustscore.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Options of the CSV reader. Fill with trustscore_csv_options_init(&options,
   TRUSTSCORE_CSV_OPTIONS_VERSION), which sets version and the defaults. */
#define TRUSTSCORE_CSV_OPTIONS_VERSION 1
typedef struct trustscore_csv_options {
  int32_t version;       /* TRUSTSCORE_CSV_OPTIONS_VERSION */
  int32_t skip_bad_rows; /* 0 (default): a bad row fails the call; else it is left out, counted */
  double default_time;   /* time of signals without one; NaN (default): the clock when added */
  int32_t threads;       /* threads parsing each block, 0: every core; default 1 */
  int32_t reserved;      /* 0 */
  int64_t block_bytes;   /* text read at a time, > 0; default 4 MiB */
} trustscore_csv_options;

TRUSTSCORE_API int trustscore_csv_options_init(trustscore_csv_options* options, int32_t version);

/* trustscore_store_add_csv with options (NULL: the defaults). */
TRUSTSCORE_API int trustscore_store_add_csv_with(trustscore_store* store, const char* path,
                                                 const trustscore_csv_options* options,
                                                 int64_t* added, int64_t* skipped);

/* Signals read from CSV and not added anywhere; free with
   trustscore_csv_signals_free. */
typedef struct trustscore_csv_signals trustscore_csv_signals;

/* Reads signals CSV (header entity,factor,value[,weight,time,source]) with
   the factors of model: the file at path, or, when path is NULL, size bytes
   of text (messages name it `name`, or "<text>" when name is NULL). Every
   row is checked as trustscore_store_add_csv checks it; options may be NULL.
   A signal without a time keeps NaN (default_time applies when it is added). */
TRUSTSCORE_API int trustscore_csv_read(const trustscore_model* model, const char* path,
                                       const char* text, int64_t size, const char* name,
                                       const trustscore_csv_options* options,
                                       trustscore_csv_signals** out);

/* The columns of signals read; the pointers stay valid until the signals are
   freed. Entity ids are a table of the distinct ids in order of first
   appearance: id k is the UTF-8 bytes id_data[id_offsets[k], id_offsets[k+1])
   (not NUL-terminated), and signal i is about id codes[i]. */
typedef struct trustscore_csv_columns {
  int64_t count;             /* signals */
  int64_t id_count;          /* distinct entity ids */
  const char* id_data;       /* the ids' bytes, back to back */
  const int64_t* id_offsets; /* id_count + 1 offsets into id_data */
  const int64_t* codes;      /* count: each signal's id */
  const int32_t* factor;     /* count: factor index of the model */
  const double* value;       /* count: in [0, 1] */
  const double* weight;      /* count */
  const double* time;        /* count: unix seconds, NaN where the row had none */
  const double* credibility; /* count: of the signal's source (1 without credibilities) */
  const int64_t* line;       /* count: the line each signal was read from */
  int64_t rows;              /* data rows seen */
  int64_t skipped;           /* bad rows left out (skip_bad_rows) */
} trustscore_csv_columns;

TRUSTSCORE_API int trustscore_csv_signals_columns(const trustscore_csv_signals* signals,
                                                  trustscore_csv_columns* out);
TRUSTSCORE_API void trustscore_csv_signals_free(trustscore_csv_signals* signals);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTSCORE_CSV_H */
