// The C ABI's evaluation: metrics, learned weights (logistic fits), the
// evaluation harness, tuning, leave-one-out edge prediction, and the
// options' defaults.
#include <algorithm>
#include <cstring>

#include "../options/eval_options.hpp"
#include "../options/tune_options.hpp"
#include "guard.hpp"
#include "trustscore/eval/calibration.hpp"
#include "trustscore/eval/harness.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/eval/metrics.hpp"
#include "trustscore/graph/edge_prediction_json.hpp"

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;
namespace options = trustscore::options;

namespace {

double metric_value(int metric, const double* truth, const double* prediction, int64_t n,
                    int64_t parameter) {
  namespace m = trustscore::metrics;
  switch (metric) {
    case TRUSTSCORE_METRIC_ROC_AUC:
      return m::roc_auc(truth, prediction, n);
    case TRUSTSCORE_METRIC_AVERAGE_PRECISION:
      return m::average_precision(truth, prediction, n);
    case TRUSTSCORE_METRIC_LOG_LOSS:
      return m::log_loss(truth, prediction, n);
    case TRUSTSCORE_METRIC_BRIER:
      return m::brier(truth, prediction, n);
    case TRUSTSCORE_METRIC_ECE:
      return m::expected_calibration_error(truth, prediction, n, parameter ? parameter : 10);
    case TRUSTSCORE_METRIC_RMSE:
      return m::rmse(truth, prediction, n);
    case TRUSTSCORE_METRIC_MAE:
      return m::mae(truth, prediction, n);
    case TRUSTSCORE_METRIC_PEARSON:
      return m::pearson(truth, prediction, n);
    case TRUSTSCORE_METRIC_SPEARMAN:
      return m::spearman(truth, prediction, n);
    case TRUSTSCORE_METRIC_KENDALL_TAU_B:
      return m::kendall_tau_b(truth, prediction, n);
    case TRUSTSCORE_METRIC_NDCG:
      return m::ndcg(truth, prediction, n, parameter);
    default:
      fail(Status::invalid_argument,
           "metric must be a TRUSTSCORE_METRIC_* value, not " + std::to_string(metric));
  }
}

// The arguments both logistic fits check the same way, as fit options.
trustscore::LogisticFitOptions logistic_fit_arguments(const double* x, const double* y, int64_t f,
                                                      double l2, int non_negative,
                                                      const double* weights, const double* bias) {
  need(y, "y");
  need(bias, "bias");
  need_non_negative(f, "f");
  if (f > 0) {
    need(x, "x");
    need(weights, "weights");
  }
  trustscore::LogisticFitOptions o;
  o.l2 = l2;
  o.non_negative = non_negative != 0;
  return o;
}

void need_converged(const trustscore::LogisticFit& fit, const char* what) {
  if (!fit.converged)
    fail(Status::invalid_argument, std::string(what) + ": no convergence in " +
                                       std::to_string(fit.iterations) +
                                       " Newton steps (separable data without a penalty?)");
}

// A JSON report out: *report and *length cleared first, then a library-owned copy.
void need_report(void** report, int64_t* length) {
  need(report, "report");
  need(length, "length");
  *report = nullptr;
  *length = 0;
}

}  // namespace

