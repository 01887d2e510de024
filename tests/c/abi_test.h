/* The C ABI from C99: every exported call, its success path and every error
 * path we can reach from C. For each failure the test checks the exact status,
 * that trustscore_last_error() names the function and the offending argument
 * or problem, and that the handle is still usable: the next correct call
 * works and gives the right (hand-computed) result.
 *
 * One executable, trustscore_c_test, with one suite per concept of
 * trustscore.h, each in its own file (ctest runs each as c_abi_<concept>):
 *   concept            file                          what
 *   errors             abi_test_errors.c             versions, status strings, last error
 *   model              abi_test_model.c              creation, look-ups, strings out, JSON
 *   model_kinds        abi_test_model_kinds.c        the model kinds and their parameters
 *   store              abi_test_store.c              the evidence store: signals, CSV
 *   scoring            abi_test_scoring.c            trustscore_score: values, options, errors
 *   score_into         abi_test_score_into.c         trustscore_score_into
 *   factor_parameters  abi_test_factor_parameters.c  custom factors and decay in scores
 *   persistence        abi_test_persistence.c        saving, loading, inspecting
 *   graphs             abi_test_graphs.c             trust graphs, edge prediction
 *   metrics            abi_test_metrics.c            evaluation metrics
 *   evaluation         abi_test_evaluation.c         learned weights, evaluation harness
 *   conventions        abi_test_conventions.c        versioned options, struct forms, -1
 *                                                    look-ups, NUL-terminated buffers
 *   online             abi_test_online.c             chosen entities, retraction, removing
 *                                                    an entity's evidence
 *   journal            abi_test_journal.c            journaled stores: open, writers journaled,
 *                                                    checkpoints, recovery, closing
 *   history            abi_test_history.c            a journaled store's history, scores as
 *                                                    of a past time, retraction by source
 *   csv                abi_test_csv.c                the CSV reader's options, columns read
 *                                                    without a store
 *   id_tables          abi_test_id_tables.c          ids as one table (trustscore/id_table.h):
 *                                                    every call that takes one, bad tables
 *   tuning             abi_test_tuning.c             configured models and baselines in the
 *                                                    harness, trustscore_tune, one-class fits
 * `trustscore_c_test` runs every suite, `trustscore_c_test model store` those
 * two. The harness (checks, helpers, fixtures, runner) is this header and
 * abi_test_main.c.
 *
 * Where a new test goes: a new entry point of an existing concept gets a
 * `static void test_...(void)` in that concept's file, listed in the file's
 * `tests[]` at its end. A new concept gets a new file abi_test_<concept>.c
 * (tests/CMakeLists.txt compiles every .c file in tests/c) ending in
 * `const abi_suite abi_suite_<concept> = ABI_SUITE("<concept>", tests);`,
 * declared below, listed in `suites[]` in abi_test_main.c and in
 * TRUSTSCORE_C_ABI_CONCEPTS in tests/CMakeLists.txt (the runner fails when
 * the two lists differ). Keep each file under 600 lines and each test under
 * about 80 (one thing per test); look below for a helper before adding one.
 *
 * The model (see include/trustscore/kinds/beta.hpp): per factor
 *   p = (r + a W) / (r + s + W),  a = 0.5 (base rate), W = 2 (prior weight),
 * where a signal of strength w and value v adds w v to r and w (1 - v) * 2 to
 * s (negativity 2 multiplies negative mass), both decayed by 2^(-age/half-life).
 * The score is sum_f w_f p_f with the profile's weights normalised to sum 1;
 * the default profile "decision" weighs authenticity 2,
 * third_party_endorsement 1.5, values 0.5, data_security 2, data_points 1.5,
 * official_backing 1, experts 1, koc_word_of_mouth 2, service_details 1
 * (total 12.5). Contributions w_f (p_f - a_f) add up to score - baseline,
 * baseline = sum_f w_f a_f; gains w_f (1 - p_f) / (n_f + 1); the interval is
 * score +- z sqrt(sum_f w_f^2 p_f (1 - p_f) / (n_f + 1)) clipped to [0, 1],
 * z = 1.959963984540054 for 95 %. */
#ifndef TRUSTSCORE_ABI_TEST_H
#define TRUSTSCORE_ABI_TEST_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trustscore/trustscore.h"

#ifndef TRUSTSCORE_C_TEST_TMPDIR
#define TRUSTSCORE_C_TEST_TMPDIR "/tmp"
#endif

/* ---- Checks ---------------------------------------------------------------- */

/* Each counts one check and reports a failure with file and line; none stops
   the test, so one run shows every failure. */
void check_(int ok, const char* file, int line, const char* what);
/* The call succeeded and left the last error empty. */
void check_ok_(int status, const char* file, int line, const char* what);
/* The call failed with exactly `expected`, and the last error starts with the
   function's name and contains each needle (NULL: none). */
void check_fail_(int status, int expected, const char* needle1, const char* needle2,
                 const char* file, int line, const char* what);
