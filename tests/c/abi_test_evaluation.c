/* Learned weights (the features of a store, logistic fits, calibrated by
   Platt scaling) and the evaluation harness (a report as JSON in a
   library-owned buffer). */
#include "abi_test.h"

#define PATH_SIZE 512

/* ---- Logistic fits ---------------------------------------------------------- */

/* One binary feature, no penalty: w = log 9 (log odds ratio), b = -log 3. */
static const double x[8] = {1, 1, 1, 1, 0, 0, 0, 0}, y[8] = {1, 1, 1, 0, 1, 0, 0, 0};
/* A label that is neither 0 nor 1. */
static const double bad_y[2] = {0, 2};

static void test_fit_logistic(void) {
  const double sep_x[2] = {0, 1}, sep_y[2] = {0, 1};
  double w[1] = {-1}, b = -1;
  int64_t it = -1;
  CHECK_OK(trustscore_fit_logistic(x, y, NULL, 8, 1, 0, 0, w, &b, &it));
  CHECK_NEAR(w[0], log(9.0), 1e-10);
  CHECK_NEAR(b, -log(3.0), 1e-10);
  CHECK(it > 0);
  CHECK_OK(trustscore_fit_logistic(NULL, y, NULL, 8, 0, 1, 0, NULL, &b, NULL)); /* bias only */
  CHECK_NEAR(b, 0, 1e-12);                                                      /* 4 of 8 */
  /* Separable data without a penalty: the weight grows until the gradient vanishes. */
  CHECK_OK(trustscore_fit_logistic(sep_x, sep_y, NULL, 2, 1, 0, 0, w, &b, NULL));
  CHECK(w[0] > 10);
}

static void test_fit_logistic_rejects_bad_input(void) {
  double w[1] = {-1}, b = -1;
  CHECK_FAIL(trustscore_fit_logistic(x, bad_y, NULL, 2, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "label 1 is 2");
  CHECK_FAIL(trustscore_fit_logistic(NULL, y, NULL, 8, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "x");
  CHECK_FAIL(trustscore_fit_logistic(x, y, NULL, 8, 1, 1, 0, w, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "bias");
  CHECK_FAIL(trustscore_fit_logistic(x, NULL, NULL, 8, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "y");
}

/* Calibrated: the fit on all rows with Platt's a, b folded in (a·w, a·b + b'). */
static void test_fit_logistic_calibrated(void) {
  const double cx[12] = {0.1, 0.9, 0.4, 0.8, 0.2, 0.7, 0.3, 0.6, 0.5, 0.95, 0.05, 0.65};
  const double cy[12] = {0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0};
  const int64_t fold[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, bad_fold[12] = {0, 0, 0, 3};
  double w[1] = {-1}, b = -1, plain_w[1], plain_b, platt[2] = {0, 0};
  int64_t steps = -1;
  CHECK_OK(trustscore_fit_logistic(cx, cy, NULL, 12, 1, 1, 0, plain_w, &plain_b, NULL));
  CHECK_OK(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, fold, 3, 0, w, &b, platt,
                                              &steps));
  CHECK(platt[0] > 0 && platt[0] != 1);
  CHECK_NEAR(w[0], platt[0] * plain_w[0], 1e-12);
  CHECK_NEAR(b, platt[0] * plain_b + platt[1], 1e-12);
  CHECK(steps > 0);
  /* Stratified seeded folds (fold NULL); platt and iterations may be NULL. */
  CHECK_OK(
      trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, NULL, 3, 7, w, &b, NULL, NULL));
  CHECK_FAIL(
      trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, NULL, 1, 7, w, &b, NULL, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "folds must be >= 2");
  CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, bad_fold, 3, 7, w, &b,
                                                NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "fold 3 is 3, not in [0, 3)");
  CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, bad_y, NULL, 2, 1, 1, 0, NULL, 2, 7, w, &b,
                                                NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "label 1 is 2");
  CHECK_FAIL(trustscore_fit_logistic_calibrated(NULL, cy, NULL, 12, 1, 1, 0, NULL, 3, 7, w, &b,
                                                NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "x");
  CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, NULL, 3, 7, w, NULL,
                                                NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "bias");
  CHECK_FAIL(
      trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, -1, 1, 0, NULL, 3, 7, w, &b, NULL, NULL),
      TRUSTSCORE_E_INVALID_ARGUMENT, "f is negative");
  /* A correct call after the failed ones works. */
  CHECK_OK(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, fold, 3, 0, w, &b, platt,
                                              NULL));
  CHECK_NEAR(w[0], platt[0] * plain_w[0], 1e-12);
}

/* The features of a store: each entity's Beta mean per factor. */
static void test_factor_trust(void) {
  trustscore_model* m = NULL;
  trustscore_store* s = NULL;
  const char* ids[2] = {"a", "b"};
  const int32_t factor[2] = {0, 1};
  const double value[2] = {1, 0}, weight[2] = {3, 1}, time[2] = {1700000000, 1700000000};
  double trust[2 * NF];
  CHECK_OK(trustscore_model_create(&m));
  CHECK_OK(trustscore_store_create(m, &s));
  CHECK_OK(trustscore_store_add_signals(s, 2, ids, NULL, factor, value, weight, time, NULL, NAN));
  CHECK_OK(trustscore_factor_trust(m, s, NULL, trust, 2 * NF));
  /* a, factor 0: r = 3, s = 0, a = 0.5, W = 2: (3 + 1) / (3 + 2); a's factor 1: the prior 0.5. */
  CHECK_NEAR(trust[0], 0.8, 1e-15);
  CHECK_NEAR(trust[1], 0.5, 1e-15);
  CHECK_FAIL(trustscore_factor_trust(m, s, NULL, trust, 2 * NF - 1), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "out");
  CHECK_FAIL(trustscore_factor_trust(m, s, NULL, NULL, 2 * NF), TRUSTSCORE_E_INVALID_ARGUMENT,
             "out");
  CHECK_FAIL(trustscore_factor_trust(NULL, s, NULL, trust, 2 * NF), TRUSTSCORE_E_INVALID_ARGUMENT,
             "model");
  trustscore_store_free(s);
  trustscore_model_free(m);
}

