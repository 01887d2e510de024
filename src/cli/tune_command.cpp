// trustscore tune: searches the model configuration that best predicts
// outcomes from signals (eval/tune.hpp), prints the outer-fold table beside
// each kind's defaults and the rating sites' formulas, and writes the best
// configuration as model JSON.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "../model_json.hpp"
#include "../options/tune_options.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "option_flags.hpp"
#include "report.hpp"
#include "trustscore/eval/tune.hpp"

namespace trustscore::cli {

namespace {

const char* const tune_usage_text =
    R"(usage: trustscore tune --signals SIGNALS.csv --outcomes OUTCOMES.csv [options]

Searches the model configuration (kind, half-lives, negativity, base rate, prior weight,
Bayesian prior count and mean, Dirichlet levels) whose scores of SIGNALS.csv best predict
OUTCOMES.csv (entity,outcome[,time]) by a metric. Validation is nested: each of K outer folds
is predicted by the configuration chosen on inner folds of the other folds' outcomes, so the
table's "tuned" row is measured on outcomes its choice never saw, beside each searched kind's
defaults and the rating sites' formulas. --split TIME instead chooses on the outcomes dated
before TIME and reports on those at or after it.

options:
  --model-config FILE  the model to start from (model JSON): its factors, profiles and every
                       parameter not searched (default: the default model)
  --search SPACE       the search space, JSON text or a file: {"kinds": [...],
                       "half_life_days": [30, 365, null], "negativity": {"min": 1, "max": 4,
                       "steps": 4}, "base_rate", "prior_weight", "prior_count", "prior_mean",
                       "levels", "factor_half_life_days": {FACTOR: grid}, "max_configs"}; each
                       grid a list (null half-life: no decay) or {"min", "max", "steps",
                       "scale": "linear" or "log"}; keys left out are not searched (default:
                       every kind but logistic and subjective_logic over half-lives from 30
                       days to none and the priors around the defaults)
  --metric M           rmse (default for numeric outcomes), mae, pearson, spearman,
                       kendall_tau_b, ndcg@10; brier (default for binary ones), log_loss,
                       roc_auc, average_precision, ece
  --folds K            outer folds (default {folds})
  --inner-folds J      inner folds of each outer fold's training outcomes (default {inner_folds})
  --split TIME         temporal: choose before TIME, report at or after it (outcome times)
  --seed S             seed of the folds and of a sampled space (default {seed})
  --cutoff TIME        use only signals before TIME and outcomes at or after it
  --profile NAME       the profile to score with (default: the model's default)
  --default-time TIME  time of signals that have none
  --baseline-prior-count C
                       C of the Bayesian baselines (default {baseline_prior_count})
  --output FILE        write the best configuration as model JSON (for score --model-config,
                       eval --model-config, trustscore_model_from_json, ts.Model.from_json)
  --trials FILE        write every configuration tried and its metric as CSV (to plot the
                       search: metric against each parameter)
  --format F           table (default) or json (the report of trustscore_tune)
)";

std::string describe(const TuneSpace& space, const TuneConfig& c) {
  std::string out = model_kind_name(c.kind);
  for (const auto& [name, value] : config_parameters(space, c))
    out += " " + name + "=" + (std::isinf(value) ? std::string("inf") : exact(value));
  return out;
}

void write_trials(const TuneReport& report, const std::string& path) {
  std::ofstream out(path);
  if (!out) fail(Status::io, "cannot write " + path);
  const char* const names[] = {"half_life_days", "negativity", "base_rate", "prior_weight",
                               "prior_count",    "prior_mean", "levels"};
  out << "kind";
  for (const char* n : names) out << "," << n;
  for (const auto& f : report.space.factor_half_life_days) out << ",half_life_days:" << f.first;
  out << "," << report.metric << "\n";
  for (const TuneTrial& t : report.trials) {
    out << model_kind_name(t.config.kind);
    const auto params = config_parameters(report.space, t.config);
    const auto value_of = [&](const std::string& name) {
      for (const auto& [n, v] : params)
        if (n == name) return exact(v);
      return std::string();
    };
    for (const char* n : names) out << "," << value_of(n);
    for (const auto& f : report.space.factor_half_life_days)
      out << "," << value_of("half_life_days:" + f.first);
    out << "," << exact(t.score) << "\n";
  }
  if (!out.flush()) fail(Status::io, "cannot write " + path);
}

}  // namespace

std::string tune_usage() {
  return options::with_defaults(options::tune_options(), tune_usage_text);
}

int tune_command(const std::vector<std::string>& words) {
  Args args;
  args.declare("--help", Args::Kind::flag);
  for (const char* v :
       {"--signals", "--outcomes", "--format", "--model-config", "--output", "--trials"})
    args.declare(v, Args::Kind::value);
  declare_flags(options::tune_options(), args);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << tune_usage();
    return 0;
  }
  if (!args.positional().empty())
    throw UsageError("tune takes --signals and --outcomes, not '" + args.positional()[0] + "'");
  if (!args.has("--signals") || !args.has("--outcomes"))
    throw UsageError("tune needs --signals SIGNALS.csv and --outcomes OUTCOMES.csv");
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  if (format == Format::csv) throw UsageError("--format: tune prints a table or json");
  TuneOptions options;
  apply_flags(options::tune_options(), args, options);
  Model base;
  if (args.has("--model-config")) {
    const std::string file = args.value("--model-config");
    try {
      base = config::model_from_json(detail::read_text_file(file));
    } catch (const Error& e) {
      throw UsageError("--model-config " + file + ": " + e.what());
    }
  }
  const TuneReport report = tune(args.value("--signals"), args.value("--outcomes"), base, options);
  if (args.has("--output")) {
    std::ofstream out(args.value("--output"));
    out << config::model_to_json(report.best) << "\n";
    if (!out.flush()) fail(Status::io, "cannot write " + args.value("--output"));
  }
  if (args.has("--trials")) write_trials(report, args.value("--trials"));
  if (format == Format::json) {
    std::cout << options::tune_report_json(report) << "\n";
    return 0;
  }
  char line[256];
  std::snprintf(line, sizeof line, "%zu configurations in %.3f s (%.0f per second); %s, %s\n",
                report.trials.size(), report.search_seconds, report.configs_per_second,
                report.metric.c_str(),
                report.higher_is_better ? "higher is better" : "lower is better");
  std::cout << line;
  if (report.temporal)
    std::cout << "chosen on " << report.selection_outcomes << " outcomes before the split ("
              << report.inner_folds << " inner folds), reported on " << report.report_outcomes
              << " at or after it\n";
  else
    std::cout << "nested cross-validation: " << report.folds << " outer folds, "
              << report.inner_folds << " inner folds each\n";
  for (std::size_t k = 0; k < report.fold_choice.size() && !report.temporal; ++k)
    std::cout << "  fold " << k << " chose " << describe(report.space, report.fold_choice[k])
              << "\n";
  std::cout << "best (" << report.metric << " " << exact(report.best_score)
            << " over every selection outcome): " << describe(report.space, report.best_config)
            << "\n\n";
  print_eval_report(table_report(report), Format::table);
  return 0;
}

}  // namespace trustscore::cli
