/* trustscore C ABI (C99; also valid C++).
 *
 * Conventions: every call returns an int status (TRUSTSCORE_OK = 0, negative
 * codes pinned forever); trustscore_last_error() explains the latest failure
 * on the calling thread. No C++ exception crosses this boundary.
 * Handles are opaque, created and freed by the library; free functions
 * accept NULL. Outputs go into caller-owned arrays with explicit capacities.
 *
 * Thread safety: any calls on the same handle may overlap, from any number of
 * threads, except the handle's free (trustscore_store_free, ...), which must
 * not overlap any other call on it. Different handles are independent. A
 * store may take signals (adding, retracting, removing an entity) while it is
 * scored, looked up and saved, with no lock of the caller's (a reader-writer
 * lock inside it, writers preferred): a reader sees each signal whole or not
 * at all; a call that fails changes nothing; an add becomes visible in chunks
 * of 256 signals (a reader may see a prefix of a batch's chunks), a
 * retraction or removal at once. Whole-store calls (trustscore_score,
 * trustscore_score_into, trustscore_factor_trust, saving) hold the store
 * shared while they run, so writers wait for them; they check their outputs'
 * capacities against the entity count under that hold, so a store that grew
 * after the caller read its count fails with TRUSTSCORE_E_BUFFER_TOO_SMALL
 * (read the count again). Entities are only appended: an index, once given
 * out, names the same entity for the store's life.
 *
 * The rules every new or revised entry point follows (docs/design/c-abi.md):
 * - Options are a versioned struct, initialised by NAME_init(&options,
 *   NAME_VERSION) with the defaults, then changed field by field; NULL
 *   options mean the defaults. A struct only ever gains fields at its end,
 *   under a new version; the library reads every version from 1 to its own.
 *   JSON text is kept for configuration documents (model configuration, the
 *   evaluation harness's and edge prediction's options).
 * - Outputs go into caller-owned arrays with capacities; a text output is
 *   NUL-terminated in a caller buffer after a size query (see "Strings
 *   out"). A buffer the library allocates (a saved file, a JSON report) is
 *   NUL-terminated too (the NUL not counted in its length) and freed with
 *   trustscore_buffer_free.
 * - A look-up of an id that is absent writes -1, it is not an error.
 * Older forms that break these rules stay for ABI 1, marked "Deprecated"
 * with their replacement; define TRUSTSCORE_WARN_DEPRECATED to have the
 * compiler warn where they are used. */
#ifndef TRUSTSCORE_H
#define TRUSTSCORE_H

#include <stdint.h>

#include "trustscore/version.h"

#if defined(_WIN32)
#if defined(TRUSTSCORE_BUILDING)
#define TRUSTSCORE_API __declspec(dllexport)
#else
#define TRUSTSCORE_API __declspec(dllimport)
#endif
#else
#define TRUSTSCORE_API __attribute__((visibility("default")))
#endif

#if defined(TRUSTSCORE_WARN_DEPRECATED) && (defined(__GNUC__) || defined(__clang__))
#define TRUSTSCORE_DEPRECATED(replacement) __attribute__((deprecated("use " replacement)))
#else
#define TRUSTSCORE_DEPRECATED(replacement)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: pinned forever, only appended. */
#define TRUSTSCORE_OK 0
#define TRUSTSCORE_E_INVALID_ARGUMENT (-1)
#define TRUSTSCORE_E_OUT_OF_MEMORY (-2)
#define TRUSTSCORE_E_BUFFER_TOO_SMALL (-3)
#define TRUSTSCORE_E_BAD_FORMAT (-4)
#define TRUSTSCORE_E_VERSION_MISMATCH (-5)
#define TRUSTSCORE_E_INTERNAL (-6)
#define TRUSTSCORE_E_IO (-7)

/* ---- Versions, status and errors --------------------------------------- */

/* "MAJOR.MINOR.PATCH" of the loaded library; static storage. */
TRUSTSCORE_API const char* trustscore_version(void);
/* The loaded library's ABI version (TRUSTSCORE_ABI_VERSION it was built with). */
TRUSTSCORE_API int trustscore_abi_version(void);
/* A short constant description of a status code; never NULL. */
TRUSTSCORE_API const char* trustscore_status_str(int status);
/* The message of the latest failed call on this thread ("" if none); never
   NULL, owned by the library, valid until the next call on this thread. */
