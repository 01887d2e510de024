/* The evidence store: creation, look-ups, signals (every bad one refused, all
   or nothing) and CSV files. */
#include "abi_test.h"

/* ---- Creation and look-ups ---------------------------------------------------- */

static void test_store_create(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  CHECK_OK(trustscore_model_create(&m));
  CHECK_FAIL(trustscore_store_create(m, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  st = (trustscore_store*)NULL;
  CHECK_FAIL(trustscore_store_create(NULL, &st), TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK(st == NULL);
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK(st != NULL);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_empty_store(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t n = -1, len = -1, idx = -1;
  double t = 0;
  char buf[32];
  empty_store(&m, &st);
  CHECK_OK(trustscore_store_entity_count(st, &n));
  CHECK(n == 0);
  CHECK_OK(trustscore_store_latest_time(st, &t));
  CHECK(isnan(t));
  CHECK_OK(trustscore_store_entity_index(st, "alpha", &idx));
  CHECK(idx == -1);
  CHECK_FAIL(trustscore_store_entity_id(st, 0, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  /* No signals at all is a valid call. */
  CHECK_OK(trustscore_store_add_signals(st, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, T0));
  CHECK(entity_count(st) == 0);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* NULL handles and outputs of the look-ups. */
static void test_store_lookups_reject_null(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t n = -1, len = -1, idx = -1;
  double t = 0;
  char buf[32];
  empty_store(&m, &st);
  CHECK_FAIL(trustscore_store_entity_count(NULL, &n), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  CHECK_FAIL(trustscore_store_entity_count(st, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "count");
  CHECK_FAIL(trustscore_store_latest_time(NULL, &t), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  CHECK_FAIL(trustscore_store_latest_time(st, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "time");
  CHECK_FAIL(trustscore_store_entity_index(NULL, "alpha", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
             "store");
  CHECK_FAIL(trustscore_store_entity_index(st, NULL, &idx), TRUSTSCORE_E_INVALID_ARGUMENT, "id");
  CHECK_FAIL(trustscore_store_entity_index(st, "alpha", NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "index");
  CHECK_FAIL(trustscore_store_entity_id(NULL, 0, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_store_lookups_after_signals(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t len = -1, idx = -1;
  double t = 0;
  char buf[32];
  alpha_beta_store(&m, &st);
  CHECK(entity_count(st) == 2);
  CHECK_OK(trustscore_store_latest_time(st, &t));
  CHECK(t == T0);
  CHECK_OK(trustscore_store_entity_index(st, "beta", &idx));
  CHECK(idx == 1);
  CHECK_OK(trustscore_store_entity_id(st, 0, buf, sizeof buf, &len));
  CHECK_STR(buf, "alpha");
  CHECK(len == 5);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Length query, too small, NULL buffer with a capacity, negative capacity, NULL
   length, out of range, exact. */
static void test_entity_id_string_protocol(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t len = -1;
  char buf[32];
  alpha_beta_store(&m, &st);
  CHECK_OK(trustscore_store_entity_id(st, 1, NULL, 0, &len));
  CHECK(len == 4);
  len = -1;
  CHECK_FAIL2(trustscore_store_entity_id(st, 1, buf, 4, &len), TRUSTSCORE_E_BUFFER_TOO_SMALL, "buf",
              "5");
  CHECK(len == 4);
  CHECK_FAIL(trustscore_store_entity_id(st, 1, NULL, 4, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "buf");
  CHECK_FAIL(trustscore_store_entity_id(st, 1, buf, -1, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "capacity");
  CHECK_FAIL(trustscore_store_entity_id(st, 1, buf, sizeof buf, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "length");
  CHECK_FAIL2(trustscore_store_entity_id(st, 2, buf, sizeof buf, &len),
              TRUSTSCORE_E_INVALID_ARGUMENT, "index", "out of range");
  CHECK_FAIL(trustscore_store_entity_id(st, -1, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  CHECK_OK(trustscore_store_entity_id(st, 1, buf, 5, &len));
  CHECK_STR(buf, "beta");
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- add_signals error paths. Every one leaves the store unchanged. ---- */

/* The scores of alpha_beta_store's alpha and beta. */
static const double alpha0 = 0.5116363636363636, beta0 = 0.492;

/* The store `st` still holds alpha and beta alone, scored as before under `m`. */
#define UNCHANGED()                                                \
  do {                                                             \
    int64_t gamma_ = 7;                                            \
    CHECK(entity_count(st) == 2);                                  \
    CHECK_OK(trustscore_store_entity_index(st, "gamma", &gamma_)); \
    CHECK(gamma_ == -1);                                           \
    CHECK_NEAR(score_of(m, st, 0), alpha0, TOL);                   \
    CHECK_NEAR(score_of(m, st, 1), beta0, TOL);                    \
  } while (0)

static void test_add_signals_rejects_missing_arguments(void) {
  const char* ids[2] = {"gamma", "alpha"};
  const char* null_id[2] = {"gamma", NULL};
  const char* empty_id[2] = {"gamma", ""};
  const int64_t ent[2] = {0, 1};
  const int32_t fac[2] = {VALUES, EXPERTS};
  const double val[2] = {1, 1};
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  alpha_beta_store(&m, &st);
  CHECK_FAIL(trustscore_store_add_signals(NULL, 2, ids, NULL, fac, val, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, -1, ids, NULL, fac, val, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "count");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, -1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "count");
  CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, NULL, fac, val, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "entity_index");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, NULL, val, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "factor");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, NULL, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "value");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, ent, NULL, val, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "factor");
  CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, ent, fac, NULL, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "value");
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, null_id, NULL, fac, val, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "entity_ids[1]", "NULL");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, empty_id, NULL, fac, val, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "signal 1", "entity id is empty");
  UNCHANGED();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* The first signal (new entity gamma) is fine, the second is not: all or nothing. */
static void test_add_signals_rejects_bad_values_and_weights(void) {
  const char* ids[2] = {"gamma", "alpha"};
  const int32_t fac[2] = {VALUES, EXPERTS};
  const double val[2] = {1, 1};
  const double val_nan[2] = {1, NAN};
  const double val_inf[2] = {1, INFINITY};
  const double val_big[2] = {1, 1.5};
  const double val_neg[2] = {1, -0.1};
  const double w_neg[2] = {1, -1};
  const double w_nan[2] = {1, NAN};
  const double w_inf[2] = {1, INFINITY};
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  alpha_beta_store(&m, &st);
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_nan, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "signal 1", "value");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_inf, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "value", "infinite");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_big, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "value", "[0, 1]");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_neg, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "value", "[0, 1]");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w_neg, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "weight", "negative");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w_nan, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "weight", "NaN");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w_inf, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "weight", "infinite");
  UNCHANGED();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_add_signals_rejects_bad_times_and_credibility(void) {
  const char* ids[2] = {"gamma", "alpha"};
  const int32_t fac[2] = {VALUES, EXPERTS};
  const double val[2] = {1, 1};
  const double t_inf[2] = {T0, -INFINITY};
  const double c_big[2] = {1, 1.5};
  const double c_neg[2] = {1, -0.5};
  const double c_nan[2] = {1, NAN};
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  alpha_beta_store(&m, &st);
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, t_inf, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "signal 1", "time");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, c_big, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "credibility");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, c_neg, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "credibility");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, c_nan, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "credibility");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, NULL, INFINITY),
              TRUSTSCORE_E_INVALID_ARGUMENT, "default time", "infinite");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 0, ids, NULL, fac, val, NULL, NULL, NULL, INFINITY),
             TRUSTSCORE_E_INVALID_ARGUMENT, "default time");
  UNCHANGED();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_add_signals_rejects_bad_indices(void) {
  const char* ids[2] = {"gamma", "alpha"};
  const int64_t ent[2] = {0, 1};
  const int64_t ent_bad[2] = {0, 2};
  const int64_t ent_neg[2] = {0, -1};
  const int32_t fac[2] = {VALUES, EXPERTS};
  const int32_t fac_bad[2] = {VALUES, NF};
  const int32_t fac_neg[2] = {VALUES, -1};
  const double val[2] = {1, 1};
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  alpha_beta_store(&m, &st);
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac_bad, val, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "factor index", "out of range");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac_neg, val, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "factor index", "-1");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, NULL, ent_bad, fac, val, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "entity index", "out of range");
  UNCHANGED();
  CHECK_FAIL2(trustscore_store_add_signals(st, 2, NULL, ent_neg, fac, val, NULL, NULL, NULL, T0),
              TRUSTSCORE_E_INVALID_ARGUMENT, "entity index", "-1");
  UNCHANGED();
  CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, ent, fac_bad, val, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "factor index");
  UNCHANGED();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

#undef UNCHANGED

/* By dense index, with source credibility: beta gets koc_word_of_mouth value 1,
   strength 1 from a source of credibility 0.5 -> r = 0.5, s = 0,
   p = (0.5 + 1) / (0.5 + 2) = 0.6, contribution 0.16 * 0.1 = 0.016: beta = 0.508.
   A second signal with time NaN takes default_time (T0) and weighs 0.
   (alpha_beta_koc_store adds the same two signals.) */
static void test_add_signals_by_index(void) {
  const int64_t ent[2] = {1, 1};
  const int32_t fac[2] = {KOC_WORD_OF_MOUTH, VALUES};
  const double val[2] = {1.0, 0.0};
  const double w[2] = {1.0, 0.0};
  const double tm[2] = {T0, NAN};
  const double cred[2] = {0.5, 1.0};
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double score[2], gains[2 * NF], t = 0;
  int32_t best[2];
  int f, arg = -1;
  double max = -1;
  alpha_beta_store(&m, &st);
  CHECK_OK(trustscore_store_add_signals(st, 2, NULL, ent, fac, val, w, tm, cred, T0));
  CHECK(entity_count(st) == 2);
  CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF, score, NULL, NULL, NULL, gains, best, NULL));
  CHECK_NEAR(score[0], 0.5116363636363636, TOL);
  CHECK_NEAR(score[1], 0.508, TOL);
  /* beta's gains tie (authenticity and data_security, 0.16 * 0.5 / 3): best_lever is the
     first largest gain of those it reports. */
  for (f = 0; f < NF; ++f)
    if (gains[NF + f] > max) max = gains[NF + f], arg = f;
  CHECK(best[1] == arg);
  CHECK_NEAR(gains[NF + best[1]], 0.16 * 0.5 / 3, TOL);
  CHECK_NEAR(gains[NF + KOC_WORD_OF_MOUTH], 0.16 * 0.4 / 3.5, TOL);
  CHECK_OK(trustscore_store_latest_time(st, &t));
  CHECK(t == T0);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- CSV ------------------------------------------------------------------ */

