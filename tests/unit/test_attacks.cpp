// Attack scenarios: which entities each attack targets, what it injects and
// when, seeded reproducibility, and that the rows are signals the CSV reader
// takes.
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/eval/attacks.hpp"
#include "trustscore/model.hpp"

using namespace trustscore;
using tstest::outcome_of;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

const std::vector<std::string> ranked{"e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"};
constexpr double now = 1790000000;

}  // namespace

TEST_CASE("attacks: targets and injected signals", "[attacks]") {
  AttackOptions o;
  o.targets = 2;
  o.fake_signals = 7;
  const AttackPlan sybil = plan_attack(Attack::sybil, ranked, now, o);
  CHECK(sybil.targets == std::vector<std::string>{"e4", "e5"});  // the middle of the ranking
  CHECK(sybil.setup.empty());
  const auto rows = lines(sybil.rows);
  REQUIRE(rows.size() == 14u);
  for (const auto& row : rows) {
    const bool targeted = row.rfind("e4,koc_word_of_mouth,1,1,", 0) == 0 ||
                          row.rfind("e5,koc_word_of_mouth,1,1,", 0) == 0;
    CHECK(targeted);
    CHECK(row.find(",koc:attack-1-") != std::string::npos);
  }
  CHECK(sybil.start == now + 86400);
  CHECK((sybil.end > sybil.start && sybil.end <= sybil.start + 2 * 86400));

  const AttackPlan smear = plan_attack(Attack::smear, ranked, now, o);
  CHECK(smear.targets == std::vector<std::string>{"e0", "e1"});  // the top
  CHECK(smear.rows.find(",koc_word_of_mouth,0,1,") != std::string::npos);

  const AttackPlan ring = plan_attack(Attack::collusion, ranked, now, o);
  CHECK(lines(ring.rows).size() == 7u * 8u * 2u);  // 7 rounds, 8 sources, 2 targets
  CHECK(ring.rows.find(",third_party_endorsement,1,1.5,") != std::string::npos);

  const AttackPlan sleeper = plan_attack(Attack::sleeper, ranked, now, o);
  CHECK(sleeper.targets == std::vector<std::string>{"sleeper-1-0", "sleeper-1-1"});
  CHECK(sleeper.start == now + 181 * 86400.0);                              // the turn
  CHECK(sleeper.setup.find(",koc_word_of_mouth,0,") == std::string::npos);  // good months
  CHECK(sleeper.rows.find(",koc_word_of_mouth,1,") == std::string::npos);   // then bad only
  CHECK(sleeper.end < sleeper.start + 31 * 86400.0);

  // The same seed gives the same attack; another seed another one.
  CHECK(plan_attack(Attack::sybil, ranked, now, o).rows == sybil.rows);
  o.seed = 2;
  CHECK(plan_attack(Attack::sybil, ranked, now, o).rows != sybil.rows);
}

TEST_CASE("attacks: rows are signals the CSV reader takes", "[attacks][csv]") {
  const Model model;
  EvidenceStore store(model);
  for (Attack a : all_attacks) {
    const AttackPlan p = plan_attack(a, ranked, now);
    const CsvReport r = ingest_csv_text(
        store, "entity,factor,value,weight,time,source\n" + p.setup + p.rows, attack_name(a));
    CHECK(r.signals == static_cast<std::int64_t>(lines(p.setup + p.rows).size()));
    CHECK(r.skipped == 0);
    CHECK(store.latest_time() >= p.end);
  }
}

TEST_CASE("attacks: errors", "[attacks][errors]") {
  AttackOptions o;
  o.targets = 11;
  CHECK(outcome_of([&] {
          plan_attack(Attack::sybil, ranked, now, o);
        }).contains("11 targets but only 10 entities"));
  CHECK(outcome_of([&] { plan_attack(Attack::sleeper, ranked, now, o); }).message.empty());
  CHECK(outcome_of([] {
          plan_attack(Attack::smear, ranked, std::nan(""));
        }).contains("no signal time"));
  o.targets = 0;
  CHECK(outcome_of([&] { plan_attack(Attack::smear, ranked, now, o); }).contains("must be >= 1"));
  CHECK(attack_from_name("collusion") == Attack::collusion);
  CHECK(outcome_of([] { attack_from_name("ddos"); }).contains("unknown attack 'ddos'"));
}
