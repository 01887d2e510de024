/* Configured models, the rating sites' formulas and the user's own scores in
   the evaluation harness; tuning (trustscore_tune) and its errors; a logistic
   fit refused on labels of one class. */
#include "abi_test.h"

#define PATH_SIZE 512
#define TEXT_SIZE 65536

/* e1..e6 rated on one factor; each outcome is the entity's mean rating, so the
   plain mean predicts them exactly (RMSE 0). */
static void write_tuning_files(char* signals, char* outcomes) {
  temp_path(signals, PATH_SIZE, "tune_signals.csv");
  temp_path(outcomes, PATH_SIZE, "tune_outcomes.csv");
  CHECK(write_file(signals,
                   "entity,factor,value,time\n"
                   "e1,experts,0.9,1600000000\ne1,experts,0.7,1610000000\n"
                   "e2,experts,0.2,1600000000\ne2,experts,0.4,1610000000\n"
                   "e3,experts,1,1600000000\ne4,experts,0,1600000000\n"
                   "e5,experts,0.5,1600000000\ne5,experts,0.7,1600000000\n"
                   "e6,experts,0.1,1600000000\ne6,experts,0.3,1610000000\n"));
  CHECK(write_file(outcomes, "entity,outcome\ne1,0.8\ne2,0.3\ne3,1\ne4,0\ne5,0.6\ne6,0.2\n"));
}

/* The report as text (0 on failure). */
static int report_text(void* report, int64_t length, char* text) {
  if (!report || length <= 0 || length >= TEXT_SIZE) return 0;
  memcpy(text, report, (size_t)length);
  text[length] = 0;
  return 1;
}

/* The number after `key`, searched from `from` within text (NaN: not there). */
static double number_after(const char* text, const char* from, const char* key) {
  const char* at = from ? strstr(text, from) : text;
  at = at ? strstr(at, key) : NULL;
  return at ? strtod(at + strlen(key), NULL) : NAN;
}

static void test_evaluate_configured_models_and_baselines(void) {
  char signals[PATH_SIZE], outcomes[PATH_SIZE], scores[PATH_SIZE];
  static char text[TEXT_SIZE];
  void* report = NULL;
  int64_t length = -1;
  write_tuning_files(signals, outcomes);
  temp_path(scores, PATH_SIZE, "tune_scores.csv");
  CHECK(write_file(scores, "entity,outcome\ne1,0.5\ne2,0.5\ne3,0.5\n"));
  char options[2048];
  snprintf(options, sizeof options,
           "{\"models\": [\"beta\", {\"label\": \"slow\", \"model\": {\"kind\": "
           "\"weighted_mean\", \"factors\": [{\"id\": \"experts\", \"half_life_days\": null}]}}], "
           "\"scores\": {\"mine\": \"%s\"}}",
           scores);
  CHECK_OK(trustscore_evaluate(signals, outcomes, options, &report, &length));
  CHECK(report_text(report, length, text));
  CHECK(strstr(text, "{\"model\": \"beta\"") != NULL);
  /* No decay: weighted_mean is the plain mean, which the outcomes are. */
  CHECK(fabs(number_after(text, "{\"model\": \"slow\"", "\"rmse\": {\"mean\": ")) < 1e-12);
  CHECK(number_after(text, "{\"model\": \"beta\"", "\"rmse\": {\"mean\": ") > 0.01);
  CHECK(strstr(text, "{\"model\": \"plain_mean\"") != NULL);
  CHECK(strstr(text, "{\"model\": \"bayes_7_at_3.5_stars\"") != NULL);
  CHECK(strstr(text, "{\"model\": \"bayes_7_at_global_mean\"") != NULL);
  CHECK(strstr(text, "{\"model\": \"global_mean\"") != NULL);
  /* The user's scores rate 3 of the 6 entities. */
  CHECK(strstr(text, "{\"model\": \"mine\", \"coverage\": 0.5,") != NULL);
  trustscore_buffer_free(report);
  report = NULL;
  CHECK_OK(trustscore_evaluate(signals, outcomes, "{\"models\": [\"beta\"], \"baselines\": false}",
                               &report, &length));
  CHECK(report_text(report, length, text));
  CHECK(strstr(text, "plain_mean") == NULL);
  trustscore_buffer_free(report);
  report = NULL;
  /* Bad entries name what is wrong. */
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"models\": [{\"label\": \"x\"}]}", &report,
                                 &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "each entry must be a kind's name or");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes,
                                 "{\"models\": [{\"label\": \"x\", \"model\": {\"kind\": "
                                 "\"beta\", \"colour\": 1}}]}",
                                 &report, &length),
             TRUSTSCORE_E_BAD_FORMAT, "models: 'x': model JSON: unknown key 'colour'");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes,
                                 "{\"models\": [\"beta\", {\"label\": \"beta\", \"model\": {}}]}",
                                 &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "the label 'beta' names two models");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"scores\": {\"x\": 1}}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "'x' must be a file path");
  CHECK_FAIL(
      trustscore_evaluate(signals, outcomes, "{\"baseline_prior_count\": -1}", &report, &length),
      TRUSTSCORE_E_INVALID_ARGUMENT, "baseline_prior_count");
  remove(signals);
  remove(outcomes);
  remove(scores);
}

