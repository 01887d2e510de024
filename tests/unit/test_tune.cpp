// Tuning (eval/tune.hpp) and the rating sites' baselines (eval/baselines.hpp):
// a half-life recovered from data generated with it, nested cross-validation
// that never sees the outer fold, the temporal mode, the baselines and the
// tuned row against plain references, and every bad input (the search space's
// own: test_tune_space.cpp).
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/eval/baselines.hpp"
#include "trustscore/eval/tune.hpp"

using namespace trustscore;
using tstest::outcome_of;

namespace {

const double tune_inf = std::numeric_limits<double>::infinity();
const double tune_day = 86400;

// A directory of its own under the system's temp directory, removed at the end.
struct TuneTempDir {
  std::filesystem::path dir;
  explicit TuneTempDir(const std::string& tag)
      : dir(std::filesystem::temp_directory_path() /
            ("trustscore_tune_" + std::to_string(::getpid()) + "_" + tag)) {
    std::filesystem::create_directories(dir);
  }
  ~TuneTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path path = dir / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
};

std::string tune_number(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);  // round-trips: the file holds what we computed
  return buf;
}

// Each entity's signals (one factor) over four years: a level, a trend and
// noise of its own, so that how fast old signals fade changes the mean.
struct TuneHistory {
  std::vector<std::string> entity;
  std::vector<std::vector<double>> time, value;
  std::string csv = "entity,factor,value,time\n";
  double start = 1.5e9, span = 4 * 365 * tune_day;
};

TuneHistory tune_history(std::uint64_t seed, int entities, int per_entity) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  TuneHistory h;
  for (int e = 0; e < entities; ++e) {
    h.entity.push_back("e" + std::to_string(e));
    h.time.emplace_back();
    h.value.emplace_back();
    const double level = 0.2 + 0.6 * u(rng), trend = u(rng) - 0.5;
    for (int j = 0; j < per_entity; ++j) {
      const double t = std::round(h.start + h.span * u(rng));
      const double v =
          std::clamp(level + trend * (t - h.start) / h.span + 0.3 * (u(rng) - 0.5), 0.0, 1.0);
      h.time.back().push_back(t);
      h.value.back().push_back(v);
      h.csv +=
          h.entity.back() + ",koc_word_of_mouth," + tune_number(v) + "," + tune_number(t) + "\n";
    }
  }
  return h;
}

// The mean of entity e's signal values, each weighted 2^(-age / half-life)
// (the reference time cancels out; +inf: the plain mean).
double tune_decayed_mean(const TuneHistory& h, std::size_t e, double half_life_days) {
  double sum = 0, weight = 0;
  for (std::size_t j = 0; j < h.time[e].size(); ++j) {
    const double age_days = (h.start + h.span - h.time[e][j]) / tune_day;
    const double w = std::isinf(half_life_days) ? 1.0 : std::exp2(-age_days / half_life_days);
    sum += w * h.value[e][j], weight += w;
  }
  return sum / weight;
}

std::string tune_outcomes_csv(const std::vector<std::string>& entity,
                              const std::vector<double>& outcome,
                              const std::vector<double>& time = {}) {
  std::string csv = time.empty() ? "entity,outcome\n" : "entity,outcome,time\n";
  for (std::size_t i = 0; i < entity.size(); ++i)
    csv += entity[i] + "," + tune_number(outcome[i]) +
           (time.empty() ? "" : "," + tune_number(time[i])) + "\n";
  return csv;
}

std::vector<double> tune_outcomes_at(const TuneHistory& h, double half_life_days) {
  std::vector<double> y;
  for (std::size_t e = 0; e < h.entity.size(); ++e)
    y.push_back(tune_decayed_mean(h, e, half_life_days));
  return y;
}

TuneOptions tune_half_life_search() {
  TuneOptions o;
  o.space = TuneSpace{};
  o.space.kinds = {ModelKind::weighted_mean};
  o.space.half_life_days = {10, 30, 90, 365, 1460, tune_inf};
  o.folds = 3;
  o.inner_folds = 3;
  o.seed = 5;
  return o;
}

const ModelResult& tune_row(const std::vector<ModelResult>& rows, const std::string& name) {
  for (const ModelResult& m : rows)
    if (m.model == name) return m;
  FAIL("no row " << name);
  throw;
}

