// Profiles: named weight vectors along the customer journey.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"
#include "trustscore/profile.hpp"
#include "trustscore/score.hpp"

using trustscore::Model;
using trustscore::Profile;
using trustscore::Status;
using tstest::outcome_of;

TEST_CASE("the four built-in profiles exist and decision is the default", "[profiles]") {
  const std::vector<std::string> names = {"awareness", "consideration", "decision", "nurturing"};
  const auto builtins = trustscore::builtin_profiles();
  REQUIRE(builtins.size() == names.size());
  const Model model;
  REQUIRE(model.profiles().size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    INFO(names[i]);
    CHECK(builtins[i].name == names[i]);
    CHECK(builtins[i].weights.size() == 9u);
    CHECK_NOTHROW(trustscore::validate_profile(builtins[i], 9));
    CHECK(model.profile(names[i]).weights == builtins[i].weights);
    for (double w : builtins[i].weights) CHECK(w > 0);  // every factor counts somewhere
  }
  CHECK(std::string(trustscore::default_profile_name) == "decision");
  CHECK(model.default_profile() == "decision");
  CHECK(model.profile().name == "decision");
  // The decision stage weighs authenticity, data security and word of mouth most.
  const auto& d = model.profile().weights;
  CHECK(d[0] == 2.0);
  CHECK(d[3] == 2.0);
  CHECK(d[7] == 2.0);
}

TEST_CASE("profiles differ from each other", "[profiles]") {
  const auto builtins = trustscore::builtin_profiles();
  for (std::size_t i = 0; i < builtins.size(); ++i)
    for (std::size_t j = i + 1; j < builtins.size(); ++j)
      CHECK(builtins[i].weights != builtins[j].weights);
}

TEST_CASE("user-defined profiles are added, replaced and made default", "[profiles]") {
  Model model;
  const Profile launch{"launch", {1, 0, 0, 0, 0, 0, 0, 3, 0}};
  model.set_profile(launch);
  CHECK(model.profiles().size() == 5u);
  CHECK(model.profile("launch").weights == launch.weights);

  Profile replaced = launch;
  replaced.weights[1] = 2;
  model.set_profile(replaced);
  CHECK(model.profiles().size() == 5u);
  CHECK(model.profile("launch").weights[1] == 2);

  // Built-ins can be replaced too.
  Profile decision{"decision", std::vector<double>(9, 1.0)};
  model.set_profile(decision);
  CHECK(model.profile("decision").weights == decision.weights);
  CHECK(model.profiles().size() == 5u);

  model.set_default_profile("launch");
  CHECK(model.default_profile() == "launch");
  CHECK(model.profile().name == "launch");

  const auto unknown = outcome_of([&] { model.set_default_profile("nope"); });
  CHECK(unknown.status == Status::invalid_argument);
  CHECK(unknown.contains("nope"));
  CHECK(model.default_profile() == "launch");
  CHECK(outcome_of([&] { (void)model.profile("nope"); }).status == Status::invalid_argument);
}

TEST_CASE("invalid profiles are rejected and change nothing", "[profiles]") {
  Model model;
  const double nan = std::nan(""), inf = HUGE_VAL;
  const std::vector<Profile> bad = {
      {"p", std::vector<double>(8, 1.0)},            // too short
      {"p", std::vector<double>(10, 1.0)},           // too long
      {"p", {}},                                     // empty
      {"p", {1, 1, 1, -1, 1, 1, 1, 1, 1}},           // negative
      {"p", {1, 1, 1, 1, nan, 1, 1, 1, 1}},          // NaN
      {"p", {1, 1, 1, 1, 1, inf, 1, 1, 1}},          // infinite
      {"p", std::vector<double>(9, 0.0)},            // all zero
      {"", std::vector<double>(9, 1.0)},             // no name
      {"decision", {1, 1, 1, 1, 1, 1, 1, 1, -0.5}},  // bad replacement of a built-in
  };
  const auto before = model.profiles();
  for (std::size_t i = 0; i < bad.size(); ++i) {
    INFO("case " << i);
    CHECK(outcome_of([&] { trustscore::validate_profile(bad[i], 9); }).status ==
          Status::invalid_argument);
    CHECK(outcome_of([&] { model.set_profile(bad[i]); }).status == Status::invalid_argument);
    REQUIRE(model.profiles().size() == before.size());
    for (std::size_t p = 0; p < before.size(); ++p)
      CHECK(model.profiles()[p].weights == before[p].weights);
  }
  // Zero weights are fine as long as one weight is positive.
  CHECK_NOTHROW(model.set_profile({"only_experts", {0, 0, 0, 0, 0, 0, 1, 0, 0}}));
}

