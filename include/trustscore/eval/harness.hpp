// The evaluation harness: benchmarks scoring models against outcomes. Each
// model kind scores the entities from a signals file; the scores are compared
// with what later happened (metrics per fold, mean and spread), scoring is
// timed, and optionally every model faces the same attacks (eval/attacks.hpp).
// "logistic" is the logistic model kind with its weights learned
// (eval/logistic_fit.hpp): fitted on the other folds, that Model scores each
// fold's entities through score() like any kind; under attack it is the
// model fitted on every outcome (the one to deploy). An unfitted logistic
// model (all weights 0) would score σ(bias) for everyone, so "logistic" here
// always means "fitted", and the default model list (every kind) leaves it
// out: it needs binary outcomes and 2 or more folds, so it is asked for by name.
// Any name may end in "+platt": the model calibrated by Platt scaling
// (eval/calibration.hpp), also fitted on the other folds' outcomes. For
// logistic+platt the calibration is part of the fit (its own inner folds of
// the training outcomes), so the calibrated model is still an ordinary
// logistic model; for any other kind the calibrator maps the logit of its
// score, fitted on the other folds' scores and outcomes.
// The CLI's `trustscore eval`, the C ABI's trustscore_evaluate and Python's
// trustscore.evaluate all run this. Its options and report, and the report's
// JSON, are in eval/eval_report.hpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "trustscore/csv.hpp"
#include "trustscore/detail/json_text.hpp"
#include "trustscore/error.hpp"
#include "trustscore/eval/attacks.hpp"
#include "trustscore/eval/baselines.hpp"
#include "trustscore/eval/calibration.hpp"
#include "trustscore/eval/eval_report.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/eval/metrics.hpp"
#include "trustscore/eval/outcomes.hpp"
#include "trustscore/model.hpp"
#include "trustscore/score.hpp"

