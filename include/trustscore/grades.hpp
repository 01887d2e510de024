// Letter grades for scores, and "not rated". A score in [0, 1] maps to the
// first band whose cut point it reaches; by default the Better Business
// Bureau's thirteen grades A+ … F on a 100-point scale (A+ >= 97, A >= 94,
// A- >= 90, B+ >= 87, B >= 84, B- >= 80, C+ >= 77, C >= 74, C- >= 70,
// D+ >= 67, D >= 64, D- >= 60, F below). An entity whose interval is wider
// than max_interval_width, or whose evidence is below min_evidence, is not
// rated ("NR") rather than given a grade that looks precise.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

struct GradeScale {
  std::vector<std::string> labels;  // best first; one more than cut points
  std::vector<double> cut_points;   // strictly decreasing, in [0, 1]
  double max_interval_width = 1;    // upper − lower above this: not rated (1: never)
  double min_evidence = 0;          // evidence below this: not rated

  static GradeScale letters() {
    return {{"A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F"},
            {0.97, 0.94, 0.90, 0.87, 0.84, 0.80, 0.77, 0.74, 0.70, 0.67, 0.64, 0.60},
            1,
            0};
  }

  void validate() const {
    require(!cut_points.empty(), "grades: at least one cut point is needed");
    require(labels.size() == cut_points.size() + 1,
            "grades: there must be one label more than cut points");
    for (std::size_t i = 0; i < cut_points.size(); ++i) {
      require(cut_points[i] >= 0 && cut_points[i] <= 1, "grades: cut points must lie in [0, 1]");
      require(i == 0 || cut_points[i] < cut_points[i - 1],
              "grades: cut points must be strictly decreasing");
    }
    for (const auto& l : labels)
      require(!l.empty() && l != not_rated_label(), "grades: labels must be non-empty, not \"NR\"");
    require(max_interval_width >= 0 && max_interval_width <= 1,
            "grades: max_interval_width must lie in [0, 1]");
    require(min_evidence >= 0 && std::isfinite(min_evidence),
            "grades: min_evidence must be finite and >= 0");
  }

  static const char* not_rated_label() { return "NR"; }

  // The band index (0 = best), or -1 for not rated. A NaN score is not rated.
  int grade(double score, double lower = 0, double upper = 0, double evidence = 0) const {
    if (std::isnan(score) || upper - lower > max_interval_width || evidence < min_evidence)
      return -1;
    for (std::size_t i = 0; i < cut_points.size(); ++i)
      if (score >= cut_points[i]) return static_cast<int>(i);
    return static_cast<int>(cut_points.size());
  }

  const std::string& label(int index) const {
    static const std::string nr = not_rated_label();
    if (index < 0) return nr;
    require(static_cast<std::size_t>(index) < labels.size(), "grades: no such band");
    return labels[static_cast<std::size_t>(index)];
  }
};

}  // namespace v1
}  // namespace trustscore
