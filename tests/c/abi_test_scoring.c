/* trustscore_score: hand-computed scores, intervals, contributions, gains and
   levers (see abi_test.h for the formulas), its options and every error path;
   custom factors and decay. */
#include "abi_test.h"

/* ---- Reference scoring, straight from the formulas ---------------------- */

typedef struct {
  double score, lower, upper, baseline;
  double contributions[16], gains[16];
  int32_t best_lever;
} expected_t;

/* r, s: masses already decayed and with negativity applied; a, W per factor. */
static expected_t reference(int nf, const double* raw_weight, const double* r, const double* s,
                            const double* a, const double* W, double z) {
  expected_t e;
  double total = 0, var = 0, best_gain = -1;
  int f;
  memset(&e, 0, sizeof e);
  e.best_lever = -1;
  for (f = 0; f < nf; ++f) total += raw_weight[f];
  for (f = 0; f < nf; ++f) {
    const double w = raw_weight[f] / total;
    const double n = r[f] + s[f] + W[f];
    const double p = (r[f] + a[f] * W[f]) / n;
    e.baseline += w * a[f];
    e.score += w * p;
    var += w * w * p * (1 - p) / (n + 1);
    e.contributions[f] = w * (p - a[f]);
    e.gains[f] = w * (1 - p) / (n + 1);
    if (w > 0 && e.gains[f] > best_gain) best_gain = e.gains[f], e.best_lever = f;
  }
  e.lower = e.score - z * sqrt(var);
  e.upper = e.score + z * sqrt(var);
  if (e.lower < 0) e.lower = 0;
  if (e.upper > 1) e.upper = 1;
  return e;
}

static expected_t reference_default(const double* weights, const double* r, const double* s,
                                    double z) {
  const double a[NF] = {.5, .5, .5, .5, .5, .5, .5, .5, .5};
  const double W[NF] = {2, 2, 2, 2, 2, 2, 2, 2, 2};
  return reference(NF, weights, r, s, a, W, z);
}

/* The masses of alpha_beta_store's alpha (row 0) and beta (row 1). */
static void alpha_beta_masses(double r[2][NF], double s[2][NF]) {
  memset(r, 0, 2 * sizeof r[0]);
  memset(s, 0, 2 * sizeof s[0]);
  r[0][AUTHENTICITY] = 3;
  r[0][DATA_SECURITY] = 0.5;
  s[0][DATA_SECURITY] = 3;
  r[1][SERVICE_DETAILS] = 1;
  s[1][SERVICE_DETAILS] = 2;
}

/* ---- Hand-computed scores ------------------------------------------------------ */

/* Scoring an empty store: no outputs needed; the baseline is sum w a = 0.5. */
static void test_score_empty_store(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double baseline = -1;
  empty_store(&m, &st);
  CHECK_OK(trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
                            &baseline));
  CHECK_NEAR(baseline, 0.5, TOL);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* alpha by hand, decision weights / 12.5: w(authenticity) = w(data_security) = 0.16.
     p(authenticity) = (3 + 0.5 * 2) / (3 + 0 + 2) = 0.8      contribution 0.16 * 0.3 = 0.048
     p(data_security) = (0.5 + 1) / (0.5 + 3 + 2) = 3/11      contribution 0.16 * (3/11 - 1/2)
                                                               = -0.8/22 = -0.0363636...
     other factors p = 0.5, contribution 0; baseline 0.5
     score = 0.5 + 0.048 - 0.0363636... = 0.5116363636...
   beta: w(service_details) = 1/12.5 = 0.08, p = (1 + 1) / (1 + 2 + 2) = 0.4,
     score = 0.5 + 0.08 * (0.4 - 0.5) = 0.492.
   best lever of alpha: gain = w (1 - p) / (n + 1); koc_word_of_mouth (weight 0.16, no
     evidence) 0.16 * 0.5 / 3 = 0.02667 beats third_party_endorsement and data_points
     (0.12 * 0.5 / 3 = 0.02), authenticity (0.16 * 0.2 / 6) and data_security
     (0.16 * (8/11) / 6.5 = 0.0179). */