TRUSTSCORE_API const char* trustscore_last_error(void);

/* ---- Handles ------------------------------------------------------------ */

/* A model: factor catalog (built-in and custom factors), per-factor
   parameters (half-life, negativity, base rate, prior weight), profiles. */
typedef struct trustscore_model trustscore_model;
/* Evidence about entities: positive and negative mass per (entity, factor).
   Signals may be added and retracted while it is scored (see Thread safety). */
typedef struct trustscore_store trustscore_store;

/* ---- Strings out ---------------------------------------------------------
   Calls that return text write it NUL-terminated into buf (capacity bytes)
   and its length without the NUL into *length. Pass buf = NULL and
   capacity = 0 to ask for the length; a buffer too small returns
   TRUSTSCORE_E_BUFFER_TOO_SMALL with *length set to the length needed. */

/* ---- Model -------------------------------------------------------------- */

/* A model with the nine built-in factors, their default parameters and the
   four profiles awareness, consideration, decision (default), nurturing. */
TRUSTSCORE_API int trustscore_model_create(trustscore_model** out);
/* A default model configured by JSON text of length bytes (see
   docs/guide/model-json.md). On error *out is NULL. */
TRUSTSCORE_API int trustscore_model_from_json(const char* json, int64_t length,
                                              trustscore_model** out);
/* The full configuration as JSON; from_json of it gives an equal model. */
TRUSTSCORE_API int trustscore_model_to_json(const trustscore_model* model, char* buf,
                                            int64_t capacity, int64_t* length);
TRUSTSCORE_API void trustscore_model_free(trustscore_model* model);

TRUSTSCORE_API int trustscore_model_factor_count(const trustscore_model* model, int64_t* count);
TRUSTSCORE_API int trustscore_model_factor_id(const trustscore_model* model, int64_t index,
                                              char* buf, int64_t capacity, int64_t* length);
/* Index of a factor id, or -1 in *index when the model has none. */
TRUSTSCORE_API int trustscore_model_find_factor(const trustscore_model* model, const char* id,
                                                int64_t* index);
/* Deprecated: an absent id is an error here (TRUSTSCORE_E_INVALID_ARGUMENT);
   trustscore_model_find_factor writes -1 as every other look-up does. */
TRUSTSCORE_DEPRECATED("trustscore_model_find_factor")
TRUSTSCORE_API int trustscore_model_factor_index(const trustscore_model* model, const char* id,
                                                 int64_t* index);
TRUSTSCORE_API int trustscore_model_profile_count(const trustscore_model* model, int64_t* count);
TRUSTSCORE_API int trustscore_model_profile_name(const trustscore_model* model, int64_t index,
                                                 char* buf, int64_t capacity, int64_t* length);

/* ---- Evidence store ------------------------------------------------------ */

/* An empty store for the model's factors; it copies their half-lives and
   negativity (they shape evidence on ingest). The model may be freed after. */
TRUSTSCORE_API int trustscore_store_create(const trustscore_model* model, trustscore_store** out);
TRUSTSCORE_API void trustscore_store_free(trustscore_store* store);

TRUSTSCORE_API int trustscore_store_entity_count(const trustscore_store* store, int64_t* count);
/* The store's factors (those of the model it was created for, or saved with). */
TRUSTSCORE_API int trustscore_store_factor_count(const trustscore_store* store, int64_t* count);
TRUSTSCORE_API int trustscore_store_factor_id(const trustscore_store* store, int64_t index,
                                              char* buf, int64_t capacity, int64_t* length);
TRUSTSCORE_API int trustscore_store_entity_id(const trustscore_store* store, int64_t index,
                                              char* buf, int64_t capacity, int64_t* length);
/* Dense index of an entity id, or -1 in *index when the store has none. */
TRUSTSCORE_API int trustscore_store_entity_index(const trustscore_store* store, const char* id,
                                                 int64_t* index);
/* Newest signal time (unix seconds); NaN while the store is empty. */
TRUSTSCORE_API int trustscore_store_latest_time(const trustscore_store* store, double* time);

/* Adds count signals. Entities are given either as ids (entity_ids: count
   NUL-terminated strings; new ids become new entities) or, when entity_ids
   is NULL, as dense indices of existing entities (entity_index). factor,
   value are required; weight (default 1), time (unix seconds; NULL or NaN:
   default_time, and a NaN default_time means the wall clock) and
   credibility (of each signal's source, in [0, 1]; default 1) may be NULL.
   Every array given is count long. All signals are checked first: on error
   the store is unchanged. */
