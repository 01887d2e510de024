// trustscore history and trustscore retract-source: an entity's history in a
// journaled store, and taking back every signal a source gave
// (trustscore/history.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>

#include "../model_json.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "report.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/history.hpp"
#include "trustscore/journal.hpp"
#include "trustscore/time.hpp"

namespace trustscore::cli {

const char* const history_usage = R"(usage: trustscore history ENTITY --journal DIR [options]

Prints the history of ENTITY in the journaled store kept in DIR (score --journal DIR):
its score and interval after each signal added or taken back, or its evidence removed,
with the signal that moved it (factor, value, weight, time, source) and by how much; or
its score at the times --at gives. A retraction or removal counts from when it was
journaled. The store's checkpoints must have kept its journals (keep history).

options:
  --journal DIR       the journaled store's directory (required)
  --model-json FILE   the scoring model's configuration as JSON, as ts.Model.to_json
                      writes it (e.g. {"kind": "wilson"}); default: the default model
  --profile NAME      weights to use; default: the model's default profile
  --confidence C      coverage of the interval, default 0.95
  --at TIME           score at this time instead of after each event (unix seconds or
                      ISO-8601; repeatable, rows in the order given)
  --no-explain        leave out each factor's contribution
  --format F          table (default), csv or json; csv and json give times in unix seconds
  --help              this text
)";

const char* const retract_source_usage =
    R"(usage: trustscore retract-source SOURCE --journal DIR [options]

Takes back every signal that SOURCE (the column source of the signals added) gave to the
journaled store kept in DIR, as one journaled retraction: a sybil account or a paid review
site found later. Prints how many signals it took back (0: none was live).

options:
  --journal DIR       the journaled store's directory (required)
  --durability D      sync, interval or none; default: the store's (sync)
  --help              this text
)";

