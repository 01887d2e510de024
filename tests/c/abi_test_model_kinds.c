/* The model kinds of the JSON configuration, their parameters and their scores. */
#include "abi_test.h"

static const char* const kinds[] = {"beta",      "weighted_mean",    "bayesian_average", "wilson",
                                    "dirichlet", "subjective_logic", "logistic"};
#define KIND_COUNT (sizeof kinds / sizeof kinds[0])

/* Eight positive and two negative signals on authenticity and values for
   "a"; one of value 0.5 on experts for "b"; weight 0 for "c". */
static const char* const ids[12] = {"a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "b", "c"};
static const int32_t factor[12] = {0, 0, 0, 0, 0, 2, 2, 2, 0, 2, 6, 6};
static const double value[12] = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0.5, 1};
static const double weight[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};

/* Scores a, b and c (the signals above) under a kind_model of the given kind
   into arrays of 3 (3 * NF); NULL skips. 1 when the scores are there. */
static int score_abc(const char* kind, double* score, double* lower, double* upper,
                     double* contributions, double* gains, int32_t* best, double* baseline_out) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double baseline = -1;
  int rc = TRUSTSCORE_E_INTERNAL;
  CHECK_OK(kind_model(kind, "", &m));
  if (!m) return 0;
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK_OK(trustscore_store_add_signals(st, 12, ids, NULL, factor, value, weight, NULL, NULL, T0));
  CHECK_OK(rc = score_all(m, st, NULL, 0.95, 3, NF, score, lower, upper, contributions, gains, best,
                          &baseline));
  if (baseline_out) *baseline_out = baseline;
  trustscore_store_free(st);
  trustscore_model_free(m);
  return rc == TRUSTSCORE_OK;
}

/* The kind is in the configuration read back, and survives a round trip. */
static void test_kinds_round_trip_json(void) {
  size_t k;
  for (k = 0; k < KIND_COUNT; ++k) {
    trustscore_model* m = NULL;
    trustscore_model* again = NULL;
    char* text = NULL;
    char* text2 = NULL;
    char needle[64];
    CHECK_OK(kind_model(kinds[k], "", &m));
    if (!m) continue;
    text = model_json(m);
    snprintf(needle, sizeof needle, "\"kind\":\"%s\"", kinds[k]);
    CHECK(text != NULL && strstr(text, needle) != NULL);
    CHECK_OK(from_json(text ? text : "", &again));
    text2 = again ? model_json(again) : NULL;
    CHECK(text && text2 && strcmp(text, text2) == 0);
    free(text);
    free(text2);
    trustscore_model_free(again);
    trustscore_model_free(m);
  }
}

/* Every kind rates or (weighted_mean only) leaves unrated; intervals hold the
   score and lie in [0, 1]. */
static void test_kinds_score_within_bounds(void) {
  double score[3], lower[3], upper[3], contributions[3 * NF], gains[3 * NF], baseline = -1;
  int32_t best[3];
  size_t k;
  for (k = 0; k < KIND_COUNT; ++k) {
    int64_t e;
    if (!score_abc(kinds[k], score, lower, upper, contributions, gains, best, &baseline)) continue;
    for (e = 0; e < 3; ++e) {
      const int rated = score[e] == score[e];
      CHECK(rated || strcmp(kinds[k], "weighted_mean") == 0);
      CHECK(!rated || (lower[e] <= score[e] && score[e] <= upper[e]));
      CHECK(!rated || (0 <= lower[e] && upper[e] <= 1));
    }
  }
}

static void test_wilson_scores(void) {
  double score[3], upper[3], contributions[3 * NF];
  int32_t best[3];
  if (!score_abc("wilson", score, NULL, upper, contributions, NULL, best, NULL)) return;
  /* statsmodels: proportion_confint(8, 10, alpha=0.05, method="wilson") */
  CHECK_NEAR(score[0], 0.49016247153664183, 1e-14);
  CHECK_NEAR(upper[0], 0.9433178485456247, 1e-14);
  CHECK(contributions[0] != contributions[0]); /* not linear: NaN */
  CHECK(best[0] == 0 || best[0] == 2);         /* where the evidence is */
}

