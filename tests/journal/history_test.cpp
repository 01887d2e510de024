// History read from the journals (trustscore/history.hpp): each row's score
// equals a plain store's holding exactly the signals live then, for every
// model kind; times asked for; scores as of a past time; retraction by
// source; checkpoints with and without keep_history; bad requests.
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <thread>

#include "history_fixtures.hpp"

using namespace trustscore;
using namespace tstest::history;
using tstest::journal::ScratchDir;
namespace fs = std::filesystem;
using tstest::online::model_of;

namespace {

const ModelKind kAllKinds[] = {ModelKind::beta,      ModelKind::weighted_mean,
                               ModelKind::dirichlet, ModelKind::bayesian_average,
                               ModelKind::wilson,    ModelKind::subjective_logic,
                               ModelKind::logistic};

std::string kind_dir(const char* what, ModelKind kind) {
  return std::string(what) + "-" + std::to_string(int(kind));
}

bool same_history(const EntityHistory& a, const EntityHistory& b) {
  const auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!tstest::same_double(x[i], y[i])) return false;
    return true;
  };
  return a.entity == b.entity && a.factors == b.factors && same(a.time, b.time) &&
         a.event == b.event && a.factor == b.factor && same(a.value, b.value) &&
         same(a.weight, b.weight) && same(a.signal_time, b.signal_time) &&
         same(a.credibility, b.credibility) && a.source == b.source && same(a.score, b.score) &&
         same(a.lower, b.lower) && same(a.upper, b.upper) && same(a.change, b.change) &&
         same(a.contributions, b.contributions);
}

// Row `row` of h against the reference's only entity.
void check_row(const EntityHistory& h, std::size_t row, const Scores& ref) {
  INFO("row " << row << " (" << history_event_name(h.event[row]) << " at " << h.time[row] << ")");
  CHECK(near(h.score[row], ref.score[0]));
  CHECK(near(h.lower[row], ref.lower[0]));
  CHECK(near(h.upper[row], ref.upper[0]));
  for (std::size_t f = 0; f < h.factors; ++f)
    CHECK(near(h.contributions[row * h.factors + f], ref.contributions[f]));
}

}  // namespace

TEST_CASE("history of two signals and a retraction, computed by hand") {
  ScratchDir dir("history-hand");
  // Beta with all weight on factor 0 (half-life 10 days, negativity 1, base
  // rate a = 1/2, prior weight W = 2): score = (r + aW) / (r + s + W) = (r + 1) / (r + s + 2).
  Model m;
  FactorParams p;
  p.half_life_days = 10, p.negativity = 1, p.base_rate = 0.5, p.prior_weight = 2;
  m.set_params(0, p);
  Profile first;
  first.name = "first-only";
  first.weights.assign(m.factor_count(), 0.0);
  first.weights[0] = 1;
  m.set_profile(first);
  m.set_default_profile("first-only");
  auto j = JournaledStore::open(dir.store(), m, {Durability::none});
  const double now = wall_clock(), h = 10 * day;
  const double tA = now - 2 * h, tB = now - h;
  const std::string_view shop[] = {"shop"};
  const std::int32_t factor[] = {0};
  const double one[] = {1}, zero[] = {0}, two[] = {2}, at_a[] = {tA}, at_b[] = {tB};
  SignalBatch a;  // A: value 1, weight 2 at tA
  a.size = 1, a.factor = factor, a.value = one, a.weight = two, a.time = at_a;
  SignalBatch b;  // B: value 0, weight 1 at tB
  b.size = 1, b.factor = factor, b.value = zero, b.time = at_b;
  j.add(shop, a);
  j.add(shop, b);
  j.retract(shop, a);  // A taken back (now, R)
  const EntityHistory hist = entity_history(j, m, "shop");
  REQUIRE(hist.rows() == 3);
  CHECK(hist.event == std::vector<HistoryEvent>{HistoryEvent::added, HistoryEvent::added,
                                                HistoryEvent::retracted});
  CHECK(hist.time[0] == tA);
  CHECK(hist.time[1] == tB);
  const double R = hist.time[2];
  CHECK(R >= now);
  CHECK(R <= wall_clock());
  // Row 0, A at tA: r = 2, s = 0: (2 + 1)/(2 + 2) = 3/4; before it, no
  // evidence: 1/2; change 1/4.
  CHECK(near(hist.score[0], 0.75, 1e-12));
  CHECK(near(hist.change[0], 0.25, 1e-12));
  // Row 1, B at tB, A halved: r = 1, s = 1: 2/4 = 1/2; before, r = 1: 2/3;
  // change -1/6.
  CHECK(near(hist.score[1], 0.5, 1e-12));
  CHECK(near(hist.change[1], -1.0 / 6, 1e-12));
  // Row 2, A taken back at R: r = 0, s = 2^-((R - tB)/h): 1/(s + 2);
  // before, r = 2 * 2^-((R - tA)/h): (r + 1)/(r + s + 2).
  const double s = std::exp2(-(R - tB) / h), r = 2 * std::exp2(-(R - tA) / h);
  CHECK(near(hist.score[2], 1 / (s + 2), 1e-12));
  CHECK(near(hist.change[2], 1 / (s + 2) - (r + 1) / (r + s + 2), 1e-12));
  // The contribution of factor 0 is the score less its base rate; the rest 0.
  CHECK(near(hist.contributions[0], 0.25, 1e-12));
  for (std::size_t f = 1; f < hist.factors; ++f) CHECK(hist.contributions[f] == 0.0);
  for (std::size_t row = 0; row < 3; ++row) {
    CHECK(hist.lower[row] < hist.score[row]);
    CHECK(hist.score[row] < hist.upper[row]);
  }
  // The retraction row holds the signal it took back, defaults filled in.
  CHECK(hist.factor[2] == 0);
  CHECK(hist.value[2] == 1.0);
  CHECK(hist.weight[2] == 2.0);
  CHECK(hist.signal_time[2] == tA);
  CHECK(hist.credibility[2] == 1.0);
  CHECK(hist.source[2].empty());
  CHECK(hist.weight[1] == 1.0);  // B had no weight column
}

