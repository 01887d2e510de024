// Scores the bundled merchant data (examples/merchants.csv) with the C++ API:
// ingest the CSV into an evidence store, score every merchant under the
// "decision" profile with explanations, print the top and bottom of the
// ranking, and check a few facts so the test fails if scoring goes wrong.
//
//   example_score_merchants examples/merchants.csv
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "trustscore/trustscore.hpp"

namespace ts = trustscore;

static int check_failed(const std::string& what) {
  std::fprintf(stderr, "check failed: %s\n", what.c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SIGNALS.csv\n", argv[0]);
    return 2;
  }
  try {
    const ts::Model model;  // nine built-in factors, default half-lives and profiles
    ts::EvidenceStore store(model);
    const ts::CsvReport report = ts::ingest_csv_file(store, argv[1]);

    ts::ScoreOptions options;
    options.profile = "decision";
    options.explain = true;
    const ts::Scores s = ts::score(model, store, options);

    const std::size_t n = s.entities, nf = s.factors;
    std::printf("%lld signals, %zu merchants, scored as of %s, baseline %.4f\n",
                static_cast<long long>(report.signals), n, ts::format_time(s.as_of).c_str(),
                s.baseline);

    std::vector<std::size_t> rank(n);  // entity indices, best first
    std::iota(rank.begin(), rank.end(), std::size_t{0});
    std::stable_sort(rank.begin(), rank.end(),
                     [&](std::size_t a, std::size_t b) { return s.score[a] > s.score[b]; });
    const auto print = [&](std::size_t pos) {
      const std::size_t e = rank[pos];
      const int lever = s.best_lever[e];
      std::printf("%4zu  %-26s %.4f  [%.4f, %.4f]  %s\n", pos + 1, store.entity_id(e).c_str(),
                  s.score[e], s.lower[e], s.upper[e],
                  lever < 0 ? "-" : model.factors()[static_cast<std::size_t>(lever)].id.c_str());
    };
    std::printf("\n rank entity                     score  95%% interval       best lever\n");
    for (std::size_t i = 0; i < std::min<std::size_t>(5, n); ++i) print(i);
    std::printf("   ...\n");
    for (std::size_t i = n > 5 ? n - 5 : 0; i < n; ++i) print(i);

    // Contributions add up to score - baseline for every entity.
    for (std::size_t e = 0; e < n; ++e) {
      double sum = s.baseline;
      for (std::size_t f = 0; f < nf; ++f) sum += s.contributions[e * nf + f];
      if (!(std::fabs(sum - s.score[e]) <= 1e-12))
        return check_failed("contributions + baseline != score for " + store.entity_id(e));
    }
    // The breach merchant ranks in the bottom quarter, pulled down most by data_security.
    const std::int64_t breach = store.find_entity("m0042-breachco");
    if (breach < 0) return check_failed("m0042-breachco is missing");
    const auto b = static_cast<std::size_t>(breach);
    const std::size_t pos =
        static_cast<std::size_t>(std::find(rank.begin(), rank.end(), b) - rank.begin());
    std::printf("\nm0042-breachco (data breach on 2025-11-12): rank %zu of %zu\n", pos + 1, n);
    if (4 * pos < 3 * n) return check_failed("m0042-breachco is not in the bottom quarter");
    const double* c = &s.contributions[b * nf];
    const std::size_t worst = static_cast<std::size_t>(std::min_element(c, c + nf) - c);
    if (model.factors()[worst].id != "data_security")
      return check_failed("m0042-breachco's most negative factor is " + model.factors()[worst].id +
                          ", not data_security");
    std::printf("all checks passed\n");
    return 0;
  } catch (const ts::Error& e) {
    std::fprintf(stderr, "trustscore error: %s\n", e.what());
    return 1;
  }
}
