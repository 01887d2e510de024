// The search space of tuning (eval/tune_space.hpp): how many configurations
// each kind gets (only the parameters it reads vary), sampling down to
// max_configs, grid_range, the model a configuration makes, and every value
// out of range.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/eval/tune_space.hpp"

using namespace trustscore;

namespace {

const double tune_space_inf = std::numeric_limits<double>::infinity();

void tune_space_expect_error(const std::string& text, const std::function<void()>& f) {
  const tstest::Outcome o = tstest::outcome_of(f);
  CHECK(o.status == Status::invalid_argument);
  CHECK_THAT(o.message, Catch::Contains(text));
}

}  // namespace

TEST_CASE("tune space: enumeration, sampling, ranges, configured models", "[tune]") {
  const Model base;
  TuneSpace s;
  s.kinds = {ModelKind::beta,   ModelKind::subjective_logic, ModelKind::weighted_mean,
             ModelKind::wilson, ModelKind::bayesian_average, ModelKind::dirichlet};
  s.half_life_days = {30, tune_space_inf};
  s.negativity = {1, 2};
  s.base_rate = {0.3, 0.5, 0.7};
  s.prior_weight = {1, 2};
  s.prior_count = {0, 7};
  s.prior_mean = {0.5, 0.625, 0.75};
  s.levels = {3, 5};
  const auto count = [](const std::vector<TuneConfig>& cs, ModelKind k) {
    return std::count_if(cs.begin(), cs.end(), [k](const TuneConfig& c) { return c.kind == k; });
  };
  const std::vector<TuneConfig> all = enumerate_configs(s, base, 1);
  // Each kind's defaults (every parameter NaN: the base model's) first, in
  // the order of the kinds; then each kind's grid, varying what it reads.
  REQUIRE(all.size() == 6 + 72);
  for (std::size_t k = 0; k < 6; ++k) {
    CHECK(all[k].kind == s.kinds[k]);
    CHECK(config_parameters(s, all[k]).empty());
  }
  const std::vector<TuneConfig> grid(all.begin() + 6, all.end());
  // 2 half-lives times ...
  CHECK(count(grid, ModelKind::beta) == 2 * 2 * 3 * 2);  // negativity, base rate, prior weight
  CHECK(count(grid, ModelKind::subjective_logic) == 2 * 2 * 3 * 2);
  CHECK(count(grid, ModelKind::weighted_mean) == 2);
  CHECK(count(grid, ModelKind::wilson) == 2);
  CHECK(count(grid, ModelKind::bayesian_average) == 2 * 2 * 3);  // prior count and mean
  CHECK(count(grid, ModelKind::dirichlet) == 2 * 2 * 2);         // prior weight, levels
  for (const TuneConfig& c : grid) {
    CHECK(std::isnan(c.negativity) ==
          (c.kind != ModelKind::beta && c.kind != ModelKind::subjective_logic));
    CHECK(std::isnan(c.prior_count) == (c.kind != ModelKind::bayesian_average));
    CHECK((c.levels > 0) == (c.kind == ModelKind::dirichlet));
  }
  // Kinds come in the order given.
  CHECK(grid.front().kind == ModelKind::beta);
  CHECK(grid.back().kind == ModelKind::dirichlet);
  // A kind that reads nothing the space varies gets no second copy of its defaults.
  TuneSpace unread;
  unread.kinds = {ModelKind::weighted_mean};
  unread.negativity = {1, 2};
  REQUIRE(enumerate_configs(unread, base, 1).size() == 1);

  // A factor's own half-life multiplies every kind's grid by its values.
  TuneSpace per_factor = s;
  per_factor.factor_half_life_days = {{"experts", {10, 20, 40}}};
  const std::vector<TuneConfig> more = enumerate_configs(per_factor, base, 1);
  CHECK(more.size() == 6 + 3 * 72);
  CHECK(count(more, ModelKind::wilson) == 1 + 6);

  // max_configs: exactly that many of the grid (after the defaults, always
  // tried), the same for the same seed, in enumeration order.
  s.max_configs = 10;
  const std::vector<TuneConfig> a = enumerate_configs(s, base, 7),
                                b = enumerate_configs(s, base, 7),
                                c = enumerate_configs(s, base, 8);
  REQUIRE(a.size() == 6 + 10);
  REQUIRE(c.size() == 6 + 10);
  const auto index_in_all = [&](const TuneConfig& x) {
    for (std::size_t i = 0; i < all.size(); ++i)
      if (config_parameters(s, all[i]) == config_parameters(s, x) && all[i].kind == x.kind)
        return static_cast<std::int64_t>(i);
    return std::int64_t{-1};
  };
  std::vector<std::int64_t> ia, ib, ic;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ia.push_back(index_in_all(a[i]));
    ib.push_back(index_in_all(b[i]));
    ic.push_back(index_in_all(c[i]));
  }
  CHECK(ia == ib);
  CHECK(ia != ic);
  const std::vector<std::int64_t> defaults_first(ia.begin(), ia.begin() + 6);
  CHECK(defaults_first == std::vector<std::int64_t>{0, 1, 2, 3, 4, 5});
  CHECK(std::is_sorted(ia.begin(), ia.end()));
  CHECK(std::adjacent_find(ia.begin(), ia.end()) == ia.end());
  CHECK(*std::min_element(ia.begin(), ia.end()) >= 0);

  // An empty space: the base model's kind, every parameter kept.
  const std::vector<TuneConfig> kept = enumerate_configs(TuneSpace{}, base, 1);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].kind == ModelKind::beta);
  CHECK(config_parameters(TuneSpace{}, kept[0]).empty());
  const Model same = configured_model(base, TuneSpace{}, kept[0]);
  CHECK(same.settings() == base.settings());
  for (std::size_t f = 0; f < base.factor_count(); ++f) {
    const FactorParams &p = same.params(f), &q = base.params(f);
    CHECK((p.half_life_days == q.half_life_days && p.negativity == q.negativity &&
           p.base_rate == q.base_rate && p.prior_weight == q.prior_weight));
  }

  // grid_range: linear and log, by hand.
  CHECK(grid_range("x", 1, 3, 5, false) == std::vector<double>{1, 1.5, 2, 2.5, 3});
  CHECK(grid_range("x", 4, 4, 1, false) == std::vector<double>{4});
  CHECK(grid_range("x", 2, 8, 1, true) == std::vector<double>{2});
  const std::vector<double> log = grid_range("half_life_days", 10, 1000, 3, true);
  REQUIRE(log.size() == 3);
  CHECK(log[0] == 10);  // the ends exactly as given
  CHECK(log[1] == Approx(100).epsilon(1e-12));
  CHECK(log[2] == 1000);
  tune_space_expect_error("half_life_days: the range is inverted (min 3",
                          [] { grid_range("half_life_days", 3, 1, 4, false); });
  tune_space_expect_error("prior_count: the range is empty",
                          [] { grid_range("prior_count", 1, 3, 0, false); });
  tune_space_expect_error("half_life_days: a log scale needs min > 0",
                          [] { grid_range("half_life_days", 0, 10, 3, true); });
  tune_space_expect_error("negativity: min and max must be finite",
                          [] { grid_range("negativity", 1, tune_space_inf, 3, false); });

  // configured_model sets what the configuration names and keeps the rest.
  TuneSpace named;
  named.factor_half_life_days = {{"experts", {10}}};
  TuneConfig bayes;
  bayes.kind = ModelKind::bayesian_average;
  bayes.half_life_days = 90;
  bayes.factor_half_life_days = {10};
  bayes.prior_count = 3;
  bayes.prior_mean = 0.4;
  const Model m = configured_model(base, named, bayes);
  CHECK(m.settings().kind == ModelKind::bayesian_average);
  CHECK(m.settings().prior_count == 3);
  CHECK(m.settings().prior_mean == 0.4);
  const std::size_t experts = static_cast<std::size_t>(m.factors().find("experts"));
  for (std::size_t f = 0; f < m.factor_count(); ++f) {
    CHECK(m.params(f).half_life_days == (f == experts ? 10 : 90));
    CHECK(m.params(f).negativity == base.params(f).negativity);
  }
  CHECK(config_parameters(named, bayes) ==
        std::vector<std::pair<std::string, double>>{{"half_life_days", 90},
                                                    {"half_life_days:experts", 10},
                                                    {"prior_count", 3},
                                                    {"prior_mean", 0.4}});
  TuneConfig dir;
  dir.kind = ModelKind::dirichlet;
  dir.levels = 4;
  dir.negativity = 1.5, dir.base_rate = 0.2, dir.prior_weight = 6;
  const Model d = configured_model(base, TuneSpace{}, dir);
  CHECK(d.settings().level_utilities == std::vector<double>{0, 1.0 / 3, 2.0 / 3, 1});
  for (std::size_t f = 0; f < d.factor_count(); ++f) {
    CHECK(d.params(f).negativity == 1.5);
    CHECK(d.params(f).base_rate == 0.2);
    CHECK(d.params(f).prior_weight == 6);
    CHECK(d.params(f).half_life_days == base.params(f).half_life_days);
  }
}

