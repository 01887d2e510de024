/* trustscore C ABI: evaluation (C99; also valid C++). Included by
 * trustscore.h (at its end); including it alone includes that.
 * trustscore.h's conventions hold here.
 *
 * Metrics of predictions against outcomes, the factor features and the
 * learned weights (logistic fits, Platt calibration), and the evaluation
 * harness that compares models on a signals file and an outcomes file
 * (docs/guide/evaluation.md). include/trustscore/eval/ has the C++ calls. */
#ifndef TRUSTSCORE_EVALUATION_H
#define TRUSTSCORE_EVALUATION_H

#include "trustscore/trustscore.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Metrics ---------------------------------------------------------------
   One metric of predictions against the truth (n pairs) into *value. Binary
   metrics take labels 0 or 1 as truth; LOG_LOSS, BRIER and ECE take
   probabilities in [0, 1]; NDCG takes non-negative gains as truth. parameter:
   k for NDCG (0: all), the number of bins for ECE (0: 10), otherwise 0.
   include/trustscore/eval/metrics.hpp gives the definitions and tie rules. */
#define TRUSTSCORE_METRIC_ROC_AUC 0
#define TRUSTSCORE_METRIC_AVERAGE_PRECISION 1
#define TRUSTSCORE_METRIC_LOG_LOSS 2
#define TRUSTSCORE_METRIC_BRIER 3
#define TRUSTSCORE_METRIC_ECE 4
#define TRUSTSCORE_METRIC_RMSE 5
#define TRUSTSCORE_METRIC_MAE 6
#define TRUSTSCORE_METRIC_PEARSON 7
#define TRUSTSCORE_METRIC_SPEARMAN 8
#define TRUSTSCORE_METRIC_KENDALL_TAU_B 9
#define TRUSTSCORE_METRIC_NDCG 10
TRUSTSCORE_API int trustscore_metric(int metric, const double* truth, const double* prediction,
                                     int64_t n, int64_t parameter, double* value);

/* Each factor's Beta mean (r + a W) / (r + s + W) for every entity, as of
   options->as_of (options may be NULL): entity_count x factor_count values,
   row-major, into out (capacity values): the features of learned weights. */
TRUSTSCORE_API int trustscore_factor_trust(const trustscore_model* model,
                                           const trustscore_store* store,
                                           const trustscore_score_options* options, double* out,
                                           int64_t capacity);

/* The evaluation harness (docs/guide/evaluation.md):
   the models of options_json score the entities of the signals CSV and are
   compared with the outcomes CSV (entity,outcome[,time]). options_json (may
   be NULL: every kind, one fold) is an object with any of "models" (names,
   and "logistic", or objects {"label": text, "model": {model JSON}}:
   configured models, after the named ones), "scores" ({"label":
   "path.csv"}: the user's own scores, a file like the outcomes, as rows),
   "baselines" (true: the rating sites' formulas as rows; see
   eval/baselines.hpp), "baseline_prior_count" (7), "folds", "seed", "cutoff" and "default_time"
   (unix seconds, or ISO-8601 text), "profile", "l2", "attacks" (names), "attack_targets",
   "attack_signals", "predictions" (true: also each outcome's entity,
   outcome and every model's prediction). The report is JSON text in a
   library-owned buffer (NUL-terminated; *length without the NUL): free
   *report with trustscore_buffer_free. The defaults of the options are
   trustscore_option_defaults("evaluate"). */
TRUSTSCORE_API int trustscore_evaluate(const char* signals_path, const char* outcomes_path,
                                       const char* options_json, void** report, int64_t* length);

/* Tuning (docs/guide/tuning.md): the configuration of a search space that
   scores the signals CSV best against the outcomes CSV by a metric, chosen
   by nested cross-validation (or on the outcomes before a temporal split)
   and reported on data it did not see, beside each searched kind's defaults
   and the rating sites' formulas. base (may be NULL: the default model)
   gives the factors, profiles and every parameter not searched. options_json
   (may be NULL) is an object with any of "search" (the space: "kinds",
   "half_life_days", "factor_half_life_days", "negativity", "base_rate",
   "prior_weight", "prior_count", "prior_mean", "levels", each a list or
   {"min", "max", "steps", "scale"}, and "max_configs"; keys left out are not
   searched; without "search", a default space), "metric" (rmse, mae,
   pearson, spearman, kendall_tau_b, ndcg@10 for numeric outcomes; roc_auc,
   average_precision, log_loss, brier, ece for binary ones), "folds",
   "inner_folds", "seed", "cutoff", "split", "default_time", "profile" and
   "baseline_prior_count". The report is JSON text in a library-owned buffer
   as trustscore_evaluate's; its "best_model" is model JSON that
   trustscore_model_from_json reads. */
TRUSTSCORE_API int trustscore_tune(const char* signals_path, const char* outcomes_path,
                                   const trustscore_model* base, const char* options_json,
                                   void** report, int64_t* length);

/* The defaults of a call's JSON options, as a JSON object of key: value
   ("evaluate" or "edge_prediction"), into buf by the rules of "Strings out":
   the one place bindings and tools read them from. */
TRUSTSCORE_API int trustscore_option_defaults(const char* call, char* buf, int64_t capacity,
                                              int64_t* length);

/* Learned weights: a logistic model of labels y (n, 0 or 1) on features x (n
   rows of f, row-major), L2 penalty l2 >= 0 on the weights (scikit-learn's
   C = 1 / l2), optional sample weights (NULL: 1 each), weights kept >= 0 when
   non_negative is non-zero. Writes f weights and *bias; *iterations may be
   NULL. A fit that does not converge in 100 Newton steps is an error. */
TRUSTSCORE_API int trustscore_fit_logistic(const double* x, const double* y,
                                           const double* sample_weight, int64_t n, int64_t f,
                                           double l2, int non_negative, double* weights,
                                           double* bias, int64_t* iterations);

/* Learned weights calibrated by Platt scaling: trustscore_fit_logistic's
   fit, whose decision values z = bias + weights·x are mapped to σ(a z + b)
   with a, b fitted (Platt's smoothed targets) on out-of-fold z, each fold's
   z from a fit on the other folds (scikit-learn's CalibratedClassifierCV
   with method "sigmoid", ensemble False). fold: n fold indices in
   [0, folds), or NULL for `folds` folds stratified by label (seeded by
   seed); folds >= 2. Writes the calibrated f weights a·w and *bias
   a·bias + b (a logistic model again), platt[0] = a and platt[1] = b when
   platt is not NULL, and the Newton steps of the fit on all rows to
   *iterations when not NULL. A fold whose other rows have one label only,
   and any fit that does not converge, are errors naming it. */
TRUSTSCORE_API int trustscore_fit_logistic_calibrated(const double* x, const double* y,
                                                      const double* sample_weight, int64_t n,
                                                      int64_t f, double l2, int non_negative,
                                                      const int64_t* fold, int64_t folds,
                                                      uint64_t seed, double* weights, double* bias,
                                                      double* platt, int64_t* iterations);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTSCORE_EVALUATION_H */
