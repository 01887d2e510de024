// trustscore score: reads signals from CSV, scores every entity and prints
// the ranking, optionally explained factor by factor; or scores the entities
// a file lists, in its order.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <optional>

#include "../model_json.hpp"
#include "args.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "score_inputs.hpp"
#include "trustscore/graph/credibility.hpp"
#include "trustscore/graph/ratings_csv.hpp"
#include "trustscore/journal_csv.hpp"
#include "trustscore/persist.hpp"
#include "trustscore/trustscore.hpp"

namespace trustscore::cli {

const char* const score_usage = R"(usage: trustscore score [SIGNALS.csv] [options]

Scores every entity in SIGNALS.csv (header entity,factor,value[,weight,time,source])
and prints them ranked by score, best first (entities not rated last).

options:
  --load-store FILE       start from the evidence store saved in FILE (SIGNALS.csv, if given,
                          is added to it)
  --journal DIR           keep the evidence in the journaled store in DIR (created for the
                          model when DIR holds none): SIGNALS.csv (with its sources) and
                          --retract are journaled there before scoring (trustscore journal)
  --durability D          of those journaled calls: sync (default: on disk before the command
                          goes on), interval or none (on disk when the command ends)
  --retract FILE.csv      take back the signals of FILE.csv (the format of SIGNALS.csv; each row
                          with a time, or --default-time) once the signals are read; an unknown
                          entity or a signal the store does not hold fails (repeatable)
  --save-store FILE       save the evidence store to FILE (replaced atomically) before scoring
  --archive KIND          archive of --save-store: binary (default), text or xml
  --model NAME            the scoring model: beta (default: Beta evidence per factor),
                          weighted_mean, bayesian_average, wilson, dirichlet, subjective_logic
  --model-param KEY=X     a parameter of the model (repeatable): min_coverage (weighted_mean),
                          prior_count, prior_mean (bayesian_average; mean on [0, 1]),
                          levels (dirichlet: number of evenly spaced rating levels)
  --model-config FILE     the model's whole configuration as JSON (docs/guide/model-json.md;
                          what `trustscore tune --output` writes), instead of --model
  --profile NAME          weights to use: awareness, consideration, decision (default), nurturing
  --half-life FACTOR=DAYS evidence half-life of one factor (repeatable; DAYS may be inf)
  --negativity X          multiplier on negative evidence, all factors (or FACTOR=X, repeatable)
  --as-of TIME            score as of this time (unix seconds or ISO-8601), not before the
                          newest signal; default: the newest signal
  --default-time TIME     time of signals that have none; default: now
  --confidence C          coverage of the interval, default 0.95
  --explain               add each factor's contribution and the best lever
  --grades                add a letter grade (the BBB's A+ ... F: A+ >= 0.97, A >= 0.94,
                          A- >= 0.90, B+ >= 0.87, B >= 0.84, B- >= 0.80, C+ >= 0.77,
                          C >= 0.74, C- >= 0.70, D+ >= 0.67, D >= 0.64, D- >= 0.60, F)
  --grade-scale BANDS     your own bands, best first: LABEL=CUT,...,LABEL (e.g.
                          trusted=0.8,neutral=0.5,risky); implies --grades
  --grade-max-width W     grade NR (not rated) when the interval is wider than W
  --grade-min-evidence N  grade NR when the entity's evidence (decayed weight) is below N
  --rank-by KEY           score (default) or lower: rank by the interval's lower bound,
                          so entities with little evidence do not outrank proven ones
  --entities FILE         score only the entities whose ids FILE lists (one per line, as is;
                          - for standard input), in its order, the first column their row in
                          it; ids the store does not hold score as no evidence and are counted
                          on stderr (not with --top, --bottom or --rank-by)
  --top K                 print only the K best entities
  --bottom K              print only the K worst entities (with --top: both ends)
  --format F              table (default), csv or json
  --sources-graph FILE    discount each signal by the credibility of its source (column source)
                          in the trust graph FILE (source,target,rating[,time] per line)
  --credibility RULE      with --sources-graph: eigentrust (default: min(1, n x global trust))
                          or fairness (Kumar et al. 2016)
  --graph-scale MIN,MAX   rating scale of --sources-graph, default -10,10
  --unknown-credibility X credibility of sources not in the graph, in [0, 1]; default: the
                          lowest credibility of any node in it
  --skip-bad-rows         leave out bad rows (reported on stderr) instead of failing
  --threads N             threads reading the CSV and scoring, 0 = all cores (default)
  --help                  this text
)";