const std::vector<double>& tune_folds_of(const ModelResult& row, const std::string& metric) {
  for (const MetricSummary& m : row.metrics)
    if (m.name == metric) return m.folds;
  FAIL("no metric " << metric << " in row " << row.model);
  throw;
}

void tune_expect_error(const std::string& text, const std::function<void()>& f) {
  const tstest::Outcome o = outcome_of(f);
  CHECK(o.status == Status::invalid_argument);
  CHECK_THAT(o.message, Catch::Contains(text));
}

}  // namespace

TEST_CASE("tune: recovers the half-life the outcomes were generated with", "[tune]") {
  const TuneHistory h = tune_history(11, 60, 40);
  const TuneTempDir tmp("recover");
  const std::string signals = tmp.write("signals.csv", h.csv);
  const std::string outcomes =
      tmp.write("outcomes.csv", tune_outcomes_csv(h.entity, tune_outcomes_at(h, 90)));
  const TuneReport r = tune(signals, outcomes, Model{}, tune_half_life_search());
  CHECK(r.metric == "rmse");
  CHECK_FALSE(r.higher_is_better);
  CHECK(r.outcomes == 60);
  CHECK(r.folds == 3);
  REQUIRE(r.trials.size() == 1 + 6);  // weighted_mean's defaults, then the grid
  CHECK(std::isnan(r.trials[0].config.half_life_days));
  CHECK(r.best_config.kind == ModelKind::weighted_mean);
  CHECK(r.best_config.half_life_days == 90);
  CHECK(r.best.settings().kind == ModelKind::weighted_mean);
  for (std::size_t f = 0; f < r.best.factor_count(); ++f)
    CHECK(r.best.params(f).half_life_days == 90);
  CHECK(r.best_score < 1e-9);
  REQUIRE(r.fold_choice.size() == 3);
  for (const TuneConfig& c : r.fold_choice) CHECK(c.half_life_days == 90);
  // Every other half-life (the default's too: 180 days) misses by far more than rounding.
  for (const TuneTrial& t : r.trials)
    if (t.config.half_life_days != 90) CHECK(t.score > 1e-3);
  for (double rmse : tune_folds_of(tune_row(r.table, "tuned"), "rmse")) CHECK(rmse < 1e-9);
  CHECK(tune_folds_of(tune_row(r.table, "default weighted_mean"), "rmse")[0] > 1e-3);
}

TEST_CASE("tune: the choice for an outer fold never sees that fold's outcomes", "[tune]") {
  const TuneHistory h = tune_history(12, 60, 40);
  const TuneTempDir tmp("nested");
  const std::string signals = tmp.write("signals.csv", h.csv);
  TuneOptions o = tune_half_life_search();
  o.folds = 2;  // fold 1's choice is made on fold 0's outcomes alone
  const std::vector<double> clean = tune_outcomes_at(h, 90), other = tune_outcomes_at(h, 1460);
  // Fold 0's outcomes (the folds tune deals out) generated with 1460 days instead.
  const std::vector<std::int64_t> fold = kfold_assignment(h.entity.size(), o.folds, o.seed);
  std::vector<double> poisoned = clean;
  std::size_t in_fold_0 = 0;
  for (std::size_t i = 0; i < fold.size(); ++i)
    if (fold[i] == 0) poisoned[i] = other[i], ++in_fold_0;
  REQUIRE(in_fold_0 == 30);
  const TuneReport a =
      tune(signals, tmp.write("a.csv", tune_outcomes_csv(h.entity, clean)), Model{}, o);
  const TuneReport b =
      tune(signals, tmp.write("b.csv", tune_outcomes_csv(h.entity, poisoned)), Model{}, o);
  REQUIRE(a.fold_choice.size() == 2);
  REQUIRE(b.fold_choice.size() == 2);
  CHECK(a.fold_choice[0].half_life_days == 90);
  CHECK(b.fold_choice[0].half_life_days == a.fold_choice[0].half_life_days);
  CHECK(b.fold_choice[0].kind == a.fold_choice[0].kind);
  // The poison is strong enough to decide a choice that does see it.
  CHECK(a.fold_choice[1].half_life_days == 90);
  CHECK(b.fold_choice[1].half_life_days == 1460);
  // Fold 0 is reported on its own (changed) outcomes: 90 days fit them no more.
  const std::vector<double>& rmse_a = tune_folds_of(tune_row(a.table, "tuned"), "rmse");
  const std::vector<double>& rmse_b = tune_folds_of(tune_row(b.table, "tuned"), "rmse");
  REQUIRE(rmse_a.size() == 2);
  REQUIRE(rmse_b.size() == 2);
  CHECK(rmse_a[0] < 1e-9);
  CHECK(rmse_b[0] > 1e-3);
  CHECK(rmse_b[1] > 1e-3);  // fold 1: 1460 days, on clean outcomes
  // The trials' scores are over every outer fold, fold 0 included.
  REQUIRE(a.trials.size() == b.trials.size());
  for (std::size_t c = 0; c < a.trials.size(); ++c)
    if (a.trials[c].config.half_life_days == 90)
      CHECK(b.trials[c].score > a.trials[c].score + 1e-3);
}