TRUSTSCORE_API int trustscore_store_add_signals(trustscore_store* store, int64_t count,
                                                const char* const* entity_ids,
                                                const int64_t* entity_index, const int32_t* factor,
                                                const double* value, const double* weight,
                                                const double* time, const double* credibility,
                                                double default_time);

/* Adds the signals of a CSV file (header entity,factor,value[,weight,time,
   source]). With skip_bad_rows = 0 a bad row fails the call naming file,
   line and column, and the store is unchanged; otherwise bad rows are left
   out and counted in *skipped. *added and *skipped may be NULL. */
TRUSTSCORE_API int trustscore_store_add_csv(trustscore_store* store, const char* path,
                                            int skip_bad_rows, double default_time, int64_t* added,
                                            int64_t* skipped);

/* Takes back signals added before, given with the fields they were added with
   (the columns of trustscore_store_add_signals: entity ids or indices, factor,
   value, weight, time, credibility): the store then scores as one that never
   had them, up to rounding. Each signal needs its time (time[i] not NaN, or
   default_time not NaN): its mass depends on it. Each is checked against what
   its cell holds (the cell holds signals, at least the masses it takes up to
   rounding): an id or index the store does not hold, a cell without signals,
   a time after the store's newest signal or more mass than held is
   TRUSTSCORE_E_INVALID_ARGUMENT naming the signal. All or nothing: on error
   the store is unchanged. */
TRUSTSCORE_API int trustscore_store_retract_signals(trustscore_store* store, int64_t count,
                                                    const char* const* entity_ids,
                                                    const int64_t* entity_index,
                                                    const int32_t* factor, const double* value,
                                                    const double* weight, const double* time,
                                                    const double* credibility, double default_time);

/* Removes every signal of one entity, on every factor: by id when entity_id is
   non-NULL, else by entity_index. The entity keeps its index, with no
   evidence (it scores as the baseline). An id the store does not hold or an
   index outside [0, entity count) is TRUSTSCORE_E_INVALID_ARGUMENT. *removed
   (may be NULL) receives the number of signals removed. */
TRUSTSCORE_API int trustscore_store_remove_entity(trustscore_store* store, const char* entity_id,
                                                  int64_t entity_index, int64_t* removed);

/* ---- Scoring ------------------------------------------------------------- */

#define TRUSTSCORE_SCORE_OPTIONS_VERSION 1

/* Options of a score call. Initialise with
   trustscore_score_options_init_version(&options,
   TRUSTSCORE_SCORE_OPTIONS_VERSION), which sets version and the defaults,
   then change fields. */
typedef struct trustscore_score_options {
  int32_t version;     /* TRUSTSCORE_SCORE_OPTIONS_VERSION */
  int32_t threads;     /* 0: all cores */
  const char* profile; /* NULL: the model's default profile */
  double as_of;        /* unix seconds; NaN: the store's newest signal */
  double confidence;   /* of the interval, in (0, 1); default 0.95 */
} trustscore_score_options;

TRUSTSCORE_API int trustscore_score_options_init_version(trustscore_score_options* options,
                                                         int32_t version);
/* Deprecated: the version compiled against is not passed; the newest is set. */
TRUSTSCORE_DEPRECATED("trustscore_score_options_init_version")
TRUSTSCORE_API int trustscore_score_options_init(trustscore_score_options* options);

/* Scores every entity of store with model into caller-owned arrays. Each
   output is a pointer and its capacity in elements; NULL skips that output.
   score, lower, upper and best_lever need entity_count elements;
   contributions and gains entity_count * factor_count, row-major (entity i,
   factor f at i * factor_count + f). *baseline (may be NULL) receives the
   score of an entity without evidence. options may be NULL (defaults).
   Safe to call from many threads at once on the same model and store. */
TRUSTSCORE_API int trustscore_score(const trustscore_model* model, const trustscore_store* store,
                                    const trustscore_score_options* options, double* score,
                                    int64_t score_capacity, double* lower, int64_t lower_capacity,
                                    double* upper, int64_t upper_capacity, double* contributions,
                                    int64_t contributions_capacity, double* gains,
                                    int64_t gains_capacity, int32_t* best_lever,
                                    int64_t best_lever_capacity, double* baseline);