TEST_CASE("each history row scores as a store of the signals live then, for every kind") {
  // The cases the scenarios must meet: a signal taken back before its own
  // time (it never counts), calls of one time (ordered as journaled), and a
  // signal added after a removal but dated before it (the removal spares it).
  std::size_t never_live = 0, ties = 0, spared = 0;
  for (ModelKind kind : kAllKinds) {
    INFO("kind " << int(kind));
    const Model m = model_of(kind);
    ScratchDir dir(kind_dir("history-rows", kind));
    auto j = JournaledStore::open(dir.store(), m, {Durability::none});
    const Scenario sc = run_scenario(j, 20 + std::uint64_t(kind));
    for (const std::string id : {"e0", "e1", "e2"}) {
      INFO("entity " << id);
      const EntityHistory h = entity_history(j, m, id);
      REQUIRE(h.factors == m.factor_count());
      REQUIRE(h.contributions.size() == h.rows() * h.factors);
      for (std::size_t row = 1; row < h.rows(); ++row) CHECK(h.time[row - 1] <= h.time[row]);
      const SignalRows rows = signal_rows(h, sc);
      std::size_t events = rows.signal.size() + (id == "e1");  // e1's removal
      for (std::size_t k = 0; k < rows.signal.size(); ++k)
        events += sc.ended_by[rows.signal[k]] >= 0 &&
                  !sc.calls[std::size_t(sc.ended_by[rows.signal[k]])].removal;
      REQUIRE(h.rows() == events);
      for (std::size_t k = 0; k < rows.signal.size(); ++k) {
        never_live += rows.ended[k] < rows.added[k];
        for (std::size_t row = rows.added[k]; row < rows.ended[k] && row < h.rows(); ++row)
          spared += h.event[row] == HistoryEvent::removed;
      }
      for (std::size_t row = 1; row < h.rows(); ++row) ties += h.time[row - 1] == h.time[row];
      for (std::size_t row = 0; row < h.rows(); ++row) {
        std::vector<std::size_t> after, before;
        for (std::size_t k = 0; k < rows.signal.size(); ++k) {
          if (rows.added[k] <= row && rows.ended[k] > row) after.push_back(rows.signal[k]);
          if (rows.added[k] < row && rows.ended[k] >= row) before.push_back(rows.signal[k]);
        }
        const Scores ref = reference(m, sc.s, after, id, h.time[row]);
        check_row(h, row, ref);
        const Scores prior = reference(m, sc.s, before, id, h.time[row], false);
        CHECK(near(h.change[row], ref.score[0] - prior.score[0]));
      }
      // The last row, as of the newest time, is the journaled store's score.
      HistoryOptions at_end;
      at_end.times = {std::max(h.time.back(), j.store().latest_time())};
      const EntityHistory end = entity_history(j, m, id, at_end);
      ScoreOptions o;
      o.as_of = at_end.times[0];
      const Scores store = score_ids(m, j.store(), {id}, o);
      CHECK(near(end.score[0], store.score[0]));
      CHECK(near(end.lower[0], store.lower[0]));
      CHECK(near(end.upper[0], store.upper[0]));
    }
  }
  CHECK(never_live > 0);
  CHECK(ties > 0);
  CHECK(spared > 0);
}

