/* Factor parameters in scores: a custom factor's base rate, prior weight and
   negativity, and decay by half-life. */
#include "abi_test.h"

/* ---- Custom factors: scoring through JSON ------------------------------------ */

static void test_custom_factor_scores(void) {
  /* innovation: base rate 0.4, prior weight 4, negativity 3, no decay, weight 2 in every
     profile, so "decision" sums to 12.5 + 2 = 14.5.
       baseline = (12.5 * 0.5 + 2 * 0.4) / 14.5 = 7.05 / 14.5 = 0.4862068965...
       entity x: innovation value 0.5 strength 1: r = 0.5, s = 0.5 * 3 = 1.5, n = 6,
       p = (0.5 + 0.4 * 4) / 6 = 0.35, contribution (2 / 14.5) * (0.35 - 0.4) = -0.0068965...
       score = 0.4793103448... (= 6.95 / 14.5) */
  static const char* cfg =
      "{\"factors\": [{\"id\": \"innovation\", \"half_life_days\": null, \"negativity\": 3,"
      " \"base_rate\": 0.4, \"prior_weight\": 4, \"weight\": 2}]}";
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  const char* ids[2] = {"x", "y"};
  const int32_t fac[2] = {NF, NF};
  const double val[2] = {0.5, 1.0};
  const double w[2] = {1.0, 0.0};
  double score[2], con[2 * (NF + 1)], baseline = -1, sum = 0;
  int32_t best[2];
  int f;
  CHECK_OK(from_json(cfg, &m));
  CHECK(factor_count(m) == NF + 1);
  CHECK_OK(trustscore_store_create(m, &st));
  /* Factor index NF exists now, NF + 1 does not. */
  {
    const int32_t bad[1] = {NF + 1};
    CHECK_FAIL(trustscore_store_add_signals(st, 1, ids, NULL, bad, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "factor index");
    CHECK(entity_count(st) == 0);
  }
  /* y's signal weighs 0: y has no evidence. The innovation signal is 10 years old at the
     as-of time of the second call (no decay for innovation). */
  CHECK_OK(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w, NULL, NULL, T0));
  CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF + 1, score, NULL, NULL, con, NULL, best, &baseline));
  CHECK_NEAR(baseline, 7.05 / 14.5, TOL);
  CHECK_NEAR(score[0], 6.95 / 14.5, TOL);
  CHECK_NEAR(score[1], baseline, TOL);
  CHECK_NEAR(con[NF], (2 / 14.5) * (0.35 - 0.4), TOL);
  for (f = 0; f < NF + 1; ++f) sum += con[f];
  CHECK_NEAR(sum, score[0] - baseline, TOL);
  {
    trustscore_score_options o;
    CHECK_OK(trustscore_score_options_init(&o));
    o.as_of = T0 + 3650 * DAY;
    CHECK_OK(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL));
    CHECK_NEAR(score[0], 6.95 / 14.5, TOL);
  }
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- Decay ---------------------------------------------------------------- */

static void test_decay(void) {
  /* koc_word_of_mouth with a 10-day half-life; profile "koc" weighs only it, so the
     score is p(koc_word_of_mouth).
       d: value 1 at T0 and value 1 at T0 + 10 days (one half-life apart).
          As of T0 + 10 days: r = 1 * 1/2 + 1 = 1.5, p = (1.5 + 1) / (1.5 + 2) = 5/7.
          As of T0 + 20 days: r = 0.75, p = 1.75 / 2.75 = 7/11.
       n: value 0 at T0: as of T0 + 10 days s = 1 * 2 * 1/2 = 1, p = 1 / 3. */
  static const char* cfg =
      "{\"factors\": [{\"id\": \"koc_word_of_mouth\", \"half_life_days\": 10}],"
      " \"profiles\": {\"koc\": {\"koc_word_of_mouth\": 1}}}";
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_store* rev = NULL;
  const char* ids[3] = {"d", "d", "n"};
  const char* ids_rev[3] = {"d", "n", "d"};
  const int32_t fac[3] = {KOC_WORD_OF_MOUTH, KOC_WORD_OF_MOUTH, KOC_WORD_OF_MOUTH};
  const double val[3] = {1, 1, 0};
  const double val_rev[3] = {1, 0, 1};
  const double tm[3] = {T0, T0 + 10 * DAY, T0};
  double score[2], score_rev[2], lower[2], upper[2], baseline = -1, t = 0;
  trustscore_score_options o;

  CHECK_OK(from_json(cfg, &m));
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK_OK(trustscore_store_create(m, &rev));
  CHECK_OK(trustscore_store_add_signals(st, 3, ids, NULL, fac, val, NULL, tm, NULL, T0));
  /* Newest first, one at a time: the same evidence. */
  CHECK_OK(trustscore_store_add_signals(rev, 1, ids_rev, NULL, fac, val_rev, NULL, NULL, NULL,
                                        T0 + 10 * DAY));
  CHECK_OK(trustscore_store_add_signals(rev, 2, ids_rev + 1, NULL, fac, val_rev + 1, NULL, NULL,
                                        NULL, T0));
  CHECK_OK(trustscore_store_latest_time(st, &t));
  CHECK(t == T0 + 10 * DAY);

  CHECK_OK(trustscore_score_options_init(&o));
  o.profile = "koc";
  CHECK_OK(trustscore_score(m, st, &o, score, 2, lower, 2, upper, 2, NULL, 0, NULL, 0, NULL, 0,
                            &baseline));
  CHECK_NEAR(baseline, 0.5, TOL);
  CHECK_NEAR(score[0], 5.0 / 7.0, TOL);
  CHECK_NEAR(score[1], 1.0 / 3.0, TOL);
  /* One factor: half-width z sqrt(p (1 - p) / (n + 1)), n = 3.5 for d: 0.4174, so the
     upper bound 5/7 + 0.4174 is clipped to 1. */
  CHECK_NEAR(score[0] - lower[0], Z95 * sqrt((5.0 / 7.0) * (2.0 / 7.0) / 4.5), TOL);
  CHECK(upper[0] == 1.0);
  /* n: n = 1 + 2 = 3, half-width z sqrt((1/3) (2/3) / 4) = 0.4620: lower clipped to 0. */
  CHECK(lower[1] == 0.0);
  CHECK_NEAR(upper[1] - score[1], Z95 * sqrt((1.0 / 3.0) * (2.0 / 3.0) / 4.0), TOL);
  CHECK_OK(trustscore_score(m, rev, &o, score_rev, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
                            NULL));
  CHECK_NEAR(score_rev[0], 5.0 / 7.0, TOL);
  CHECK_NEAR(score_rev[1], 1.0 / 3.0, TOL);

  o.as_of = T0 + 20 * DAY;
  CHECK_OK(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL));
  CHECK_NEAR(score[0], 7.0 / 11.0, TOL);
  /* n: s = 0.5, p = 1 / 2.5 = 0.4. */
  CHECK_NEAR(score[1], 0.4, TOL);

  /* Other factors keep their default half-lives: under "decision", d's koc evidence
     weighs 0.16 -> 0.5 + 0.16 * (5/7 - 1/2) as of T0 + 10 days. */
  CHECK_NEAR(score_of(m, st, 0), 0.5 + 0.16 * (5.0 / 7.0 - 0.5), TOL);

  trustscore_store_free(rev);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static const abi_test tests[] = {
    ABI_TEST(test_custom_factor_scores),
    ABI_TEST(test_decay),
};
const abi_suite abi_suite_factor_parameters = ABI_SUITE("factor_parameters", tests);