#define TRUSTSCORE_SCORE_OUTPUTS_VERSION 1

/* Where trustscore_score_into writes: every array pointer may be NULL (that
   output is skipped); a non-NULL array holds `capacity` entities (score,
   lower, upper, best_lever: capacity elements; contributions, gains:
   capacity rows of factor_count, row-major). Initialise with
   trustscore_score_outputs_init_version(&outputs,
   TRUSTSCORE_SCORE_OUTPUTS_VERSION), then set capacity and the arrays. One call
   and one struct for all outputs: the cheap way for bindings to score, and
   the place later outputs are added (under a new version). */
typedef struct trustscore_score_outputs {
  int32_t version;  /* TRUSTSCORE_SCORE_OUTPUTS_VERSION */
  int32_t reserved; /* 0 */
  int64_t capacity; /* entities each array holds; at least the entities scored */
  double* score;
  double* lower;
  double* upper;
  double* contributions;
  double* gains;
  int32_t* best_lever;
  double baseline; /* written: the score of an entity without evidence */
  double as_of;    /* written: the time scored at (NaN for an empty store) */
} trustscore_score_outputs;

TRUSTSCORE_API int trustscore_score_outputs_init_version(trustscore_score_outputs* outputs,
                                                         int32_t version);
/* Deprecated: the version compiled against is not passed; the newest is set. */
TRUSTSCORE_DEPRECATED("trustscore_score_outputs_init_version")
TRUSTSCORE_API int trustscore_score_outputs_init(trustscore_score_outputs* outputs);

/* trustscore_score with its outputs in one struct (same results and rules). */
TRUSTSCORE_API int trustscore_score_into(const trustscore_model* model,
                                         const trustscore_store* store,
                                         const trustscore_score_options* options,
                                         trustscore_score_outputs* outputs);

/* Scores chosen entities, the way to read a few scores out of a large store:
   by id (entity_ids non-NULL: count NUL-terminated strings; an id the store
   does not hold scores as an entity without evidence, gets -1 in index_out
   and is counted in *unknown) or, when entity_ids is NULL, by dense index
   (entity_index: count indices in [0, entity count); another is
   TRUSTSCORE_E_INVALID_ARGUMENT). Row i of every output in *outputs is
   entity i's, equal to that entity's row of trustscore_score_into (bit for
   bit); outputs->capacity must be at least count when any array is given
   (contributions and gains: count rows of factor_count, row-major). Ids and
   indices may repeat. index_out (count elements; may be NULL) receives each
   entity's dense index, *unknown (may be NULL) the number of ids the store
   does not hold (0 by index). The store is held shared only while the chosen
   entities' evidence is read, so writers wait microseconds. */
TRUSTSCORE_API int trustscore_score_entities(const trustscore_model* model,
                                             const trustscore_store* store,
                                             const trustscore_score_options* options, int64_t count,
                                             const char* const* entity_ids,
                                             const int64_t* entity_index, int64_t* index_out,
                                             int64_t* unknown, trustscore_score_outputs* outputs);

/* ---- Saving and loading ------------------------------------------------------
   Models and evidence stores saved whole: to a file (replaced atomically: a
   crash leaves the old file or the new one, complete) or to a buffer the
   library allocates (free it with trustscore_buffer_free). Every input is
   checked (header, checksums, lengths) before it is read: a bad one gives
   TRUSTSCORE_E_BAD_FORMAT (truncated, corrupted, not a trustscore file, the
   wrong content), TRUSTSCORE_E_VERSION_MISMATCH (written by a newer
   version) or TRUSTSCORE_E_IO, with a message naming the problem; on error
   *out is NULL. The file layout is in docs/guide/persistence.md. */

#define TRUSTSCORE_ARCHIVE_BINARY 1 /* fast, little-endian 64-bit platforms */
#define TRUSTSCORE_ARCHIVE_TEXT 2   /* Boost text archive, for inspection */
#define TRUSTSCORE_ARCHIVE_XML 3    /* Boost XML archive, for inspection */

#define TRUSTSCORE_CONTENT_MODEL 1
#define TRUSTSCORE_CONTENT_STORE 2

TRUSTSCORE_API int trustscore_model_save(const trustscore_model* model, const char* path,
                                         int archive);