TEST_CASE("history at times asked for: one row per time, in the order asked") {
  for (ModelKind kind : {ModelKind::beta, ModelKind::weighted_mean, ModelKind::dirichlet}) {
    INFO("kind " << int(kind));
    const Model m = model_of(kind);
    ScratchDir dir(kind_dir("history-times", kind));
    auto j = JournaledStore::open(dir.store(), m, {Durability::none});
    const Scenario sc = run_scenario(j, 40 + std::uint64_t(kind));
    for (const std::string id : {"e0", "e1"}) {
      const EntityHistory events = entity_history(j, m, id);
      const SignalRows rows = signal_rows(events, sc);
      HistoryOptions o;
      // After everything, before everything, exactly at an add and at the
      // last event (ties count the event), twice the same, out of order.
      o.times = {sc.now + 10 * day, sc.now - 40 * day,  events.time[2],
                 sc.now - 10 * day, events.time.back(), sc.now - 10 * day};
      const EntityHistory h = entity_history(j, m, id, o);
      REQUIRE(h.rows() == o.times.size());
      for (std::size_t row = 0; row < h.rows(); ++row) {
        CHECK(h.time[row] == o.times[row]);
        CHECK(h.event[row] == HistoryEvent::at_time);
        CHECK(h.change[row] == 0.0);
        CHECK(h.factor[row] == -1);
        CHECK(std::isnan(h.value[row]));
        CHECK(std::isnan(h.signal_time[row]));
        CHECK(h.source[row].empty());
        check_row(h, row, reference(m, sc.s, live_at(events, rows, o.times[row]), id, h.time[row]));
      }
      CHECK(tstest::same_double(h.score[3], h.score[5]));
      CHECK(near(h.score[4], events.score.back()));
    }
  }
}

TEST_CASE("scores as of a past time equal a store of the signals live then") {
  for (ModelKind kind : {ModelKind::beta, ModelKind::weighted_mean, ModelKind::dirichlet,
                         ModelKind::subjective_logic}) {
    INFO("kind " << int(kind));
    const Model m = model_of(kind);
    ScratchDir dir(kind_dir("history-asof", kind));
    auto j = JournaledStore::open(dir.store(), m, {Durability::none});
    const Scenario sc = run_scenario(j, 60 + std::uint64_t(kind));
    std::vector<EntityHistory> histories;
    std::vector<SignalRows> rows;
    for (const char* id : {"e0", "e1", "e2"}) {
      histories.push_back(entity_history(j, m, id));
      rows.push_back(signal_rows(histories.back(), sc));
    }
    const std::vector<std::string> ids = {"e2", "nobody", "e0", "e1"};
    const std::vector<std::string_view> views(ids.begin(), ids.end());
    for (double t : {sc.now - 20 * day, sc.now - day, sc.now + 10 * day, histories[0].time.back(),
                     histories[1].time.back()}) {
      INFO("as of " << t);
      EvidenceStore plain(m);
      for (std::size_t e = 0; e < 3; ++e) {
        plain.add_entity("e" + std::to_string(e));
        const Signals live = sc.s.permuted(live_at(histories[e], rows[e], t));
        if (live.size()) live.add_to(plain);
      }
      ScoreOptions o;
      o.as_of = t;
      o.explain = true;
      const Scores got = score_ids_as_of(j, m, views.data(), std::int64_t(views.size()), o);
      const Scores want = score_ids(m, plain, ids, o);
      CHECK(got.unknown == 1);
      CHECK(got.as_of == t);
      REQUIRE(got.entities == ids.size());
      REQUIRE(got.gains.size() == want.gains.size());
      for (std::size_t i = 0; i < ids.size(); ++i) {
        CHECK(near(got.score[i], want.score[i]));
        CHECK(near(got.lower[i], want.lower[i]));
        CHECK(near(got.upper[i], want.upper[i]));
      }
      for (std::size_t c = 0; c < want.contributions.size(); ++c) {
        CHECK(near(got.contributions[c], want.contributions[c]));
        CHECK(near(got.gains[c], want.gains[c]));
      }
    }
  }
}

