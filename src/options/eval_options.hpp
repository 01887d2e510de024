// The option tables of the evaluation harness and of edge prediction.
#pragma once

#include "option_table.hpp"
#include "trustscore/eval/eval_report.hpp"
#include "trustscore/graph/edge_prediction.hpp"

namespace trustscore::options {

// A leave-one-out edge prediction call: its options, with fairness and
// goodness solved to 1e-6 (it solves them once per edge left out), and
// whether the report lists every prediction.
struct EdgePredictionCall {
  EdgePredictionOptions options;
  bool predictions = false;
  EdgePredictionCall() { options.fairness_goodness.tolerance = 1e-6; }
};

const OptionTable<EvalOptions>& eval_options();
const OptionTable<EdgePredictionCall>& edge_prediction_options();

}  // namespace trustscore::options