namespace trustscore {
inline namespace v1 {

namespace detail {

// The signals file, read once and ingested into every model's store.
struct SignalsFile {
  std::string name, text;
};

using MetricFn = double (*)(const double*, const double*, std::int64_t);

inline double ndcg_at_10(const double* y, const double* s, std::int64_t n) {
  return metrics::ndcg(y, s, n, 10);
}
inline double ece_10(const double* y, const double* p, std::int64_t n) {
  return metrics::expected_calibration_error(y, p, n, 10);
}

inline std::vector<std::pair<const char*, MetricFn>> metrics_for(const Outcomes& outcomes) {
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

inline void summarise(MetricSummary& m) {
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
inline void add_metrics(ModelResult& result, const std::vector<double>& prediction,
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

// An outcome entity's score: the store's, or the baseline for an entity
// without signals.
inline double outcome_score(const EvidenceStore& store, const Scores& scores,
                            const std::string& entity) {
  const std::int64_t e = store.find_entity(entity);
  return e < 0 ? scores.baseline : scores.score[static_cast<std::size_t>(e)];
}

inline void require_fittable(const Outcomes& outcomes, std::int64_t folds,
                             const std::string& what) {
  if (!outcomes.binary()) fail(Status::invalid_argument, what + " needs binary outcomes (0 or 1)");
  if (folds < 2)
    fail(Status::invalid_argument,
         what + " is fitted on the other folds: it needs 2 or more folds");
}

// Platt scaling of scores (their logits) fitted on the rated outcomes where
// keep(i).
template <class Keep>
inline PlattScaling fit_score_platt(const std::vector<double>& score, const Outcomes& outcomes,
                                    Keep&& keep) {
  std::vector<double> z, y;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (keep(i) && !std::isnan(score[i])) {
      z.push_back(score_logit(score[i]));
      y.push_back(outcomes.outcome[i]);
    }
  if (z.empty())
    fail(Status::invalid_argument, "+platt: no rated outcome to fit the calibrator on");
  return fit_platt(z.data(), y.data(), static_cast<std::int64_t>(z.size()));
}

// Each fold's scores calibrated by the Platt scaling fitted on the others.
inline std::vector<double> calibrated_out_of_fold(const std::vector<double>& score,
                                                  const Outcomes& outcomes,
                                                  const std::vector<std::int64_t>& fold,
                                                  std::int64_t folds) {
  std::vector<double> out = score;
  for (std::int64_t k = 0; k < folds; ++k) {
    const PlattScaling platt =
        fit_score_platt(score, outcomes, [&](std::size_t i) { return fold[i] != k; });
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      if (fold[i] == k && !std::isnan(score[i])) out[i] = platt(score_logit(score[i]));
  }
  return out;
}

// A model under its label (a kind's name, or a configured model's label).
inline ModelResult evaluate_model(const std::string& label, const Model& model, bool platt,
                                  const SignalsFile& signals, const Outcomes& outcomes,
                                  const std::vector<std::int64_t>& fold, std::int64_t folds,
                                  const CsvOptions& csv, ScoreOptions options) {
  if (platt) require_fittable(outcomes, folds, label + "+platt");
  EvidenceStore store(model);  // from this model: dirichlet keeps its level counts
  ingest_csv_text(store, signals.text, signals.name, csv);
  if (options.profile.empty()) options.profile = model.default_profile();
  const Scores scores = score(model, store, options);

  ModelResult result;
  result.model = label + (platt ? "+platt" : "");
  // Timed with the calibrator's cost (any a, b: the same work).
  const double seconds = median_seconds([&] {
    Scores s = score(model, store, options);
    if (platt)
      for (double& v : s.score) v = PlattScaling{}(score_logit(v));
  });
  result.entities_per_second = seconds > 0 ? static_cast<double>(scores.entities) / seconds : 0.0;
  // Each outcome's prediction: the entity's score, the baseline without evidence.
  std::vector<double> prediction(outcomes.size());
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    prediction[i] = outcome_score(store, scores, outcomes.entity[i]);
  if (platt) prediction = calibrated_out_of_fold(prediction, outcomes, fold, folds);
  add_metrics(result, prediction, outcomes, fold, folds);
  result.prediction = std::move(prediction);
  return result;
}

// The per-factor trust (factor_trust of the default model) of each outcome's
// entity, the features the logistic kind is fitted on: rows of F values, the
// base rates for an entity without signals.
inline std::vector<double> logistic_features(const Model& model, const EvidenceStore& store,
                                             const Outcomes& outcomes,
                                             const ScoreOptions& options) {
  const std::vector<double> trust = factor_trust(model, store, options);
  const std::size_t F = model.factor_count();
  std::vector<double> x(outcomes.size() * F);
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const std::int64_t e = store.find_entity(outcomes.entity[i]);
    for (std::size_t f = 0; f < F; ++f)
      x[i * F + f] = e < 0 ? model.params(f).base_rate : trust[static_cast<std::size_t>(e) * F + f];
  }
  return x;
}

// The logistic kind fitted on the outcomes where keep(i) (fold != k; all);
// with platt calibrated on `folds` stratified inner folds of those outcomes.
struct LogisticChoice {
  double l2 = 1;
  bool platt = false;
  std::int64_t folds = 2;
  std::uint64_t seed = 1;
};

template <class Keep>
inline Model fit_logistic_model(const Model& base, const std::vector<double>& x,
                                const Outcomes& outcomes, const LogisticChoice& how, Keep&& keep) {
  const std::size_t F = base.factor_count();
  std::vector<double> train_x, train_y;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (keep(i)) {
      train_x.insert(train_x.end(), x.begin() + static_cast<std::ptrdiff_t>(i * F),
                     x.begin() + static_cast<std::ptrdiff_t>((i + 1) * F));
      train_y.push_back(outcomes.outcome[i]);
    }
  LogisticFitOptions fit_options;
  fit_options.l2 = how.l2;
  const auto n = static_cast<std::int64_t>(train_y.size());
  const auto f = static_cast<std::int64_t>(F);
  return logistic_model(
      base, how.platt ? fit_logistic_calibrated(train_x.data(), train_y.data(), n, f, nullptr,
                                                fit_options, how.folds, how.seed)
                      : fit_logistic(train_x.data(), train_y.data(), n, f, nullptr, fit_options));
}

// Learned weights: the logistic kind on the per-factor trust values, fitted
// on the other folds and scoring each fold's entities (so it needs K >= 2 and
// binary outcomes); an outcome's entity without signals gets the baseline.
inline ModelResult evaluate_logistic(const SignalsFile& signals, const Outcomes& outcomes,
                                     const std::vector<std::int64_t>& fold, std::int64_t folds,
                                     const CsvOptions& csv, const ScoreOptions& options,
                                     const LogisticChoice& how) {
  require_fittable(outcomes, folds, how.platt ? "logistic+platt" : "the logistic model");
  const Model base;
  EvidenceStore store(base);
  ingest_csv_text(store, signals.text, signals.name, csv);
  const std::vector<double> x = logistic_features(base, store, outcomes, options);
  std::vector<double> prediction(outcomes.size());
  Model model;
  for (std::int64_t k = 0; k < folds; ++k) {
    model = fit_logistic_model(base, x, outcomes, how, [&](std::size_t i) { return fold[i] != k; });
    const Scores scores = score(model, store, options);
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      if (fold[i] == k) prediction[i] = outcome_score(store, scores, outcomes.entity[i]);
  }
  ModelResult result;
  result.model = how.platt ? "logistic+platt" : "logistic";
  // Scoring cost: the last fold's model scoring every entity, as any kind.
  const double seconds = median_seconds([&] { score(model, store, options); });
  result.entities_per_second =
      seconds > 0 ? static_cast<double>(store.entity_count()) / seconds : 0.0;
  add_metrics(result, prediction, outcomes, fold, folds);
  result.prediction = std::move(prediction);
  return result;
}

// The model a name stands for under attack: the kind's default model, or for
// logistic the one fitted on every outcome; "+platt" on another kind adds the
// calibrator fitted on every outcome, which maps the logit of each score.
struct AttackedModel {
  Model model;
  bool platt = false;
  PlattScaling scaling;
  void calibrate(std::vector<double>& score) const {
    if (platt)
      for (double& s : score)
        if (!std::isnan(s)) s = scaling(score_logit(s));
  }
};

inline AttackedModel attacked_model(const std::string& name, const SignalsFile& signals,
                                    const Outcomes& outcomes, const CsvOptions& csv,
                                    const ScoreOptions& options, LogisticChoice how) {
  const ModelChoice choice = model_choice(name);
  AttackedModel out;
  ModelSettings settings;
  settings.kind = choice.kind;
  if (choice.kind == ModelKind::logistic) {
    EvidenceStore store(out.model);
    ingest_csv_text(store, signals.text, signals.name, csv);
    const std::vector<double> x = logistic_features(out.model, store, outcomes, options);
    how.platt = choice.platt;
    out.model = fit_logistic_model(out.model, x, outcomes, how, [](std::size_t) { return true; });
    return out;
  }
  out.model.set_settings(settings);
  if (choice.platt) {
    EvidenceStore store(out.model);
    ingest_csv_text(store, signals.text, signals.name, csv);
    ScoreOptions o = options;
    if (o.profile.empty()) o.profile = out.model.default_profile();
    const Scores scores = score(out.model, store, o);
    std::vector<double> prediction(outcomes.size());
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      prediction[i] = outcome_score(store, scores, outcomes.entity[i]);
    out.platt = true;
    out.scaling = fit_score_platt(prediction, outcomes, [](std::size_t) { return true; });
  }
  return out;
}

// Ranks (0 = best; NaN scores last) of every entity by score.
inline std::vector<double> ranks_of(const std::vector<double>& score) {
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
inline std::vector<AttackResult> run_attacks(const std::vector<Attack>& attacks,
                                             const std::vector<std::string>& names,
                                             const std::vector<AttackedModel>& models,
                                             const SignalsFile& signals, const CsvOptions& csv,
                                             const ScoreOptions& options, const AttackOptions& ao) {
  std::vector<AttackResult> out;
  // Targets from the Beta model's ranking of the clean data: the same attack for every model.
  const Model beta;
  EvidenceStore clean(beta);
  ingest_csv_text(clean, signals.text, signals.name, csv);
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
    for (std::size_t k = 0; k < names.size(); ++k) {
      const std::string& name = names[k];
      const Model& model = models[k].model;
      EvidenceStore base(model), attacked(model);
      for (EvidenceStore* s : {&base, &attacked}) {
        ingest_csv_text(*s, signals.text, signals.name, csv);
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
        Scores a = score(model, attacked, at), b = score(model, base, at);
        models[k].calibrate(a.score);
        models[k].calibrate(b.score);
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

// The outcomes at or after the cutoff (all without one); those before it, or
// without a time, are counted in `before` (not outcomes of this split).
inline Outcomes outcomes_at_or_after(const Outcomes& all, double cutoff, std::int64_t& before) {
  Outcomes out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (std::isfinite(cutoff) && !(all.time[i] >= cutoff)) {
      ++before;
      continue;
    }
    out.entity.push_back(all.entity[i]);
    out.outcome.push_back(all.outcome[i]);
    out.time.push_back(all.time[i]);
  }
  return out;
}

// Labels name one row each: a configured model's or a score file's label may
// not repeat a kind's name or another label.
inline void check_labels(const std::vector<std::string>& names, const EvalOptions& options) {
  std::vector<std::string> seen = names;
  const auto add = [&](const std::string& label) {
    if (label.empty()) fail(Status::invalid_argument, "evaluate: a model's label is empty");
    if (std::find(seen.begin(), seen.end(), label) != seen.end())
      fail(Status::invalid_argument, "evaluate: the label '" + label + "' names two models");
    seen.push_back(label);
  };
  for (const LabelledModel& m : options.configured) add(m.label);
  for (const auto& f : options.score_files) add(f.first);
}

// The rows beside the models: the rating sites' formulas and the user's own
// scores (no timing: they are not trustscore's to time).
inline void add_reference_rows(EvalReport& report, const EvalOptions& options,
                               const SignalsFile& file, const Outcomes& outcomes,
                               const std::vector<std::int64_t>& fold, const CsvOptions& csv) {
  std::vector<BaselinePrediction> rows;
  if (options.baselines) {
    // Read with the factors of the first model, which read this file already.
    const Model catalog_model = options.configured.empty() || !options.models.empty()
                                    ? Model()
                                    : options.configured.front().model;
    const CsvColumns columns =
        read_csv_columns_text(catalog_model.factors(), file.text, file.name, csv);
    rows = baseline_predictions(columns, outcomes.entity, options.baseline_prior_count);
  }
  for (const auto& [label, path] : options.score_files)
    rows.push_back(read_score_file(label, path, outcomes.entity));
  for (BaselinePrediction& row : rows) {
    ModelResult result;
    result.model = row.name;
    add_metrics(result, row.prediction, outcomes, fold, options.folds);
    result.prediction = std::move(row.prediction);
    report.models.push_back(std::move(result));
  }
}

}  // namespace detail

// Runs the evaluation of `options` on a signals CSV and an outcomes CSV.
inline EvalReport evaluate(const std::string& signals, const std::string& outcomes_path,
                           const EvalOptions& options) {
  std::vector<std::string> names = options.models;
  if (names.empty() && options.configured.empty() && options.score_files.empty())
    for (ModelKind k : all_model_kinds)
      if (k != ModelKind::logistic) names.emplace_back(model_kind_name(k));
  for (const std::string& name : names) model_choice(name);  // unknown: invalid_argument
  detail::check_labels(names, options);
  require(std::isfinite(options.l2) && options.l2 >= 0, "evaluate: l2 must be finite and >= 0");
  require(options.folds >= 1, "evaluate: folds must be >= 1");
  CsvOptions csv;
  csv.default_time = options.default_time;
  csv.cutoff = options.cutoff;
  ScoreOptions score_options;
  score_options.profile = options.profile;

  const Outcomes all = read_outcomes_csv_file(outcomes_path);
  const detail::SignalsFile file{signals, detail::read_text_file(signals)};
  EvalReport report;
  const Outcomes outcomes = detail::outcomes_at_or_after(all, csv.cutoff, report.before_cutoff);
  if (outcomes.size() == 0)
    fail(Status::invalid_argument, outcomes_path + ": no outcome to evaluate" +
                                       (report.before_cutoff ? " at or after the cutoff" : ""));
  report.outcomes = static_cast<std::int64_t>(outcomes.size());
  report.binary = outcomes.binary();
  report.predictions = options.predictions;
  report.entity = outcomes.entity;
  report.outcome = outcomes.outcome;
  for (double y : outcomes.outcome) report.positives += y == 1;
  report.folds = options.folds;
  const std::vector<std::int64_t> fold =
      kfold_assignment(outcomes.size(), options.folds, options.seed);
  // Scored as of the cutoff when there is one: every model sees the same moment.
  ScoreOptions at_cutoff = score_options;
  if (std::isfinite(csv.cutoff)) at_cutoff.as_of = csv.cutoff;
  detail::LogisticChoice how;
  how.l2 = options.l2;
  how.folds = options.folds;
  how.seed = options.seed;
  for (const std::string& name : names) {
    const ModelChoice choice = model_choice(name);
    how.platt = choice.platt;
    Model model;
    ModelSettings settings;
    settings.kind = choice.kind;
    model.set_settings(settings);
    report.models.push_back(
        choice.kind == ModelKind::logistic
            ? detail::evaluate_logistic(file, outcomes, fold, options.folds, csv, at_cutoff, how)
            : detail::evaluate_model(model_kind_name(choice.kind), model, choice.platt, file,
                                     outcomes, fold, options.folds, csv, at_cutoff));
  }
  for (const LabelledModel& m : options.configured)
    report.models.push_back(detail::evaluate_model(m.label, m.model, false, file, outcomes, fold,
                                                   options.folds, csv, at_cutoff));
  detail::add_reference_rows(report, options, file, outcomes, fold, csv);
  if (!options.attacks.empty()) {
    AttackOptions ao = options.attack;
    ao.seed = options.seed;
    std::vector<detail::AttackedModel> models;
    std::vector<std::string> labels = names;
    for (const std::string& name : names)
      models.push_back(detail::attacked_model(name, file, outcomes, csv, at_cutoff, how));
    for (const LabelledModel& m : options.configured) {
      labels.push_back(m.label);
      models.push_back(detail::AttackedModel{m.model, false, {}});
    }
    report.attacks =
        detail::run_attacks(options.attacks, labels, models, file, csv, score_options, ao);
  }
  return report;
}

}  // namespace v1
}  // namespace trustscore
