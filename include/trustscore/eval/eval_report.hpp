// The evaluation harness's options and report (eval/harness.hpp runs it),
// the model names it takes, and the report as JSON: the text the C ABI's
// trustscore_evaluate returns and `trustscore eval --format json` prints.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "trustscore/detail/json_text.hpp"
#include "trustscore/error.hpp"
#include "trustscore/eval/attacks.hpp"
#include "trustscore/kinds/kind.hpp"
#include "trustscore/model.hpp"

namespace trustscore {
inline namespace v1 {

struct MetricSummary {
  std::string name;
  std::vector<double> folds;  // NaN where the fold cannot give it (e.g. one class only)
  double mean = 0, sd = 0;
};

struct ModelResult {
  std::string model;
  std::vector<MetricSummary> metrics;
  double coverage = 0;             // share of entities with outcomes that the model rated
  double entities_per_second = 0;  // scoring throughput, median of timed runs
  // Each outcome's prediction (EvalReport::entity order; NaN: not rated); for
  // logistic the fit of the other folds. In the JSON with EvalOptions::predictions.
  std::vector<double> prediction;
};

struct AttackResult {
  std::string attack, model;
  double shift = 0, rank_shift = 0;     // mean over targets, as of the attack's end
  double shift_30d = 0, shift_90d = 0;  // the score shift 30 and 90 days later
};

// A model given by its configuration (model JSON, or built in C++), shown under its label.
struct LabelledModel {
  std::string label;
  Model model;
};

struct EvalOptions {
  // Kinds, each optionally "+platt"; empty with no `configured` model and no
  // score file: every kind but logistic.
  std::vector<std::string> models;
  std::vector<LabelledModel> configured;  // after the kinds, in this order
  // The user's own predictions: (label, CSV path like the outcomes', entity,outcome
  // with the score as outcome); an entity it leaves out is not rated.
  std::vector<std::pair<std::string, std::string>> score_files;
  bool baselines = true;            // the rating sites' formulas (eval/baselines.hpp)
  double baseline_prior_count = 7;  // C of the Bayesian baselines
  std::int64_t folds = 1;
  std::uint64_t seed = 1;                                   // of the folds and the attacks
  double cutoff = std::numeric_limits<double>::infinity();  // evidence before, outcomes at/after
  double default_time = std::numeric_limits<double>::quiet_NaN();  // of undated signals
  std::string profile;                                             // empty: each model's default
  double l2 = 1;  // logistic: penalty on the weights
  std::vector<Attack> attacks;
  AttackOptions attack;      // its seed is replaced by `seed`
  bool predictions = false;  // to_json also writes entities, outcomes and predictions
};

struct EvalReport {
  std::int64_t outcomes = 0, positives = 0, before_cutoff = 0, folds = 1;
  bool binary = false;
  bool predictions = false;         // EvalOptions::predictions
  std::vector<std::string> entity;  // the evaluated outcomes' entities
  std::vector<double> outcome;      // and outcomes
  std::vector<ModelResult> models;
  std::vector<AttackResult> attacks;
};

// A model name of the harness: a kind, optionally followed by "+platt".
struct ModelChoice {
  ModelKind kind = ModelKind::beta;
  bool platt = false;
};

inline ModelChoice model_choice(const std::string& name) {
  static const std::string suffix = "+platt";
  ModelChoice choice;
  std::string kind = name;
  if (kind.size() >= suffix.size() &&
      kind.compare(kind.size() - suffix.size(), suffix.size(), suffix) == 0) {
    choice.platt = true;
    kind.resize(kind.size() - suffix.size());
  }
  if (kind.find('+') != std::string::npos)
    fail(Status::invalid_argument, "unknown model '" + name + "': after '+' only 'platt' (" +
                                       "calibration by Platt scaling) is known");
  choice.kind = model_kind_from_name(kind);  // unknown: invalid_argument naming the kinds
  return choice;
}

// The report as JSON: {"outcomes", "positives", "before_cutoff", "binary",
// "folds", "models": [{"model", "coverage", "entities_per_second",
// "metrics": {name: {"mean", "sd", "folds": [...]}}}], "attacks": [{"attack",
// "model", "score_shift", "rank_shift", "score_shift_30d", "score_shift_90d"}]};
// with predictions also "entity": [...], "outcome": [...] and per model
// "prediction": [...] (null: not rated).
inline std::string to_json(const EvalReport& r) {
  using detail::json_number;
  using detail::json_quote;
  const auto numbers = [](const std::vector<double>& v) {
    std::string text = "[";
    for (std::size_t k = 0; k < v.size(); ++k) text += (k ? ", " : "") + json_number(v[k]);
    return text + "]";
  };
  std::string out = "{\"outcomes\": " + std::to_string(r.outcomes) +
                    ", \"positives\": " + std::to_string(r.positives) +
                    ", \"before_cutoff\": " + std::to_string(r.before_cutoff) +
                    ", \"binary\": " + (r.binary ? "true" : "false") +
                    ", \"folds\": " + std::to_string(r.folds);
  if (r.predictions) {
    out += ", \"entity\": [";
    for (std::size_t k = 0; k < r.entity.size(); ++k)
      out += (k ? ", " : "") + json_quote(r.entity[k]);
    out += "], \"outcome\": " + numbers(r.outcome);
  }
  out += ", \"models\": [";
  for (std::size_t i = 0; i < r.models.size(); ++i) {
    const ModelResult& m = r.models[i];
    out += std::string(i ? ", " : "") + "{\"model\": " + json_quote(m.model) +
           ", \"coverage\": " + json_number(m.coverage) +
           ", \"entities_per_second\": " + json_number(m.entities_per_second) + ", \"metrics\": {";
    for (std::size_t j = 0; j < m.metrics.size(); ++j) {
      const MetricSummary& s = m.metrics[j];
      out += std::string(j ? ", " : "") + json_quote(s.name) +
             ": {\"mean\": " + json_number(s.mean) + ", \"sd\": " + json_number(s.sd) +
             ", \"folds\": " + numbers(s.folds) + "}";
    }
    out += "}";
    if (r.predictions) out += ", \"prediction\": " + numbers(m.prediction);
    out += "}";
  }
  out += "], \"attacks\": [";
  for (std::size_t i = 0; i < r.attacks.size(); ++i) {
    const AttackResult& a = r.attacks[i];
    out += std::string(i ? ", " : "") + "{\"attack\": " + json_quote(a.attack) +
           ", \"model\": " + json_quote(a.model) + ", \"score_shift\": " + json_number(a.shift) +
           ", \"rank_shift\": " + json_number(a.rank_shift) +
           ", \"score_shift_30d\": " + json_number(a.shift_30d) +
           ", \"score_shift_90d\": " + json_number(a.shift_90d) + "}";
  }
  return out + "]}";
}

}  // namespace v1
}  // namespace trustscore
