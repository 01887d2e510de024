// trustscore eval: benchmarks scoring models against outcomes. Each model
// scores the entities from their signals; the scores are compared with what
// later happened (metrics per fold, mean and spread), and scoring is timed.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>

#include "args.hpp"
#include "commands.hpp"
#include "report.hpp"
#include "trustscore/eval/attacks.hpp"
#include "trustscore/eval/logistic.hpp"
#include "trustscore/eval/metrics.hpp"
#include "trustscore/eval/outcomes.hpp"
#include "trustscore/trustscore.hpp"

namespace trustscore::cli {

const char* const eval_usage =
    R"(usage: trustscore eval --signals SIGNALS.csv --outcomes OUTCOMES.csv [options]

Benchmarks scoring models: each scores the entities from SIGNALS.csv, and the scores are
compared with OUTCOMES.csv (header entity,outcome[,time]; outcome 0/1 or a number).
Entities with an outcome but no signal get the model's score without evidence; entities a
model does not rate (NaN) are left out of its metrics and counted in its coverage.
Binary outcomes: roc_auc, average_precision, log_loss, brier, ece (10 bins).
Numeric outcomes: rmse, mae, pearson, spearman, kendall_tau_b, ndcg@10 (gains >= 0 only).

options:
    --models LIST        model kinds, comma-separated (default: all: beta, weighted_mean,
                       bayesian_average, wilson, dirichlet, subjective_logic), and logistic:
                       learned weights, a logistic model of the outcome on the factors' trust
                       values fitted on the other folds (needs --folds K >= 2, binary outcomes)
    --l2 X               logistic: L2 penalty on the weights (default 1; scikit-learn's 1 / C)
  --attacks LIST       also attack copies of the data: sybil (fake five-star reviews from new
                       accounts for mid-ranked entities), collusion (a ring of new sources
                       endorsing them), smear (fake one-star reviews against the top ones),
                       sleeper (new entities that earn trust for 180 days, then turn bad);
                       prints each model's mean score and rank shift of the targets at the
                       attack's end and the score shift 30 and 90 days later
  --attack-targets N   entities attacked per attack (default 5)
  --attack-signals N   sybil and smear: fake reviews per target (default 50)
  --folds K            split the entities with outcomes into K seeded folds; metrics are the
                       mean and standard deviation over folds (default 1)
  --seed S             seed of the folds (default 1)
  --cutoff TIME        use only signals before TIME and outcomes at or after it
  --profile NAME       the profile to score with (default: the model's default)
  --default-time TIME  time of signals that have none
  --format F           table (default), csv or json
)";

namespace {

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
};

using MetricFn = double (*)(const double*, const double*, std::int64_t);

double ndcg_at_10(const double* y, const double* s, std::int64_t n) {
  return metrics::ndcg(y, s, n, 10);
}
double ece_10(const double* y, const double* p, std::int64_t n) {
  return metrics::expected_calibration_error(y, p, n, 10);
}

std::vector<std::pair<const char*, MetricFn>> metrics_for(const Outcomes& outcomes) {
  if (outcomes.binary())
    return {{"roc_auc", metrics::roc_auc},
            {"average_precision", metrics::average_precision},
            {"log_loss", metrics::log_loss},
            {"brier", metrics::brier},
            {"ece", ece_10}};
  std::vector<std::pair<const char*, MetricFn>> m = {{"rmse", metrics::rmse},
                                                     {"mae", metrics::mae},
                                                     {"pearson", metrics::pearson},
                                                     {"spearman", metrics::spearman},
                                                     {"kendall_tau_b", metrics::kendall_tau_b}};
  if (std::all_of(outcomes.outcome.begin(), outcomes.outcome.end(),
                  [](double y) { return y >= 0; }))
    m.emplace_back("ndcg@10", ndcg_at_10);
  return m;
}

void summarise(MetricSummary& m) {
  std::vector<double> ok;
  for (double x : m.folds)
    if (!std::isnan(x)) ok.push_back(x);
  if (ok.empty()) {
    m.mean = m.sd = std::nan("");
    return;
  }
  m.mean = std::accumulate(ok.begin(), ok.end(), 0.0) / static_cast<double>(ok.size());
  double ss = 0;
  for (double x : ok) ss += (x - m.mean) * (x - m.mean);
  m.sd = ok.size() > 1 ? std::sqrt(ss / static_cast<double>(ok.size() - 1)) : 0.0;
}

// Median seconds of 5 runs of f.
template <class F>
double median_seconds(F&& f) {
  std::vector<double> seconds;
  for (int run = 0; run < 5; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(seconds.begin(), seconds.end());
  return seconds[2];
}

// The metrics of predictions (one per outcome; NaN: not rated) fold by fold.
void add_metrics(ModelResult& result, const std::vector<double>& prediction,
                 const Outcomes& outcomes, const std::vector<std::int64_t>& fold,
                 std::int64_t folds) {
  std::size_t rated = 0;
  for (double p : prediction) rated += !std::isnan(p);
  result.coverage = outcomes.size() ? static_cast<double>(rated) / outcomes.size() : 0.0;
  for (const auto& [name, fn] : metrics_for(outcomes)) {
    MetricSummary m;
    m.name = name;
    for (std::int64_t k = 0; k < folds; ++k) {
      std::vector<double> y, p;
      for (std::size_t i = 0; i < outcomes.size(); ++i)
        if (fold[i] == k && !std::isnan(prediction[i])) {
          y.push_back(outcomes.outcome[i]);
          p.push_back(prediction[i]);
        }
      try {
        m.folds.push_back(fn(y.data(), p.data(), static_cast<std::int64_t>(y.size())));
      } catch (const Error&) {
        m.folds.push_back(std::nan(""));  // e.g. a fold with one class: no AUC
      }
    }
    summarise(m);
    result.metrics.push_back(std::move(m));
  }
}

ModelResult evaluate_model(ModelKind kind, const std::string& signals, const Outcomes& outcomes,
                           const std::vector<std::int64_t>& fold, std::int64_t folds,
                           const CsvOptions& csv, ScoreOptions options) {
  Model model;
  ModelSettings settings;
  settings.kind = kind;
  model.set_settings(settings);
  EvidenceStore store(model);  // from this model: dirichlet keeps its level counts
  ingest_csv_file(store, signals, csv);
  if (options.profile.empty()) options.profile = model.default_profile();
  const Scores scores = score(model, store, options);

  ModelResult result;
  result.model = model_kind_name(kind);
  const double seconds = median_seconds([&] { score(model, store, options); });
  result.entities_per_second = seconds > 0 ? static_cast<double>(scores.entities) / seconds : 0.0;
  // Each outcome's prediction: the entity's score, the baseline without evidence.
  std::vector<double> prediction(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::int64_t e = store.find_entity(outcomes.entity[i]);
    prediction[i] = e < 0 ? scores.baseline : scores.score[static_cast<std::size_t>(e)];
  }
  add_metrics(result, prediction, outcomes, fold, folds);
  return result;
}

// Learned weights: a logistic model of the outcome on the per-factor trust
// values (factor_trust of the default Beta model), fitted on the other folds
// and predicting each fold (so it needs K >= 2 and binary outcomes).
ModelResult evaluate_logistic(const std::string& signals, const Outcomes& outcomes,
                              const std::vector<std::int64_t>& fold, std::int64_t folds,
                              const CsvOptions& csv, const ScoreOptions& options, double l2) {
  if (!outcomes.binary())
    fail(Status::invalid_argument, "the logistic model needs binary outcomes (0 or 1)");
  if (folds < 2)
    fail(Status::invalid_argument,
         "the logistic model is fitted on the other folds: give --folds K with K >= 2");
  const Model model;
  EvidenceStore store(model);
  ingest_csv_file(store, signals, csv);
  const std::vector<double> trust = factor_trust(model, store, options);
  const std::size_t F = model.factor_count();
  // Features per outcome: the entity's, or each factor's base rate without evidence.
  std::vector<double> x(outcomes.size() * F);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::int64_t e = store.find_entity(outcomes.entity[i]);
    for (std::size_t f = 0; f < F; ++f)
      x[i * F + f] = e < 0 ? model.params(f).base_rate : trust[static_cast<std::size_t>(e) * F + f];
  }
  std::vector<double> prediction(outcomes.size());
  LogisticFitOptions fit_options;
  fit_options.l2 = l2;
  for (std::int64_t k = 0; k < folds; ++k) {
    std::vector<double> train_x, train_y;
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      if (fold[i] != k) {
        train_x.insert(train_x.end(), x.begin() + static_cast<std::ptrdiff_t>(i * F),
                       x.begin() + static_cast<std::ptrdiff_t>((i + 1) * F));
        train_y.push_back(outcomes.outcome[i]);
      }
    const LogisticFit fit =
        fit_logistic(train_x.data(), train_y.data(), static_cast<std::int64_t>(train_y.size()),
                     static_cast<std::int64_t>(F), nullptr, fit_options);
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      if (fold[i] == k) prediction[i] = fit.predict(&x[i * F]);
  }
  ModelResult result;
  result.model = "logistic";
  // Scoring cost: the features of every entity and one prediction each.
  LogisticFit any;
  any.weights.assign(F, 0.1);
  const double seconds = median_seconds([&] {
    const std::vector<double> t = factor_trust(model, store, options);
    double sink = 0;
    for (std::size_t e = 0; e < store.entity_count(); ++e) sink += any.predict(&t[e * F]);
    if (std::isnan(sink)) fail(Status::internal, "eval: NaN prediction");
  });
  result.entities_per_second =
      seconds > 0 ? static_cast<double>(store.entity_count()) / seconds : 0.0;
  add_metrics(result, prediction, outcomes, fold, folds);
  return result;
}

std::string mean_sd(const MetricSummary& m, std::int64_t folds) {
  char buf[64];
  if (std::isnan(m.mean)) return "-";
  if (folds > 1)
    std::snprintf(buf, sizeof buf, "%.4f ± %.4f", m.mean, m.sd);
  else
    std::snprintf(buf, sizeof buf, "%.4f", m.mean);
  return buf;
}

struct AttackResult {
  std::string attack, model;
  double shift = 0, rank_shift = 0;     // mean over targets, as of the attack's end
  double shift_30d = 0, shift_90d = 0;  // the score shift 30 and 90 days later
};

// Ranks (0 = best; NaN scores last) of every entity by score.
std::vector<double> ranks_of(const std::vector<double>& score) {
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const bool ra = !std::isnan(score[a]), rb = !std::isnan(score[b]);
    return ra != rb ? ra : ra && score[a] > score[b];
  });
  std::vector<double> rank(score.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<double>(r);
  return rank;
}

// Every model under every attack: the baseline (clean data plus the plan's
// setup) against the attacked data (plus the attack), scored at the same times.
std::vector<AttackResult> run_attacks(const std::vector<Attack>& attacks,
                                      const std::vector<std::string>& names,
                                      const std::string& signals, const CsvOptions& csv,
                                      const ScoreOptions& options, const AttackOptions& ao) {
  std::vector<AttackResult> out;
  // Targets from the Beta model's ranking of the clean data: the same attack for every model.
  const Model beta;
  EvidenceStore clean(beta);
  ingest_csv_file(clean, signals, csv);
  const Scores clean_scores = score(beta, clean, options);
  std::vector<std::string> ranked;
  {
    const std::vector<double> rank = ranks_of(clean_scores.score);
    ranked.resize(rank.size());
    for (std::size_t e = 0; e < rank.size(); ++e)
      ranked[static_cast<std::size_t>(rank[e])] = clean.entity_id(e);
  }
  const std::string header = "entity,factor,value,weight,time,source\n";
  for (Attack attack : attacks) {
    const AttackPlan plan = plan_attack(attack, ranked, clean.latest_time(), ao);
    for (const std::string& name : names) {
      if (name == "logistic") continue;  // fitted per fold, not a scoring kind yet
      Model model;
      ModelSettings settings;
      settings.kind = model_kind_from_name(name);
      model.set_settings(settings);
      EvidenceStore base(model), attacked(model);
      for (EvidenceStore* s : {&base, &attacked}) {
        ingest_csv_file(*s, signals, csv);
        ingest_csv_text(*s, header + plan.setup, "attack setup");
      }
      ingest_csv_text(attacked, header + plan.rows, std::string("attack ") + attack_name(attack));
      AttackResult r;
      r.attack = attack_name(attack);
      r.model = name;
      const double day = 86400;
      for (const double later : {0.0, 30 * day, 90 * day}) {
        ScoreOptions at = options;
        at.as_of = plan.end + later;
        const Scores a = score(model, attacked, at), b = score(model, base, at);
        const std::vector<double> ra = ranks_of(a.score), rb = ranks_of(b.score);
        double shift = 0, rank_shift = 0;
        for (const std::string& target : plan.targets) {
          const auto ea = static_cast<std::size_t>(attacked.find_entity(target));
          const auto eb = static_cast<std::size_t>(base.find_entity(target));
          shift += a.score[ea] - b.score[eb];
          rank_shift += rb[eb] - ra[ea];
        }
        shift /= static_cast<double>(plan.targets.size());
        rank_shift /= static_cast<double>(plan.targets.size());
        if (later == 0) {
          r.shift = shift;
          r.rank_shift = rank_shift;
        } else {
          (later == 30 * day ? r.shift_30d : r.shift_90d) = shift;
        }
      }
      out.push_back(r);
    }
  }
  return out;
}

// The attack table (table format; CSV and JSON carry attacks in print_results).
void print_attacks(const std::vector<AttackResult>& results) {
  if (results.empty()) return;
  std::cout << "\nattack     model              score shift  rank shift  after 30 d  after 90 d\n";
  char line[160];
  for (const auto& r : results) {
    std::snprintf(line, sizeof line, "%-10s %-17s %+12.4f %+11.1f %+11.4f %+11.4f\n",
                  r.attack.c_str(), r.model.c_str(), r.shift, r.rank_shift, r.shift_30d,
                  r.shift_90d);
    std::cout << line;
  }
}

void print_results(const std::vector<ModelResult>& results,
                   const std::vector<AttackResult>& attacks, std::int64_t folds, Format format) {
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
    for (const auto& a : attacks)
      for (const auto& [measure, value] : {std::pair<const char*, double>{"score_shift", a.shift},
                                           {"rank_shift", a.rank_shift},
                                           {"score_shift_30d", a.shift_30d},
                                           {"score_shift_90d", a.shift_90d}})
        std::cout << a.model << "," << a.attack << ":" << measure << "," << exact(value) << ",0,"
                  << folds << "\n";
    return;
  }
  if (format == Format::json) {
    std::cout << "{\"folds\": " << folds << ", \"models\": [";
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      std::cout << (i ? ", " : "") << "{\"model\": " << json_string(r.model)
                << ", \"coverage\": " << exact(r.coverage)
                << ", \"entities_per_second\": " << exact(r.entities_per_second)
                << ", \"metrics\": {";
      for (std::size_t j = 0; j < r.metrics.size(); ++j) {
        const auto& m = r.metrics[j];
        std::cout << (j ? ", " : "") << json_string(m.name) << ": {\"mean\": " << exact(m.mean)
                  << ", \"sd\": " << exact(m.sd) << ", \"folds\": [";
        for (std::size_t k = 0; k < m.folds.size(); ++k)
          std::cout << (k ? ", " : "") << exact(m.folds[k]);
        std::cout << "]}";
      }
      std::cout << "}}";
    }
    std::cout << "], \"attacks\": [";
    for (std::size_t i = 0; i < attacks.size(); ++i) {
      const auto& a = attacks[i];
      std::cout << (i ? ", " : "") << "{\"attack\": " << json_string(a.attack)
                << ", \"model\": " << json_string(a.model)
                << ", \"score_shift\": " << exact(a.shift)
                << ", \"rank_shift\": " << exact(a.rank_shift)
                << ", \"score_shift_30d\": " << exact(a.shift_30d)
                << ", \"score_shift_90d\": " << exact(a.shift_90d) << "}";
    }
    std::cout << "]}\n";
    return;
  }
  // Each column as wide as its name or its values ("0.1234 ± 0.0123": 15 columns).
  std::vector<std::size_t> width;
  for (const auto& m : results.front().metrics)
    width.push_back(std::max<std::size_t>(m.name.size(), folds > 1 ? 15 : 6));
  char cell[96];
  std::snprintf(cell, sizeof cell, "%-17s", "model");
  std::cout << cell;
  for (std::size_t j = 0; j < width.size(); ++j) {
    std::snprintf(cell, sizeof cell, "  %*s", static_cast<int>(width[j]),
                  results.front().metrics[j].name.c_str());
    std::cout << cell;
  }
  std::cout << "  coverage  entities/s\n";
  for (const auto& r : results) {
    std::snprintf(cell, sizeof cell, "%-17s", r.model.c_str());
    std::cout << cell;
    for (std::size_t j = 0; j < r.metrics.size(); ++j) {
      // "±" is two bytes in UTF-8 but one column: pad by hand.
      const std::string text = mean_sd(r.metrics[j], folds);
      const std::size_t shown = text.size() - (text.find("±") == std::string::npos ? 0 : 1);
      std::cout << "  " << std::string(width[j] > shown ? width[j] - shown : 0, ' ') << text;
    }
    std::snprintf(cell, sizeof cell, "  %7.1f%%  %10.3g\n", 100 * r.coverage,
                  r.entities_per_second);
    std::cout << cell;
  }
}

}  // namespace