namespace {

// The one positional word of a command, or a UsageError naming it.
const std::string& one_positional(const Args& args, const char* command, const char* what) {
  if (args.positional().size() != 1)
    throw UsageError(std::string(command) + " expects one " + what + ", got " +
                     std::to_string(args.positional().size()));
  return args.positional()[0];
}

const std::string& journal_directory(const Args& args, const char* command) {
  if (!args.has("--journal"))
    throw UsageError(std::string(command) + " needs --journal DIR (the journaled store)");
  return args.value("--journal");
}

// "-" for a number that is not there (a removed or at_time row's signal).
std::string fixed_or_dash(double x, const char* format) {
  if (std::isnan(x)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

std::string factor_name(const EvidenceStore& store, std::int32_t f) {
  return f < 0 ? std::string() : store.factors()[static_cast<std::size_t>(f)].id;
}

double contribution(const EntityHistory& h, std::size_t row, std::size_t f) {
  return h.contributions[row * h.factors + f];
}

struct HistoryReport {
  const EntityHistory* history = nullptr;
  const EvidenceStore* store = nullptr;
  std::string model, profile, directory;
  double confidence = 0.95;
  bool explain = false;
};

void print_table(std::ostream& out, const HistoryReport& r) {
  const EntityHistory& h = *r.history;
  out << "history of " << h.entity << " in " << r.directory << ": model " << r.model << ", profile "
      << r.profile << ", " << h.rows() << " rows\n";
  char line[512], interval[32];
  std::snprintf(interval, sizeof interval, "%g%% interval", r.confidence * 100);
  std::snprintf(line, sizeof line, "%-20s  %-9s  %-24s  %6s  %6s  %-16s  %6s  %-16s  %8s", "time",
                "event", "factor", "value", "weight", "source", "score", interval, "change");
  out << line << "\n";
  for (std::size_t i = 0; i < h.rows(); ++i) {
    std::snprintf(
        line, sizeof line, "%-20s  %-9s  %-24s  %6s  %6s  %-16s  %6.4f  [%.4f, %.4f]  %+8.4f",
        format_time(h.time[i]).c_str(), history_event_name(h.event[i]),
        factor_name(*r.store, h.factor[i]).substr(0, 24).c_str(),
        fixed_or_dash(h.value[i], "%.4f").c_str(), fixed_or_dash(h.weight[i], "%.4g").c_str(),
        h.source[i].substr(0, 16).c_str(), h.score[i], h.lower[i], h.upper[i], h.change[i]);
    out << line << "\n";
    if (!r.explain) continue;
    // The five largest contributions, as the score command's table shows them.
    std::vector<std::size_t> fs(h.factors);
    std::iota(fs.begin(), fs.end(), 0);
    std::stable_sort(fs.begin(), fs.end(), [&](std::size_t a, std::size_t b) {
      return std::fabs(contribution(h, i, a)) > std::fabs(contribution(h, i, b));
    });
    if (h.factors == 0 || std::isnan(contribution(h, i, 0))) continue;  // not linear
    std::size_t shown = 0;
    for (std::size_t k = 0; k < fs.size() && shown < 5; ++k) {
      if (std::fabs(contribution(h, i, fs[k])) < 5e-5) break;
      std::snprintf(line, sizeof line, "%s %+.4f", r.store->factors()[fs[k]].id.c_str(),
                    contribution(h, i, fs[k]));
      out << (shown++ ? "  " : "                      ") << line;
    }
    if (shown) out << "\n";
  }
}

void print_csv(std::ostream& out, const HistoryReport& r) {
  const EntityHistory& h = *r.history;
  out << "time,event,factor,value,weight,signal_time,credibility,source,score,lower,upper,change";
  if (r.explain)
    for (const auto& f : r.store->factors().all()) out << ",contribution_" << csv_field(f.id);
  out << "\n";
  for (std::size_t i = 0; i < h.rows(); ++i) {
    out << exact(h.time[i]) << "," << history_event_name(h.event[i]) << ","
        << csv_field(factor_name(*r.store, h.factor[i])) << "," << exact(h.value[i]) << ","
        << exact(h.weight[i]) << "," << exact(h.signal_time[i]) << "," << exact(h.credibility[i])
        << "," << csv_field(h.source[i]) << "," << exact(h.score[i]) << "," << exact(h.lower[i])
        << "," << exact(h.upper[i]) << "," << exact(h.change[i]);
    if (r.explain)
      for (std::size_t f = 0; f < h.factors; ++f) out << "," << exact(contribution(h, i, f));
    out << "\n";
  }
}

void print_json(std::ostream& out, const HistoryReport& r) {
  const EntityHistory& h = *r.history;
  out << "{\"entity\": " << json_string(h.entity) << ", \"journal\": " << json_string(r.directory)
      << ", \"model\": " << json_string(r.model) << ", \"profile\": " << json_string(r.profile)
      << ", \"confidence\": " << exact(r.confidence) << ", \"rows\": [";
  for (std::size_t i = 0; i < h.rows(); ++i) {
    const std::string factor = factor_name(*r.store, h.factor[i]);
    out << (i ? ",\n" : "\n") << "  {\"time\": " << exact(h.time[i])
        << ", \"event\": " << json_string(history_event_name(h.event[i]))
        << ", \"factor\": " << (factor.empty() ? "null" : json_string(factor))
        << ", \"value\": " << exact(h.value[i]) << ", \"weight\": " << exact(h.weight[i])
        << ", \"signal_time\": " << exact(h.signal_time[i])
        << ", \"credibility\": " << exact(h.credibility[i])
        << ", \"source\": " << json_string(h.source[i]) << ", \"score\": " << exact(h.score[i])
        << ", \"lower\": " << exact(h.lower[i]) << ", \"upper\": " << exact(h.upper[i])
        << ", \"change\": " << exact(h.change[i]);
    if (r.explain) {
      out << ", \"contributions\": {";
      for (std::size_t f = 0; f < h.factors; ++f)
        out << (f ? ", " : "") << json_string(r.store->factors()[f].id) << ": "
            << exact(contribution(h, i, f));
      out << "}";
    }
    out << "}";
  }
  out << "\n]}\n";
}

}  // namespace

int history_command(const std::vector<std::string>& words) {
  Args args;
  for (const char* f : {"--no-explain", "--help"}) args.declare(f, Args::Kind::flag);
  for (const char* v : {"--journal", "--model-json", "--profile", "--confidence", "--format"})
    args.declare(v, Args::Kind::value);
  args.declare("--at", Args::Kind::repeated);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << history_usage;
    return 0;
  }
  const std::string& entity = one_positional(args, "history", "ENTITY");
  const std::string& directory = journal_directory(args, "history");
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  const Model model =
      args.has("--model-json")
          ? config::model_from_json(detail::read_text_file(args.value("--model-json")))
          : Model();
  HistoryOptions options;
  options.profile =
      model.profile(args.has("--profile") ? args.value("--profile") : model.default_profile()).name;
  if (args.has("--confidence")) options.confidence = args.number("--confidence");
  for (const std::string& at : args.values("--at")) options.times.push_back(parse_time(at));
  options.explain = !args.flag("--no-explain");

  JournalOptions journal_options;
  journal_options.keep_history = true;  // this command never checkpoints; say what it needs
  const JournaledStore store = JournaledStore::open(directory, journal_options);
  const EntityHistory history = entity_history(store, model, entity, options);
  HistoryReport report;
  report.history = &history;
  report.store = &store.store();
  report.model = model_kind_name(model.kind());
  report.profile = options.profile;
  report.directory = directory;
  report.confidence = options.confidence;
  report.explain =
      options.explain && history.contributions.size() == history.rows() * history.factors;
  switch (format) {
    case Format::table:
      print_table(std::cout, report);
      break;
    case Format::csv:
      print_csv(std::cout, report);
      break;
    case Format::json:
      print_json(std::cout, report);
      break;
  }
  return 0;
}

int retract_source_command(const std::vector<std::string>& words) {
  Args args;
  args.declare("--help", Args::Kind::flag);
  for (const char* v : {"--journal", "--durability"}) args.declare(v, Args::Kind::value);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << retract_source_usage;
    return 0;
  }
  const std::string& source = one_positional(args, "retract-source", "SOURCE");
  const std::string& directory = journal_directory(args, "retract-source");
  Durability durability = Durability::store_default;
  if (args.has("--durability")) {
    try {
      durability = durability_from_name(args.value("--durability"));
    } catch (const Error& e) {
      throw UsageError(std::string("--durability: ") + e.what());
    }
  }
  JournaledStore store = JournaledStore::open(directory);
  const std::int64_t n = retract_source(store, source, durability);
  store.close();  // an error in the last sync is this command's error
  std::cout << "retracted " << n << " signal" << (n == 1 ? "" : "s") << " of source " << source
            << " from " << directory << "\n";
  return 0;
}

}  // namespace trustscore::cli