#define PATH_SIZE 512

/* The same evidence as alpha and beta of alpha_beta_store, plus an entity whose id
   needs quoting; the columns in another order. */
static void write_good_csv(char* good) {
  temp_path(good, PATH_SIZE, "good.csv");
  CHECK(write_file(good,
                   "entity,factor,value,weight,time\n"
                   "alpha,authenticity,1,3,1700000000\n"
                   "alpha,data_security,0.25,2,1700000000\r\n"
                   "beta,service_details,0.5,2,1700000000\n"
                   "\"gamma, inc\",values,1,0,2023-11-14T22:13:20Z\n"));
}

/* Line 3 has an unknown factor; lines 4-7 are bad too. */
static void write_bad_csv(char* bad) {
  temp_path(bad, PATH_SIZE, "bad.csv");
  CHECK(write_file(bad,
                   "factor,entity,value,weight\n"
                   "authenticity,alpha,1,3\n"
                   "trustworthiness,alpha,1,1\n"
                   "values,alpha,abc,1\n"
                   "values,alpha,1.5,1\n"
                   "values,alpha,1,-2\n"
                   "values,alpha\n"
                   "data_security,alpha,0.25,2\n"));
}

static void test_csv_rejects_bad_arguments(void) {
  char good[PATH_SIZE], missing[PATH_SIZE];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t added = -1, skipped = -1;
  write_good_csv(good);
  temp_path(missing, sizeof missing, "missing.csv");
  remove(missing);
  empty_store(&m, &st);
  CHECK_FAIL(trustscore_store_add_csv(NULL, good, 0, T0, &added, &skipped),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  CHECK_FAIL(trustscore_store_add_csv(st, NULL, 0, T0, &added, &skipped),
             TRUSTSCORE_E_INVALID_ARGUMENT, "path");
  CHECK_FAIL2(trustscore_store_add_csv(st, missing, 0, T0, &added, &skipped), TRUSTSCORE_E_IO,
              "cannot open", missing);
  CHECK(entity_count(st) == 0);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(good);
}

static void test_csv_rejects_bad_headers(void) {
  char header[PATH_SIZE], empty[PATH_SIZE];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t added = -1, skipped = -1;
  temp_path(header, sizeof header, "header.csv");
  temp_path(empty, sizeof empty, "empty.csv");
  CHECK(write_file(header, "entity,factor,score\nalpha,values,1\n"));
  CHECK(write_file(empty, ""));
  empty_store(&m, &st);
  CHECK_FAIL2(trustscore_store_add_csv(st, header, 0, T0, &added, &skipped),
              TRUSTSCORE_E_BAD_FORMAT, "unknown header", "score");
  CHECK_FAIL(trustscore_store_add_csv(st, header, 1, T0, &added, &skipped), TRUSTSCORE_E_BAD_FORMAT,
             "header");
  CHECK_FAIL(trustscore_store_add_csv(st, empty, 0, T0, &added, &skipped), TRUSTSCORE_E_BAD_FORMAT,
             "empty");
  CHECK(entity_count(st) == 0);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(header);
  remove(empty);
}

/* A bad row fails the call naming file, line and column; the store is unchanged. */
static void test_csv_bad_row_fails_the_file(void) {
  char bad[PATH_SIZE];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t added = -1, skipped = -1;
  write_bad_csv(bad);
  empty_store(&m, &st);
  CHECK_FAIL2(trustscore_store_add_csv(st, bad, 0, T0, &added, &skipped), TRUSTSCORE_E_BAD_FORMAT,
              bad, ":3: column 1 (factor)");
  CHECK(strstr(trustscore_last_error(), "trustworthiness") != NULL);
  CHECK(entity_count(st) == 0);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(bad);
}

static void test_csv_reads_good_file(void) {
  char good[PATH_SIZE];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t added = -1, skipped = -1, idx = -1, len = -1;
  char buf[32];
  write_good_csv(good);
  empty_store(&m, &st);
  CHECK_OK(trustscore_store_add_csv(st, good, 0, T0, &added, &skipped));
  CHECK(added == 4);
  CHECK(skipped == 0);
  CHECK(entity_count(st) == 3);
  CHECK_OK(trustscore_store_entity_index(st, "gamma, inc", &idx));
  CHECK(idx == 2);
  CHECK_OK(trustscore_store_entity_id(st, 2, buf, sizeof buf, &len));
  CHECK_STR(buf, "gamma, inc");
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  CHECK_NEAR(score_of(m, st, 1), 0.492, TOL);
  CHECK_NEAR(score_of(m, st, 2), 0.5, TOL);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(good);
}

/* Bad rows skipped and counted: lines 2 and 8 go in (on top of the good file,
   alpha's evidence doubled). */
static void test_csv_skips_bad_rows(void) {
  char good[PATH_SIZE], bad[PATH_SIZE];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t added = -1, skipped = -1;
  write_good_csv(good);
  write_bad_csv(bad);
  empty_store(&m, &st);
  CHECK_OK(trustscore_store_add_csv(st, good, 0, T0, &added, &skipped));
  added = skipped = -1;
  CHECK_OK(trustscore_store_add_csv(st, bad, 1, T0, &added, &skipped));
  CHECK(added == 2);
  CHECK(skipped == 5);
  CHECK(entity_count(st) == 3);
  /* alpha: authenticity r = 6, p = 7/8; data_security r = 1, s = 6, p = 2/9.
     0.5 + 0.16 * (7/8 - 1/2) + 0.16 * (2/9 - 1/2) = 0.5 + 0.06 - 0.0444... */
  CHECK_NEAR(score_of(m, st, 0), 0.5 + 0.16 * 0.375 + 0.16 * (2.0 / 9.0 - 0.5), TOL);
  /* added and skipped may be NULL; nothing left to skip here. */
  CHECK_OK(trustscore_store_add_csv(st, good, 1, T0, NULL, NULL));
  CHECK(entity_count(st) == 3);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(good);
  remove(bad);
}

static const abi_test tests[] = {
    ABI_TEST(test_store_create),
    ABI_TEST(test_empty_store),
    ABI_TEST(test_store_lookups_reject_null),
    ABI_TEST(test_store_lookups_after_signals),
    ABI_TEST(test_entity_id_string_protocol),
    ABI_TEST(test_add_signals_rejects_missing_arguments),
    ABI_TEST(test_add_signals_rejects_bad_values_and_weights),
    ABI_TEST(test_add_signals_rejects_bad_times_and_credibility),
    ABI_TEST(test_add_signals_rejects_bad_indices),
    ABI_TEST(test_add_signals_by_index),
    ABI_TEST(test_csv_rejects_bad_arguments),
    ABI_TEST(test_csv_rejects_bad_headers),
    ABI_TEST(test_csv_bad_row_fails_the_file),
    ABI_TEST(test_csv_reads_good_file),
    ABI_TEST(test_csv_skips_bad_rows),
};
const abi_suite abi_suite_store = ABI_SUITE("store", tests);