TRUSTSCORE_API int trustscore_model_load(const char* path, trustscore_model** out);
/* *data (library-owned, *length bytes and a NUL after them) holds the saved
   model. */
TRUSTSCORE_API int trustscore_model_save_buffer(const trustscore_model* model, int archive,
                                                void** data, int64_t* length);
TRUSTSCORE_API int trustscore_model_load_buffer(const void* data, int64_t length,
                                                trustscore_model** out);

TRUSTSCORE_API int trustscore_store_save(const trustscore_store* store, const char* path,
                                         int archive);
TRUSTSCORE_API int trustscore_store_load(const char* path, trustscore_store** out);
TRUSTSCORE_API int trustscore_store_save_buffer(const trustscore_store* store, int archive,
                                                void** data, int64_t* length);
TRUSTSCORE_API int trustscore_store_load_buffer(const void* data, int64_t length,
                                                trustscore_store** out);

/* Frees a buffer the library allocated (a save_buffer call's, a JSON
   report); NULL is accepted. */
TRUSTSCORE_API void trustscore_buffer_free(void* data);

/* What a saved file or buffer holds (TRUSTSCORE_CONTENT_*, TRUSTSCORE_ARCHIVE_*,
   its format version, its payload size), after checking header and checksums.
   Any output pointer may be NULL. */
TRUSTSCORE_API int trustscore_inspect_buffer(const void* data, int64_t length, int* content,
                                             int* archive, int* version, int64_t* payload_bytes);
TRUSTSCORE_API int trustscore_inspect_file(const char* path, int* content, int* archive,
                                           int* version, int64_t* payload_bytes);

/* ---- Trust graphs ------------------------------------------------------------
   A graph of who rates whom: edges source[i] -> target[i] (dense node indices
   in [0, nodes)) with rating[i] on the scale [rating_min, rating_max], scaled
   to [-1, 1] by rating / max(|rating_min|, |rating_max|).
   docs/guide/graphs.md has the algorithms and their references. */

typedef struct trustscore_graph trustscore_graph;

#define TRUSTSCORE_DUPLICATES_MEAN 0 /* duplicate edges: the mean of their ratings */
#define TRUSTSCORE_DUPLICATES_SUM 1  /* their sum, clipped to [-1, 1] */
#define TRUSTSCORE_DUPLICATES_LAST 2 /* the last in input order */
#define TRUSTSCORE_DUPLICATES_ERROR 3
#define TRUSTSCORE_SELF_LOOPS_DROP 0
#define TRUSTSCORE_SELF_LOOPS_KEEP 1
#define TRUSTSCORE_SELF_LOOPS_ERROR 2

#define TRUSTSCORE_GRAPH_OPTIONS_VERSION 1

/* How edge arrays or a ratings file become a graph. Initialise with
   trustscore_graph_options_init(&options, TRUSTSCORE_GRAPH_OPTIONS_VERSION). */
typedef struct trustscore_graph_options {
  int32_t version;    /* TRUSTSCORE_GRAPH_OPTIONS_VERSION */
  int32_t duplicates; /* TRUSTSCORE_DUPLICATES_*; default MEAN */
  int32_t self_loops; /* TRUSTSCORE_SELF_LOOPS_*; default DROP */
  int32_t reserved;   /* 0 */
  double rating_min;  /* the rating scale; default -1 */
  double rating_max;  /* default 1 */
} trustscore_graph_options;

TRUSTSCORE_API int trustscore_graph_options_init(trustscore_graph_options* options,
                                                 int32_t version);

#define TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION 2

/* EigenTrust's options. Initialise with trustscore_eigentrust_options_init(
   &options, TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION). */
typedef struct trustscore_eigentrust_options {
  int32_t version;            /* TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION */
  int32_t reserved;           /* 0 */
  double alpha;               /* weight of the seeds per step, in [0, 1); default 0.15 */
  const int64_t* seeds;       /* pre-trusted nodes; NULL (seed_count 0): every node */
  int64_t seed_count;         /* default 0 */
  double tolerance;           /* on the L1 change of a sweep; default 1e-8 */
  int64_t max_iterations;     /* default 1000 */
  int32_t threads, reserved2; /* v2: threads (0 all cores; default 1), reserved2 0 */
} trustscore_eigentrust_options;