namespace {

// Applies --half-life and --negativity to the model.
void configure_factors(Model& model, const Args& args) {
  for (const std::string& item : args.values("--half-life")) {
    const auto [factor, days] = split_assignment(item, "--half-life");
    const std::size_t f = model.factors().index_of(factor);
    FactorParams p = model.params(f);
    p.half_life_days = parse_number(days, "--half-life " + factor);
    model.set_params(f, p);
  }
  for (const std::string& item : args.values("--negativity")) {
    std::vector<std::size_t> targets;
    std::string text = item;
    if (item.find('=') != std::string::npos) {
      const auto [factor, x] = split_assignment(item, "--negativity");
      targets.push_back(model.factors().index_of(factor));
      text = x;
    } else {
      targets.resize(model.factor_count());
      std::iota(targets.begin(), targets.end(), 0);
    }
    for (std::size_t f : targets) {
      FactorParams p = model.params(f);
      p.negativity = parse_number(text, "--negativity");
      model.set_params(f, p);
    }
  }
}

// The model kind and its parameters from --model and --model-param.
void configure_kind(Model& model, const Args& args) {
  ModelSettings settings;
  try {
    if (args.has("--model")) settings.kind = model_kind_from_name(args.value("--model"));
  } catch (const Error& e) {
    throw UsageError(std::string("--model: ") + e.what());
  }
  for (const std::string& item : args.values("--model-param")) {
    const auto [key, text] = split_assignment(item, "--model-param");
    const double x = parse_number(text, "--model-param " + key);
    if (key == "min_coverage" && settings.kind == ModelKind::weighted_mean) {
      settings.min_coverage = x;
    } else if (key == "prior_count" && settings.kind == ModelKind::bayesian_average) {
      settings.prior_count = x;
    } else if (key == "prior_mean" && settings.kind == ModelKind::bayesian_average) {
      settings.prior_mean = x;
    } else if (key == "levels" && settings.kind == ModelKind::dirichlet) {
      if (!(x == std::floor(x) && x >= 2 && x <= 100))
        throw UsageError("--model-param levels expects a whole number in [2, 100], not '" + text +
                         "'");
      settings.level_utilities = even_levels(static_cast<long long>(x));
    } else {
      throw UsageError("--model-param: '" + key + "' is not a parameter of the " +
                       model_kind_name(settings.kind) + " model");
    }
  }
  try {
    model.set_settings(settings);
  } catch (const Error& e) {
    throw UsageError(std::string("--model-param: ") + e.what());
  }
}

// The grade scale from --grades and --grade-*; false when not grading.
bool grade_scale(const Args& args, GradeScale& scale) {
  const bool any = args.flag("--grades") || args.has("--grade-scale") ||
                   args.has("--grade-max-width") || args.has("--grade-min-evidence");
  if (!any) return false;
  scale = GradeScale::letters();
  if (args.has("--grade-scale")) {
    scale.labels.clear();
    scale.cut_points.clear();
    const std::string text = args.value("--grade-scale");
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = text.find(',', start);
      const std::string band =
          text.substr(start, comma == std::string::npos ? comma : comma - start);
      if (comma == std::string::npos) {  // the last band has no cut point
        if (band.empty() || band.find('=') != std::string::npos)
          throw UsageError("--grade-scale ends with the label of the lowest band, no '=CUT': '" +
                           text + "'");
        scale.labels.push_back(band);
        break;
      }
      const auto [label, cut] = split_assignment(band, "--grade-scale");
      scale.labels.push_back(label);
      scale.cut_points.push_back(parse_number(cut, "--grade-scale " + label));
      start = comma + 1;
    }
  }
  if (args.has("--grade-max-width")) scale.max_interval_width = args.number("--grade-max-width");
  if (args.has("--grade-min-evidence")) scale.min_evidence = args.number("--grade-min-evidence");
  try {
    scale.validate();
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  return true;
}

// --sources-graph: the credibility of every node of the graph, into csv.
void credit_sources(const Args& args, CsvOptions& csv) {
  const bool any =
      args.has("--credibility") || args.has("--graph-scale") || args.has("--unknown-credibility");
  if (!args.has("--sources-graph")) {
    if (any)
      throw UsageError(
          "--credibility, --graph-scale and --unknown-credibility need --sources-graph");
    return;
  }
  CredibilityRule rule = CredibilityRule::eigentrust;
  try {
    if (args.has("--credibility")) rule = credibility_rule_from_name(args.value("--credibility"));
  } catch (const Error& e) {
    throw UsageError(std::string("--credibility: ") + e.what());
  }
  GraphOptions options;
  options.rating_min = -10, options.rating_max = 10;
  if (args.has("--graph-scale"))
    parse_scale(args.value("--graph-scale"), "--graph-scale", options.rating_min,
                options.rating_max);
  const RatingsTable ratings = read_ratings_csv_file(args.value("--sources-graph"));
  SourceCredibility credibility = source_credibility(ratings.graph(options), ratings.nodes, rule);
  if (args.has("--unknown-credibility")) {
    credibility.unknown = args.number("--unknown-credibility");
    if (!(credibility.unknown >= 0 && credibility.unknown <= 1))
      throw UsageError("--unknown-credibility expects a number in [0, 1]");
  }
  csv.source_credibility = std::move(credibility.by_source);
  csv.unknown_source_credibility = credibility.unknown;
}

// --entities: the listed ids' rows, in the file's order.
void rank_chosen(const Args& args, const Model& model, const EvidenceStore& store,
                 const ScoreOptions& options, Format format, const GradeScale* scale) {
  for (const char* ranking_only : {"--top", "--bottom", "--rank-by"})
    if (args.has(ranking_only))
      throw UsageError(std::string(ranking_only) +
                       " ranks every entity; --entities prints the listed ones in its order");
  const std::string& path = args.value("--entities");
  const std::vector<std::string> ids = read_entity_ids(path);
  const Scores scores = score_ids(model, store, ids, options);
  if (scores.unknown > 0) {
    std::cerr << "trustscore: " << scores.unknown << " of " << ids.size()
              << " ids are not in the store (scored as entities without evidence):";
    std::int64_t listed = 0;
    for (const std::string& id : ids)
      if (store.find_entity(id) < 0 && listed++ < 5) std::cerr << " " << id;
    std::cerr << (listed > 5 ? " ...\n" : "\n");
  }
  Ranking ranking;
  ranking.store = &store;
  ranking.scores = &scores;
  ranking.ids = &ids;
  ranking.profile = options.profile;
  ranking.model = model_kind_name(model.kind());
  ranking.explain = options.explain;
  if (scale) {
    ranking.grades = scale;
    ranking.grade.resize(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::int64_t e = store.find_entity(ids[i]);
      double evidence = 0;  // as evidence_totals() sums it (so grades match), for e alone
      const auto lock = store.read_lock();
      for (std::size_t f = 0; e >= 0 && f < store.factor_count(); ++f)
        evidence += (store.positive_column(f)[e] + store.negative_column(f)[e]) *
                    store.decay(f, scores.as_of);
      ranking.grade[i] = scale->grade(scores.score[i], scores.lower[i], scores.upper[i], evidence);
    }
  }
  ranking.order.resize(ids.size());
  std::iota(ranking.order.begin(), ranking.order.end(), 0);
  ranking.ranks = ranking.order;
  print_ranking(std::cout, ranking, format);
}

void report_skipped(const CsvReport& report) {
  if (report.skipped == 0) return;
  std::cerr << "trustscore: skipped " << report.skipped << " of " << report.rows << " rows:";
  for (const auto& [reason, count] : report.skipped_by_reason)
    std::cerr << " " << reason << " (" << count << ")";
  std::cerr << "\n";
  for (const std::string& p : report.problems) std::cerr << "  " << p << "\n";
}

}  // namespace

