// The options of the evaluation harness and of edge prediction, each with its
// JSON key, command-line flag, checks and default.
#include "eval_options.hpp"

#include <cmath>
#include <limits>

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

const OptionTable<EvalOptions> eval_table = {
    {"models", "--models",
     [](EvalOptions& o, const OptionValue& v) {
       o.models = v.names();
       for (const std::string& name : o.models) model_choice(name);  // unknown names fail here
     },
     [](const EvalOptions& o) { return json_list(o.models); }},
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
