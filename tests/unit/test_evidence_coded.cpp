// EvidenceStore::add_coded: entities as codes into a table of ids (what a
// pandas categorical and the CSV reader hold) give the store that adding the
// same signals by id gives, bit for bit; bad codes change nothing.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "evidence_signals.hpp"
#include "test_helpers.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"

using trustscore::EvidenceStore;
using trustscore::Model;
using trustscore::SignalBatch;
using trustscore::Status;
using tstest::StoreSnapshot;
using namespace tstest::evidence;

namespace {

// Signals about ids drawn from a table (with a duplicate and an id no signal
// uses), as codes and as the ids themselves.
struct CodedSignals {
  std::vector<std::string> table{"a", "bb", "ccc", "unused", "bb", "d"};
  std::vector<std::int64_t> codes;
  Signals by_id;

  explicit CodedSignals(int n, unsigned seed = 5) {
    std::mt19937 rng(seed);
    const std::int64_t used[] = {0, 1, 2, 4, 5};
    for (int i = 0; i < n; ++i) {
      const std::int64_t c = used[rng() % 5];
      codes.push_back(c);
      by_id.push(table[c], static_cast<std::int32_t>(rng() % 9), (rng() % 5) / 4.0, 1 + rng() % 3,
                 T0 + day * (rng() % 400), 0.5 + (rng() % 2) / 2.0);
    }
  }
  SignalBatch batch() const {
    SignalBatch b;
    b.size = static_cast<std::int64_t>(codes.size());
    b.factor = by_id.factor.data();
    b.value = by_id.value.data();
    b.weight = by_id.weight.data();
    b.time = by_id.time.data();
    b.credibility = by_id.credibility.data();
    return b;
  }
};

}  // namespace

TEST_CASE("add_coded equals adding the same signals by id, bit for bit", "[evidence][coded]") {
  Model model;
  const CodedSignals sig(2000);  // several chunks of kAddChunk
  EvidenceStore by_id(model), coded(model);
  by_id.add_entity("d");  // an id the store holds already keeps its index
  coded.add_entity("d");
  sig.by_id.add_to(by_id);
  coded.add_coded(sig.table.data(), std::int64_t(sig.table.size()), sig.codes.data(), sig.batch());
  CHECK(StoreSnapshot(coded) == StoreSnapshot(by_id));
  CHECK(coded.entity_count() == 4);  // d, then a, bb, ccc in order of use; never "unused"
  CHECK(coded.find_entity("unused") == -1);
  CHECK(coded.find_entity("d") == 0);

  SECTION("string_view tables work as std::string ones") {
    std::vector<std::string_view> views(sig.table.begin(), sig.table.end());
    EvidenceStore from_views(model);
    from_views.add_entity("d");
    from_views.add_coded(views.data(), std::int64_t(views.size()), sig.codes.data(), sig.batch());
    CHECK(StoreSnapshot(from_views) == StoreSnapshot(by_id));
  }
}

TEST_CASE("add_coded: bad codes and ids change nothing", "[evidence][coded][errors]") {
  Model model;
  CodedSignals sig(300);
  EvidenceStore store(model);
  sig.by_id.add_to(store, 0, 10);
  const StoreSnapshot before(store);
  const auto n = std::int64_t(sig.table.size());

  SECTION("a code past the table, named with its signal") {
    sig.codes[290] = n;
    CHECK_THROWS_WITH(store.add_coded(sig.table.data(), n, sig.codes.data(), sig.batch()),
                      Catch::Contains("signal 290") && Catch::Contains("entity code 6"));
  }
  SECTION("a negative code") {
    sig.codes[3] = -1;
    CHECK_THROWS_WITH(store.add_coded(sig.table.data(), n, sig.codes.data(), sig.batch()),
                      Catch::Contains("signal 3"));
  }
  SECTION("an empty id that a signal uses") {
    sig.table[2] = "";
    sig.codes[7] = 2;
    CHECK_THROWS_WITH(store.add_coded(sig.table.data(), n, sig.codes.data(), sig.batch()),
                      Catch::Contains("entity id is empty"));
  }
  SECTION("a bad signal after new ids") {
    sig.by_id.value[299] = 1.5;
    CHECK_THROWS(store.add_coded(sig.table.data(), n, sig.codes.data(), sig.batch()));
  }
  SECTION("null codes") {
    CHECK(tstest::outcome_of([&] {
            store.add_coded(sig.table.data(), n, nullptr, sig.batch());
          }).status == Status::invalid_argument);
  }
  CHECK(StoreSnapshot(store) == before);
}

TEST_CASE("add_coded: an empty id no signal uses is not an error", "[evidence][coded]") {
  Model model;
  EvidenceStore store(model);
  const std::string table[] = {"", "x"};
  const std::int64_t codes[] = {1, 1};
  const std::int32_t factor[] = {0, 1};
  const double value[] = {1.0, 0.0};
  SignalBatch b;
  b.size = 2, b.factor = factor, b.value = value;
  store.add_coded(table, 2, codes, b, trustscore::IngestOptions{T0});
  CHECK(store.entity_count() == 1);
  CHECK(store.signal_count() == 2);
}
