// Tuning: the configuration of the search space (eval/tune_space.hpp) that
// scores a signals file best against an outcomes file, by a metric the user
// names, with honest validation.
//
// Nested cross-validation (the default): the outcomes are split into `folds`
// outer folds; for each, the configuration is chosen by its mean metric on
// `inner_folds` folds of the other outer folds' outcomes only, and reported on
// the outer fold it never saw. The table's "tuned" row is those outer-fold
// results; the configuration written out (`best`) is the one with the best
// mean over the outer folds of all outcomes. Temporal mode (`split` set):
// chosen on the outcomes dated before the split (their inner folds), reported
// on the outcomes at or after it.
//
// Speed. A configuration changes no signal: every configuration scores the
// same entities from the same signals, so the signals file is read once and
// only the signals about entities with outcomes are kept. A store depends on
// the half-lives, the negativities and (dirichlet) the levels only: one store
// is built per distinct such key and scored by every configuration that
// shares it (base rate, prior weight, prior count and mean are scoring-time
// parameters); the configurations are visited in key order, so one store
// lives at a time. Scoring a configuration is then a pass over the entities
// with outcomes, and its metrics a pass over each validation fold.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "trustscore/csv.hpp"
#include "trustscore/eval/baselines.hpp"
#include "trustscore/eval/harness.hpp"
#include "trustscore/eval/tune_space.hpp"

