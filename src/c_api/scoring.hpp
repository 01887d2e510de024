// The score calls' options and outputs structs as the C ABI's scoring
// entry points read and write them (scoring.cpp), shared with the other
// calls that score (history.cpp).
#pragma once

#include <cstdint>

#include "guard.hpp"
#include "trustscore/score.hpp"

namespace trustscore::c_api {

// Reads a score call's options (NULL: the defaults).
trustscore::ScoreOptions read_options(const trustscore_score_options* options);

// A caller's outputs struct: present, of a version this library reads.
void check_outputs_struct(const trustscore_score_outputs* outputs);

// The arrays of a checked outputs struct, which must hold `rows` entities
// when any array is given.
trustscore::KernelOutput<double> checked_outputs(const trustscore_score_outputs* outputs,
                                                 std::int64_t rows);

// Writes what a score call computed besides the arrays (baseline, as_of).
void write_summary(trustscore_score_outputs* outputs, const trustscore::ScoreSummary& summary);

}  // namespace trustscore::c_api
