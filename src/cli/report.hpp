// Printing a ranking of scored entities as a table, CSV or JSON.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "trustscore/eval/eval_report.hpp"
#include "trustscore/grades.hpp"
#include "trustscore/score.hpp"

namespace trustscore::cli {

enum class Format { table, csv, json };

struct Ranking {
  const EvidenceStore* store = nullptr;
  const Scores* scores = nullptr;
  std::string profile;
  std::string model;  // the model kind's name
  bool explain = false;
  const GradeScale* grades = nullptr;  // with --grades: the scale, and each entity's band
  std::vector<int> grade;              // (-1: not rated)
  // Ranks (0-based positions in the full ranking) to print, in order, and
  // the entity at each rank; a gap between consecutive ranks prints "...".
  std::vector<std::size_t> ranks;
  std::vector<std::size_t> order;  // order[rank] = entity index, best first
  // Chosen entities (score --entities): row e of the scores is ids[e]'s, and
  // the first column is the row's position in the list ("row"), not a rank.
  // Null: the rows are the store's entities.
  const std::vector<std::string>* ids = nullptr;
};

void print_ranking(std::ostream& out, const Ranking& ranking, Format format);

// --format's value; UsageError otherwise.
Format parse_format(const std::string& text);
// The harness's report (trustscore eval; trustscore tune's table) in a format.
void print_eval_report(const EvalReport& report, Format format);
// Full precision for machine-readable output ("null" when not finite).
std::string exact(double x);
std::string json_string(const std::string& s);
std::string csv_field(const std::string& s);

}  // namespace trustscore::cli