void check_near_(double got, double want, double tol, const char* file, int line, const char* what);
void check_str_(const char* got, const char* want, const char* file, int line, const char* what);

#define CHECK(cond) check_((cond) != 0, __FILE__, __LINE__, #cond)
#define CHECK_OK(call) check_ok_((call), __FILE__, __LINE__, #call)
#define CHECK_FAIL(call, status, needle) \
  check_fail_((call), (status), (needle), NULL, __FILE__, __LINE__, #call)
#define CHECK_FAIL2(call, status, needle1, needle2) \
  check_fail_((call), (status), (needle1), (needle2), __FILE__, __LINE__, #call)
#define CHECK_NEAR(got, want, tol) check_near_((got), (want), (tol), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want) check_str_((got), (want), __FILE__, __LINE__, #got)

/* ---- The built-in model ---------------------------------------------------- */

#define TOL 1e-12
#define Z95 1.959963984540054
#define NF 9 /* built-in factors */

enum {
  AUTHENTICITY,
  THIRD_PARTY_ENDORSEMENT,
  VALUES,
  DATA_SECURITY,
  DATA_POINTS,
  OFFICIAL_BACKING,
  EXPERTS,
  KOC_WORD_OF_MOUTH,
  SERVICE_DETAILS
};

extern const char* const builtin_ids[NF];
extern const double decision_weights[NF];
extern const double awareness_weights[NF];

/* 2023-11-14T22:13:20Z: the time every undecayed signal carries. */
#define T0 1700000000.0
#define DAY 86400.0

/* ---- Helpers ----------------------------------------------------------------- */

/* Scores every entity into the given arrays (capacity n, n * nf); NULL skips. */
int score_all(const trustscore_model* m, const trustscore_store* st, const char* profile,
              double confidence, int64_t n, int64_t nf, double* score, double* lower, double* upper,
              double* contributions, double* gains, int32_t* best, double* baseline);
/* Counts, or a negative number on failure. */
int64_t entity_count(const trustscore_store* st);
int64_t factor_count(const trustscore_model* m);
/* Score of entity e under the default profile, or NaN on failure. */
double score_of(const trustscore_model* m, const trustscore_store* st, int64_t e);
/* The model's JSON (malloc'ed, the caller frees it), or NULL on failure. */
char* model_json(const trustscore_model* m);
int from_json(const char* text, trustscore_model** out);
/* A model of the given kind whose factors never decay, with a flat default
   profile (every signal counts once) and extra "parameters" JSON (or ""). */
int kind_model(const char* kind, const char* parameters, trustscore_model** out);

/* Temporary files: "<tmpdir>/c_abi_<pid>_<name>", so that concurrent runs
   (ctest -j) never share one. write_file returns 0 on failure. */
void temp_path(char* path, size_t size, const char* name);
int write_file(const char* path, const char* text);

/* ---- Fixtures: each checks its own set-up; the caller frees what it gets. ---- */

/* The default model; an empty store of it. */
trustscore_model* default_model(void);
void empty_store(trustscore_model** m, trustscore_store** st);
/* The hand-computed case (abi_test_scoring.c), all signals at T0, default model:
     alpha  authenticity  value 1    strength 3: r = 3, s = 0
            data_security value 0.25 strength 2: r = 0.5, s = 2 * 0.75 * 2 = 3
     beta   service_details value 0.5 strength 2: r = 1, s = 2 * 0.5 * 2 = 2
   Scores under "decision": alpha 0.5116363636363636, beta 0.492. */
void alpha_beta_store(trustscore_model** m, trustscore_store** st);
/* The same, and beta's koc_word_of_mouth signal of test_add_signals_by_index
   (abi_test_store.c): beta 0.508. */
void alpha_beta_koc_store(trustscore_model** m, trustscore_store** st);

/* ---- Registry ------------------------------------------------------------------ */

typedef struct {
  const char* name;
  void (*run)(void);
} abi_test;

typedef struct {
  const char* concept;
  const abi_test* tests;
  size_t count;
} abi_suite;

#define ABI_TEST(function) \
  { #function, function }
#define ABI_SUITE(concept, tests) \
  { concept, tests, sizeof tests / sizeof tests[0] }

extern const abi_suite abi_suite_errors;
extern const abi_suite abi_suite_model;
extern const abi_suite abi_suite_model_kinds;
extern const abi_suite abi_suite_store;
extern const abi_suite abi_suite_scoring;
extern const abi_suite abi_suite_score_into;
extern const abi_suite abi_suite_factor_parameters;
extern const abi_suite abi_suite_persistence;
extern const abi_suite abi_suite_graphs;
extern const abi_suite abi_suite_metrics;
extern const abi_suite abi_suite_evaluation;
extern const abi_suite abi_suite_conventions;
extern const abi_suite abi_suite_online;
extern const abi_suite abi_suite_journal;
extern const abi_suite abi_suite_history;
extern const abi_suite abi_suite_csv;
extern const abi_suite abi_suite_id_tables;
extern const abi_suite abi_suite_tuning;

#endif