/* ---- The evaluation harness ------------------------------------------------- */

/* a and c have good evidence and a good outcome, b and d bad and bad: AUC 1. */
static void write_evaluation_files(char* signals, char* outcomes) {
  temp_path(signals, PATH_SIZE, "eval_signals.csv");
  temp_path(outcomes, PATH_SIZE, "eval_outcomes.csv");
  CHECK(write_file(signals,
                   "entity,factor,value,weight,time\n"
                   "a,experts,1,3,1700000000\nb,experts,0,3,1700000000\n"
                   "c,values,1,1,1700000000\nd,values,0,1,1700000000\n"));
  CHECK(write_file(outcomes, "entity,outcome\na,1\nb,0\nc,1\nd,0\n"));
}

static void test_evaluate_report(void) {
  char signals[PATH_SIZE], outcomes[PATH_SIZE], text[4096];
  void* report = NULL;
  int64_t length = -1;
  write_evaluation_files(signals, outcomes);
  CHECK_OK(trustscore_evaluate(signals, outcomes, "{\"models\": [\"beta\", \"wilson\"]}", &report,
                               &length));
  CHECK(report != NULL && length > 0 && length < (int64_t)sizeof text);
  if (report && length > 0 && length < (int64_t)sizeof text) {
    memcpy(text, report, (size_t)length);
    text[length] = 0;
    CHECK(strstr(text, "\"outcomes\": 4, \"positives\": 2") != NULL);
    CHECK(strstr(text, "{\"model\": \"beta\"") != NULL);
    CHECK(strstr(text, "\"roc_auc\": {\"mean\": 1, \"sd\": 0, \"folds\": [1]}") != NULL);
    CHECK(strstr(text, "{\"model\": \"wilson\"") != NULL);
  }
  trustscore_buffer_free(report);
  report = NULL;
  CHECK_OK(trustscore_evaluate(signals, outcomes, NULL, &report, &length)); /* every kind */
  trustscore_buffer_free(report);
  remove(signals);
  remove(outcomes);
}

static void test_evaluate_predictions(void) {
  char signals[PATH_SIZE], outcomes[PATH_SIZE], text[4096];
  void* report = NULL;
  int64_t length = -1;
  write_evaluation_files(signals, outcomes);
  CHECK_OK(trustscore_evaluate(signals, outcomes, "{\"models\": [\"beta\"], \"predictions\": true}",
                               &report, &length));
  CHECK(report != NULL && length > 0 && length < (int64_t)sizeof text);
  if (report && length > 0 && length < (int64_t)sizeof text) {
    memcpy(text, report, (size_t)length);
    text[length] = 0;
    CHECK(strstr(text, "\"entity\": [\"a\", \"b\", \"c\", \"d\"], \"outcome\": [1, 0, 1, 0]") !=
          NULL);
    CHECK(strstr(text, "\"prediction\": [0.") != NULL);
  }
  trustscore_buffer_free(report);
  remove(signals);
  remove(outcomes);
}

static void test_evaluate_rejects_bad_arguments(void) {
  char signals[PATH_SIZE], outcomes[PATH_SIZE];
  void* report = NULL;
  int64_t length = -1;
  write_evaluation_files(signals, outcomes);
  /* The first failure resets length (-1 here) to 0. */
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"fold\": 2}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unknown key 'fold'");
  CHECK(report == NULL && length == 0);
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"predictions\": 1}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "predictions must be true or false");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"folds\": \"2\"}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "folds must be an integer");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "[1]", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "must be a JSON object");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "invalid JSON");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"models\": [\"logit\"]}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unknown model kind 'logit'");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"attacks\": [\"ddos\"]}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unknown attack 'ddos'");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"folds\": 9}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "exceed the 4 entities");
  CHECK_FAIL(trustscore_evaluate(signals, signals, NULL, &report, &length), TRUSTSCORE_E_BAD_FORMAT,
             "unknown header 'factor'");
  CHECK_FAIL(trustscore_evaluate(NULL, outcomes, NULL, &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "signals_path");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, NULL, NULL, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "report");
  remove(signals);
  remove(outcomes);
}

static const abi_test tests[] = {
    ABI_TEST(test_fit_logistic),
    ABI_TEST(test_fit_logistic_rejects_bad_input),
    ABI_TEST(test_fit_logistic_calibrated),
    ABI_TEST(test_factor_trust),
    ABI_TEST(test_evaluate_report),
    ABI_TEST(test_evaluate_predictions),
    ABI_TEST(test_evaluate_rejects_bad_arguments),
};
const abi_suite abi_suite_evaluation = ABI_SUITE("evaluation", tests);