TRUSTSCORE_API int trustscore_eigentrust_options_init(trustscore_eigentrust_options* options,
                                                      int32_t version);

/* A graph from edge arrays; options may be NULL (the defaults). */
TRUSTSCORE_API int trustscore_graph_from_arrays(int64_t nodes, const int64_t* source,
                                                const int64_t* target, const double* rating,
                                                int64_t edges,
                                                const trustscore_graph_options* options,
                                                trustscore_graph** out);
/* Deprecated: trustscore_graph_from_arrays with the options positional. */
TRUSTSCORE_DEPRECATED("trustscore_graph_from_arrays")
TRUSTSCORE_API int trustscore_graph_create(int64_t nodes, const int64_t* source,
                                           const int64_t* target, const double* rating,
                                           int64_t edges, double rating_min, double rating_max,
                                           int duplicates, int self_loops, trustscore_graph** out);
TRUSTSCORE_API void trustscore_graph_free(trustscore_graph* graph);
/* A graph from a CSV file of source,target,rating[,time] rows (a first row
   whose rating is not a number is a header; times are unix seconds or
   ISO-8601 UTC, in every row or in none; with times, DUPLICATES_LAST keeps
   the latest rating). Node ids are the file's strings, in order of first
   appearance. A bad row fails the call naming file, line and column.
   options may be NULL (the defaults). */
TRUSTSCORE_API int trustscore_graph_from_csv(const char* path,
                                             const trustscore_graph_options* options,
                                             trustscore_graph** out);
/* Deprecated: trustscore_graph_from_csv with the options positional. */
TRUSTSCORE_DEPRECATED("trustscore_graph_from_csv")
TRUSTSCORE_API int trustscore_graph_load_csv(const char* path, double rating_min, double rating_max,
                                             int duplicates, int self_loops,
                                             trustscore_graph** out);
/* The id of node index: the file's id for a graph from CSV, the index in
   decimal for one from arrays. */
TRUSTSCORE_API int trustscore_graph_node_id(const trustscore_graph* graph, int64_t index, char* buf,
                                            int64_t capacity, int64_t* length);
/* Index of node id, or -1 in *index when the graph has none. */
TRUSTSCORE_API int trustscore_graph_node_index(const trustscore_graph* graph, const char* id,
                                               int64_t* index);
/* Edges after duplicates and self-loops were handled. */
TRUSTSCORE_API int trustscore_graph_counts(const trustscore_graph* graph, int64_t* nodes,
                                           int64_t* edges);

/* EigenTrust into trust (capacity >= nodes); options may be NULL (the
   defaults). *iterations and *residual may be NULL. */
TRUSTSCORE_API int trustscore_graph_eigentrust(const trustscore_graph* graph,
                                               const trustscore_eigentrust_options* options,
                                               double* trust, int64_t capacity, int64_t* iterations,
                                               double* residual);
/* EigenTrust straight from edge arrays, without a graph handle: the arrays
   and options of trustscore_graph_from_arrays, the options of
   trustscore_graph_eigentrust, and the same trust, bit for bit, as the two
   calls. When every rating is one positive value (an unweighted graph) it
   builds only the in-neighbour lists the solver reads, not the graph: about
   a quarter of the time and memory of building the graph. */
TRUSTSCORE_API int trustscore_edges_eigentrust(int64_t nodes, const int64_t* source,
                                               const int64_t* target, const double* rating,
                                               int64_t edges,
                                               const trustscore_graph_options* graph_options,
                                               const trustscore_eigentrust_options* options,
                                               double* trust, int64_t capacity, int64_t* iterations,
                                               double* residual);
/* Deprecated: trustscore_graph_eigentrust with the options positional:
   alpha in [0, 1) the weight of the seeds (seed_count pre-trusted nodes; 0:
   all nodes), tolerance on the L1 change of a step. */
TRUSTSCORE_DEPRECATED("trustscore_graph_eigentrust")
TRUSTSCORE_API int trustscore_eigentrust(const trustscore_graph* graph, double alpha,
                                         const int64_t* seeds, int64_t seed_count, double tolerance,
                                         int64_t max_iterations, double* trust, int64_t capacity,
                                         int64_t* iterations, double* residual);
