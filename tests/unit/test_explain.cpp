// Explanations: per-factor contributions that add up to score - baseline,
// marginal gains of one more unit of positive evidence, and the best lever.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/kinds/beta.hpp"
#include "trustscore/model.hpp"
#include "trustscore/score.hpp"

using tstest::day;

namespace {

// A model with a custom factor, non-default parameters and a profile in
// which some factors weigh nothing; and a store with random evidence.
struct RandomSetup {
  trustscore::Model model;
  trustscore::EvidenceStore store{model};

  explicit RandomSetup(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    model.add_factor("innovation", "", {}, 0.7);
    for (std::size_t f = 0; f < model.factor_count(); ++f) {
      auto p = model.params(f);
      p.base_rate = 0.05 + 0.9 * unit(rng);
      p.prior_weight = 0.5 + 5 * unit(rng);
      p.negativity = 1 + 2 * unit(rng);
      p.half_life_days = 30 + 700 * unit(rng);
      model.set_params(f, p);
    }
    model.set_profile({"sparse", {0, 2, 0, 1, 0, 0, 3, 0, 0.5, 0}});
    store = trustscore::EvidenceStore(model);
    const int n = 4000;
    std::vector<std::string> ids;
    std::vector<std::int32_t> factor;
    std::vector<double> value, weight, time;
    for (int i = 0; i < n; ++i) {
      ids.push_back("e" + std::to_string(rng() % 300));
      factor.push_back(static_cast<std::int32_t>(rng() % model.factor_count()));
      value.push_back(unit(rng));
      weight.push_back(unit(rng) < 0.05 ? 50 * unit(rng) : unit(rng));
      time.push_back(1.6e9 + unit(rng) * 500 * day);
    }
    trustscore::SignalBatch b;
    b.size = n;
    b.factor = factor.data();
    b.value = value.data();
    b.weight = weight.data();
    b.time = time.data();
    store.add(ids.data(), b);
    store.add_entity("no_evidence");
  }
};

}  // namespace

TEST_CASE("contributions add up to score - baseline, and the best lever is the argmax of gains",
          "[explain]") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    RandomSetup setup(seed);
    const auto& model = setup.model;
    const auto& store = setup.store;
    const std::size_t F = model.factor_count();
    for (const auto& profile : model.profiles()) {
      for (double as_of_offset : {0.0, 100 * day, 5000 * day}) {
        INFO("seed " << seed << ", profile " << profile.name << ", as_of offset " << as_of_offset);
        trustscore::ScoreOptions options;
        options.profile = profile.name;
        options.explain = true;
        options.as_of = store.latest_time() + as_of_offset;
        const auto s = trustscore::score(model, store, options);
        REQUIRE(s.entities == store.entity_count());
        REQUIRE(s.contributions.size() == s.entities * F);
        double total = 0;
        for (double w : profile.weights) total += w;
        double baseline = 0;
        for (std::size_t f = 0; f < F; ++f)
          baseline += profile.weights[f] / total * model.params(f).base_rate;
        CHECK(s.baseline == Approx(baseline).epsilon(1e-14));

        int sum_bad = 0, lever_bad = 0, formula_bad = 0;
        for (std::size_t e = 0; e < s.entities; ++e) {
          double sum = 0;
          for (std::size_t f = 0; f < F; ++f) sum += s.contributions[e * F + f];
          if (std::abs(sum - (s.score[e] - s.baseline)) > 1e-12) ++sum_bad;
          // The best lever: the first factor of largest gain among those that weigh.
          std::int32_t best = -1;
          double best_gain = -1;
          for (std::size_t f = 0; f < F; ++f)
            if (profile.weights[f] > 0 && s.gains[e * F + f] > best_gain)
              best_gain = s.gains[e * F + f], best = static_cast<std::int32_t>(f);
          if (s.best_lever[e] != best) ++lever_bad;
          // Each term from the masses: contribution w(p - a), gain w(1 - p)/(n + 1).
          for (std::size_t f = 0; f < F; ++f) {
            const auto& fp = model.params(f);
            const double w = profile.weights[f] / total;
            const double r = store.positive_mass(e, f, options.as_of);
            const double sn = store.negative_mass(e, f, options.as_of);
            const auto t = trustscore::beta::cell_trust(r, sn, fp.base_rate, fp.prior_weight);
            // Scales: |contribution| <= w and |gain| <= w / (n + 1).
            const double gain_scale = w / (r + sn + fp.prior_weight + 1);
            if (!tstest::close(s.contributions[e * F + f], w * (t.p - fp.base_rate), 1e-12, w) ||
                !tstest::close(s.gains[e * F + f], w * t.gain, 1e-12, gain_scale))
              ++formula_bad;
          }
        }
        CHECK(sum_bad == 0);
        CHECK(lever_bad == 0);
        CHECK(formula_bad == 0);
        // Factors that weigh nothing contribute nothing and are never the lever.
        for (std::size_t e = 0; e < s.entities; ++e)
          for (std::size_t f = 0; f < F; ++f)
            if (profile.weights[f] == 0) {
              CHECK(s.contributions[e * F + f] == 0.0);
              CHECK(s.best_lever[e] != static_cast<std::int32_t>(f));
            }
        // The entity without evidence scores the baseline exactly enough.
        const auto ne = static_cast<std::size_t>(store.find_entity("no_evidence"));
        CHECK(s.score[ne] == Approx(s.baseline).epsilon(1e-14));
      }
    }
  }
}

TEST_CASE("the best lever is the factor where evidence moves the score most", "[explain]") {
  RandomSetup setup(11);
  const auto& model = setup.model;
  trustscore::ScoreOptions options;
  options.explain = true;
  const auto s = trustscore::score(model, setup.store, options);
  const std::size_t F = model.factor_count();
  // For a few entities: add one unit of fully positive evidence at the score
  // time to every factor in turn; the lever's factor gains most, and each
  // change equals the reported gain.
  for (std::size_t e = 0; e < 5; ++e) {
    double best_change = -1;
    std::int32_t best = -1;
    for (std::size_t f = 0; f < F; ++f) {
      trustscore::EvidenceStore more = setup.store;
      const auto ei = static_cast<std::int64_t>(e);
      const auto fi = static_cast<std::int32_t>(f);
      const double one = 1, t = s.as_of;
      trustscore::SignalBatch b;
      b.size = 1;
      b.entity = &ei;
      b.factor = &fi;
      b.value = &one;
      b.time = &t;
      more.add(b);
      options.as_of = s.as_of;
      const double change = trustscore::score(model, more, options).score[e] - s.score[e];
      CHECK(change == Approx(s.gains[e * F + f]).epsilon(1e-9).margin(1e-15));
      if (change > best_change + 1e-12) best_change = change, best = fi;
    }
    CHECK(s.best_lever[e] == best);
  }
}

TEST_CASE("explain off: no contributions or gains are computed", "[explain]") {
  RandomSetup setup(5);
  const auto plain = trustscore::score(setup.model, setup.store);
  CHECK(plain.contributions.empty());
  CHECK(plain.gains.empty());
  CHECK(plain.best_lever.empty());
  trustscore::ScoreOptions options;
  options.explain = true;
  const auto explained = trustscore::score(setup.model, setup.store, options);
  CHECK(plain.score == explained.score);
  CHECK(plain.lower == explained.lower);
  CHECK(plain.upper == explained.upper);
}