int score_command(const std::vector<std::string>& words) {
  Args args;
  for (const char* f : {"--explain", "--grades", "--skip-bad-rows", "--help"})
    args.declare(f, Args::Kind::flag);
  for (const char* v :
       {"--profile",       "--as-of",       "--default-time",    "--confidence",
        "--top",           "--bottom",      "--format",          "--threads",
        "--rank-by",       "--grade-scale", "--grade-max-width", "--grade-min-evidence",
        "--model",         "--load-store",  "--save-store",      "--archive",
        "--sources-graph", "--credibility", "--graph-scale",     "--unknown-credibility",
        "--entities",      "--journal",     "--durability",      "--model-config"})
    args.declare(v, Args::Kind::value);
  for (const char* r : {"--half-life", "--negativity", "--model-param", "--retract"})
    args.declare(r, Args::Kind::repeated);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << score_usage;
    return 0;
  }
  const bool loading = args.has("--load-store"), journaled = args.has("--journal");
  if (loading && journaled)
    throw UsageError("--load-store and --journal both name the store to start from; give one");
  if (args.has("--durability") && !journaled) throw UsageError("--durability needs --journal");
  if (args.positional().size() > 1 || (args.positional().empty() && !loading && !journaled))
    throw UsageError(
        "score expects one SIGNALS.csv (or --load-store FILE, or --journal DIR), got " +
        std::to_string(args.positional().size()) + " files");
  Durability durability = Durability::store_default;
  try {
    if (args.has("--durability")) durability = durability_from_name(args.value("--durability"));
  } catch (const Error& e) {
    throw UsageError(std::string("--durability: ") + e.what());
  }
  const std::string path = args.positional().empty() ? "" : args.positional()[0];
  ArchiveFormat archive = ArchiveFormat::binary;
  if (args.has("--archive")) {
    try {
      archive = archive_format_from_name(args.value("--archive"));
    } catch (const Error& e) {
      throw UsageError(std::string("--archive: ") + e.what());
    }
  }
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  GradeScale scale;
  const bool grading = grade_scale(args, scale);

  Model model;
  if (args.has("--model-config")) {
    // The whole configuration (as `trustscore tune --output` writes it); the
    // per-flag changes below still apply on top of it, except the kind's.
    if (args.has("--model") || args.has("--model-param"))
      throw UsageError(
          "--model-config sets the kind and its parameters: leave out --model and "
          "--model-param");
    const std::string file = args.value("--model-config");
    try {
      model = config::model_from_json(detail::read_text_file(file));
    } catch (const Error& e) {
      throw UsageError("--model-config " + file + ": " + e.what());
    }
  } else {
    configure_kind(model, args);
  }
  configure_factors(model, args);
  ScoreOptions options;
  if (args.has("--profile")) options.profile = args.value("--profile");
  options.profile =
      model.profile(options.profile.empty() ? model.default_profile() : options.profile).name;
  if (args.has("--as-of")) options.as_of = parse_time(args.value("--as-of"));
  if (args.has("--confidence")) options.confidence = args.number("--confidence");
  if (args.has("--threads")) options.threads = static_cast<int>(args.integer("--threads", 0, 1024));
  options.explain = args.flag("--explain");

  CsvOptions csv;
  csv.skip_bad_rows = args.flag("--skip-bad-rows");
  csv.threads = options.threads;  // the signals, the store and the scores never depend on it
  if (args.has("--default-time")) csv.default_time = parse_time(args.value("--default-time"));
  credit_sources(args, csv);
  if (args.has("--sources-graph") && path.empty())
    throw UsageError("--sources-graph discounts the signals of SIGNALS.csv; none was given");
  std::optional<JournaledStore> journal;
  std::optional<EvidenceStore> memory;
  if (journaled)
    journal.emplace(JournaledStore::open(args.value("--journal"), model));
  else
    memory.emplace(loading ? load_store_file(args.value("--load-store")) : EvidenceStore(model));
  const EvidenceStore& store = journal ? journal->store() : *memory;
  if (!path.empty()) {
    std::error_code size_error;
    const auto file_bytes = std::filesystem::file_size(path, size_error);
    ProgressBar bar("reading " + std::filesystem::path(path).filename().string(),
                    size_error ? 0 : file_bytes);
    csv.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
    const CsvReport report = journal ? ingest_csv_file(*journal, path, csv, durability)
                                     : ingest_csv_file(*memory, path, csv);
    report_skipped(report);
    if (args.has("--sources-graph")) {
      if (report.sourced == 0)
        fail(Status::invalid_argument, path +
                                           ": no signal names a source (column 'source'), so "
                                           "--sources-graph has nothing to discount");
      std::cerr << "trustscore: " << report.credited << " of " << report.sourced
                << " sourced signals come from sources in the graph (discounted by "
                << (args.has("--credibility") ? args.value("--credibility") : "eigentrust")
                << "); the other sources count " << csv.unknown_source_credibility << "\n";
    }
  }
  for (const std::string& retraction : args.values("--retract")) {
    const std::int64_t n = journal ? retract_csv_file(*journal, retraction, csv, durability)
                                   : retract_csv_file(*memory, retraction, csv);
    std::cerr << "trustscore: retracted " << n << " signals of " << retraction << "\n";
  }
  // Closed now, so that a failure to sync is reported (the destructor's is
  // not); the store stays readable for scoring.
  if (journal) journal->close();
  if (args.has("--save-store")) save_store_file(store, args.value("--save-store"), archive);
  if (args.has("--entities")) {
    rank_chosen(args, model, store, options, format, grading ? &scale : nullptr);
    return 0;
  }
  const Scores scores = score(model, store, options);

  Ranking ranking;
  ranking.store = &store;
  ranking.scores = &scores;
  ranking.profile = options.profile;
  ranking.model = model_kind_name(model.kind());
  ranking.explain = options.explain;
  if (grading) {
    const std::vector<double> evidence = evidence_totals(store, scores.as_of);
    ranking.grades = &scale;
    ranking.grade.resize(scores.entities);
    for (std::size_t e = 0; e < scores.entities; ++e)
      ranking.grade[e] =
          scale.grade(scores.score[e], scores.lower[e], scores.upper[e], evidence[e]);
  }
  ranking.order.resize(scores.entities);
  std::iota(ranking.order.begin(), ranking.order.end(), 0);
  const std::string rank_by = args.has("--rank-by") ? args.value("--rank-by") : "score";
  if (rank_by != "score" && rank_by != "lower")
    throw UsageError("--rank-by expects score or lower, not '" + rank_by + "'");
  const std::vector<double>& key = rank_by == "lower" ? scores.lower : scores.score;
  // Best first, not rated (NaN) last; ties by entity id so output is deterministic.
  std::sort(ranking.order.begin(), ranking.order.end(), [&](std::size_t a, std::size_t b) {
    const bool rated_a = !std::isnan(key[a]), rated_b = !std::isnan(key[b]);
    if (rated_a != rated_b) return rated_a;
    if (rated_a && key[a] != key[b]) return key[a] > key[b];
    return store.entity_id(a) < store.entity_id(b);
  });
  const std::size_t n = scores.entities;
  const bool top = args.has("--top"), bottom = args.has("--bottom");
  const auto k_top = top ? static_cast<std::size_t>(args.integer("--top", 0, 1LL << 40)) : n;
  const auto k_bottom =
      bottom ? static_cast<std::size_t>(args.integer("--bottom", 0, 1LL << 40)) : 0;
  for (std::size_t rank = 0; rank < n; ++rank) {
    const bool in_top = (top || !bottom) && rank < k_top;
    const bool in_bottom = bottom && rank + k_bottom >= n;
    if (in_top || in_bottom) ranking.ranks.push_back(rank);
  }
  print_ranking(std::cout, ranking, format);
  return 0;
}

}  // namespace trustscore::cli