static void test_weighted_mean_scores(void) {
  double score[3], baseline = -1;
  if (!score_abc("weighted_mean", score, NULL, NULL, NULL, NULL, NULL, &baseline)) return;
  CHECK_NEAR(score[0], (5.0 / 6 + 3.0 / 4) / 2, TOL); /* factor means 5/6 and 3/4 */
  CHECK(score[1] == 0.5);
  CHECK(score[2] != score[2]); /* no evidence: not rated, NaN */
  CHECK(baseline == 0);
}

static void test_bayesian_average_scores(void) {
  double score[3], baseline = -1;
  if (!score_abc("bayesian_average", score, NULL, NULL, NULL, NULL, NULL, &baseline)) return;
  /* 10 ratings of mean 0.8 and 7 at 0.625: (8 + 4.375) / 17. */
  CHECK_NEAR(score[0], 12.375 / 17, TOL);
  CHECK(baseline == 0.625);
}

static void test_subjective_logic_scores(void) {
  double score[3], lower[3], upper[3];
  if (!score_abc("subjective_logic", score, lower, upper, NULL, NULL, NULL, NULL)) return;
  CHECK(lower[2] == 0); /* "c" knows nothing: [belief, plausibility] = [0, 1] */
  CHECK_NEAR(upper[2], 1, TOL);
}

static void test_unfitted_logistic_scores(void) {
  double score[3], lower[3], upper[3], baseline = -1;
  int32_t best[3];
  if (!score_abc("logistic", score, lower, upper, NULL, NULL, best, &baseline)) return;
  /* Unfitted (all weights 0, bias 0): sigmoid(0) for everyone, no lever. */
  CHECK(score[0] == 0.5 && score[1] == 0.5 && score[2] == 0.5 && baseline == 0.5);
  CHECK(lower[0] == 0.5 && upper[0] == 0.5 && best[0] == -1);
}