TEST_CASE("tune: the temporal mode chooses before the split and reports after it", "[tune]") {
  const TuneHistory h = tune_history(13, 60, 40);
  const TuneTempDir tmp("temporal");
  const std::string signals = tmp.write("signals.csv", h.csv);
  TuneOptions o = tune_half_life_search();
  o.split = h.start + h.span + 30 * tune_day;
  std::vector<double> time;  // the first 24 outcomes before the split, 36 after it
  for (std::size_t e = 0; e < h.entity.size(); ++e)
    time.push_back(o.split + (e < 24 ? -tune_day : e % 2 ? 0.0 : tune_day));
  const std::vector<double> clean = tune_outcomes_at(h, 90), other = tune_outcomes_at(h, 1460);
  std::vector<double> later_changed = clean, earlier_changed = clean;
  for (std::size_t e = 0; e < h.entity.size(); ++e)
    (e < 24 ? earlier_changed : later_changed)[e] = other[e];
  const auto run = [&](const std::string& name, const std::vector<double>& y) {
    return tune(signals, tmp.write(name, tune_outcomes_csv(h.entity, y, time)), Model{}, o);
  };
  const TuneReport a = run("a.csv", clean), b = run("b.csv", later_changed),
                   c = run("c.csv", earlier_changed);
  CHECK(a.temporal);
  CHECK(a.folds == 1);
  CHECK(a.selection_outcomes == 24);
  CHECK(a.report_outcomes == 36);
  CHECK(a.best_config.half_life_days == 90);
  CHECK(b.best_config.half_life_days == 90);  // what came after the split is not looked at
  CHECK(c.best_config.half_life_days == 1460);
  REQUIRE(b.fold_choice.size() == 1);
  CHECK(b.fold_choice[0].half_life_days == 90);
  for (const TuneReport* r : {&a, &b})
    for (const ModelResult& row : r->table) {
      CHECK(row.prediction.size() == 36);
      CHECK(tune_folds_of(row, "rmse").size() == 1);
    }
  CHECK(tune_folds_of(tune_row(a.table, "tuned"), "rmse")[0] < 1e-9);
  // Reported on the changed outcomes: 90 days fit them no more.
  CHECK(tune_folds_of(tune_row(b.table, "tuned"), "rmse")[0] > 1e-3);
}

