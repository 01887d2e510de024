// Inputs of `trustscore score` besides its signals: the ids of --entities
// and the signals --retract takes back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trustscore/csv.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/journal.hpp"

namespace trustscore::cli {

// The ids listed in path ("-": standard input), one per line taken as it is
// (no CSV quoting) less surrounding blanks; blank lines are left out.
std::vector<std::string> read_entity_ids(const std::string& path);

// Retracts the signals of the CSV file at path from store, all or none; a
// bad row, or a signal the store cannot take back (an unknown entity, no
// time, more than its cell holds), is an Error naming the file and line.
// Returns the signals retracted.
std::int64_t retract_csv_file(EvidenceStore& store, const std::string& path,
                              const CsvOptions& options);
// The same, journaled.
std::int64_t retract_csv_file(JournaledStore& journal, const std::string& path,
                              const CsvOptions& options, Durability durability);

}  // namespace trustscore::cli
