// Scoring chosen entities: every kind, with and without explanations, for 1,
// 16 and 10,000 entities, equals the same rows of scoring the whole store bit
// for bit; unknown ids score as entities without evidence; bad requests are
// errors.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "online_fixtures.hpp"

using namespace trustscore;
using namespace tstest::online;
using tstest::outcome_of;

namespace {

// n indices into a store of `entities`: random, with repeats, and always the
// first and the last entity (the last sits in a partial block).
std::vector<std::int64_t> chosen_rows(std::uint64_t seed, std::size_t n, std::size_t entities) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> pick(0, static_cast<std::int64_t>(entities) - 1);
  std::vector<std::int64_t> rows{static_cast<std::int64_t>(entities) - 1};
  if (n > 1) rows.push_back(0);
  while (rows.size() < n) rows.push_back(pick(rng));
  return rows;
}

}  // namespace

TEST_CASE("chosen entities score as their rows of the whole store, bit for bit", "[online]") {
  for (ModelKind kind : all_model_kinds) {
    const Model model = model_of(kind);
    EvidenceStore store(model);
    random_signals(1, 60000, 20000, model.factor_count()).add_to(store);
    const std::size_t kEntities = store.entity_count();
    REQUIRE(kEntities % 512 != 0);  // a partial last block
    for (bool explain : {false, true}) {
      ScoreOptions options;
      options.explain = explain;
      const Scores whole = score(model, store, options);
      for (std::size_t n : {1, 16, 10000}) {
        INFO(model_kind_name(kind) << (explain ? " explained" : "") << ", " << n << " entities");
        const auto rows = chosen_rows(n, n, kEntities);
        const Scores expected = rows_of(whole, rows);
        const Scores by_index = score_entities(model, store, rows, options);
        CHECK(by_index.entities == n);
        CHECK(same_scores(by_index, expected));
        std::vector<std::string> ids;
        for (std::int64_t e : rows) ids.push_back(store.entity_id(static_cast<std::size_t>(e)));
        const Scores by_id = score_ids(model, store, ids, options);
        CHECK(by_id.unknown == 0);
        CHECK(same_scores(by_id, expected));
      }
    }
  }
}

TEST_CASE("ids the store does not hold score as entities without evidence", "[online]") {
  for (ModelKind kind : all_model_kinds) {
    INFO(model_kind_name(kind));
    const Model model = model_of(kind);
    EvidenceStore store(model);
    random_signals(2, 300, 40, model.factor_count()).add_to(store);
    // The reference: the same store with "nobody" added, without evidence.
    EvidenceStore with_nobody = store;
    const std::int64_t nobody = with_nobody.add_entity("nobody");
    ScoreOptions options;
    options.explain = true;
    const Scores whole = score(model, with_nobody, options);
    const std::vector<std::string> ids{"nobody", "e3", "nobody", "e3"};
    std::vector<std::int64_t> index(ids.size(), 7);
    std::vector<double> s(4), lo(4), hi(4), con(4 * 9), gain(4 * 9);
    std::vector<std::int32_t> best(4);
    const KernelOutput<double> out{s.data(),   lo.data(),   hi.data(),
                                   con.data(), gain.data(), best.data()};
    const ScoreSummary summary =
        score_ids_into(model, store, ids.data(), 4, options, out, index.data());
    CHECK(summary.unknown == 2);
    const std::int64_t e3 = store.find_entity("e3");
    CHECK(index == std::vector<std::int64_t>{-1, e3, -1, e3});
    CHECK(tstest::same_double(summary.baseline, whole.baseline));
    for (std::size_t i : {0, 2}) {
      CHECK(tstest::same_double(s[i], whole.score[nobody]));
      CHECK(tstest::same_double(lo[i], whole.lower[nobody]));
      CHECK(tstest::same_double(hi[i], whole.upper[nobody]));
      CHECK(best[i] == whole.best_lever[nobody]);
      for (std::size_t f = 0; f < 9; ++f) {
        CHECK(tstest::same_double(con[i * 9 + f], whole.contributions[nobody * 9 + f]));
        CHECK(tstest::same_double(gain[i * 9 + f], whole.gains[nobody * 9 + f]));
      }
    }
    CHECK(tstest::same_double(s[1], whole.score[e3]));
    // The store did not learn the unknown id.
    CHECK(store.find_entity("nobody") == -1);
  }
}

TEST_CASE("beta: evidence near overflow scores each chosen entity with its own block", "[online]") {
  // One entity with a mass near 1e200 sends its block to the exact path; the
  // chosen entities of that block, and of the next, keep their rows.
  const Model model = model_of(ModelKind::beta);
  EvidenceStore store(model);
  random_signals(3, 3000, 1100, model.factor_count()).add_to(store);
  const std::int64_t big = store.find_entity("e5");
  const double w = 1e200, t = store.latest_time(), v = 0.5;
  const std::int32_t f = 0;
  SignalBatch b;
  b.size = 1;
  b.entity = &big;
  b.factor = &f;
  b.value = &v;
  b.weight = &w;
  b.time = &t;
  store.add(b);
  for (bool explain : {false, true}) {
    ScoreOptions options;
    options.explain = explain;
    const Scores whole = score(model, store, options);
    std::vector<std::int64_t> rows{big, (big + 1) % 512, 700,
                                   std::int64_t(store.entity_count()) - 1, big};
    CHECK(same_scores(score_entities(model, store, rows, options), rows_of(whole, rows)));
  }
}

TEST_CASE("chosen entities: bad requests are errors", "[online]") {
  const Model model = model_of(ModelKind::beta);
  EvidenceStore store(model);
  random_signals(4, 100, 10, model.factor_count()).add_to(store);
  std::vector<double> s(2);
  const KernelOutput<double> out{s.data()};
  for (std::int64_t bad : {std::int64_t(-1), std::int64_t(10), std::int64_t(1) << 40}) {
    const std::int64_t rows[] = {0, bad};
    const auto o = outcome_of([&] { score_entities_into(model, store, rows, 2, {}, out); });
    CHECK(o.status == Status::invalid_argument);
    CHECK(o.contains("entities[1]: entity index " + std::to_string(bad) + " out of range [0, 10)"));
  }
  CHECK(outcome_of([&] {
          score_entities_into(model, store, nullptr, 1, {}, out);
        }).contains("entities is null"));
  const std::int64_t one = 0;
  CHECK(outcome_of([&] {
          score_entities_into(model, store, &one, -1, {}, out);
        }).contains("entity count is negative"));
  const char* const* no_ids = nullptr;
  CHECK(outcome_of([&] {
          score_ids_into(model, store, no_ids, 1, {}, out);
        }).contains("entity ids are null"));
  // A model whose factors differ from the store's.
  Model other = model_of(ModelKind::beta);
  other.add_factor("extra", "");
  CHECK(outcome_of([&] {
          score_entities_into(other, store, &one, 1, {}, out);
        }).contains("factors differ"));
  // Nothing to score is fine.
  CHECK(score_entities(model, store, {}).entities == 0);
}