TEST_CASE("baselines: the rating sites' formulas by hand", "[tune][baselines]") {
  // a: 1 and 0.5 (two factors, pooled); b: 0; c (no outcome): 0.75, 0.25, 1; z: no signal.
  const std::string text =
      "entity,factor,value\na,values,1\na,experts,0.5\nb,values,0\n"
      "c,values,0.75\nc,values,0.25\nc,experts,1\n";
  const Model m;
  const CsvColumns columns = read_csv_columns_text(m.factors(), text, "baselines.csv");
  const double global = 3.5 / 6;
  const std::vector<BaselinePrediction> b = baseline_predictions(columns, {"a", "b", "z"});
  REQUIRE(b.size() == 4);
  CHECK(b[0].name == "plain_mean");
  CHECK(b[1].name == "bayes_7_at_3.5_stars");
  CHECK(b[2].name == "bayes_7_at_global_mean");
  CHECK(b[3].name == "global_mean");
  const std::vector<std::vector<double>> expected = {
      {0.75, 0, global},
      {(1.5 + 7 * 0.625) / 9, (7 * 0.625) / 8, 0.625},
      {(1.5 + 7 * global) / 9, (7 * global) / 8, global},
      {global, global, global}};
  for (std::size_t k = 0; k < 4; ++k) {
    REQUIRE(b[k].prediction.size() == 3);
    for (std::size_t i = 0; i < 3; ++i)
      CHECK(b[k].prediction[i] == Approx(expected[k][i]).epsilon(1e-14));
  }
  // No prior: the Bayesian averages are the plain mean (the global mean without a signal).
  const std::vector<BaselinePrediction> none = baseline_predictions(columns, {"a", "b", "z"}, 0);
  CHECK(none[1].name == "bayes_0_at_3.5_stars");
  CHECK(baseline_predictions(columns, {"a"}, 2.5)[2].name == "bayes_2.5_at_global_mean");
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(none[1].prediction[i] == Approx(expected[0][i]).epsilon(1e-14));
    CHECK(none[2].prediction[i] == Approx(expected[0][i]).epsilon(1e-14));
  }
  tune_expect_error("baseline_prior_count must be finite and >= 0",
                    [&] { baseline_predictions(columns, {"a"}, -1); });
  tune_expect_error("baseline_prior_count",
                    [&] { baseline_predictions(columns, {"a"}, tune_inf); });

  // The user's own score file: their value, NaN for an entity it leaves out.
  const TuneTempDir tmp("baselines");
  const BaselinePrediction mine = read_score_file(
      "production", tmp.write("mine.csv", "entity,outcome\nb,0.3\na,0.9\n"), {"a", "b", "z"});
  CHECK(mine.name == "production");
  REQUIRE(mine.prediction.size() == 3);
  CHECK(mine.prediction[0] == 0.9);
  CHECK(mine.prediction[1] == 0.3);
  CHECK(std::isnan(mine.prediction[2]));

  // In tuning's table, after the tuned row and each kind's defaults.
  const std::string signals = tmp.write("signals.csv", text);
  const std::string outcomes =
      tmp.write("outcomes.csv", "entity,outcome\na,0.8\nb,0.1\nz,0.5\nc,0.6\nx,0.2\ny,0.4\n");
  TuneOptions o;
  o.space = TuneSpace{};
  o.space.kinds = {ModelKind::beta, ModelKind::bayesian_average};
  o.folds = 2;
  o.inner_folds = 2;
  const TuneReport r = tune(signals, outcomes, m, o);
  std::vector<std::string> names;
  for (const ModelResult& row : r.table) names.push_back(row.model);
  CHECK(names == std::vector<std::string>{"tuned", "default beta", "default bayesian_average",
                                          "plain_mean", "bayes_7_at_3.5_stars",
                                          "bayes_7_at_global_mean", "global_mean"});
  CHECK(tune_row(r.table, "plain_mean").prediction[0] == Approx(0.75));  // a, the first outcome
  CHECK(tune_row(r.table, "bayes_7_at_3.5_stars").prediction[2] == Approx(0.625));  // z
}

namespace {

// RMSE per outer fold of a configuration's model scored plainly: a store of
// every signal (before the cutoff), then score() (as of the cutoff).
std::vector<double> tune_reference_rmse(const TuneConfig& c, const Model& base,
                                        const TuneOptions& o, const std::string& signals,
                                        const Outcomes& outcomes) {
  const Model m = configured_model(base, o.space, c);
  CsvOptions csv;
  csv.cutoff = o.cutoff;
  EvidenceStore store(m);
  ingest_csv_file(store, signals, csv);
  ScoreOptions so;
  so.profile = m.default_profile();
  if (std::isfinite(o.cutoff)) so.as_of = o.cutoff;
  const Scores s = score(m, store, so);
  const std::vector<std::int64_t> fold = kfold_assignment(outcomes.size(), o.folds, o.seed);
  std::vector<double> rmse;
  for (std::int64_t k = 0; k < o.folds; ++k) {
    std::vector<double> y, p;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const std::int64_t e = store.find_entity(outcomes.entity[i]);
      const double prediction = e < 0 ? s.baseline : s.score[static_cast<std::size_t>(e)];
      if (fold[i] == k && !std::isnan(prediction))
        y.push_back(outcomes.outcome[i]), p.push_back(prediction);
    }
    rmse.push_back(metrics::rmse(y.data(), p.data(), static_cast<std::int64_t>(y.size())));
  }
  return rmse;
}

}  // namespace

