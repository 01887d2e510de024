// The factor catalog: the nine built-ins in DESIGN.md's order, custom factors
// and the validation of their ids.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/factors.hpp"
#include "trustscore/model.hpp"

using trustscore::FactorCatalog;
using trustscore::Status;
using tstest::outcome_of;

TEST_CASE("the nine built-in factors have DESIGN.md's ids, order and descriptions", "[factors]") {
  const std::vector<std::string> expected = {
      "authenticity",   "third_party_endorsement", "values",  "data_security",
      "data_points",    "official_backing",        "experts", "koc_word_of_mouth",
      "service_details"};
  REQUIRE(trustscore::builtin_factor_count == 9u);
  const auto& builtins = trustscore::builtin_factors();
  REQUIRE(builtins.size() == expected.size());
  const FactorCatalog catalog;
  REQUIRE(catalog.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("factor " << i);
    CHECK(builtins[i].id == expected[i]);
    CHECK(catalog[i].id == expected[i]);
    CHECK_FALSE(builtins[i].description.empty());
    CHECK(catalog[i].description == builtins[i].description);
    CHECK(catalog.find(expected[i]) == static_cast<std::int64_t>(i));
    CHECK(catalog.index_of(expected[i]) == i);
  }
}

TEST_CASE("unknown factors are not found", "[factors]") {
  const FactorCatalog catalog;
  CHECK(catalog.find("innovation") == -1);
  CHECK(catalog.find("") == -1);
  CHECK(catalog.find("Authenticity") == -1);  // ids are case-sensitive
  const auto o = outcome_of([&] { (void)catalog.index_of("innovation"); });
  CHECK(o.status == Status::invalid_argument);
  CHECK(o.contains("innovation"));
  CHECK_THROWS_AS(catalog[9], std::out_of_range);
}

TEST_CASE("custom factors are appended after the built-ins", "[factors]") {
  FactorCatalog catalog;
  CHECK(catalog.add("innovation", "New products and ideas") == 9u);
  CHECK(catalog.add("promise_keeping") == 10u);
  REQUIRE(catalog.size() == 11u);
  CHECK(catalog[9].id == "innovation");
  CHECK(catalog[9].description == "New products and ideas");
  CHECK(catalog[10].id == "promise_keeping");
  CHECK(catalog.find("promise_keeping") == 10);
  CHECK(catalog.all().size() == 11u);

  // Catalogs are equal when they have the same ids in the same order.
  FactorCatalog other;
  CHECK(other != catalog);
  other.add("innovation");
  other.add("promise_keeping");
  CHECK(other == catalog);
  FactorCatalog swapped;
  swapped.add("promise_keeping");
  swapped.add("innovation");
  CHECK(swapped != catalog);
}

TEST_CASE("custom factor ids are validated", "[factors]") {
  const std::string max_len(trustscore::max_factor_id_length, 'a');
  REQUIRE(trustscore::max_factor_id_length == 64u);

  SECTION("valid ids: [a-z0-9_], 1 to 64 characters") {
    for (const std::string& id : {std::string("x"), std::string("celebrity"),
                                  std::string("trans_parency_2"), std::string("0"), max_len}) {
      INFO(id);
      CHECK_NOTHROW(trustscore::validate_factor_id(id));
      FactorCatalog catalog;
      CHECK(catalog.add(id) == 9u);
    }
  }

  SECTION("invalid ids throw invalid_argument and leave the catalog unchanged") {
    const std::vector<std::string> bad = {"",
                                          max_len + "a",
                                          "Innovation",
                                          "inno-vation",
                                          "inno vation",
                                          "inno.v",
                                          "caf\xC3\xA9",
                                          "tab\t",
                                          "new\nline",
                                          std::string("nul\0x", 5),
                                          "x/y",
                                          "A"};
    for (const std::string& id : bad) {
      INFO("id '" << id << "'");
      CHECK(outcome_of([&] { trustscore::validate_factor_id(id); }).status ==
            Status::invalid_argument);
      FactorCatalog catalog;
      CHECK(outcome_of([&] { catalog.add(id); }).status == Status::invalid_argument);
      CHECK(catalog.size() == 9u);
    }
    CHECK(outcome_of([] { trustscore::validate_factor_id(""); }).contains("empty"));
    CHECK(outcome_of([&] { trustscore::validate_factor_id(max_len + "a"); }).contains("64"));
  }

  SECTION("duplicates of built-in and of custom ids are rejected") {
    FactorCatalog catalog;
    const auto dup_builtin = outcome_of([&] { catalog.add("values"); });
    CHECK(dup_builtin.status == Status::invalid_argument);
    CHECK(dup_builtin.contains("values"));
    catalog.add("innovation");
    CHECK(outcome_of([&] { catalog.add("innovation"); }).status == Status::invalid_argument);
    CHECK(catalog.size() == 10u);
  }
}

