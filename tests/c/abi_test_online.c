/* A store in service: scoring chosen entities (trustscore_score_entities),
   retracting signals (trustscore_store_retract_signals) and removing an
   entity's evidence (trustscore_store_remove_entity). Chosen rows equal the
   whole store's bit for bit; a store after retraction scores as one that never
   had the signals; every refused call leaves the store as it was. */
#include "abi_test.h"

static const char* const kinds[] = {"beta",      "weighted_mean",    "bayesian_average", "wilson",
                                    "dirichlet", "subjective_logic", "logistic"};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

/* Rows of every output of a score call, up to MAXE entities. */
#define MAXE 8
typedef struct {
  double score[MAXE], lower[MAXE], upper[MAXE], con[MAXE * NF], gains[MAXE * NF];
  int32_t best[MAXE];
  double baseline, as_of;
} rows;

static void point_outputs(trustscore_score_outputs* out, rows* r) {
  CHECK_OK(trustscore_score_outputs_init_version(out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out->capacity = MAXE;
  out->score = r->score, out->lower = r->lower, out->upper = r->upper;
  out->contributions = r->con, out->gains = r->gains, out->best_lever = r->best;
}

static trustscore_score_options one_thread(double as_of) {
  trustscore_score_options o;
  CHECK_OK(trustscore_score_options_init_version(&o, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  o.threads = 1;
  o.as_of = as_of;
  return o;
}

/* Every entity of the store (as of as_of; NaN: its newest signal) into r. */
static int score_whole(const trustscore_model* m, const trustscore_store* st, double as_of,
                       rows* r) {
  trustscore_score_outputs out;
  const trustscore_score_options o = one_thread(as_of);
  int rc;
  memset(r, 0, sizeof *r);
  point_outputs(&out, r);
  rc = trustscore_score_into(m, st, &o, &out);
  r->baseline = out.baseline, r->as_of = out.as_of;
  return rc;
}

/* trustscore_score_entities into r, as of the store's newest signal. */
static int score_chosen(const trustscore_model* m, const trustscore_store* st, int64_t count,
                        const char* const* ids, const int64_t* index, int64_t* index_out,
                        int64_t* unknown, rows* r) {
  trustscore_score_outputs out;
  const trustscore_score_options o = one_thread(NAN);
  int rc;
  memset(r, 0, sizeof *r);
  point_outputs(&out, r);
  rc = trustscore_score_entities(m, st, &o, count, ids, index, index_out, unknown, &out);
  r->baseline = out.baseline, r->as_of = out.as_of;
  return rc;
}

/* Row i of a and row j of b are the same bits (f factors). */
static int same_row(const rows* a, int64_t i, const rows* b, int64_t j, int64_t f) {
  return memcmp(&a->score[i], &b->score[j], sizeof(double)) == 0 &&
         memcmp(&a->lower[i], &b->lower[j], sizeof(double)) == 0 &&
         memcmp(&a->upper[i], &b->upper[j], sizeof(double)) == 0 && a->best[i] == b->best[j] &&
         memcmp(&a->con[i * f], &b->con[j * f], (size_t)f * sizeof(double)) == 0 &&
         memcmp(&a->gains[i * f], &b->gains[j * f], (size_t)f * sizeof(double)) == 0;
}

/* Every output of the first n rows within tol (NaN matching NaN: unrated). */
static int near_or_both_nan(double a, double b, double tol) {
  return (a != a && b != b) || fabs(a - b) <= tol;
}
static int rows_near(const rows* a, const rows* b, int64_t n, int64_t f, double tol) {
  int64_t i, k;
  int ok = near_or_both_nan(a->baseline, b->baseline, tol);
  for (i = 0; i < n; ++i) {
    ok &= near_or_both_nan(a->score[i], b->score[i], tol);
    ok &= near_or_both_nan(a->lower[i], b->lower[i], tol);
    ok &= near_or_both_nan(a->upper[i], b->upper[i], tol) && a->best[i] == b->best[i];
    for (k = 0; k < f; ++k)
      ok &= near_or_both_nan(a->con[i * f + k], b->con[i * f + k], tol) &&
            near_or_both_nan(a->gains[i * f + k], b->gains[i * f + k], tol);
  }
  return ok;
}

/* The whole store scores as `before` did and has n entities: a refused call
   changed nothing. */
static int unchanged(const trustscore_model* m, const trustscore_store* st, const rows* before,
                     int64_t n) {
  rows now;
  int64_t i;
  int ok = score_whole(m, st, NAN, &now) == TRUSTSCORE_OK && entity_count(st) == n;
  for (i = 0; ok && i < n; ++i) ok = same_row(&now, i, before, i, NF);
  return ok;
}

/* Six entities e0..e5 on the three factors of a kind model that never decay
   (authenticity, values, experts); e4's only signal has weight 0 (no
   evidence). */
static const char* const six_ids[] = {"e0", "e1", "e2", "e3", "e4", "e5", "e0",
                                      "e1", "e3", "e5", "e5", "e2", "e0", "e3"};
static const int32_t six_factor[] = {0, 2, 6, 0, 2, 6, 2, 2, 0, 0, 2, 6, 6, 6};
static const double six_value[] = {1, 0.2, 0.6, 0.9, 1, 0, 0.75, 0.5, 1, 0.4, 0.8, 1, 0.1, 0.5};
static const double six_weight[] = {2, 1, 3, 1, 0, 2, 1, 1, 4, 1, 2, 1, 1, 0.5};
#define SIX_SIGNALS (int64_t)(sizeof six_value / sizeof six_value[0])

static void six_store(const char* kind, trustscore_model** m, trustscore_store** st) {
  *m = NULL, *st = NULL;
  CHECK_OK(kind_model(kind, "", m));
  if (*m) CHECK_OK(trustscore_store_create(*m, st));
  if (*st)
    CHECK_OK(trustscore_store_add_signals(*st, SIX_SIGNALS, six_ids, NULL, six_factor, six_value,
                                          six_weight, NULL, NULL, T0));
}

/* ---- Scoring chosen entities ------------------------------------------------- */

/* Every kind: chosen rows (by id and by index, repeated, with every output)
   equal the whole store's rows; an unknown id scores as e4, which has no
   evidence, gets index -1 and is counted; the store does not gain it. */
static void test_chosen_rows_equal_whole_rows(void) {
  const char* const ids[] = {"e3", "e0", "nobody", "e3", "e5", "e4", "nobody"};
  const int64_t want_index[] = {3, 0, -1, 3, 5, 4, -1};
  const int64_t index[] = {5, 3, 3, 0, 1, 2, 4};
  size_t k;
  for (k = 0; k < KIND_COUNT; ++k) {
    trustscore_model* m;
    trustscore_store* st;
    rows whole, chosen;
    int64_t got_index[7], unknown = -1, i;
    six_store(kinds[k], &m, &st);
    if (!st) continue;
    CHECK_OK(score_whole(m, st, NAN, &whole));
    CHECK_OK(score_chosen(m, st, 7, ids, NULL, got_index, &unknown, &chosen));
    CHECK(unknown == 2);
    CHECK(chosen.baseline == whole.baseline || (whole.baseline != whole.baseline));
    CHECK(chosen.as_of == whole.as_of && chosen.as_of == T0);
    for (i = 0; i < 7; ++i) {
      CHECK(got_index[i] == want_index[i]);
      CHECK(same_row(&chosen, i, &whole, want_index[i] < 0 ? 4 : want_index[i], NF));
    }
    if (strcmp(kinds[k], "beta") == 0) CHECK(chosen.score[2] == chosen.baseline);
    CHECK(entity_count(st) == 6);

    CHECK_OK(score_chosen(m, st, 7, NULL, index, got_index, &unknown, &chosen));
    CHECK(unknown == 0);
    for (i = 0; i < 7; ++i) {
      CHECK(got_index[i] == index[i]);
      CHECK(same_row(&chosen, i, &whole, index[i], NF));
    }
    trustscore_store_free(st);
    trustscore_model_free(m);
  }
}

/* Only the arrays given are written; index_out and unknown may be NULL; no
   entities at all is a valid call. */
static void test_chosen_optional_outputs(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_score_outputs out;
  const char* const ids[] = {"e5", "nobody"};
  double score[2] = {-1, -1};
  rows whole;
  six_store("beta", &m, &st);
  if (!st) return;
  CHECK_OK(score_whole(m, st, NAN, &whole));
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out.capacity = 2;
  out.score = score;
  CHECK_OK(trustscore_score_entities(m, st, NULL, 2, ids, NULL, NULL, NULL, &out));
  CHECK(score[0] == whole.score[5] && score[1] == whole.baseline && out.baseline == whole.baseline);
  /* No arrays: capacity 0 is fine, baseline and as-of are written. */
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  CHECK_OK(trustscore_score_entities(m, st, NULL, 2, ids, NULL, NULL, NULL, &out));
  CHECK(out.baseline == whole.baseline && out.as_of == T0);
  CHECK_OK(trustscore_score_entities(m, st, NULL, 0, NULL, NULL, NULL, NULL, &out));
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Each bad argument: its status and message; the next correct call works. */
static void test_chosen_rejects_bad_arguments(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_outputs out;
  trustscore_score_options o;
  const char* ids[2] = {"alpha", "beta"};
  const int64_t bad_low[2] = {1, -1}, bad_high[2] = {0, 2};
  int64_t idx[2], unknown = -1;
  rows r, before;
  alpha_beta_store(&m, &st);
  CHECK_OK(score_whole(m, st, NAN, &before));
  point_outputs(&out, &r);
#define RIGHT()                                                                        \
  do {                                                                                 \
    CHECK_OK(score_chosen(m, st, 2, ids, NULL, idx, &unknown, &r));                    \
    CHECK(same_row(&r, 0, &before, 0, NF) && same_row(&r, 1, &before, 1, NF));         \
    CHECK(idx[0] == 0 && idx[1] == 1 && unknown == 0 && unchanged(m, st, &before, 2)); \
    point_outputs(&out, &r);                                                           \
  } while (0)
  CHECK_FAIL(trustscore_score_entities(NULL, st, NULL, 2, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "model is NULL");
  RIGHT();
  CHECK_FAIL(trustscore_score_entities(m, NULL, NULL, 2, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  RIGHT();
  CHECK_FAIL(trustscore_score_entities(m, st, NULL, 2, ids, NULL, NULL, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "outputs is NULL");
  RIGHT();
  CHECK_FAIL(trustscore_score_entities(m, st, NULL, -1, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "count is negative");
  RIGHT();
  CHECK_FAIL(trustscore_score_entities(m, st, NULL, 2, NULL, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "entity_index (with entity_ids NULL) is NULL");
  RIGHT();
  ids[1] = NULL;
  CHECK_FAIL(trustscore_score_entities(m, st, NULL, 2, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "entity_ids[1] is NULL");
  ids[1] = "beta";
  RIGHT();
  CHECK_FAIL2(trustscore_score_entities(m, st, NULL, 2, NULL, bad_low, NULL, NULL, &out),
              TRUSTSCORE_E_INVALID_ARGUMENT, "entities[1]", "-1 out of range [0, 2)");
  RIGHT();
  CHECK_FAIL2(trustscore_score_entities(m, st, NULL, 2, NULL, bad_high, NULL, NULL, &out),
              TRUSTSCORE_E_INVALID_ARGUMENT, "entities[1]", "2 out of range [0, 2)");
  RIGHT();
  out.capacity = 1;
  CHECK_FAIL(trustscore_score_entities(m, st, NULL, 2, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_BUFFER_TOO_SMALL, "outputs->capacity holds 1 entities, 2 are needed");
  RIGHT();
  out.capacity = -1;
  CHECK_FAIL(trustscore_score_entities(m, st, NULL, 2, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "outputs->capacity is negative");
  RIGHT();
  out.version = TRUSTSCORE_SCORE_OUTPUTS_VERSION + 1;
  CHECK_FAIL(trustscore_score_entities(m, st, NULL, 2, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_VERSION_MISMATCH, "outputs->version");
  RIGHT();
  o = one_thread(T0 - DAY);
  CHECK_FAIL(trustscore_score_entities(m, st, &o, 2, ids, NULL, NULL, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "before the newest signal");
  RIGHT();
#undef RIGHT
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- Retraction --------------------------------------------------------------- */

/* Every kind: the six signals plus four more, the four retracted (by id, then
   by index), score as the six alone to 1e-12; e1's experts signal (its only
   one there) leaves the cell empty. */
static void test_retract_equals_never_had(void) {
  const char* const ids[] = {"e1", "e0", "e3", "e5"};
  const int64_t index[] = {1, 0, 3, 5};
  const int32_t factor[] = {EXPERTS, AUTHENTICITY, AUTHENTICITY, VALUES};
  const double value[] = {0.3, 0.6, 0.0, 1.0}, weight[] = {2, 1.5, 1, 0.25};
  const double time[] = {T0, T0, T0 - DAY, NAN}; /* NaN: default_time */
  size_t k;
  int by_index;
  for (k = 0; k < KIND_COUNT; ++k)
    for (by_index = 0; by_index < 2; ++by_index) {
      trustscore_model *m, *m2;
      trustscore_store *st, *never;
      rows got, want;
      six_store(kinds[k], &m, &st);
      six_store(kinds[k], &m2, &never);
      if (!st || !never) continue;
      CHECK_OK(
          trustscore_store_add_signals(st, 4, ids, NULL, factor, value, weight, time, NULL, T0));
      CHECK_OK(trustscore_store_retract_signals(st, 4, by_index ? NULL : ids,
                                                by_index ? index : NULL, factor, value, weight,
                                                time, NULL, T0));
      CHECK_OK(score_whole(m, st, NAN, &got));
      CHECK_OK(score_whole(m2, never, NAN, &want));
      CHECK(entity_count(st) == 6 && rows_near(&got, &want, 6, NF, 1e-12));
      trustscore_store_free(st);
      trustscore_store_free(never);
      trustscore_model_free(m);
      trustscore_model_free(m2);
    }
}

/* The default model, with decay and credibility: retracting the signals of
   the koc store's second batch gives alpha_beta_store's scores to 1e-12 (as of
   a later time, so that both decay alike). */
static void test_retract_with_decay_and_credibility(void) {
  const int64_t ent[3] = {1, 0, 1};
  const int32_t fac[3] = {KOC_WORD_OF_MOUTH, EXPERTS, VALUES};
  const double val[3] = {1.0, 0.8, 0.0}, w[3] = {1.0, 2.0, 0.0};
  const double tm[3] = {T0, T0 - 30 * DAY, NAN}, cred[3] = {0.5, 0.7, 1.0};
  trustscore_model *m, *m2;
  trustscore_store *st, *never;
  rows got, want;
  alpha_beta_store(&m, &st);
  alpha_beta_store(&m2, &never);
  CHECK_OK(trustscore_store_add_signals(st, 3, NULL, ent, fac, val, w, tm, cred, T0));
  CHECK_OK(trustscore_store_retract_signals(st, 3, NULL, ent, fac, val, w, tm, cred, T0));
  CHECK_OK(score_whole(m, st, T0 + 10 * DAY, &got));
  CHECK_OK(score_whole(m2, never, T0 + 10 * DAY, &want));
  CHECK(rows_near(&got, &want, 2, NF, 1e-12));
  CHECK_NEAR(got.score[0], want.score[0], 1e-12);
  trustscore_store_free(st);
  trustscore_store_free(never);
  trustscore_model_free(m);
  trustscore_model_free(m2);
}

/* Each bad retraction fails naming its problem, and the store is unchanged
   (alpha: authenticity value 1 weight 3, data_security value 0.25 weight 2;
   beta: service_details value 0.5 weight 2; all at T0). */
static void test_retract_rejects_bad_signals(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  const char* ids[2] = {"alpha", "beta"};
  const int64_t ent[2] = {0, 1}, far[2] = {0, 2};
  int32_t fac[2] = {AUTHENTICITY, SERVICE_DETAILS};
  double val[2] = {1.0, 0.5}, w[2] = {3.0, 2.0}, tm[2] = {T0, T0};
  rows before;
  alpha_beta_store(&m, &st);
  CHECK_OK(score_whole(m, st, NAN, &before));
#define RETRACT(ids_, ent_) \
  trustscore_store_retract_signals(st, 2, ids_, ent_, fac, val, w, tm, NULL, NAN)
#define REFUSED(call, needle1, needle2)                                 \
  do {                                                                  \
    CHECK_FAIL2(call, TRUSTSCORE_E_INVALID_ARGUMENT, needle1, needle2); \
    CHECK(unchanged(m, st, &before, 2));                                \
  } while (0)
  REFUSED(trustscore_store_retract_signals(NULL, 2, ids, NULL, fac, val, w, tm, NULL, NAN),
          "store is NULL", NULL);
  REFUSED(trustscore_store_retract_signals(st, -1, ids, NULL, fac, val, w, tm, NULL, NAN),
          "count is negative", NULL);
  REFUSED(trustscore_store_retract_signals(st, 2, ids, NULL, NULL, val, w, tm, NULL, NAN),
          "factor is NULL", NULL);
  REFUSED(trustscore_store_retract_signals(st, 2, ids, NULL, fac, NULL, w, tm, NULL, NAN),
          "value is NULL", NULL);
  REFUSED(RETRACT(NULL, NULL), "entity_index (with entity_ids NULL) is NULL", NULL);
  ids[1] = NULL;
  REFUSED(RETRACT(ids, NULL), "entity_ids[1] is NULL", NULL);
  ids[1] = "gamma";
  REFUSED(RETRACT(ids, NULL), "signal 1", "entity 'gamma' is not in the store");
  ids[1] = "beta";
  REFUSED(RETRACT(NULL, far), "signal 1", "entity index 2 out of range [0, 2)");
  fac[1] = NF;
  REFUSED(RETRACT(ids, NULL), "signal 1", "factor index 9 out of range");
  fac[1] = SERVICE_DETAILS, val[1] = NAN;
  REFUSED(RETRACT(ids, NULL), "signal 1", "value is NaN");
  val[1] = 1.5;
  REFUSED(RETRACT(ids, NULL), "signal 1", "value 1.5");
  val[1] = 0.5, w[1] = 4.0; /* twice the mass held */
  REFUSED(RETRACT(ids, NULL), "signal 1", "more positive mass");
  w[1] = 2.0, fac[1] = EXPERTS; /* beta has no experts signal */
  REFUSED(RETRACT(NULL, ent), "signal 1", "holds no signal");
  fac[1] = SERVICE_DETAILS, tm[1] = T0 + DAY;
  REFUSED(RETRACT(ids, NULL), "signal 1", "after the newest signal");
  tm[1] = NAN; /* and default_time NaN */
  REFUSED(RETRACT(ids, NULL), "signal 1", "no time");
  REFUSED(trustscore_store_retract_signals(st, 2, ids, NULL, fac, val, w, NULL, NULL, NAN),
          "signal 0", "no time");
  /* All or nothing: alpha's authenticity signal twice takes the cell's one
     signal twice; the first is put back. */
  tm[1] = T0, ids[1] = "alpha", fac[1] = AUTHENTICITY, val[1] = 1.0, w[1] = 3.0;
  REFUSED(RETRACT(ids, NULL), "signal 1", "holds no signal");
#undef REFUSED
#undef RETRACT
  ids[1] = "beta", fac[1] = SERVICE_DETAILS, val[1] = 0.5, w[1] = 2.0;
  CHECK_OK(trustscore_store_retract_signals(st, 2, ids, NULL, fac, val, w, tm, NULL, NAN));
  CHECK_OK(score_whole(m, st, NAN, &before));
  CHECK(before.score[1] == before.baseline && before.score[0] != before.baseline);
  /* No signals at all is a valid call. */
  CHECK_OK(trustscore_store_retract_signals(st, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NAN));
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- Removing an entity's evidence ------------------------------------------ */

static void test_remove_entity(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t removed = -1, idx = -1;
  double baseline = -1, score[3];
  rows before;
  alpha_beta_koc_store(&m, &st); /* beta: 3 signals; alpha: 2 */
  CHECK_OK(trustscore_store_remove_entity(st, "beta", -7, &removed));
  CHECK(removed == 3);
  CHECK_OK(trustscore_store_entity_index(st, "beta", &idx));
  CHECK(idx == 1 && entity_count(st) == 2);
  CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF, score, NULL, NULL, NULL, NULL, NULL, &baseline));
  CHECK(score[1] == baseline);
  CHECK_NEAR(score[0], 0.5116363636363636, TOL);
  CHECK_OK(trustscore_store_remove_entity(st, NULL, 1, &removed));
  CHECK(removed == 0); /* nothing left */
  CHECK_OK(trustscore_store_remove_entity(st, NULL, 0, NULL));
  CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF, score, NULL, NULL, NULL, NULL, NULL, &baseline));
  CHECK(score[0] == baseline && score[1] == baseline);
  /* The emptied entity takes signals again. */
  CHECK_OK(trustscore_store_add_signals(st, 1, NULL, &idx, (const int32_t[]){VALUES},
                                        (const double[]){1.0}, NULL, NULL, NULL, T0));
  CHECK(score_of(m, st, 1) > baseline);

  CHECK_OK(score_whole(m, st, NAN, &before));
  removed = -1;
  CHECK_FAIL(trustscore_store_remove_entity(NULL, "beta", 0, &removed),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  CHECK_FAIL(trustscore_store_remove_entity(st, "gamma", 0, &removed),
             TRUSTSCORE_E_INVALID_ARGUMENT, "entity 'gamma' is not in the store");
  CHECK_FAIL(trustscore_store_remove_entity(st, NULL, 2, &removed), TRUSTSCORE_E_INVALID_ARGUMENT,
             "entity index 2 out of range [0, 2)");
  CHECK_FAIL(trustscore_store_remove_entity(st, NULL, -1, &removed), TRUSTSCORE_E_INVALID_ARGUMENT,
             "entity index -1 out of range [0, 2)");
  CHECK(removed == -1 && unchanged(m, st, &before, 2));
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Whole-store scoring checks capacities against the count it scores. */
static void test_whole_store_capacity_after_growth(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_outputs out;
  double score[2];
  alpha_beta_store(&m, &st);
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out.capacity = 2;
  out.score = score;
  CHECK_OK(trustscore_score_into(m, st, NULL, &out));
  CHECK_OK(trustscore_store_add_signals(st, 1, (const char* const[]){"gamma"}, NULL,
                                        (const int32_t[]){VALUES}, (const double[]){1.0}, NULL,
                                        NULL, NULL, T0));
  CHECK_FAIL(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "outputs->capacity holds 2 entities, 3 are needed");
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static const abi_test tests[] = {
    ABI_TEST(test_chosen_rows_equal_whole_rows),
    ABI_TEST(test_chosen_optional_outputs),
    ABI_TEST(test_chosen_rejects_bad_arguments),
    ABI_TEST(test_retract_equals_never_had),
    ABI_TEST(test_retract_with_decay_and_credibility),
    ABI_TEST(test_retract_rejects_bad_signals),
    ABI_TEST(test_remove_entity),
    ABI_TEST(test_whole_store_capacity_after_growth),
};

const abi_suite abi_suite_online = ABI_SUITE("online", tests);