static void test_tune_report_and_best_model(void) {
  char signals[PATH_SIZE], outcomes[PATH_SIZE];
  static char text[TEXT_SIZE];
  void* report = NULL;
  int64_t length = -1;
  write_tuning_files(signals, outcomes);
  CHECK_OK(trustscore_tune(signals, outcomes, NULL,
                           "{\"search\": {\"kinds\": [\"weighted_mean\"], \"half_life_days\": "
                           "[1, null]}, \"folds\": 2, \"inner_folds\": 2, \"metric\": \"mae\"}",
                           &report, &length));
  CHECK(report_text(report, length, text));
  /* Without decay weighted_mean is the plain mean: the outcomes exactly. */
  CHECK(strstr(text, "\"metric\": \"mae\", \"higher_is_better\": false") != NULL);
  CHECK(strstr(text, "\"configs\": 3,") != NULL); /* the defaults and 2 */
  CHECK(fabs(number_after(text,
                          "\"best\": {\"kind\": \"weighted_mean\", \"parameters\": "
                          "{\"half_life_days\": null}",
                          "\"score\": ")) < 1e-12);
  CHECK(strstr(text, "{\"model\": \"tuned\"") != NULL);
  CHECK(strstr(text, "{\"model\": \"default weighted_mean\"") != NULL);
  CHECK(strstr(text, "{\"model\": \"plain_mean\"") != NULL);
  /* best_model is model JSON that the library reads back. */
  const char* best = strstr(text, "\"best_model\": ");
  CHECK(best != NULL);
  if (best) {
    best += strlen("\"best_model\": ");
    const char* end = strstr(best, ", \"fold_choices\"");
    CHECK(end != NULL);
    if (end) {
      trustscore_model* m = NULL;
      CHECK_OK(trustscore_model_from_json(best, (int64_t)(end - best), &m));
      trustscore_model_free(m);
    }
  }
  trustscore_buffer_free(report);
  report = NULL;
  /* A base model gives the parameters not searched. */
  trustscore_model* base = NULL;
  CHECK_OK(trustscore_model_create(&base));
  CHECK_OK(trustscore_tune(signals, outcomes, base,
                           "{\"search\": {\"negativity\": [1, 4]}, \"folds\": 2, "
                           "\"inner_folds\": 2}",
                           &report, &length));
  CHECK(report_text(report, length, text));
  CHECK(strstr(text, "\"configs\": 3,") != NULL); /* the defaults and 2 */
  CHECK(strstr(text, "\"best\": {\"kind\": \"beta\"") != NULL);
  trustscore_buffer_free(report);
  trustscore_model_free(base);
  remove(signals);
  remove(outcomes);
}

static void test_tune_rejects_bad_input(void) {
  char signals[PATH_SIZE], outcomes[PATH_SIZE];
  void* report = NULL;
  int64_t length = -1;
  write_tuning_files(signals, outcomes);
  CHECK_FAIL(
      trustscore_tune(signals, outcomes, NULL, "{\"search\": {\"colour\": [1]}}", &report, &length),
      TRUSTSCORE_E_INVALID_ARGUMENT, "unknown key 'colour'");
  CHECK_FAIL(trustscore_tune(signals, outcomes, NULL, "{\"search\": {\"negativity\": [0]}}",
                             &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "negativity");
  CHECK_FAIL(trustscore_tune(signals, outcomes, NULL, "{\"search\": {\"half_life_days\": []}}",
                             &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "the list is empty");
  CHECK_FAIL(trustscore_tune(signals, outcomes, NULL,
                             "{\"search\": {\"prior_weight\": {\"min\": 5, \"max\": 1}}}", &report,
                             &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "the range is inverted");
  CHECK_FAIL(
      trustscore_tune(signals, outcomes, NULL, "{\"metric\": \"roc_auc\"}", &report, &length),
      TRUSTSCORE_E_INVALID_ARGUMENT, "metric 'roc_auc' does not fit these outcomes");
  CHECK_FAIL(trustscore_tune(signals, outcomes, NULL, "{\"folds\": 5}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "fewer than folds");
  CHECK_FAIL(trustscore_tune(signals, outcomes, NULL, "{\"folds\": 1}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "folds");
  CHECK_FAIL(
      trustscore_tune(signals, outcomes, NULL, "{\"split\": \"2021-01-01\"}", &report, &length),
      TRUSTSCORE_E_INVALID_ARGUMENT, "needs every outcome's time");
  CHECK_FAIL(trustscore_tune(signals, NULL, NULL, NULL, &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "outcomes_path");
  CHECK(report == NULL);
  remove(signals);
  remove(outcomes);
}

static void test_fit_logistic_refuses_one_class(void) {
  const double x[3] = {0.1, 0.5, 0.9}, ones[3] = {1, 1, 1}, zeros[3] = {0, 0, 0};
  double w[1] = {0}, b = 0;
  CHECK_FAIL(trustscore_fit_logistic(x, ones, NULL, 3, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "the labels are all 1");
  CHECK_FAIL(trustscore_fit_logistic(x, zeros, NULL, 3, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "both classes");
}

static const abi_test tests[] = {
    ABI_TEST(test_evaluate_configured_models_and_baselines),
    ABI_TEST(test_tune_report_and_best_model),
    ABI_TEST(test_tune_rejects_bad_input),
    ABI_TEST(test_fit_logistic_refuses_one_class),
};
const abi_suite abi_suite_tuning = ABI_SUITE("tuning", tests);