TEST_CASE("a custom factor gets a weight in every profile", "[profiles]") {
  Model model;
  model.set_profile({"launch", {1, 0, 0, 0, 0, 0, 0, 3, 0}});
  model.add_factor("innovation", "New ideas", {}, 1.5);
  REQUIRE(model.profiles().size() == 5u);
  for (const Profile& p : model.profiles()) {
    INFO(p.name);
    REQUIRE(p.weights.size() == 10u);
    CHECK(p.weights[9] == 1.5);
    CHECK_NOTHROW(trustscore::validate_profile(p, 10));
  }
  // The default weight of a new factor is 1.
  model.add_factor("celebrity");
  for (const Profile& p : model.profiles()) CHECK(p.weights.at(10) == 1.0);
  // Profiles for the old catalog size no longer fit.
  CHECK(outcome_of([&] {
          model.set_profile({"old", std::vector<double>(9, 1.0)});
        }).status == Status::invalid_argument);
  CHECK_NOTHROW(model.set_profile({"new", std::vector<double>(11, 1.0)}));
}

TEST_CASE("a score call uses the weights of the profile it names", "[profiles][score]") {
  // One entity with evidence on authenticity only: r = 3 (three positive
  // signals), s = 0, a = 0.5, W = 2, so p = (3 + 1) / 5 = 0.8 there and 0.5
  // (the base rate) on every other factor. With weights w the score is
  // 0.5 + (w_auth / sum w) * (0.8 - 0.5).
  Model model;
  model.set_profile({"auth_only", {1, 0, 0, 0, 0, 0, 0, 0, 0}});
  trustscore::EvidenceStore store(model);
  const std::string ids[] = {"e", "e", "e"};
  const std::int32_t factor[] = {0, 0, 0};
  const double value[] = {1, 1, 1};
  const double time[] = {1e9, 1e9, 1e9};
  trustscore::SignalBatch batch;
  batch.size = 3;
  batch.factor = factor;
  batch.value = value;
  batch.time = time;
  store.add(ids, batch);

  for (const Profile& p : model.profiles()) {
    INFO(p.name);
    double total = 0;
    for (double w : p.weights) total += w;
    trustscore::ScoreOptions options;
    options.profile = p.name;
    const auto s = trustscore::score(model, store, options);
    CHECK(s.score.at(0) == Approx(0.5 + p.weights[0] / total * 0.3).epsilon(1e-14));
    CHECK(s.baseline == Approx(0.5).epsilon(1e-14));
  }
  // auth_only: 0.5 + 1 * 0.3 = 0.8; decision (the default): 0.5 + 2/12.5 * 0.3 = 0.548.
  trustscore::ScoreOptions auth_only;
  auth_only.profile = "auth_only";
  CHECK(trustscore::score(model, store, auth_only).score[0] == Approx(0.8).epsilon(1e-14));
  CHECK(trustscore::score(model, store).score[0] == Approx(0.548).epsilon(1e-14));
  trustscore::ScoreOptions unknown;
  unknown.profile = "nope";
  CHECK(outcome_of([&] { trustscore::score(model, store, unknown); }).status ==
        Status::invalid_argument);
}