TEST_CASE("tune space: every value out of range is an error naming it", "[tune]") {
  const Model base;
  const auto space_error = [&](const std::string& text,
                               const std::function<void(TuneSpace&)>& bad) {
    TuneSpace s;
    bad(s);
    INFO(text);
    tune_space_expect_error(text, [&] { enumerate_configs(s, base, 1); });
  };
  const auto grid_error = [&](const std::string& text, std::vector<double> TuneSpace::*grid,
                              std::vector<double> values) {
    space_error(text, [&](TuneSpace& s) { s.*grid = values; });
  };
  space_error("kinds: logistic", [](auto& s) { s.kinds = {ModelKind::beta, ModelKind::logistic}; });
  grid_error("negativity: 0.000000 is out of range", &TuneSpace::negativity, {1, 0});
  grid_error("negativity: inf is out of range", &TuneSpace::negativity, {tune_space_inf});
  grid_error("base_rate: 1.500000 is out of range", &TuneSpace::base_rate, {1.5});
  grid_error("half_life_days: 0.000000 is out of range", &TuneSpace::half_life_days, {0});
  grid_error("half_life_days: -inf", &TuneSpace::half_life_days, {-tune_space_inf});
  grid_error("half_life_days: nan", &TuneSpace::half_life_days, {std::nan("")});
  grid_error("prior_weight: 0.000000", &TuneSpace::prior_weight, {0});
  grid_error("prior_count: -1.000000", &TuneSpace::prior_count, {-1});
  grid_error("prior_mean: 1.100000", &TuneSpace::prior_mean, {1.1});
  space_error("levels: 1 is out of range", [](auto& s) { s.levels = {1}; });
  space_error("levels: 101 is out of range", [](auto& s) { s.levels = {3, 101}; });
  space_error("no factor 'nope'", [](auto& s) { s.factor_half_life_days = {{"nope", {30}}}; });
  space_error("'experts' has no value to try", [](auto& s) {
    s.factor_half_life_days = {{"experts", {}}};
  });
  space_error("factor_half_life_days: 0.000000 is out of range", [](auto& s) {
    s.factor_half_life_days = {{"experts", {30, 0}}};
  });
  space_error("max_configs must be >= 1", [](auto& s) { s.max_configs = 0; });
}