TEST_CASE("tune: the tuned row is the chosen model scored plainly, fold by fold", "[tune]") {
  TuneHistory h = tune_history(14, 40, 12);
  // An entity without outcome holds the newest signal; one outcome's entity has none.
  const double newest = h.start + h.span + 200 * tune_day;
  h.csv += "late,koc_word_of_mouth,0.9," + tune_number(newest) + "\n";
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::string> entity = h.entity;
  entity.push_back("no_signal");
  std::vector<double> y, time;
  for (std::size_t i = 0; i < entity.size(); ++i) {
    y.push_back(u(rng));
    time.push_back(i == 3 ? h.start : newest + tune_day);  // outcome 3: before any cutoff
  }
  const TuneTempDir tmp("reference");
  const std::string signals = tmp.write("signals.csv", h.csv);
  const std::string outcomes_path = tmp.write("outcomes.csv", tune_outcomes_csv(entity, y, time));
  TuneOptions o;
  o.space = TuneSpace{};
  o.space.kinds = {ModelKind::beta, ModelKind::dirichlet, ModelKind::bayesian_average};
  o.space.half_life_days = {30, 365};
  o.space.negativity = {1, 3};
  o.space.base_rate = {0.3, 0.7};
  o.space.prior_weight = {1, 4};
  o.space.prior_count = {1, 7};
  o.space.levels = {3, 5};
  o.folds = 4;
  o.inner_folds = 2;
  o.seed = 9;
  const Model base;
  for (const double cutoff : {h.start + 3 * 365 * tune_day, tune_inf}) {
    INFO("cutoff " << cutoff);
    o.cutoff = cutoff;
    const TuneReport r = tune(signals, outcomes_path, base, o);
    // The outcomes tune reports on: those at or after the cutoff, in file order.
    Outcomes kept;
    const Outcomes all = read_outcomes_csv_file(outcomes_path);
    for (std::size_t i = 0; i < all.size(); ++i)
      if (!std::isfinite(cutoff) || all.time[i] >= cutoff) {
        kept.entity.push_back(all.entity[i]);
        kept.outcome.push_back(all.outcome[i]);
        kept.time.push_back(all.time[i]);
      }
    CHECK(r.before_cutoff == static_cast<std::int64_t>(all.size() - kept.size()));
    CHECK(r.outcomes == static_cast<std::int64_t>(kept.size()));
    const std::vector<double>& tuned = tune_folds_of(tune_row(r.table, "tuned"), "rmse");
    REQUIRE(tuned.size() == 4);
    for (std::size_t k = 0; k < 4; ++k) {
      INFO("fold " << k << ": " << model_kind_name(r.fold_choice[k].kind) << ", half-life "
                   << r.fold_choice[k].half_life_days);
      const std::vector<double> plain =
          tune_reference_rmse(r.fold_choice[k], base, o, signals, kept);
      CHECK(tuned[k] == Approx(plain[k]).epsilon(1e-9));
    }
    // The search itself (stores shared by configurations): each trial's score
    // is its mean RMSE over the outer folds, scored plainly.
    REQUIRE(r.trials.size() == 3 + 2 * 2 * 2 * 2 + 2 * 2 * 2 + 2 * 2);  // 3 kinds' defaults
    for (const TuneTrial& t : r.trials) {
      const std::vector<double> plain = tune_reference_rmse(t.config, base, o, signals, kept);
      CHECK(t.score == Approx((plain[0] + plain[1] + plain[2] + plain[3]) / 4).epsilon(1e-9));
    }
    // Each kind's defaults are the harness's row for that kind.
    EvalOptions eo;
    eo.models = {"beta", "dirichlet", "bayesian_average"};
    eo.folds = o.folds;
    eo.seed = o.seed;
    eo.cutoff = cutoff;
    const EvalReport harness = evaluate(signals, outcomes_path, eo);
    for (const std::string& kind : eo.models) {
      const std::vector<double>& mine = tune_folds_of(tune_row(r.table, "default " + kind), "rmse");
      const std::vector<double>& theirs = tune_folds_of(tune_row(harness.models, kind), "rmse");
      REQUIRE(mine.size() == theirs.size());
      for (std::size_t k = 0; k < mine.size(); ++k)
        CHECK(mine[k] == Approx(theirs[k]).epsilon(1e-9));
    }
  }
}