TEST_CASE("retract_source takes back exactly the live signals the source gave") {
  const Model m = model_of(ModelKind::beta);
  ScratchDir dir("history-source");
  auto j = JournaledStore::open(dir.store(), m, {Durability::none});
  Scenario sc = run_scenario(j, 80);
  // Twins: equal signals from alice and bob in one batch; bob's must go, not
  // the earlier alice's.
  for (const char* who : {"alice", "bob"}) {
    sc.s.push("e0", 2, 1.0, 1.0, sc.now - day, 1.0);
    sc.source.emplace_back(who);
    sc.ended_by.push_back(-1);
  }
  sc.add(j, 90, 92);
  std::int64_t bobs = 0;
  for (std::size_t i = 0; i < sc.s.size(); ++i) bobs += sc.source[i] == "bob" && sc.ended_by[i] < 0;
  REQUIRE(bobs > 5);
  CHECK(retract_source(j, "bob") == bobs);

  // The store of every signal still live but bob's.
  EvidenceStore plain(m);
  for (const char* id : {"e0", "e1", "e2"}) plain.add_entity(id);
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < sc.s.size(); ++i)
    if (sc.source[i] != "bob" && sc.ended_by[i] < 0) kept.push_back(i);
  sc.s.permuted(kept).add_to(plain);
  const double t = j.store().latest_time();
  CHECK(j.store().signal_count() == plain.signal_count());
  for (const char* id : {"e0", "e1", "e2"}) {
    const auto e = std::size_t(j.store().find_entity(id));
    const auto pe = std::size_t(plain.find_entity(id));
    for (std::size_t f = 0; f < m.factor_count(); ++f) {
      INFO(id << " factor " << f);
      REQUIRE(j.store().cell_signal_count(e, f) == plain.cell_signal_count(pe, f));
      const double r = j.store().positive_mass(e, f, t), s = j.store().negative_mass(e, f, t);
      if (plain.cell_signal_count(pe, f) == 0) {  // emptied: exactly
        CHECK(r == 0.0);
        CHECK(s == 0.0);
      } else {
        CHECK(near(r, plain.positive_mass(pe, f, t), 1e-12));
        CHECK(near(s, plain.negative_mass(pe, f, t), 1e-12));
      }
    }
  }
  // Nothing of bob's is left: a second call journals nothing.
  const auto journal = dir.store() + "/journal-0000000000000000.tsj";
  const auto size = fs::file_size(journal);
  CHECK(retract_source(j, "bob") == 0);
  CHECK(retract_source(j, "nobody") == 0);
  CHECK(fs::file_size(journal) == size);

  // History shows bob's twin taken back, with bob as its source.
  const auto twin_rows = [&](const EntityHistory& h, HistoryEvent event) {
    std::vector<std::string> who;
    for (std::size_t r = 0; r < h.rows(); ++r)
      if (h.event[r] == event && row_holds(h, r, sc.s, 91)) who.push_back(h.source[r]);
    return who;
  };
  CHECK(twin_rows(entity_history(j, m, "e0"), HistoryEvent::retracted) ==
        std::vector<std::string>{"bob"});

  // Reopened (the index rebuilt from the journals), alice's twin is still hers.
  const EvidenceStore before = j.store();
  j.close();
  auto k = JournaledStore::open(dir.store());
  tstest::journal::require_same_store(k.store(), before);
  CHECK(retract_source(k, "alice") > 0);
  const EntityHistory h = entity_history(k, m, "e0");
  CHECK(twin_rows(h, HistoryEvent::added) == std::vector<std::string>{"alice", "bob"});
  CHECK(twin_rows(h, HistoryEvent::retracted) == std::vector<std::string>{"bob", "alice"});
}