extern "C" {

int trustscore_metric(int metric, const double* truth, const double* prediction, int64_t n,
                      int64_t parameter, double* value) {
  return guard(__func__, [&] {
    need(value, "value");
    need_non_negative(n, "n");
    if (n > 0) {
      need(truth, "truth");
      need(prediction, "prediction");
    }
    const bool takes_parameter =
        metric == TRUSTSCORE_METRIC_NDCG || metric == TRUSTSCORE_METRIC_ECE;
    if (!takes_parameter && parameter != 0)
      fail(Status::invalid_argument,
           "parameter must be 0 for this metric, not " + std::to_string(parameter));
    *value = metric_value(metric, truth, prediction, n, parameter);
  });
}

int trustscore_fit_logistic(const double* x, const double* y, const double* sample_weight,
                            int64_t n, int64_t f, double l2, int non_negative, double* weights,
                            double* bias, int64_t* iterations) {
  return guard(__func__, [&] {
    const auto o = logistic_fit_arguments(x, y, f, l2, non_negative, weights, bias);
    const auto fit = trustscore::fit_logistic(x, y, n, f, sample_weight, o);
    need_converged(fit, "fit_logistic");
    std::copy(fit.weights.begin(), fit.weights.end(), weights);
    *bias = fit.bias;
    if (iterations) *iterations = fit.iterations;
  });
}

int trustscore_fit_logistic_calibrated(const double* x, const double* y,
                                       const double* sample_weight, int64_t n, int64_t f, double l2,
                                       int non_negative, const int64_t* fold, int64_t folds,
                                       uint64_t seed, double* weights, double* bias, double* platt,
                                       int64_t* iterations) {
  return guard(__func__, [&] {
    const auto o = logistic_fit_arguments(x, y, f, l2, non_negative, weights, bias);
    trustscore::PlattScaling scaling;
    const auto fit = trustscore::fit_logistic_calibrated(x, y, n, f, sample_weight, o, folds, seed,
                                                         fold, &scaling);
    need_converged(fit, "fit_logistic_calibrated");
    std::copy(fit.weights.begin(), fit.weights.end(), weights);
    *bias = fit.bias;
    if (platt) {
      platt[0] = scaling.a;
      platt[1] = scaling.b;
    }
    if (iterations) *iterations = fit.iterations;
  });
}

int trustscore_evaluate(const char* signals_path, const char* outcomes_path,
                        const char* options_json, void** report, int64_t* length) {
  return guard(__func__, [&] {
    need_report(report, length);
    need(signals_path, "signals_path");
    need(outcomes_path, "outcomes_path");
    trustscore::EvalOptions o;
    options::apply_json(options::eval_options(), options_json, o);
    hand_out(trustscore::to_json(trustscore::evaluate(signals_path, outcomes_path, o)), report,
             length);
  });
}

int trustscore_tune(const char* signals_path, const char* outcomes_path,
                    const trustscore_model* base, const char* options_json, void** report,
                    int64_t* length) {
  return guard(__func__, [&] {
    need_report(report, length);
    need(signals_path, "signals_path");
    need(outcomes_path, "outcomes_path");
    trustscore::TuneOptions o;
    options::apply_json(options::tune_options(), options_json, o);
    const trustscore::Model defaults;
    hand_out(options::tune_report_json(
                 trustscore::tune(signals_path, outcomes_path, base ? base->model : defaults, o)),
             report, length);
  });
}

int trustscore_edge_prediction(const trustscore_graph* graph, const char* options_json,
                               void** report, int64_t* length) {
  return guard(__func__, [&] {
    need_report(report, length);
    need(graph, "graph");
    options::EdgePredictionCall call;
    options::apply_json(options::edge_prediction_options(), options_json, call);
    hand_out(trustscore::to_json(trustscore::leave_one_out(graph->graph, call.options),
                                 graph->graph, call.predictions),
             report, length);
  });
}

int trustscore_option_defaults(const char* call, char* buf, int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(call, "call");
    std::string text;
    if (std::strcmp(call, "evaluate") == 0)
      text = options::defaults_json(options::eval_options());
    else if (std::strcmp(call, "edge_prediction") == 0)
      text = options::defaults_json(options::edge_prediction_options());
    else if (std::strcmp(call, "tune") == 0)
      text = options::defaults_json(options::tune_options());
    else
      fail(Status::invalid_argument,
           "call must be \"evaluate\", \"edge_prediction\" or "
           "\"tune\", not \"" +
               std::string(call) + "\"");
    copy_out(text, buf, capacity, length);
  });
}

}  // extern "C"