static void test_reference_agrees_with_hand(void) {
  double r[2][NF], s[2][NF];
  expected_t e[2];
  alpha_beta_masses(r, s);
  e[0] = reference_default(decision_weights, r[0], s[0], Z95);
  e[1] = reference_default(decision_weights, r[1], s[1], Z95);
  CHECK_NEAR(e[0].score, 0.5 + 0.048 - 0.8 / 22, 1e-15); /* the reference agrees with the hand */
  CHECK_NEAR(e[1].score, 0.492, 1e-15);
  CHECK(e[0].best_lever == KOC_WORD_OF_MOUTH);
}

/* Every output of alpha and beta against the reference (and the hand, above). */
static void test_scores_by_hand(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double r[2][NF], s[2][NF];
  expected_t e[2];
  double score[2], lower[2], upper[2], contributions[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  int i, f;
  alpha_beta_store(&m, &st);
  alpha_beta_masses(r, s);
  e[0] = reference_default(decision_weights, r[0], s[0], Z95);
  e[1] = reference_default(decision_weights, r[1], s[1], Z95);
  CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF, score, lower, upper, contributions, gains, best,
                     &baseline));
  CHECK_NEAR(baseline, 0.5, TOL);
  CHECK_NEAR(score[0], 0.5116363636363636, TOL);
  CHECK_NEAR(score[1], 0.492, TOL);
  CHECK(best[0] == KOC_WORD_OF_MOUTH);
  for (i = 0; i < 2; ++i) {
    double sum = 0;
    CHECK_NEAR(score[i], e[i].score, TOL);
    CHECK_NEAR(lower[i], e[i].lower, TOL);
    CHECK_NEAR(upper[i], e[i].upper, TOL);
    CHECK(lower[i] < score[i] && score[i] < upper[i]);
    /* The interval is symmetric here (no clipping). */
    CHECK_NEAR(upper[i] - score[i], score[i] - lower[i], TOL);
    for (f = 0; f < NF; ++f) {
      CHECK_NEAR(contributions[i * NF + f], e[i].contributions[f], TOL);
      CHECK_NEAR(gains[i * NF + f], e[i].gains[f], TOL);
      sum += contributions[i * NF + f];
    }
    CHECK_NEAR(sum, score[i] - baseline, TOL);
  }
  /* alpha's interval by hand: sum w^2 var = 0.0256 * (0.8 * 0.2 / 6)
       + 0.0256 * (3/11 * 8/11 / 6.5) + (1/12) * (0.0144 + 0.0016 + 0.0144 + 0.0064 * 3
       + 0.0256) = 0.000682667 + 0.000781183 + 0.006266667 = 0.007730516;
     half-width 1.959963984540054 * sqrt(0.007730516) = 0.172326 */
  CHECK_NEAR(upper[0] - score[0],
             Z95 * sqrt(0.0256 * (0.16 / 6) + 0.0256 * (24.0 / 121.0 / 6.5) + 0.0752 / 12), TOL);
  CHECK_NEAR(upper[0] - score[0], 0.172326, 1e-6);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Another confidence: 50 % gives z = 0.6744897501960817. */
