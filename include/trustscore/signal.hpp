// Signals: observations about an entity on one factor, passed in columns
// (struct of arrays) so callers hand over their own memory without copies.
#pragma once

#include <cstdint>
#include <limits>

namespace trustscore {
inline namespace v1 {

// One batch of n signals. Optional columns may be null.
struct SignalBatch {
  std::int64_t size = 0;
  const std::int64_t* entity = nullptr;  // dense entity index (ignored when ids are given)
  const std::int32_t* factor = nullptr;  // factor index in the model's catalog
  const double* value = nullptr;         // in [0, 1]: 1 fully positive
  const double* weight = nullptr;        // strength >= 0; null: 1
  const double* time = nullptr;          // unix seconds; null or NaN: IngestOptions::default_time
  const double* credibility = nullptr;   // of the signal's source, in [0, 1]; null: 1
};

struct IngestOptions {
  // Time given to signals that have none; NaN: the wall clock at ingest.
  double default_time = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace v1
}  // namespace trustscore
