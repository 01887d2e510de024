// trustscore eval: benchmarks scoring models against outcomes. Each model
// scores the entities from their signals; the scores are compared with what
// later happened (metrics per fold, mean and spread), and scoring is timed.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "../model_json.hpp"
#include "../options/eval_options.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "option_flags.hpp"
#include "report.hpp"
#include "trustscore/eval/harness.hpp"
#include "trustscore/trustscore.hpp"

namespace trustscore::cli {

namespace {

// The usage text; "{key}" stands for an option's default (option_flags.hpp).
const char* const eval_usage_text =
    R"(usage: trustscore eval --signals SIGNALS.csv --outcomes OUTCOMES.csv [options]

Benchmarks scoring models: each scores the entities from SIGNALS.csv, and the scores are
compared with OUTCOMES.csv (header entity,outcome[,time]; outcome 0/1 or a number).
Entities with an outcome but no signal get the model's score without evidence; entities a
model does not rate (NaN) are left out of its metrics and counted in its coverage.
Binary outcomes: roc_auc, average_precision, log_loss, brier, ece (10 bins).
Numeric outcomes: rmse, mae, pearson, spearman, kendall_tau_b, ndcg@10 (gains >= 0 only).

options:
  --models LIST        model kinds, comma-separated (default: all but logistic: beta,
                       weighted_mean, bayesian_average, wilson, dirichlet, subjective_logic);
                       logistic: the kind with learned weights, a logistic model of the
                       outcome on the factors' trust values fitted on the other folds (needs
                       --folds K >= 2, binary outcomes; attacked: the fit on all outcomes)
                       NAME+platt (e.g. beta+platt, logistic+platt): the model calibrated by
                       Platt scaling, σ(a·logit(score) + b) fitted on the other folds (needs
                       --folds K >= 2, binary outcomes); logistic+platt folds it into the fit
                       (K inner folds of the training outcomes), a logistic model again
  --model-config LABEL=FILE.json
                       also a configured model (model JSON, as `trustscore tune --output`
                       writes), shown as LABEL (repeatable; after the --models kinds; with
                       only these and --scores, the default kinds are left out)
  --scores LABEL=FILE.csv
                       also your own scores as a row LABEL: a file like the outcomes
                       (entity,outcome with the score as outcome); entities it leaves out
                       are not rated (repeatable)
  --baselines B        the rating sites' formulas as rows (default {baselines}): plain_mean,
                       bayes_C_at_3.5_stars (Trustpilot: C prior ratings at 3.5 of 1-5 stars),
                       bayes_C_at_global_mean (IMDb: at the mean of every signal), global_mean
  --baseline-prior-count C
                       C of the Bayesian baselines (default {baseline_prior_count})
  --l2 X               logistic: L2 penalty on the weights (default {l2}; scikit-learn's 1 / C)
  --attacks LIST       also attack copies of the data: sybil (fake five-star reviews from new
                       accounts for mid-ranked entities), collusion (a ring of new sources
                       endorsing them), smear (fake one-star reviews against the top ones),
                       sleeper (new entities that earn trust for 180 days, then turn bad);
                       prints each model's mean score and rank shift of the targets at the
                       attack's end and the score shift 30 and 90 days later
  --attack-targets N   entities attacked per attack (default {attack_targets})
  --attack-signals N   sybil and smear: fake reviews per target (default {attack_signals})
  --folds K            split the entities with outcomes into K seeded folds; metrics are the
                       mean and standard deviation over folds (default {folds})
  --seed S             seed of the folds (default {seed})
  --cutoff TIME        use only signals before TIME and outcomes at or after it
  --profile NAME       the profile to score with (default: the model's default)
  --default-time TIME  time of signals that have none
  --format F           table (default), csv or json
)";

std::string mean_sd(const MetricSummary& m, std::int64_t folds) {
  char buf[64];
  if (std::isnan(m.mean)) return "-";
  if (folds > 1)
    std::snprintf(buf, sizeof buf, "%.4f ± %.4f", m.mean, m.sd);
  else
    std::snprintf(buf, sizeof buf, "%.4f", m.mean);
  return buf;
}

// The attack table (table format; CSV and JSON carry attacks in print_results).
void print_attacks(const std::vector<AttackResult>& results) {
  if (results.empty()) return;
  int name_width = 17;  // as in the metrics table
  for (const auto& r : results) name_width = std::max(name_width, static_cast<int>(r.model.size()));
  char line[200];
  std::snprintf(line, sizeof line, "\n%-10s %-*s %12s %11s %11s %11s\n", "attack", name_width,
                "model", "score shift", "rank shift", "after 30 d", "after 90 d");
  std::cout << line;
  for (const auto& r : results) {
    std::snprintf(line, sizeof line, "%-10s %-*s %+12.4f %+11.1f %+11.4f %+11.4f\n",
                  r.attack.c_str(), name_width, r.model.c_str(), r.shift, r.rank_shift, r.shift_30d,
                  r.shift_90d);
    std::cout << line;
  }
}

}  // namespace

void print_eval_report(const EvalReport& report, Format format) {
  const auto& results = report.models;
  const std::int64_t folds = report.folds;
  if (format == Format::json) {
    std::cout << to_json(report) << "\n";
    return;
  }
  if (format == Format::csv) {
    std::cout << "model,metric,mean,sd,folds\n";
    for (const auto& r : results) {
      for (const auto& m : r.metrics)
        std::cout << r.model << "," << csv_field(m.name) << "," << exact(m.mean) << ","
                  << exact(m.sd) << "," << folds << "\n";
      std::cout << r.model << ",coverage," << exact(r.coverage) << ",0," << folds << "\n";
      std::cout << r.model << ",entities_per_second," << exact(r.entities_per_second) << ",0,"
                << folds << "\n";
    }
    // Attacks as metrics named attack:measure (one value: sd 0).
    for (const auto& a : report.attacks)
      for (const auto& [measure, value] : {std::pair<const char*, double>{"score_shift", a.shift},
                                           {"rank_shift", a.rank_shift},
                                           {"score_shift_30d", a.shift_30d},
                                           {"score_shift_90d", a.shift_90d}})
        std::cout << a.model << "," << a.attack << ":" << measure << "," << exact(value) << ",0,"
                  << folds << "\n";
    return;
  }
  std::cout << report.outcomes << " outcomes ("
            << (report.binary ? std::to_string(report.positives) + " positive"
                              : std::string("numeric"))
            << (report.before_cutoff
                    ? ", " + std::to_string(report.before_cutoff) + " before the cutoff left out"
                    : std::string())
            << "), " << folds << (folds == 1 ? " fold" : " folds") << "\n";
  // Each column as wide as its name or its values ("0.1234 ± 0.0123": 15 columns).
  std::vector<std::size_t> width;
  for (const auto& m : results.front().metrics)
    width.push_back(std::max<std::size_t>(m.name.size(), folds > 1 ? 15 : 6));
  // The model column: 17 wide, or the longest name (e.g. "bayesian_average+platt").
  int name_width = 17;
  for (const auto& r : results) name_width = std::max(name_width, static_cast<int>(r.model.size()));
  char cell[96];
  std::snprintf(cell, sizeof cell, "%-*s", name_width, "model");
  std::cout << cell;
  for (std::size_t j = 0; j < width.size(); ++j) {
    std::snprintf(cell, sizeof cell, "  %*s", static_cast<int>(width[j]),
                  results.front().metrics[j].name.c_str());
    std::cout << cell;
  }
  std::cout << "  coverage  entities/s\n";
  for (const auto& r : results) {
    std::snprintf(cell, sizeof cell, "%-*s", name_width, r.model.c_str());
    std::cout << cell;
    for (std::size_t j = 0; j < r.metrics.size(); ++j) {
      // "±" is two bytes in UTF-8 but one column: pad by hand.
      const std::string text = mean_sd(r.metrics[j], folds);
      const std::size_t shown = text.size() - (text.find("±") == std::string::npos ? 0 : 1);
      std::cout << "  " << std::string(width[j] > shown ? width[j] - shown : 0, ' ') << text;
    }
    // Rows that are not trustscore's models (baselines, the user's scores) are not timed.
    if (r.entities_per_second > 0)
      std::snprintf(cell, sizeof cell, "  %7.1f%%  %10.3g\n", 100 * r.coverage,
                    r.entities_per_second);
    else
      std::snprintf(cell, sizeof cell, "  %7.1f%%  %10s\n", 100 * r.coverage, "-");
    std::cout << cell;
  }
  print_attacks(report.attacks);
}

std::string eval_usage() {
  return options::with_defaults(options::eval_options(), eval_usage_text);
}

int eval_command(const std::vector<std::string>& words) {
  Args args;
  args.declare("--help", Args::Kind::flag);
  for (const char* v : {"--signals", "--outcomes", "--format"}) args.declare(v, Args::Kind::value);
  for (const char* r : {"--model-config", "--scores"}) args.declare(r, Args::Kind::repeated);
  declare_flags(options::eval_options(), args);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << eval_usage();
    return 0;
  }
  if (!args.positional().empty())
    throw UsageError("eval takes --signals and --outcomes, not '" + args.positional()[0] + "'");
  if (!args.has("--signals") || !args.has("--outcomes"))
    throw UsageError("eval needs --signals SIGNALS.csv and --outcomes OUTCOMES.csv");
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  EvalOptions eval;
  apply_flags(options::eval_options(), args, eval);
  for (const std::string& item : args.values("--model-config")) {
    const auto [label, file] = split_assignment(item, "--model-config");
    try {
      eval.configured.push_back({label, config::model_from_json(detail::read_text_file(file))});
    } catch (const Error& e) {
      throw UsageError("--model-config " + label + "=" + file + ": " + e.what());
    }
  }
  for (const std::string& item : args.values("--scores"))
    eval.score_files.push_back(split_assignment(item, "--scores"));
  print_eval_report(evaluate(args.value("--signals"), args.value("--outcomes"), eval), format);
  return 0;
}

}  // namespace trustscore::cli
