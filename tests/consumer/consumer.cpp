// Scores two entities with the header-only core, as a downstream project would.
#include <cmath>
#include <cstdio>
#include <string>

#include "trustscore/trustscore.hpp"

int main() {
  trustscore::Model model;
  trustscore::EvidenceStore store(model);
  const std::string ids[] = {"good", "bad"};
  const std::int32_t factor[] = {0, 0};
  const double value[] = {1.0, 0.0}, time[] = {0.0, 0.0};
  trustscore::SignalBatch batch;
  batch.size = 2;
  batch.factor = factor;
  batch.value = value;
  batch.time = time;
  store.add(ids, batch);
  const trustscore::Scores s = trustscore::score(model, store);
  std::printf("good %.6f bad %.6f\n", s.score[0], s.score[1]);
  // authenticity (weight 2 of 12.5 in "decision"): good p = (1 + 1) / (1 + 2) = 2/3;
  // bad s = 1 * negativity 2, p = (0 + 1) / (2 + 2) = 1/4.
  const double w = 2.0 / 12.5;
  const bool ok = std::fabs(s.score[0] - (0.5 + w * (2.0 / 3 - 0.5))) < 1e-12 &&
                  std::fabs(s.score[1] - (0.5 + w * (0.25 - 0.5))) < 1e-12;
  return ok ? 0 : 1;
}