/* Deprecated: trustscore_edges_eigentrust with its 18 arguments. */
TRUSTSCORE_DEPRECATED("trustscore_edges_eigentrust")
TRUSTSCORE_API int trustscore_eigentrust_edges(
    int64_t nodes, const int64_t* source, const int64_t* target, const double* rating,
    int64_t edges, double rating_min, double rating_max, int duplicates, int self_loops,
    double alpha, const int64_t* seeds, int64_t seed_count, double tolerance,
    int64_t max_iterations, double* trust, int64_t capacity, int64_t* iterations, double* residual);
/* Fairness and goodness into caller arrays (capacity >= nodes each); a node
   nobody rates has goodness 0 (Kumar et al. leave it undefined; 0 is what
   reproduces their published leave-one-out numbers). One thread. */
TRUSTSCORE_API int trustscore_fairness_goodness(const trustscore_graph* graph, double tolerance,
                                                int64_t max_iterations, double* fairness,
                                                double* goodness, int64_t capacity,
                                                int64_t* iterations);
#define TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION 1
typedef struct trustscore_fairness_goodness_options { /* _init(&o, ..._VERSION) */
  int32_t version;         /* TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION */
  int32_t threads;         /* 0 every core; 1 (default) the calling thread */
  double tolerance;        /* on the L1 change of f and of g in a step; default 1e-9 */
  int64_t max_iterations;  /* default 1000 */
  double unrated_goodness; /* g of a node nobody rates, in [-1, 1]; default 0 */
} trustscore_fairness_goodness_options;
TRUSTSCORE_API int trustscore_fairness_goodness_options_init(
    trustscore_fairness_goodness_options* options, int32_t version);
/* Options NULL: the defaults; *iterations, *residual (L1 change) may be NULL. */
TRUSTSCORE_API int trustscore_graph_fairness_goodness(
    const trustscore_graph* graph, const trustscore_fairness_goodness_options* options,
    double* fairness, double* goodness, int64_t capacity, int64_t* iterations, double* residual);
/* Leave-one-out edge-weight and edge-sign prediction (docs/guide/graphs.md,
   "Bitcoin OTC: edge weight and edge sign"): every edge (or a seeded sample) is left out and
   predicted from the rest by fairness x goodness, goodness, reciprocal, global
   mean, EigenTrust rank, the target's Beta evidence and two learned
   combinations of node features fitted on the other folds. options_json (may
   be NULL) is an object with any of "sample" (0: all edges), "seed", "folds"
   (default 10; 0: no learned predictors), "l2", "tolerance" (of fairness and
   goodness, default 1e-6), "max_iterations", "unrated_goodness",
   "warm_start", "reciprocal_fallback" ("zero" or "global_mean") and
   "predictions" (true: also each evaluated edge's source, target, weight,
   every prediction and every feature). The report is JSON text in a
   library-owned buffer (NUL-terminated; *length without the NUL): free
   *report with trustscore_buffer_free. The defaults of the options are
   trustscore_option_defaults("edge_prediction"). */
TRUSTSCORE_API int trustscore_edge_prediction(const trustscore_graph* graph,
                                              const char* options_json, void** report,
                                              int64_t* length);

/* Credibility of every node in [0, 1], to discount the signals of each
   source (trustscore_store_add_signals' credibility): by EigenTrust (alpha
   0.15, all nodes seeds), min(1, nodes x global trust); by fairness (Kumar et
   al. 2016), the node's fairness. *unknown (may be NULL) receives the
   suggested credibility of a source outside the graph: the lowest of any node. */
#define TRUSTSCORE_CREDIBILITY_EIGENTRUST 0
#define TRUSTSCORE_CREDIBILITY_FAIRNESS 1
TRUSTSCORE_API int trustscore_graph_credibility(const trustscore_graph* graph, int rule,
                                                double* credibility, int64_t capacity,
                                                double* unknown);

#ifdef __cplusplus
}
#endif

/* Evaluation: metrics, learned weights, the evaluation harness. */
#include "trustscore/evaluation.h"

/* Journaled stores: a store kept in a directory, every change journaled. */
#include "trustscore/journal.h"

/* History of a journaled store: an entity's history, scores as of a past time,
   retraction by source. */
#include "trustscore/history.h"

/* Reading signals CSV: reader options, columns without a store. */
#include "trustscore/csv.h"

/* Entity ids as one table (bytes, offsets, codes): the calls that take ids,
   in the form bindings hold them. */
#include "trustscore/id_table.h"

#endif /* TRUSTSCORE_H */