/* Parameters, read back; and what they change. */
static void test_weighted_mean_min_coverage(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double score[3];
  char* text;
  CHECK_OK(kind_model("weighted_mean", "{\"min_coverage\": 0.2}", &m));
  text = model_json(m);
  CHECK(text && strstr(text, "\"parameters\":{\"min_coverage\":0.2}") != NULL);
  free(text);
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK_OK(trustscore_store_add_signals(st, 12, ids, NULL, factor, value, weight, NULL, NULL, T0));
  CHECK_OK(score_all(m, st, NULL, 0.95, 3, NF, score, NULL, NULL, NULL, NULL, NULL, NULL));
  CHECK(score[0] == score[0]); /* 2 of 9 factors: coverage 0.22 >= 0.2 */
  CHECK(score[1] != score[1]); /* 1 of 9: 0.11 < 0.2, not rated */
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_dirichlet_levels(void) {
  trustscore_model* m = NULL;
  char* text;
  CHECK_OK(kind_model("dirichlet", "{\"levels\": 3}", &m));
  text = model_json(m);
  CHECK(text && strstr(text, "\"level_utilities\":[0.0,0.5,1.0]") != NULL);
  free(text);
  trustscore_model_free(m);
}

/* logistic: sigmoid(bias + sum_f w_f t_f), t_f the Beta mean of factor f,
   weights by factor id (a custom one among them; the others weigh 0). */
static void test_logistic_weights_and_bias(void) {
  static const char cfg[] =
      "{\"kind\": \"logistic\", \"factors\": [{\"id\": \"innovation\", \"negativity\": 1}],"
      " \"parameters\": {\"weights\": {\"authenticity\": 2, \"values\": -1,"
      " \"innovation\": 0.5}, \"bias\": -1}}";
  const char* lids[4] = {"a", "a", "b", "c"};
  const int32_t lfactor[4] = {0, NF, 2, 2};
  const double lvalue[4] = {1, 0, 1, 1}, lweight[4] = {3, 1, 2, 0};
  double score[3], lower[3], upper[3], baseline = -1;
  double lcon[3 * (NF + 1)], sum = 0;
  int32_t best[3];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  char* text;
  int64_t f;
  CHECK_OK(from_json(cfg, &m));
  text = model_json(m);
  CHECK(text && strstr(text, "\"bias\":-1.0") && strstr(text, "\"innovation\":0.5") &&
        strstr(text, "\"experts\":0.0"));
  free(text);
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK_OK(
      trustscore_store_add_signals(st, 4, lids, NULL, lfactor, lvalue, lweight, NULL, NULL, T0));
  CHECK_OK(
      score_all(m, st, NULL, 0.95, 3, NF + 1, score, lower, upper, lcon, NULL, best, &baseline));
  /* a: authenticity (3 + 1) / 5 = 0.8, innovation 1 / 3, values 0.5:
     z = -1 + 1.6 - 0.5 + 1/6 = 4/15. b: values (2 + 1) / 4: z = -1 + 1 - 0.75 + 0.25.
     No evidence: z0 = -1 + 1 - 0.5 + 0.25. */
  CHECK_NEAR(score[0], 1 / (1 + exp(-4.0 / 15)), 1e-15);
  CHECK_NEAR(score[1], 1 / (1 + exp(0.5)), 1e-15);
  CHECK_NEAR(baseline, 1 / (1 + exp(0.25)), 1e-15);
  CHECK_NEAR(score[2], baseline, 1e-15);
  CHECK(lower[0] < score[0] && score[0] < upper[0]);
  for (f = 0; f < NF + 1; ++f) sum += lcon[f];
  CHECK_NEAR(sum, score[0] - baseline, 1e-15);
  CHECK(best[1] == 0); /* authenticity: logit +2 * 0.5 / 3 against innovation's 0.5 * 0.5 / 3 */
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_logistic_parameters_rejected(void) {
  trustscore_model* bad = NULL;
  CHECK_FAIL(
      from_json("{\"kind\": \"logistic\", \"parameters\": {\"weights\": {\"karma\": 1}}}", &bad),
      TRUSTSCORE_E_BAD_FORMAT, "unknown factor 'karma'");
  CHECK_FAIL(from_json("{\"kind\": \"beta\", \"parameters\": {\"bias\": 1}}", &bad),
             TRUSTSCORE_E_BAD_FORMAT, "does not apply to kind 'beta'");
}

/* A dirichlet model needs a store that counts its levels; the failed call
   leaves both usable. */
static void test_dirichlet_needs_level_counts(void) {
  trustscore_model* beta = NULL;
  trustscore_model* dir = NULL;
  trustscore_store* st = NULL;
  double score[3];
  CHECK_OK(kind_model("beta", "", &beta));
  CHECK_OK(kind_model("dirichlet", "", &dir));
  CHECK_OK(trustscore_store_create(beta, &st));
  CHECK_OK(trustscore_store_add_signals(st, 12, ids, NULL, factor, value, weight, NULL, NULL, T0));
  CHECK_FAIL2(score_all(dir, st, NULL, 0.95, 3, NF, score, NULL, NULL, NULL, NULL, NULL, NULL),
              TRUSTSCORE_E_INVALID_ARGUMENT, "dirichlet", "level");
  CHECK_OK(score_all(beta, st, NULL, 0.95, 3, NF, score, NULL, NULL, NULL, NULL, NULL, NULL));
  trustscore_store_free(st);
  trustscore_model_free(dir);
  trustscore_model_free(beta);
}

static const abi_test tests[] = {
    ABI_TEST(test_kinds_round_trip_json),
    ABI_TEST(test_kinds_score_within_bounds),
    ABI_TEST(test_wilson_scores),
    ABI_TEST(test_weighted_mean_scores),
    ABI_TEST(test_bayesian_average_scores),
    ABI_TEST(test_subjective_logic_scores),
    ABI_TEST(test_unfitted_logistic_scores),
    ABI_TEST(test_weighted_mean_min_coverage),
    ABI_TEST(test_dirichlet_levels),
    ABI_TEST(test_logistic_weights_and_bias),
    ABI_TEST(test_logistic_parameters_rejected),
    ABI_TEST(test_dirichlet_needs_level_counts),
};
const abi_suite abi_suite_model_kinds = ABI_SUITE("model_kinds", tests);
