/* trustscore_score_into: the same results as trustscore_score, its own error
   paths, on alpha_beta_koc_store. */
#include "abi_test.h"

/* What trustscore_score gives, to compare trustscore_score_into with. */
static void scores_to_match(const trustscore_model* m, const trustscore_store* st, double* score2,
                            double* con2, double* gains2, int32_t* best2, double* baseline_out) {
  double baseline = -1;
  CHECK_OK(trustscore_score(m, st, NULL, score2, 2, NULL, 0, NULL, 0, con2, 2 * NF, gains2, 2 * NF,
                            best2, 2, &baseline));
  *baseline_out = baseline;
}

/* Fills `out` with every array of capacity 2 and scores into it: the same as
   scores_to_match gave. */
#define INTO_RIGHT()                                                                       \
  do {                                                                                     \
    CHECK_OK(trustscore_score_outputs_init(&out));                                         \
    out.capacity = 2;                                                                      \
    out.score = score, out.lower = lower, out.upper = upper;                               \
    out.contributions = con, out.gains = gains, out.best_lever = best;                     \
    CHECK_OK(trustscore_score_into(m, st, NULL, &out));                                    \
    CHECK(score[0] == score2[0] && score[1] == score2[1]);                                 \
    CHECK(memcmp(con, con2, sizeof con) == 0 && memcmp(gains, gains2, sizeof gains) == 0); \
    CHECK(best[0] == best2[0] && best[1] == best2[1]);                                     \
    CHECK(out.baseline == baseline && out.as_of == T0);                                    \
  } while (0)

static void test_score_outputs_init(void) {
  trustscore_score_outputs out;
  CHECK_FAIL(trustscore_score_outputs_init(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "outputs");
  memset(&out, 0x5a, sizeof out);
  CHECK_OK(trustscore_score_outputs_init(&out));
  CHECK(out.version == TRUSTSCORE_SCORE_OUTPUTS_VERSION && out.reserved == 0);
  CHECK(out.capacity == 0 && out.score == NULL && out.lower == NULL && out.upper == NULL);
  CHECK(out.contributions == NULL && out.gains == NULL && out.best_lever == NULL);
  CHECK(isnan(out.baseline) && isnan(out.as_of));
}

/* No arrays: a valid call that only reports baseline and as-of. */
static void test_score_into_without_arrays(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_outputs out;
  double score2[2], con2[2 * NF], gains2[2 * NF], baseline = -1;
  int32_t best2[2];
  alpha_beta_koc_store(&m, &st);
  scores_to_match(m, st, score2, con2, gains2, best2, &baseline);
  CHECK_OK(trustscore_score_outputs_init(&out));
  CHECK_OK(trustscore_score_into(m, st, NULL, &out));
  CHECK(out.baseline == baseline);
  CHECK(out.as_of == T0);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_score_into_matches_score(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_outputs out;
  double score[3], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  double score2[2], con2[2 * NF], gains2[2 * NF];
  int32_t best[2], best2[2];
  int i;
  alpha_beta_koc_store(&m, &st);
  scores_to_match(m, st, score2, con2, gains2, best2, &baseline);
  INTO_RIGHT();
  CHECK_NEAR(score[0], 0.5116363636363636, TOL);
  for (i = 0; i < 2; ++i) CHECK(lower[i] <= score[i] && score[i] <= upper[i]);

  /* A larger capacity is fine; the extra element is left alone. */
  score[2] = -7;
  CHECK_OK(trustscore_score_outputs_init(&out));
  out.capacity = 3;
  out.score = score;
  CHECK_OK(trustscore_score_into(m, st, NULL, &out));
  CHECK(score[0] == score2[0] && score[2] == -7);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_score_into_rejects_bad_arguments(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_outputs out;
  double score[3], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  double score2[2], con2[2 * NF], gains2[2 * NF];
  int32_t best[2], best2[2];
  alpha_beta_koc_store(&m, &st);
  scores_to_match(m, st, score2, con2, gains2, best2, &baseline);
  CHECK_OK(trustscore_score_outputs_init(&out));
  out.score = score;
  CHECK_FAIL(trustscore_score_into(NULL, st, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  INTO_RIGHT();
  CHECK_FAIL(trustscore_score_into(m, NULL, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  INTO_RIGHT();
  CHECK_FAIL(trustscore_score_into(m, st, NULL, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "outputs");
  INTO_RIGHT();
  out.version = TRUSTSCORE_SCORE_OUTPUTS_VERSION + 1;
  CHECK_FAIL2(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_VERSION_MISMATCH,
              "outputs->version", "trustscore_score_outputs_init");
  INTO_RIGHT();
  out.reserved = 1;
  CHECK_FAIL(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "reserved");
  INTO_RIGHT();
  out.capacity = -1;
  CHECK_FAIL(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "negative");
  INTO_RIGHT();
  out.capacity = 1; /* the store has 2 entities */
  CHECK_FAIL2(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_BUFFER_TOO_SMALL, "capacity",
              "2");
  INTO_RIGHT();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Options are read as by trustscore_score. */
static void test_score_into_reads_options(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_outputs out;
  trustscore_score_options o;
  double score[3], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  double score2[2], con2[2 * NF], gains2[2 * NF];
  int32_t best[2], best2[2];
  alpha_beta_koc_store(&m, &st);
  scores_to_match(m, st, score2, con2, gains2, best2, &baseline);
  INTO_RIGHT();
  CHECK_OK(trustscore_score_options_init(&o));
  o.threads = -1;
  CHECK_FAIL(trustscore_score_into(m, st, &o, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "threads");
  INTO_RIGHT();
  CHECK_OK(trustscore_score_options_init(&o));
  o.profile = "no_such_profile";
  CHECK_FAIL(trustscore_score_into(m, st, &o, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "no_such_profile");
  INTO_RIGHT();
  CHECK_OK(trustscore_score_options_init(&o));
  o.as_of = T0 + 86400;
  CHECK_OK(trustscore_score_into(m, st, &o, &out));
  CHECK(out.as_of == T0 + 86400);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

#undef INTO_RIGHT

static const abi_test tests[] = {
    ABI_TEST(test_score_outputs_init),       ABI_TEST(test_score_into_without_arrays),
    ABI_TEST(test_score_into_matches_score), ABI_TEST(test_score_into_rejects_bad_arguments),
    ABI_TEST(test_score_into_reads_options),
};
const abi_suite abi_suite_score_into = ABI_SUITE("score_into", tests);
