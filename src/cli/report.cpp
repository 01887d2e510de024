#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "args.hpp"
#include "trustscore/detail/json_text.hpp"
#include "trustscore/time.hpp"

namespace trustscore::cli {
namespace {

// NaN is a score that was not given (not rated, or no contribution).
std::string fixed(double x, int digits = 4) {
  if (std::isnan(x)) return "NR";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

std::string signed_fixed(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.4f", x);
  return buf;
}

}  // namespace

std::string exact(double x) { return detail::json_number(x); }

std::string json_string(const std::string& s) { return detail::json_quote(s); }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Format parse_format(const std::string& text) {
  if (text == "table") return Format::table;
  if (text == "csv") return Format::csv;
  if (text == "json") return Format::json;
  throw UsageError("--format expects table, csv or json, not '" + text + "'");
}

namespace {

std::string entity_name(const Ranking& r, std::size_t e) {
  return r.ids ? (*r.ids)[e] : r.store->entity_id(e);
}

const char* position_name(const Ranking& r) { return r.ids ? "row" : "rank"; }

std::string lever_name(const Ranking& r, std::size_t e) {
  const std::int32_t f = r.scores->best_lever[e];
  return f < 0 ? std::string("-") : r.store->factors()[static_cast<std::size_t>(f)].id;
}

const std::string& grade_label(const Ranking& r, std::size_t e) {
  return r.grades->label(r.grade[e]);
}

double contribution(const Ranking& r, std::size_t e, std::size_t f) {
  return r.scores->contributions[e * r.scores->factors + f];
}

void print_table(std::ostream& out, const Ranking& r) {
  const Scores& s = *r.scores;
  std::size_t id_width = 6;
  for (std::size_t rank : r.ranks)
    id_width = std::max(id_width, entity_name(r, r.order[rank]).size());
  id_width = std::min<std::size_t>(id_width, 40);
  out << "model " << r.model << ", profile " << r.profile << ", as of " << format_time(s.as_of)
      << ", baseline " << fixed(s.baseline) << ", " << s.entities << " entities\n";
  char line[512];
  std::snprintf(line, sizeof line, "%6s  %-*s  %6s  %15s", position_name(r),
                static_cast<int>(id_width), "entity", "score", "95% interval");
  out << line << (r.grades ? "  grade" : "") << (r.explain ? "  best lever" : "") << "\n";
  std::size_t previous = 0;
  bool first = true;
  for (std::size_t rank : r.ranks) {
    if (!first && rank != previous + 1) out << "   ...\n";
    first = false;
    previous = rank;
    const std::size_t e = r.order[rank];
    std::snprintf(line, sizeof line, "%6zu  %-*s  %6s  [%s, %s]", rank + 1,
                  static_cast<int>(id_width), entity_name(r, e).substr(0, 40).c_str(),
                  fixed(s.score[e]).c_str(), fixed(s.lower[e]).c_str(), fixed(s.upper[e]).c_str());
    out << line;
    if (r.grades) {
      std::snprintf(line, sizeof line, "  %5s", grade_label(r, e).substr(0, 12).c_str());
      out << line;
    }
    if (!r.explain) {
      out << "\n";
      continue;
    }
    out << "  " << lever_name(r, e) << "\n";
    // Factors by the size of their contribution, largest first.
    std::vector<std::size_t> fs(s.factors);
    std::iota(fs.begin(), fs.end(), 0);
    std::stable_sort(fs.begin(), fs.end(), [&](std::size_t a, std::size_t b) {
      return std::fabs(contribution(r, e, a)) > std::fabs(contribution(r, e, b));
    });
    // The five largest contributions; factors without evidence contribute 0.
    out << "        ";
    if (std::isnan(contribution(r, e, 0))) {
      out << (std::isnan(s.score[e])
                  ? "not rated\n"
                  : "no contributions: the model is not linear in its factors\n");
      continue;
    }
    std::size_t shown = 0;
    for (std::size_t i = 0; i < fs.size() && shown < 5; ++i) {
      if (std::fabs(contribution(r, e, fs[i])) < 5e-5) break;
      out << (shown++ ? "  " : "") << r.store->factors()[fs[i]].id << " "
          << signed_fixed(contribution(r, e, fs[i]));
    }
    out << (shown ? "\n" : "no factor moves the score from the baseline\n");
  }
}

void print_csv(std::ostream& out, const Ranking& r) {
  const Scores& s = *r.scores;
  out << position_name(r) << ",entity,score,lower,upper";
  if (r.grades) out << ",grade";
  if (r.explain) {
    out << ",best_lever";
    for (const auto& f : r.store->factors().all()) out << ",contribution_" << f.id;
  }
  out << "\n";
  for (std::size_t rank : r.ranks) {
    const std::size_t e = r.order[rank];
    out << rank + 1 << "," << csv_field(entity_name(r, e)) << "," << exact(s.score[e]) << ","
        << exact(s.lower[e]) << "," << exact(s.upper[e]);
    if (r.grades) out << "," << csv_field(grade_label(r, e));
    if (r.explain) {
      out << "," << lever_name(r, e);
      for (std::size_t f = 0; f < s.factors; ++f) out << "," << exact(contribution(r, e, f));
    }
    out << "\n";
  }
}

void print_json(std::ostream& out, const Ranking& r) {
  const Scores& s = *r.scores;
  out << "{\"model\": " << json_string(r.model) << ", \"profile\": " << json_string(r.profile)
      << ", \"as_of\": " << exact(s.as_of) << ", \"baseline\": " << exact(s.baseline)
      << ", \"entity_count\": " << s.entities << ", \"entities\": [";
  bool first = true;
  for (std::size_t rank : r.ranks) {
    const std::size_t e = r.order[rank];
    out << (first ? "\n" : ",\n") << "  {\"" << position_name(r) << "\": " << rank + 1
        << ", \"entity\": " << json_string(entity_name(r, e))
        << ", \"score\": " << exact(s.score[e]) << ", \"lower\": " << exact(s.lower[e])
        << ", \"upper\": " << exact(s.upper[e]);
    if (r.grades) out << ", \"grade\": " << json_string(grade_label(r, e));
    first = false;
    if (r.explain) {
      out << ", \"best_lever\": " << json_string(lever_name(r, e)) << ", \"contributions\": {";
      for (std::size_t f = 0; f < s.factors; ++f)
        out << (f ? ", " : "") << json_string(r.store->factors()[f].id) << ": "
            << exact(contribution(r, e, f));
      out << "}, \"gains\": {";
      for (std::size_t f = 0; f < s.factors; ++f)
        out << (f ? ", " : "") << json_string(r.store->factors()[f].id) << ": "
            << exact(s.gains[e * s.factors + f]);
      out << "}";
    }
    out << "}";
  }
  out << "\n]}\n";
}

}  // namespace

void print_ranking(std::ostream& out, const Ranking& ranking, Format format) {
  switch (format) {
    case Format::table:
      print_table(out, ranking);
      break;
    case Format::csv:
      print_csv(out, ranking);
      break;
    case Format::json:
      print_json(out, ranking);
      break;
  }
}

}  // namespace trustscore::cli
