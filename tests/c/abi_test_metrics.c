/* Evaluation metrics: each against a hand-computed value; every bad argument. */
#include "abi_test.h"

/* Labels y against scores s (ranking metrics); labels yb against
   probabilities p (calibration metrics). */
static const double y[4] = {0, 0, 1, 1}, s[4] = {0.1, 0.4, 0.35, 0.8};
static const double p[4] = {0.1, 0.9, 0.8, 0.3}, yb[4] = {0, 1, 1, 0};

static void test_ranking_metrics(void) {
  double v = -1;
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 0, &v));
  CHECK_NEAR(v, 0.75, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_AVERAGE_PRECISION, y, s, 4, 0, &v));
  CHECK_NEAR(v, 5.0 / 6, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_NDCG, y, s, 4, 1, &v));
  CHECK_NEAR(v, 1, 1e-15); /* the top score is relevant */
}

static void test_calibration_metrics(void) {
  double v = -1;
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_BRIER, yb, p, 4, 0, &v));
  CHECK_NEAR(v, 0.0375, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_LOG_LOSS, yb, p, 4, 0, &v));
  CHECK_NEAR(v, -(2 * log(0.9) + log(0.8) + log(0.7)) / 4, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ECE, yb, p, 4, 2, &v));
  CHECK_NEAR(v, (fabs(0 - 0.4) + fabs(2 - 1.7)) / 4, 1e-15);           /* bins [0, .5), [.5, 1] */
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ECE, yb, p, 4, 0, &v)); /* 10 bins */
  CHECK_NEAR(v, (0.1 + 0.3 + 0.2 + 0.1) / 4, 1e-15);
}

static void test_error_and_correlation_metrics(void) {
  double v = -1;
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_RMSE, y, s, 4, 0, &v));
  CHECK_NEAR(v, sqrt((0.01 + 0.16 + 0.4225 + 0.04) / 4), 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_MAE, y, s, 4, 0, &v));
  CHECK_NEAR(v, (0.1 + 0.4 + 0.65 + 0.2) / 4, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_PEARSON, s, s, 4, 0, &v));
  CHECK_NEAR(v, 1, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_SPEARMAN, y, s, 4, 0, &v));
  CHECK_NEAR(v, 2 / sqrt(4.0 * 5), 1e-15); /* ranks 1.5,1.5,3.5,3.5 against 1,3,2,4 */
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_KENDALL_TAU_B, y, s, 4, 0, &v));
  CHECK_NEAR(v, 2 / sqrt(4.0 * 6), 1e-15); /* 3 concordant, 1 discordant, 2 tied in y */
}

/* Every bad argument; a correct call after them works. */
static void test_metric_rejects_bad_arguments(void) {
  const double bad_label[2] = {0.5, 1};
  double v = -1;
  CHECK_FAIL(trustscore_metric(99, y, s, 4, 0, &v), TRUSTSCORE_E_INVALID_ARGUMENT, "metric");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 3, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "parameter");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, NULL, s, 4, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "truth");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, NULL, 4, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "prediction");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 0, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "value");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, -1, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "n is negative");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 0, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "no values");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, bad_label, s, 2, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "label 0 is 0.5");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_NDCG, y, s, 4, -2, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "k is negative");
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 0, &v));
  CHECK_NEAR(v, 0.75, 1e-15);
}

static const abi_test tests[] = {
    ABI_TEST(test_ranking_metrics),
    ABI_TEST(test_calibration_metrics),
    ABI_TEST(test_error_and_correlation_metrics),
    ABI_TEST(test_metric_rejects_bad_arguments),
};
const abi_suite abi_suite_metrics = ABI_SUITE("metrics", tests);