static void test_scores_at_other_confidence(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double r[2][NF], s[2][NF];
  expected_t e[2];
  double score[2], lower[2], upper[2];
  alpha_beta_store(&m, &st);
  alpha_beta_masses(r, s);
  CHECK_OK(score_all(m, st, NULL, 0.5, 2, NF, score, lower, upper, NULL, NULL, NULL, NULL));
  e[0] = reference_default(decision_weights, r[0], s[0], 0.6744897501960817);
  CHECK_NEAR(score[0], e[0].score, TOL);
  CHECK_NEAR(lower[0], e[0].lower, 1e-9);
  CHECK_NEAR(upper[0], e[0].upper, 1e-9);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Another profile: awareness. */
static void test_scores_under_other_profile(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double r[2][NF], s[2][NF];
  expected_t e[2];
  double score[2], lower[2], upper[2], contributions[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  int i, f;
  alpha_beta_store(&m, &st);
  alpha_beta_masses(r, s);
  CHECK_OK(score_all(m, st, "awareness", 0.95, 2, NF, score, lower, upper, contributions, gains,
                     best, &baseline));
  for (i = 0; i < 2; ++i) {
    e[i] = reference_default(awareness_weights, r[i], s[i], Z95);
    CHECK_NEAR(score[i], e[i].score, TOL);
    CHECK_NEAR(lower[i], e[i].lower, TOL);
    CHECK_NEAR(upper[i], e[i].upper, TOL);
    for (f = 0; f < NF; ++f) CHECK_NEAR(contributions[i * NF + f], e[i].contributions[f], TOL);
  }
  /* awareness weighs 1, 1.5, 1.5, 0.5, 0.5, 2, 1, 2, 0.5 (total 10.5): official_backing
     and koc_word_of_mouth weigh 2 / 10.5; alpha has no evidence on either, so one of the
     two (equal gains) is its lever.
     alpha: 0.5 + (1 / 10.5) * 0.3 + (0.5 / 10.5) * (3/11 - 0.5) = 0.5177489177... */
  CHECK(best[0] == OFFICIAL_BACKING || best[0] == KOC_WORD_OF_MOUTH);
  CHECK_NEAR(score[0], 0.5 + 0.3 / 10.5 - (0.5 / 10.5) * 5.0 / 22.0, TOL);
  CHECK_NEAR(score[0], 0.5177489177489177, TOL);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- trustscore_score error paths; each followed by a correct call. ---- */

/* On alpha_beta_koc_store: the store `st` still scores right under `m`. */
#define SCORES_RIGHT()                                                                       \
  do {                                                                                       \
    CHECK_OK(trustscore_score(m, st, NULL, score, 2, lower, 2, upper, 2, con, 2 * NF, gains, \
                              2 * NF, best, 2, &baseline));                                  \
    CHECK_NEAR(score[0], 0.5116363636363636, TOL);                                           \
    CHECK_NEAR(score[1], 0.508, TOL);                                                        \
    CHECK(best[0] == KOC_WORD_OF_MOUTH);                                                     \
  } while (0)

static void test_score_options_init(void) {
  trustscore_score_options o;
  CHECK_FAIL(trustscore_score_options_init(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "options");
  memset(&o, 0, sizeof o);
  CHECK_OK(trustscore_score_options_init(&o));
  CHECK(o.version == TRUSTSCORE_SCORE_OPTIONS_VERSION);
  CHECK(o.threads == 0);
  CHECK(o.profile == NULL);
  CHECK(isnan(o.as_of));
  CHECK(o.confidence == 0.95);
}

static void test_score_rejects_null_handles(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double score[2], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  alpha_beta_koc_store(&m, &st);
  CHECK_FAIL(
      trustscore_score(NULL, st, NULL, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  SCORES_RIGHT();
  CHECK_FAIL(
      trustscore_score(m, NULL, NULL, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  SCORES_RIGHT();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_score_rejects_bad_options(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_options o;
  double score[2], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  alpha_beta_koc_store(&m, &st);
  /* Options of another version. */
  CHECK_OK(trustscore_score_options_init(&o));
  o.version = TRUSTSCORE_SCORE_OPTIONS_VERSION + 1;
  CHECK_FAIL2(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_VERSION_MISMATCH, "options->version", "2");
  SCORES_RIGHT();
  o.version = 0;
  CHECK_FAIL(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_VERSION_MISMATCH, "version");
  SCORES_RIGHT();
  CHECK_OK(trustscore_score_options_init(&o));
  o.threads = -1;
  CHECK_FAIL(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "threads");
  SCORES_RIGHT();
  CHECK_OK(trustscore_score_options_init(&o));
  o.profile = "nope";
  CHECK_FAIL2(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "profile", "nope");
  SCORES_RIGHT();
  CHECK_OK(trustscore_score_options_init(&o));
  o.confidence = 1.0;
  CHECK_FAIL(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "confidence");
  o.confidence = 0.0;
  CHECK_FAIL(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "confidence");
  o.confidence = NAN;
  CHECK_FAIL(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "confidence");
  SCORES_RIGHT();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_score_rejects_bad_as_of(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_score_options o;
  double score[2], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  alpha_beta_koc_store(&m, &st);
  CHECK_OK(trustscore_score_options_init(&o));
  o.as_of = INFINITY;
  CHECK_FAIL(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "time");
  SCORES_RIGHT();
  /* Before the newest signal (T0): later evidence cannot be left out. */
  o.as_of = T0 - 1;
  CHECK_FAIL(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "before the newest signal");
  SCORES_RIGHT();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Capacities too small. */
static void test_score_rejects_small_capacities(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double score[2], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  alpha_beta_koc_store(&m, &st);
  CHECK_FAIL2(
      trustscore_score(m, st, NULL, score, 1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_BUFFER_TOO_SMALL, "score", "2");
  SCORES_RIGHT();
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, lower, 1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_BUFFER_TOO_SMALL, "lower");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 0, upper, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_BUFFER_TOO_SMALL, "upper");
  CHECK_FAIL2(trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, con, 2 * NF - 1, NULL, 0,
                               NULL, 0, NULL),
              TRUSTSCORE_E_BUFFER_TOO_SMALL, "contributions", "18");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, gains, NF, NULL, 0, NULL),
      TRUSTSCORE_E_BUFFER_TOO_SMALL, "gains");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, best, 1, NULL),
      TRUSTSCORE_E_BUFFER_TOO_SMALL, "best_lever");
  SCORES_RIGHT();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* NULL with a capacity, negative capacities. */
static void test_score_rejects_null_outputs_and_negative_capacities(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double score[2], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  alpha_beta_koc_store(&m, &st);
  CHECK_FAIL2(
      trustscore_score(m, st, NULL, NULL, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "score", "NULL");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "lower");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 2, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "upper");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 18, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "contributions");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 18, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "gains");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 2, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "best_lever");
  CHECK_FAIL(
      trustscore_score(m, st, NULL, NULL, -1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "score");
  CHECK_FAIL2(
      trustscore_score(m, st, NULL, score, -2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "score_capacity", "negative");
  CHECK_FAIL2(trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, gains, INT64_MIN,
                               NULL, 0, NULL),
              TRUSTSCORE_E_INVALID_ARGUMENT, "gains_capacity", "negative");
  SCORES_RIGHT();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* A larger capacity than needed is fine; the rest is left alone. */
static void test_score_larger_capacity(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  double big[4] = {-1, -1, -1, -1};
  alpha_beta_koc_store(&m, &st);
  CHECK_OK(
      trustscore_score(m, st, NULL, big, 4, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL));
  CHECK_NEAR(big[0], 0.5116363636363636, TOL);
  CHECK(big[2] == -1 && big[3] == -1);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* A model whose factors differ from the store's. */
static void test_score_rejects_other_factors(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_store* other = NULL;
  trustscore_model* custom = NULL;
  double score[2], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
  int32_t best[2];
  alpha_beta_koc_store(&m, &st);
  CHECK_OK(from_json("{\"factors\": [{\"id\": \"innovation\"}]}", &custom));
  CHECK_FAIL(trustscore_score(custom, st, NULL, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL,
                              0, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "factors");
  SCORES_RIGHT();
  CHECK_OK(trustscore_store_create(custom, &other));
  CHECK_FAIL(
      trustscore_score(m, other, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "factors");
  trustscore_store_free(other);
  trustscore_model_free(custom);
  /* The store keeps its own copy of what it needs: freeing a model does not hurt it. */
  SCORES_RIGHT();
  trustscore_store_free(st);
  trustscore_model_free(m);
}

#undef SCORES_RIGHT

static const abi_test tests[] = {
    ABI_TEST(test_score_empty_store),
    ABI_TEST(test_reference_agrees_with_hand),
    ABI_TEST(test_scores_by_hand),
    ABI_TEST(test_scores_at_other_confidence),
    ABI_TEST(test_scores_under_other_profile),
    ABI_TEST(test_score_options_init),
    ABI_TEST(test_score_rejects_null_handles),
    ABI_TEST(test_score_rejects_bad_options),
    ABI_TEST(test_score_rejects_bad_as_of),
    ABI_TEST(test_score_rejects_small_capacities),
    ABI_TEST(test_score_rejects_null_outputs_and_negative_capacities),
    ABI_TEST(test_score_larger_capacity),
    ABI_TEST(test_score_rejects_other_factors),
};
const abi_suite abi_suite_scoring = ABI_SUITE("scoring", tests);
