// The options of the evaluation harness and of edge prediction, each with its
// JSON key, command-line flag, checks and default.
#include "eval_options.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "../model_json.hpp"
#include "trustscore/error.hpp"

namespace trustscore::options {

namespace {

constexpr std::int64_t unbounded = std::numeric_limits<std::int64_t>::max();

std::string json_list(const std::vector<std::string>& names) {
  std::string out = "[";
  for (const auto& name : names) out += (out.size() > 1 ? ", " : "") + json_of(name);
  return out + "]";
}

double non_negative_finite(const OptionValue& v, const char* name) {
  const double x = v.number();
  if (!(x >= 0 && std::isfinite(x)))
    fail(Status::invalid_argument, std::string(name) + " must be a finite number >= 0");
  return x;
}

// "models": names (a list; comma-separated on a command line), and in JSON
// also objects {"label": ..., "model": {model JSON}}: configured models.
void set_models(EvalOptions& o, const OptionValue& v) {
  const nlohmann::json j = nlohmann::json::parse(v.json());
  o.models.clear();
  o.configured.clear();
  if (j.is_string()) {
    o.models = v.names();
  } else {
    if (!j.is_array()) fail(Status::invalid_argument, "models must be a list");
    for (const auto& entry : j) {
      if (entry.is_string()) {
        o.models.push_back(entry.get<std::string>());
        continue;
      }
      if (!entry.is_object() || !entry.contains("label") || !entry["label"].is_string() ||
          !entry.contains("model") || !entry["model"].is_object() || entry.size() != 2)
        fail(Status::invalid_argument,
             "models: each entry must be a kind's name or {\"label\": text, \"model\": "
             "{model configuration}}, not " +
                 entry.dump());
      const std::string label = entry["label"].get<std::string>();
      try {
        o.configured.push_back({label, config::model_from_json(entry["model"].dump())});
      } catch (const Error& e) {
        fail(e.status(), "models: '" + label + "': " + e.what());
      }
    }
  }
  for (const std::string& name : o.models) model_choice(name);  // unknown names fail here
}

// "scores": {"label": "path.csv", ...}: the user's own predictions.
void set_score_files(EvalOptions& o, const OptionValue& v) {
  const nlohmann::json j = nlohmann::json::parse(v.json());
  if (!j.is_object())
    fail(Status::invalid_argument, "scores must be an object {\"label\": \"path.csv\"}");
  o.score_files.clear();
  for (const auto& [label, path] : j.items()) {
    if (!path.is_string())
      fail(Status::invalid_argument, "scores: '" + label + "' must be a file path");
    o.score_files.emplace_back(label, path.get<std::string>());
  }
}

const OptionTable<EvalOptions> eval_table = {
    {"models", "--models", set_models, [](const EvalOptions& o) { return json_list(o.models); }},
    {"scores", nullptr, set_score_files, nullptr},
    {"baselines", "--baselines",
     [](EvalOptions& o, const OptionValue& v) { o.baselines = v.flag(); },
     [](const EvalOptions& o) { return json_of(o.baselines); }},
    {"baseline_prior_count", "--baseline-prior-count",
     [](EvalOptions& o, const OptionValue& v) {
       o.baseline_prior_count = non_negative_finite(v, "baseline_prior_count");
     },
     [](const EvalOptions& o) { return json_of(o.baseline_prior_count); }},
    {"folds", "--folds",
     [](EvalOptions& o, const OptionValue& v) { o.folds = v.integer(1, unbounded); },
     [](const EvalOptions& o) { return json_of(o.folds); }},
    {"seed", "--seed",
     [](EvalOptions& o, const OptionValue& v) {
       o.seed = static_cast<std::uint64_t>(v.integer(0, unbounded));
     },
     [](const EvalOptions& o) { return json_of(static_cast<std::int64_t>(o.seed)); }},
    {"cutoff", "--cutoff", [](EvalOptions& o, const OptionValue& v) { o.cutoff = v.time(); },
     nullptr},
    {"default_time", "--default-time",
     [](EvalOptions& o, const OptionValue& v) { o.default_time = v.time(); }, nullptr},
    {"profile", "--profile", [](EvalOptions& o, const OptionValue& v) { o.profile = v.text(); },
     nullptr},
    {"l2", "--l2",
     [](EvalOptions& o, const OptionValue& v) { o.l2 = non_negative_finite(v, "l2"); },
     [](const EvalOptions& o) { return json_of(o.l2); }},
    {"attacks", "--attacks",
     [](EvalOptions& o, const OptionValue& v) {
       o.attacks.clear();
       for (const std::string& name : v.names()) o.attacks.push_back(attack_from_name(name));
     },
     [](const EvalOptions& o) {
       std::vector<std::string> names;
       for (Attack a : o.attacks) names.emplace_back(attack_name(a));
       return json_list(names);
     }},
    {"attack_targets", "--attack-targets",
     [](EvalOptions& o, const OptionValue& v) { o.attack.targets = v.integer(1, unbounded); },
     [](const EvalOptions& o) { return json_of(o.attack.targets); }},
    {"attack_signals", "--attack-signals",
     [](EvalOptions& o, const OptionValue& v) { o.attack.fake_signals = v.integer(1, unbounded); },
     [](const EvalOptions& o) { return json_of(o.attack.fake_signals); }},
    {"predictions", nullptr, [](EvalOptions& o, const OptionValue& v) { o.predictions = v.flag(); },
     [](const EvalOptions& o) { return json_of(o.predictions); }},
};

const OptionTable<EdgePredictionCall> edge_prediction_table = {
    {"sample", "--sample",
     [](EdgePredictionCall& c, const OptionValue& v) {
       c.options.sample = v.integer(0, unbounded);
     },
     [](const EdgePredictionCall& c) { return json_of(c.options.sample); }},
    {"seed", "--seed",
     [](EdgePredictionCall& c, const OptionValue& v) {
       c.options.seed = static_cast<std::uint64_t>(v.integer(0, unbounded));
     },
     [](const EdgePredictionCall& c) {
       return json_of(static_cast<std::int64_t>(c.options.seed));
     }},
    {"folds", "--folds",
     [](EdgePredictionCall& c, const OptionValue& v) { c.options.folds = v.integer(0, unbounded); },
     [](const EdgePredictionCall& c) { return json_of(c.options.folds); }},
    {"l2", nullptr, [](EdgePredictionCall& c, const OptionValue& v) { c.options.l2 = v.number(); },
     [](const EdgePredictionCall& c) { return json_of(c.options.l2); }},
    {"tolerance", nullptr,
     [](EdgePredictionCall& c, const OptionValue& v) {
       c.options.fairness_goodness.tolerance = v.number();
     },
     [](const EdgePredictionCall& c) { return json_of(c.options.fairness_goodness.tolerance); }},
    {"max_iterations", nullptr,
     [](EdgePredictionCall& c, const OptionValue& v) {
       c.options.fairness_goodness.max_iterations = v.integer(0, unbounded);
     },
     [](const EdgePredictionCall& c) {
       return json_of(c.options.fairness_goodness.max_iterations);
     }},
    {"unrated_goodness", nullptr,
     [](EdgePredictionCall& c, const OptionValue& v) {
       c.options.fairness_goodness.unrated_goodness = v.number();
     },
     [](const EdgePredictionCall& c) {
       return json_of(c.options.fairness_goodness.unrated_goodness);
     }},
    {"warm_start", nullptr,
     [](EdgePredictionCall& c, const OptionValue& v) { c.options.warm_start = v.flag(); },
     [](const EdgePredictionCall& c) { return json_of(c.options.warm_start); }},
    {"reciprocal_fallback", nullptr,
     [](EdgePredictionCall& c, const OptionValue& v) {
       const std::string name = v.text();
       if (name == "zero")
         c.options.reciprocal_fallback = ReciprocalFallback::zero;
       else if (name == "global_mean")
         c.options.reciprocal_fallback = ReciprocalFallback::global_mean;
       else
         fail(Status::invalid_argument,
              "reciprocal_fallback must be \"zero\" or \"global_mean\", not \"" + name + "\"");
     },
     [](const EdgePredictionCall& c) {
       return json_of(std::string(
           c.options.reciprocal_fallback == ReciprocalFallback::zero ? "zero" : "global_mean"));
     }},
    {"predictions", nullptr,
     [](EdgePredictionCall& c, const OptionValue& v) { c.predictions = v.flag(); },
     [](const EdgePredictionCall& c) { return json_of(c.predictions); }},
};

}  // namespace

const OptionTable<EvalOptions>& eval_options() { return eval_table; }
const OptionTable<EdgePredictionCall>& edge_prediction_options() { return edge_prediction_table; }

}  // namespace trustscore::options
