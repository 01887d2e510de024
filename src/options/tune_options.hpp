// The option table of tuning (trustscore_tune, `trustscore tune`, ts.tune).
#pragma once

#include "option_table.hpp"
#include "trustscore/eval/tune.hpp"

namespace trustscore::options {

const OptionTable<TuneOptions>& tune_options();

// The search space of a JSON object (search_space_json in the docs): each
// key a parameter's grid, a list of values or {"min", "max", "steps",
// "scale": "linear" or "log"}; half-lives null for no decay. Parameters left
// out are not searched. An unknown key, an empty or inverted range or a value
// out of range is an Error naming it.
TuneSpace search_space_from_json(const std::string& text);

}  // namespace trustscore::options

namespace trustscore::options {

// The report as JSON: {"metric", "higher_is_better", "binary", "temporal",
// "split", "outcomes", "selection_outcomes", "report_outcomes", "folds",
// "inner_folds", "configs", "search_seconds", "configs_per_second",
// "best": {"kind", "parameters": {name: value}, "score"}, "best_model": {model
// JSON}, "fold_choices": [{"kind", "parameters"}], "trials": [{"kind",
// "parameters", "score"}], "table": the harness's report of the rows
// (trustscore_evaluate's JSON, with predictions)}.
std::string tune_report_json(const TuneReport& report);

}  // namespace trustscore::options