int eval_command(const std::vector<std::string>& words) {
  Args args;
  args.declare("--help", Args::Kind::flag);
  for (const char* v :
       {"--signals", "--outcomes", "--models", "--folds", "--seed", "--cutoff", "--profile",
        "--default-time", "--format", "--l2", "--attacks", "--attack-targets", "--attack-signals"})
    args.declare(v, Args::Kind::value);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << eval_usage;
    return 0;
  }
  if (!args.positional().empty())
    throw UsageError("eval takes --signals and --outcomes, not '" + args.positional()[0] + "'");
  if (!args.has("--signals") || !args.has("--outcomes"))
    throw UsageError("eval needs --signals SIGNALS.csv and --outcomes OUTCOMES.csv");
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  std::vector<std::string> names;  // kinds, and "logistic"
  if (args.has("--models")) {
    const std::string list = args.value("--models");
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = list.find(',', start);
      names.push_back(list.substr(start, comma == std::string::npos ? comma : comma - start));
      if (names.back() != "logistic") {
        try {
          model_kind_from_name(names.back());
        } catch (const Error& e) {
          throw UsageError(std::string("--models: ") + e.what() + " or logistic");
        }
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    for (ModelKind k : all_model_kinds) names.emplace_back(model_kind_name(k));
  }
  std::vector<Attack> attacks;
  if (args.has("--attacks")) {
    const std::string list = args.value("--attacks");
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = list.find(',', start);
      try {
        attacks.push_back(attack_from_name(
            list.substr(start, comma == std::string::npos ? comma : comma - start)));
      } catch (const Error& e) {
        throw UsageError(std::string("--attacks: ") + e.what());
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  const double l2 = args.has("--l2") ? args.number("--l2") : 1.0;
  if (!(l2 >= 0 && std::isfinite(l2))) throw UsageError("--l2 expects a finite number >= 0");
  const std::int64_t folds = args.has("--folds") ? args.integer("--folds", 1, 1000) : 1;
  const auto seed =
      static_cast<std::uint64_t>(args.has("--seed") ? args.integer("--seed", 0, 1LL << 62) : 1);
  CsvOptions csv;
  if (args.has("--default-time")) csv.default_time = parse_time(args.value("--default-time"));
  if (args.has("--cutoff")) csv.cutoff = parse_time(args.value("--cutoff"));
  ScoreOptions options;
  if (args.has("--profile")) options.profile = args.value("--profile");

  Outcomes all = read_outcomes_csv_file(args.value("--outcomes"));
  Outcomes outcomes;  // those at or after the cutoff (all without one)
  std::int64_t before_cutoff = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (std::isfinite(csv.cutoff) && !(all.time[i] >= csv.cutoff)) {
      ++before_cutoff;  // no time, or before the cutoff: not an outcome of this split
      continue;
    }
    outcomes.entity.push_back(all.entity[i]);
    outcomes.outcome.push_back(all.outcome[i]);
    outcomes.time.push_back(all.time[i]);
  }
  if (outcomes.size() == 0)
    fail(Status::invalid_argument, args.value("--outcomes") + ": no outcome to evaluate" +
                                       (before_cutoff ? " at or after the cutoff" : ""));
  const std::vector<std::int64_t> fold = kfold_assignment(outcomes.size(), folds, seed);
  // Scored as of the cutoff when there is one: every model sees the same moment.
  if (std::isfinite(csv.cutoff)) options.as_of = csv.cutoff;

  std::vector<ModelResult> results;
  for (const std::string& name : names)
    results.push_back(
        name == "logistic"
            ? evaluate_logistic(args.value("--signals"), outcomes, fold, folds, csv, options, l2)
            : evaluate_model(model_kind_from_name(name), args.value("--signals"), outcomes, fold,
                             folds, csv, options));
  if (format == Format::table) {
    double positives = 0;
    for (double y : outcomes.outcome) positives += y;
    std::cout << outcomes.size() << " outcomes ("
              << (outcomes.binary()
                      ? std::to_string(static_cast<long long>(positives)) + " positive"
                      : std::string("numeric"))
              << (before_cutoff
                      ? ", " + std::to_string(before_cutoff) + " before the cutoff left out"
                      : std::string())
              << "), " << folds << (folds == 1 ? " fold" : " folds") << "\n";
  }
  std::vector<AttackResult> attack_results;
  if (!attacks.empty()) {
    AttackOptions ao;
    ao.seed = seed;
    if (args.has("--attack-targets")) ao.targets = args.integer("--attack-targets", 1, 1000000);
    if (args.has("--attack-signals"))
      ao.fake_signals = args.integer("--attack-signals", 1, 1000000);
    ScoreOptions attack_options;
    attack_options.profile = options.profile;
    attack_results = run_attacks(attacks, names, args.value("--signals"), csv, attack_options, ao);
  }
  print_results(results, attack_results, folds, format);
  if (format == Format::table) print_attacks(attack_results);
  return 0;
}

}  // namespace trustscore::cli