TEST_CASE("Model::add_factor validates id, parameters and weight before changing anything",
          "[factors][model]") {
  trustscore::Model model;
  trustscore::FactorParams bad_params;
  bad_params.prior_weight = 0;
  CHECK(outcome_of([&] { model.add_factor("innovation", "", bad_params); }).status ==
        Status::invalid_argument);
  CHECK(outcome_of([&] { model.add_factor("innovation", "", {}, -1.0); }).status ==
        Status::invalid_argument);
  CHECK(outcome_of([&] { model.add_factor("innovation", "", {}, std::nan("")); }).status ==
        Status::invalid_argument);
  CHECK(outcome_of([&] { model.add_factor("Bad-Id"); }).status == Status::invalid_argument);
  CHECK(outcome_of([&] { model.add_factor("experts"); }).status == Status::invalid_argument);
  CHECK(model.factor_count() == 9u);
  CHECK(model.all_params().size() == 9u);
  for (const auto& p : model.profiles()) CHECK(p.weights.size() == 9u);

  trustscore::FactorParams params;
  params.half_life_days = 30;
  params.base_rate = 0.3;
  CHECK(model.add_factor("innovation", "New ideas", params, 0.75) == 9u);
  CHECK(model.factor_count() == 10u);
  CHECK(model.factors()[9].description == "New ideas");
  CHECK(model.params(9).half_life_days == 30);
  CHECK(model.params(9).base_rate == 0.3);
}

TEST_CASE("factor parameters are validated", "[factors][model]") {
  trustscore::Model model;
  const auto with = [](auto change) {
    trustscore::FactorParams p;
    change(p);
    return p;
  };
  const double nan = std::nan(""), inf = HUGE_VAL;
  const std::vector<trustscore::FactorParams> bad = {
      with([](auto& p) { p.half_life_days = 0; }),    with([](auto& p) { p.half_life_days = -1; }),
      with([&](auto& p) { p.half_life_days = nan; }), with([](auto& p) { p.negativity = 0; }),
      with([&](auto& p) { p.negativity = inf; }),     with([&](auto& p) { p.negativity = nan; }),
      with([](auto& p) { p.base_rate = -0.01; }),     with([](auto& p) { p.base_rate = 1.01; }),
      with([&](auto& p) { p.base_rate = nan; }),      with([](auto& p) { p.prior_weight = 0; }),
      with([&](auto& p) { p.prior_weight = inf; }),
  };
  const trustscore::FactorParams before = model.params(3);
  for (std::size_t i = 0; i < bad.size(); ++i) {
    INFO("case " << i);
    CHECK(outcome_of([&] { model.set_params(3, bad[i]); }).status == Status::invalid_argument);
    CHECK(model.params(3).half_life_days == before.half_life_days);
    CHECK(model.params(3).negativity == before.negativity);
  }
  // An infinite half-life means "never decays" and is allowed.
  CHECK_NOTHROW(model.set_params(3, with([&](auto& p) { p.half_life_days = inf; })));
  CHECK(outcome_of([&] { model.set_params(9, {}); }).status == Status::invalid_argument);
  CHECK(outcome_of([&] { (void)model.params(9); }).status == Status::invalid_argument);
}

TEST_CASE("built-in factor defaults are documented values", "[factors][model]") {
  const trustscore::FactorParams defaults;
  CHECK(defaults.negativity == 2.0);  // > 1: trust falls faster than it rises
  CHECK(defaults.negativity > 1.0);
  CHECK(defaults.base_rate == 0.5);
  CHECK(defaults.prior_weight == 2.0);
  const trustscore::Model model;
  const double half_lives[] = {365, 365, 730, 730, 180, 1095, 365, 180, 90};
  for (std::size_t f = 0; f < 9; ++f) {
    INFO("factor " << f);
    CHECK(model.params(f).half_life_days == half_lives[f]);
    CHECK(model.params(f).negativity == 2.0);
  }
}