TEST_CASE("tune: every bad input is an error naming it", "[tune]") {
  const Model base;
  const TuneHistory h = tune_history(15, 12, 5);
  const TuneTempDir tmp("errors");
  const std::string signals = tmp.write("signals.csv", h.csv);
  const std::vector<double> y = tune_outcomes_at(h, 90);
  std::vector<double> time;
  for (std::size_t i = 0; i < y.size(); ++i) time.push_back(h.start + double(i) * tune_day);
  const std::string numeric = tmp.write("numeric.csv", tune_outcomes_csv(h.entity, y, time));
  const std::string undated = tmp.write("undated.csv", tune_outcomes_csv(h.entity, y));
  std::vector<double> labels;
  for (std::size_t i = 0; i < y.size(); ++i) labels.push_back(i % 2);
  const std::string binary = tmp.write("binary.csv", tune_outcomes_csv(h.entity, labels));
  const auto tune_error = [&](const std::string& text, const std::string& outcomes,
                              const std::function<void(TuneOptions&)>& bad) {
    TuneOptions o;
    o.space = TuneSpace{};
    o.space.half_life_days = {30, 365};
    o.folds = 2;
    o.inner_folds = 2;
    bad(o);
    INFO(text);
    tune_expect_error(text, [&] { tune(signals, outcomes, base, o); });
  };
  tune_error("kinds: logistic", numeric, [](auto& o) { o.space.kinds = {ModelKind::logistic}; });
  tune_error("search: base_rate: 1.500000", numeric, [](auto& o) { o.space.base_rate = {1.5}; });
  tune_error("metric 'bogus' does not fit these outcomes (numeric): choose one of rmse, mae",
             numeric, [](auto& o) { o.metric = "bogus"; });
  tune_error("metric 'roc_auc' does not fit these outcomes (numeric)", numeric,
             [](auto& o) { o.metric = "roc_auc"; });
  tune_error("metric 'rmse' does not fit these outcomes (binary, 0 or 1): choose one of roc_auc",
             binary, [](auto& o) { o.metric = "rmse"; });
  tune_error("12 outcomes are fewer than folds x inner_folds (5 x 3)", numeric,
             [](auto& o) { o.folds = 5, o.inner_folds = 3; });
  tune_error("tune: folds must be >= 2 (nested cross-validation), not 1", numeric,
             [](auto& o) { o.folds = 1; });
  tune_error("tune: inner_folds must be >= 2, not 1", numeric, [](auto& o) { o.inner_folds = 1; });
  tune_error("a temporal split needs every outcome's time; 12 have none", undated,
             [&](auto& o) { o.split = h.start; });
  tune_error("no outcome before the split", numeric, [&](auto& o) { o.split = h.start - 1; });
  tune_error("no outcome at or after the split", numeric,
             [&](auto& o) { o.split = h.start + 100 * tune_day; });
  tune_error("1 outcomes before the split, fewer than inner_folds (2)", numeric,
             [&](auto& o) { o.split = h.start + 0.5 * tune_day; });
  tune_error("split must be a finite time", numeric, [](auto& o) { o.split = tune_inf; });
  tune_error("no outcome to tune on at or after the cutoff", numeric,
             [&](auto& o) { o.cutoff = h.start + 100 * tune_day; });
  tune_error("baseline_prior_count", numeric, [](auto& o) { o.baseline_prior_count = -1; });

  // Binary outcomes: brier by default; AUC is higher-is-better.
  TuneOptions o;
  o.space = TuneSpace{};
  o.folds = 2;
  o.inner_folds = 2;
  CHECK(tune(signals, binary, base, o).metric == "brier");
  o.metric = "roc_auc";
  const TuneReport auc = tune(signals, binary, base, o);
  CHECK(auc.binary);
  CHECK(auc.higher_is_better);
}