TEST_CASE("a retraction that matches no single signal counts as the store counted it") {
  const Model m = model_of(ModelKind::beta);
  ScratchDir dir("history-unmatched");
  auto j = JournaledStore::open(dir.store(), m, {Durability::none});
  const double t = wall_clock() - 5 * day;
  const std::string_view shop[] = {"shop", "shop"};
  const std::int32_t factor[] = {0, 0};
  const double one[] = {1, 1}, w[] = {1, 1}, wide[] = {2}, at[] = {t, t};
  SignalBatch two;
  two.size = 2, two.factor = factor, two.value = one, two.weight = w, two.time = at;
  j.add(shop, two);
  SignalBatch both = two;  // one signal of weight 2: the sum of the two, not either
  both.size = 1, both.weight = wide;
  j.retract(shop, both);
  const double later[] = {t + day};
  SignalBatch third = two;
  third.size = 1, third.time = later;
  j.add(shop, third);
  const EntityHistory h = entity_history(j, m, "shop");
  REQUIRE(h.rows() == 4);
  CHECK(h.event[2] == HistoryEvent::added);  // the third, dated before the retraction
  CHECK(h.event[3] == HistoryEvent::retracted);
  HistoryOptions o;  // after the retraction: before it, the store cannot say
  o.times = {wall_clock(), wall_clock() + day};
  const EntityHistory end = entity_history(j, m, "shop", o);
  for (std::size_t row = 0; row < 2; ++row) {
    ScoreOptions so;
    so.as_of = o.times[row];
    CHECK(near(end.score[row], score_ids(m, j.store(), {"shop"}, so).score[0]));
  }
}

TEST_CASE("history across checkpoints: kept journals are read, removed ones are an error") {
  const Model m = model_of(ModelKind::beta);
  SECTION("keep_history") {
    ScratchDir dir("history-keep");
    JournalOptions keep{Durability::none};
    keep.keep_history = true;
    EntityHistory live;
    {
      auto j = JournaledStore::open(dir.store(), m, keep);
      Scenario sc = run_scenario(j, 90);
      const EntityHistory first = entity_history(j, m, "e0");  // the index reads journal 0
      j.checkpoint();
      for (int i = 0; i < 10; ++i) {
        sc.s.push("e0", i % 9, 0.5, 1.0, sc.now - i * day);
        sc.source.emplace_back("dave");
        sc.ended_by.push_back(-1);
      }
      sc.add(j, 90, 95);
      sc.retract(j, {90});
      j.checkpoint();
      sc.add(j, 95, 100);
      live = entity_history(j, m, "e0");  // extended from journal 0 through 2
      CHECK(live.rows() == first.rows() + 11);
      const SignalRows rows = signal_rows(live, sc);
      CHECK(rows.signal.size() > 10);
    }
    auto j = JournaledStore::open(dir.store(), keep);
    CHECK(same_history(entity_history(j, m, "e0"), live));
  }
  SECTION("without keep_history") {
    ScratchDir dir("history-nokeep");
    auto j = JournaledStore::open(dir.store(), m, {Durability::none});
    run_scenario(j, 91);
    j.checkpoint();
    const auto removed = [](const tstest::Outcome& o) {
      return o.status == Status::invalid_argument &&
             o.contains("journal-0000000000000000.tsj is gone") && o.contains("keep_history");
    };
    CHECK(removed(tstest::outcome_of([&] { entity_history(j, m, "e0"); })));
    const std::string_view e0[] = {"e0"};
    ScoreOptions o;
    o.as_of = wall_clock();
    CHECK(removed(tstest::outcome_of([&] { score_ids_as_of(j, m, e0, 1, o); })));
    CHECK(removed(tstest::outcome_of([&] { retract_source(j, "bob"); })));
  }
}

