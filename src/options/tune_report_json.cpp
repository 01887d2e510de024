// Tuning's report as JSON (the C ABI's trustscore_tune and `trustscore tune
// --format json`), with the best configuration as model JSON.
#include "../model_json.hpp"
#include "trustscore/detail/json_text.hpp"
#include "tune_options.hpp"

namespace trustscore::options {

namespace {

// {"kind", "parameters": {...}, left open for what follows.
std::string config_json(const TuneSpace& space, const TuneConfig& c) {
  std::string out =
      "{\"kind\": " + detail::json_quote(model_kind_name(c.kind)) + ", \"parameters\": {";
  bool first = true;
  for (const auto& [name, value] : config_parameters(space, c)) {
    out += (first ? "" : ", ") + detail::json_quote(name) + ": " + detail::json_number(value);
    first = false;
  }
  return out + "}";
}

}  // namespace

std::string tune_report_json(const TuneReport& r) {
  using detail::json_number;
  const auto count = [](std::int64_t n) { return std::to_string(n); };
  std::string out =
      "{\"metric\": " + detail::json_quote(r.metric) +
      ", \"higher_is_better\": " + (r.higher_is_better ? "true" : "false") +
      ", \"binary\": " + (r.binary ? "true" : "false") +
      ", \"temporal\": " + (r.temporal ? "true" : "false") +
      ", \"split\": " + json_number(r.split) + ", \"outcomes\": " + count(r.outcomes) +
      ", \"selection_outcomes\": " + count(r.selection_outcomes) +
      ", \"report_outcomes\": " + count(r.report_outcomes) +
      ", \"before_cutoff\": " + count(r.before_cutoff) + ", \"folds\": " + count(r.folds) +
      ", \"inner_folds\": " + count(r.inner_folds) +
      ", \"configs\": " + count(static_cast<std::int64_t>(r.trials.size())) +
      ", \"search_seconds\": " + json_number(r.search_seconds) +
      ", \"configs_per_second\": " + json_number(r.configs_per_second);
  out += ", \"best\": " + config_json(r.space, r.best_config) +
         ", \"score\": " + json_number(r.best_score) + "}";
  out += ", \"best_model\": " + config::model_to_json(r.best);
  out += ", \"fold_choices\": [";
  for (std::size_t k = 0; k < r.fold_choice.size(); ++k)
    out += (k ? ", " : "") + config_json(r.space, r.fold_choice[k]) + "}";
  out += "], \"trials\": [";
  for (std::size_t k = 0; k < r.trials.size(); ++k) {
    out += (k ? ", " : "") + config_json(r.space, r.trials[k].config);
    out += ", \"score\": " + json_number(r.trials[k].score) + "}";
  }
  return out + "], \"table\": " + to_json(table_report(r)) + "}";
}

}  // namespace trustscore::options