namespace trustscore {
inline namespace v1 {

struct TuneOptions {
  TuneSpace space = default_tune_space();
  std::string metric;  // empty: rmse for numeric outcomes, brier for binary ones
  std::int64_t folds = 5, inner_folds = 3;
  std::uint64_t seed = 1;                                   // of the folds and of a sampled space
  double cutoff = std::numeric_limits<double>::infinity();  // evidence before, outcomes at/after
  double default_time = std::numeric_limits<double>::quiet_NaN();  // of undated signals
  std::string profile;                                             // empty: the model's default
  double split = std::numeric_limits<double>::quiet_NaN();         // temporal mode when finite
  double baseline_prior_count = 7;                                 // of the Bayesian baselines
};

struct TuneTrial {
  TuneConfig config;
  double score = 0;  // the selection metric over every selection outcome (NaN: none)
};

struct TuneReport {
  std::string metric;
  bool higher_is_better = false, temporal = false, binary = false;
  std::int64_t outcomes = 0, selection_outcomes = 0, report_outcomes = 0, before_cutoff = 0;
  std::int64_t folds = 0, inner_folds = 0;
  double split = std::numeric_limits<double>::quiet_NaN();
  TuneSpace space;  // as searched (factor names of the configurations)
  Model best;
  TuneConfig best_config;
  double best_score = 0;
  std::vector<TuneConfig> fold_choice;  // per outer fold (temporal: the one choice)
  std::vector<TuneTrial> trials;        // every configuration tried, in search order
  // Metrics on the outer folds (temporal: the outcomes after the split) of
  // "tuned", "default KIND" for each kind searched, and the baselines.
  std::vector<ModelResult> table;
  double search_seconds = 0, configs_per_second = 0;
};

namespace detail {

// The signals about entities with outcomes, as codes into their ids.
struct TuneSignals {
  std::vector<std::string> ids;
  std::vector<std::int64_t> codes;
  std::vector<std::int32_t> factors;
  std::vector<double> values, weights, times, credibilities;
  double default_time = std::numeric_limits<double>::quiet_NaN();

  SignalBatch batch() const {
    SignalBatch b;
    b.size = static_cast<std::int64_t>(codes.size());
    b.factor = factors.data(), b.value = values.data();
    b.weight = weights.empty() ? nullptr : weights.data();
    b.time = times.empty() ? nullptr : times.data();
    b.credibility = credibilities.empty() ? nullptr : credibilities.data();
    return b;
  }
};

inline TuneSignals signals_about(const CsvColumns& all, const Outcomes& outcomes,
                                 double default_time) {
  std::unordered_map<std::string_view, bool> wanted;
  for (const std::string& e : outcomes.entity) wanted.emplace(e, true);
  std::vector<std::int64_t> code_of(static_cast<std::size_t>(all.id_count()), -2);
  TuneSignals out;
  out.default_time = default_time;
  for (std::size_t i = 0; i < all.codes.size(); ++i) {
    std::int64_t& code = code_of[static_cast<std::size_t>(all.codes[i])];
    if (code == -2) {
      const std::string_view id = all.id(all.codes[i]);
      code = wanted.count(id) ? static_cast<std::int64_t>(out.ids.size()) : -1;
      if (code >= 0) out.ids.emplace_back(id);
    }
    if (code < 0) continue;
    out.codes.push_back(code);
    out.factors.push_back(all.factors[i]);
    out.values.push_back(all.values[i]);
    if (!all.weights.empty()) out.weights.push_back(all.weights[i]);
    if (!all.times.empty()) out.times.push_back(all.times[i]);
    if (!all.credibilities.empty()) out.credibilities.push_back(all.credibilities[i]);
  }
  return out;
}

// What a store built from model depends on: half-lives, negativities, levels.
inline std::vector<double> store_key(const Model& m) {
  std::vector<double> key;
  for (const FactorParams& p : m.all_params()) key.push_back(p.half_life_days);
  for (const FactorParams& p : m.all_params()) key.push_back(p.negativity);
  const bool dirichlet = m.settings().kind == ModelKind::dirichlet;
  key.push_back(dirichlet ? 1.0 : 0.0);
  if (dirichlet)
    key.insert(key.end(), m.settings().level_utilities.begin(), m.settings().level_utilities.end());
  return key;
}

// The time a store of every signal read scores at by default: its newest
// signal (an undated one at default_time). The stores here hold only the
// signals about entities with outcomes, whose newest may be older, and the
// harness scores as of the file's newest. NaN (each store's own newest)
// without signals, or with an undated one that ingest stamps with the clock.
inline double newest_signal_time(const CsvColumns& c, double default_time) {
  const SignalBatch b = c.batch();
  double newest = std::numeric_limits<double>::quiet_NaN();
  for (std::int64_t i = 0; i < b.size; ++i) {
    const double t = time_of(b, i, default_time);
    if (std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
    newest = std::isnan(newest) ? t : std::max(newest, t);
  }
  return newest;
}

inline EvidenceStore store_of(const Model& m, const TuneSignals& s) {
  EvidenceStore store(m);
  store.add_coded(s.ids.data(), static_cast<std::int64_t>(s.ids.size()), s.codes.data(), s.batch(),
                  IngestOptions{s.default_time});
  return store;
}

// Each outcome's prediction by model from store (no evidence: the baseline).
inline std::vector<double> predictions_of(const Model& m, const EvidenceStore& store,
                                          const std::vector<std::int64_t>& entity_of,
                                          ScoreOptions options) {
  if (options.profile.empty()) options.profile = m.default_profile();
  const Scores s = score(m, store, options);
  std::vector<double> p(entity_of.size());
  for (std::size_t i = 0; i < p.size(); ++i)
    p[i] = entity_of[i] < 0 ? s.baseline : s.score[static_cast<std::size_t>(entity_of[i])];
  return p;
}

inline std::vector<std::int64_t> entities_of(const EvidenceStore& store, const Outcomes& o) {
  std::vector<std::int64_t> e(o.size());
  for (std::size_t i = 0; i < o.size(); ++i) e[i] = store.find_entity(o.entity[i]);
  return e;
}

struct TuneMetric {
  std::string name;
  MetricFn fn = nullptr;
  bool higher_is_better = false;
};

inline TuneMetric tune_metric(const std::string& requested, const Outcomes& outcomes) {
  const std::string name = !requested.empty() ? requested : outcomes.binary() ? "brier" : "rmse";
  static const char* const lower_better[] = {"rmse", "mae", "log_loss", "brier", "ece"};
  std::string known;
  for (const auto& [n, fn] : metrics_for(outcomes)) {
    if (name == n) {
      bool lower = false;
      for (const char* l : lower_better) lower = lower || name == l;
      return {name, fn, !lower};
    }
    known += (known.empty() ? "" : ", ") + std::string(n);
  }
  fail(Status::invalid_argument, "metric '" + name + "' does not fit these outcomes (" +
                                     (outcomes.binary() ? "binary, 0 or 1" : "numeric") +
                                     "): choose one of " + known);
}

// The metric of predictions p against the outcomes over rows (NaN
// predictions left out; NaN where the metric cannot be computed).
inline double metric_on(const TuneMetric& metric, const std::vector<double>& p,
                        const Outcomes& outcomes, const std::vector<std::size_t>& rows,
                        std::vector<double>& y_buf, std::vector<double>& p_buf) {
  y_buf.clear(), p_buf.clear();
  for (std::size_t i : rows)
    if (!std::isnan(p[i])) y_buf.push_back(outcomes.outcome[i]), p_buf.push_back(p[i]);
  if (y_buf.empty()) return std::numeric_limits<double>::quiet_NaN();
  try {
    return metric.fn(y_buf.data(), p_buf.data(), static_cast<std::int64_t>(y_buf.size()));
  } catch (const Error&) {
    return std::numeric_limits<double>::quiet_NaN();
  }
}

inline double mean_of(const double* x, std::size_t n) {
  double sum = 0;
  std::size_t k = 0;
  for (std::size_t j = 0; j < n; ++j)
    if (!std::isnan(x[j])) sum += x[j], ++k;
  return k ? sum / double(k) : std::numeric_limits<double>::quiet_NaN();
}

// Whether a is better than b (NaN is worse than anything).
inline bool better(double a, double b, bool higher) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return higher ? a > b : a < b;
}

// The rows of each fold of `rows` (folds seeded by seed).
inline std::vector<std::vector<std::size_t>> folds_of(const std::vector<std::size_t>& rows,
                                                      std::int64_t folds, std::uint64_t seed) {
  const std::vector<std::int64_t> fold = kfold_assignment(rows.size(), folds, seed);
  std::vector<std::vector<std::size_t>> out(static_cast<std::size_t>(folds));
  for (std::size_t i = 0; i < rows.size(); ++i)
    out[static_cast<std::size_t>(fold[i])].push_back(rows[i]);
  return out;
}

}  // namespace detail

// The table of a tuning report as the harness's report (its JSON and table
// printers take it).
inline EvalReport table_report(const TuneReport& r) {
  EvalReport table;
  table.outcomes = r.report_outcomes;
  table.binary = r.binary;
  table.folds = r.folds;
  table.models = r.table;
  return table;
}

// Tunes `base` (its factors, profiles and the parameters not searched) on a
// signals CSV and an outcomes CSV.
inline TuneReport tune(const std::string& signals_path, const std::string& outcomes_path,
                       const Model& base, const TuneOptions& options) {
  require(
      options.folds >= 2 || !std::isnan(options.split),
      "tune: folds must be >= 2 (nested cross-validation), not " + std::to_string(options.folds));
  require(options.inner_folds >= 2,
          "tune: inner_folds must be >= 2, not " + std::to_string(options.inner_folds));
  require(std::isnan(options.split) || std::isfinite(options.split),
          "tune: split must be a finite time");
  const std::vector<TuneConfig> configs = enumerate_configs(options.space, base, options.seed);
  CsvOptions csv;
  csv.default_time = options.default_time;
  csv.cutoff = options.cutoff;

  TuneReport report;
  const Outcomes all = read_outcomes_csv_file(outcomes_path);
  const Outcomes outcomes = detail::outcomes_at_or_after(all, csv.cutoff, report.before_cutoff);
  if (outcomes.size() == 0)
    fail(Status::invalid_argument, outcomes_path + ": no outcome to tune on" +
                                       (report.before_cutoff ? " at or after the cutoff" : ""));
  const detail::TuneMetric metric = detail::tune_metric(options.metric, outcomes);
  report.metric = metric.name;
  report.higher_is_better = metric.higher_is_better;
  report.binary = outcomes.binary();
  report.outcomes = static_cast<std::int64_t>(outcomes.size());
  report.temporal = !std::isnan(options.split);
  report.split = options.split;
  report.inner_folds = options.inner_folds;
  report.space = options.space;

  // Validation folds: `sets` are the rows each choice is made on, each a list
  // of inner folds; `report_rows` the rows it is reported on.
  std::vector<std::size_t> every(outcomes.size());
  for (std::size_t i = 0; i < every.size(); ++i) every[i] = i;
  std::vector<std::vector<std::vector<std::size_t>>> sets;
  std::vector<std::vector<std::size_t>> report_rows;
  if (report.temporal) {
    std::vector<std::size_t> before, after;
    std::int64_t undated = 0;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      if (std::isnan(outcomes.time[i]))
        ++undated;
      else
        (outcomes.time[i] < options.split ? before : after).push_back(i);
    }
    if (undated)
      fail(Status::invalid_argument, "tune: a temporal split needs every outcome's time; " +
                                         std::to_string(undated) + " have none");
    if (before.empty() || after.empty())
      fail(Status::invalid_argument, std::string("tune: no outcome ") +
                                         (before.empty() ? "before" : "at or after") +
                                         " the split: choose a split inside the outcomes' times");
    if (static_cast<std::int64_t>(before.size()) < options.inner_folds)
      fail(Status::invalid_argument,
           "tune: " + std::to_string(before.size()) + " outcomes before the split, fewer than " +
               "inner_folds (" + std::to_string(options.inner_folds) + ")");
    sets.push_back(detail::folds_of(before, options.inner_folds, options.seed));
    report_rows.push_back(after);
    report.selection_outcomes = static_cast<std::int64_t>(before.size());
    report.report_outcomes = static_cast<std::int64_t>(after.size());
    report.folds = 1;
  } else {
    if (static_cast<std::int64_t>(outcomes.size()) < options.folds * options.inner_folds)
      fail(Status::invalid_argument, "tune: " + std::to_string(outcomes.size()) +
                                         " outcomes are fewer than folds x " + "inner_folds (" +
                                         std::to_string(options.folds) + " x " +
                                         std::to_string(options.inner_folds) + ")");
    report_rows = detail::folds_of(every, options.folds, options.seed);
    for (std::int64_t k = 0; k < options.folds; ++k) {
      std::vector<std::size_t> train;
      for (std::int64_t j = 0; j < options.folds; ++j)
        if (j != k)
          train.insert(train.end(), report_rows[std::size_t(j)].begin(),
                       report_rows[std::size_t(j)].end());
      std::sort(train.begin(), train.end());
      sets.push_back(detail::folds_of(train, options.inner_folds, options.seed + 1 + k));
    }
    sets.push_back(report_rows);  // the final choice: the outer folds of every outcome
    report.selection_outcomes = report.report_outcomes = report.outcomes;
    report.folds = options.folds;
  }

  const CsvColumns columns = read_csv_columns_file(base.factors(), signals_path, csv);
  const detail::TuneSignals signals =
      detail::signals_about(columns, outcomes, options.default_time);
  ScoreOptions score_options;
  score_options.profile = options.profile;
  score_options.as_of = std::isfinite(csv.cutoff)
                            ? csv.cutoff
                            : detail::newest_signal_time(columns, options.default_time);

  // The search: each configuration's metric on every validation fold.
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Model> models;
  std::vector<std::vector<double>> keys;
  for (const TuneConfig& c : configs) {
    models.push_back(configured_model(base, options.space, c));
    keys.push_back(detail::store_key(models.back()));
  }
  std::vector<std::size_t> order(configs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  // value[c][s][j]: configuration c on inner fold j of set s.
  std::vector<std::vector<std::vector<double>>> value(configs.size());
  std::vector<double> y_buf, p_buf;
  EvidenceStore store(base);
  std::vector<std::int64_t> entity_of;
  for (std::size_t n = 0; n < order.size(); ++n) {
    const std::size_t c = order[n];
    if (n == 0 || keys[c] != keys[order[n - 1]]) {
      store = detail::store_of(models[c], signals);
      entity_of = detail::entities_of(store, outcomes);
    }
    const std::vector<double> p =
        detail::predictions_of(models[c], store, entity_of, score_options);
    for (const auto& set : sets) {
      std::vector<double> per_fold;
      for (const auto& rows : set)
        per_fold.push_back(detail::metric_on(metric, p, outcomes, rows, y_buf, p_buf));
      value[c].push_back(std::move(per_fold));
    }
  }
  report.search_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  report.configs_per_second =
      report.search_seconds > 0 ? double(configs.size()) / report.search_seconds : 0.0;

  // The choices: per outer fold on its inner folds, and the final one.
  const auto choose = [&](std::size_t s) {
    std::size_t best = 0;
    double best_value = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t c = 0; c < configs.size(); ++c) {
      const double v = detail::mean_of(value[c][s].data(), value[c][s].size());
      if (c == 0 || detail::better(v, best_value, metric.higher_is_better))
        best = c, best_value = v;
    }
    return best;
  };
  const std::size_t final_set = sets.size() - 1;
  const std::size_t best = choose(final_set);
  for (std::size_t c = 0; c < configs.size(); ++c)
    report.trials.push_back(
        {configs[c], detail::mean_of(value[c][final_set].data(), value[c][final_set].size())});
  report.best_config = configs[best];
  report.best = models[best];
  report.best_score = report.trials[best].score;

  // The table on the report rows: tuned, each kind's defaults, the baselines.
  std::vector<std::int64_t> fold(outcomes.size(), -1);
  for (std::size_t k = 0; k < report_rows.size(); ++k)
    for (std::size_t i : report_rows[k]) fold[i] = static_cast<std::int64_t>(k);
  Outcomes shown;  // the reported outcomes (temporal: after the split), in their folds
  std::vector<std::int64_t> shown_fold;
  std::vector<std::size_t> shown_rows;
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    if (fold[i] >= 0) {
      shown.entity.push_back(outcomes.entity[i]);
      shown.outcome.push_back(outcomes.outcome[i]);
      shown.time.push_back(outcomes.time[i]);
      shown_fold.push_back(fold[i]);
      shown_rows.push_back(i);
    }
  const auto shown_of = [&](const std::vector<double>& p) {
    std::vector<double> out;
    for (std::size_t i : shown_rows) out.push_back(p[i]);
    return out;
  };
  const auto predict = [&](const Model& m) {
    const EvidenceStore s = detail::store_of(m, signals);
    return detail::predictions_of(m, s, detail::entities_of(s, outcomes), score_options);
  };
  const auto add_row = [&](const std::string& name, const std::vector<double>& p) {
    ModelResult r;
    r.model = name;
    detail::add_metrics(r, shown_of(p), shown, shown_fold, report.folds);
    r.prediction = shown_of(p);
    report.table.push_back(std::move(r));
  };
  std::vector<double> tuned(outcomes.size(), std::numeric_limits<double>::quiet_NaN());
  std::unordered_map<std::size_t, std::vector<double>> predicted;  // folds often agree
  for (std::size_t k = 0; k < report_rows.size(); ++k) {
    const std::size_t chosen = report.temporal ? best : choose(k);
    report.fold_choice.push_back(configs[chosen]);
    auto it = predicted.find(chosen);
    if (it == predicted.end()) it = predicted.emplace(chosen, predict(models[chosen])).first;
    for (std::size_t i : report_rows[k]) tuned[i] = it->second[i];
  }
  add_row("tuned", tuned);
  std::vector<ModelKind> kinds = options.space.kinds;
  if (kinds.empty()) kinds.push_back(base.settings().kind);
  for (ModelKind kind : kinds) {
    Model m = base;
    ModelSettings settings = m.settings();
    settings.kind = kind;
    m.set_settings(settings);
    add_row(std::string("default ") + model_kind_name(kind), predict(m));
  }
  for (const BaselinePrediction& b :
       baseline_predictions(columns, outcomes.entity, options.baseline_prior_count))
    add_row(b.name, b.prediction);
  return report;
}

}  // namespace v1
}  // namespace trustscore