TEST_CASE("bad history requests are errors") {
  const Model m = model_of(ModelKind::beta);
  ScratchDir dir("history-bad");
  auto j = JournaledStore::open(dir.store(), m, {Durability::none});
  run_scenario(j, 92);
  CHECK_THROWS_WITH(entity_history(j, m, "nobody"), Catch::Contains("'nobody' is not in the"));
  HistoryOptions o;
  o.times = {wall_clock(), std::nan("")};
  CHECK_THROWS_WITH(entity_history(j, m, "e0", o), Catch::Contains("times[1]"));
  o.times = {HUGE_VAL};
  CHECK_THROWS_WITH(entity_history(j, m, "e0", o), Catch::Contains("times[0]"));
  o.times.clear();
  o.confidence = 1.5;
  CHECK_THROWS_WITH(entity_history(j, m, "e0", o), Catch::Contains("confidence"));
  o.confidence = 0.95;
  o.profile = "nope";
  CHECK_THROWS_WITH(entity_history(j, m, "e0", o), Catch::Contains("unknown profile"));
  Model other;
  other.add_factor("extra");
  CHECK_THROWS_WITH(entity_history(j, other, "e0"), Catch::Contains("factors differ"));

  const std::string_view ids[] = {"e0"};
  ScoreOptions so;  // as_of NaN
  CHECK_THROWS_WITH(score_ids_as_of(j, m, ids, 1, so), Catch::Contains("as_of is required"));
  so.as_of = -HUGE_VAL;
  CHECK_THROWS_WITH(score_ids_as_of(j, m, ids, 1, so), Catch::Contains("as_of is required"));
  so.as_of = wall_clock();
  CHECK_THROWS_WITH(score_ids_as_of(j, m, ids, -1, so), Catch::Contains("negative"));
  CHECK_THROWS_WITH(score_ids_as_of(j, m, nullptr, 1, so), Catch::Contains("null"));
  CHECK(score_ids_as_of(j, m, nullptr, 0, so).entities == 0);
  CHECK_THROWS_WITH(retract_source(j, ""), Catch::Contains("source is empty"));
  CHECK(std::string(history_event_name(HistoryEvent::at_time)) == "at_time");

  j.close();
  CHECK_THROWS_WITH(entity_history(j, m, "e0"), Catch::Contains("closed"));
  CHECK_THROWS_WITH(score_ids_as_of(j, m, ids, 1, so), Catch::Contains("closed"));
  CHECK_THROWS_WITH(retract_source(j, "bob"), Catch::Contains("closed"));
}

TEST_CASE("history calls run while other threads add and retract") {
  const Model m = model_of(ModelKind::beta);
  ScratchDir dir("history-threads");
  auto j = JournaledStore::open(dir.store(), m, {Durability::none});
  const double now = wall_clock();
  std::atomic<bool> done{false};
  std::thread writer([&] {
    std::mt19937_64 rng(5);
    for (int b = 0; b < 200; ++b) {
      Signals s;
      std::vector<std::string_view> from;
      for (int i = 0; i < 10; ++i) {
        s.push("e" + std::to_string(rng() % 2), std::int32_t(rng() % 9), 0.5, 1.0,
               now - double(rng() % 1000) * 60);
        from.emplace_back(i % 2 ? "odd" : "even");
      }
      const auto ids = tstest::journal::views(s.ids, 0, 10);
      j.add(ids.data(), tstest::online::batch_of(s, 0, 10), from.data());
      if (b % 10 == 9) retract_source(j, "odd");
    }
    done = true;
  });
  std::size_t seen = 0, calls = 0;
  while (!done || calls == 0) {
    try {
      const EntityHistory h = entity_history(j, m, "e0");
      CHECK(h.rows() >= seen);  // the index only grows
      seen = h.rows();
    } catch (const Error& e) {  // before the writer's first add names e0
      CHECK(std::string(e.what()).find("not in the journals") != std::string::npos);
    }
    ++calls;
  }
  writer.join();
  // Every add of e0 and every retraction of its odd signals, once.
  const EntityHistory h = entity_history(j, m, "e0");
  std::size_t added = 0, retracted = 0;
  for (std::size_t r = 0; r < h.rows(); ++r) {
    added += h.event[r] == HistoryEvent::added;
    retracted += h.event[r] == HistoryEvent::retracted;
    if (h.event[r] == HistoryEvent::retracted) CHECK(h.source[r] == "odd");
  }
  const std::size_t e = std::size_t(j.store().find_entity("e0"));
  std::int64_t live = 0;
  for (std::size_t f = 0; f < m.factor_count(); ++f) live += j.store().cell_signal_count(e, f);
  CHECK(std::int64_t(added - retracted) == live);
  CHECK(retracted > 0);
  ScoreOptions o;
  o.as_of = wall_clock();
  const std::string_view e0[] = {"e0"};
  CHECK(
      near(score_ids_as_of(j, m, e0, 1, o).score[0], score_ids(m, j.store(), {"e0"}, o).score[0]));
}
