// trustscore inspect: what a saved file holds, after checking it whole.
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "fields.hpp"
#include "report.hpp"
#include "trustscore/persist.hpp"
#include "trustscore/time.hpp"

namespace trustscore::cli {

const char* const inspect_usage = R"(usage: trustscore inspect FILE [--format F]

Checks a saved model or evidence store (header, checksums, then the whole
archive) and prints what it holds. Exit 1 naming the problem when it is bad.

options:
  --format F   table (default), csv or json. Named as Python's ts.inspect (content:
               model or store, archive, version, payload_bytes), then a model's kind,
               factor_count, profile_count, default_profile or a store's entity_count,
               factor_count, signal_count, latest_time (unix seconds), rating_levels;
               json adds the lists factors (and a model's profiles)
)";

namespace {

std::vector<std::string> factor_ids(const FactorCatalog& factors) {
  std::vector<std::string> ids;
  for (const auto& f : factors.all()) ids.push_back(f.id);
  return ids;
}

// inspect --format csv|json: the file's header, then what it holds.
void print_fields(const std::string& path, const SavedInfo& info, Format format) {
  Fields fields;
  const bool model = info.content == SavedContent::model;
  fields.text("content", model ? "model" : "store");
  fields.text("archive", archive_format_name(info.format));
  fields.count("version", info.version);
  fields.count("payload_bytes", info.payload_bytes);
  if (model) {
    const Model m = load_model_file(path);
    std::vector<std::string> profiles;
    for (const auto& p : m.profiles()) profiles.push_back(p.name);
    fields.text("kind", model_kind_name(m.kind()));
    fields.count("factor_count", m.factor_count());
    fields.count("profile_count", profiles.size());
    fields.text("default_profile", m.default_profile());
    fields.names("factors", factor_ids(m.factors()));
    fields.names("profiles", profiles);
  } else {
    const EvidenceStore s = load_store_file(path);
    fields.count("entity_count", s.entity_count());
    fields.count("factor_count", s.factor_count());
    fields.count("signal_count", static_cast<std::uint64_t>(s.signal_count()));
    fields.number("latest_time", s.latest_time());
    fields.count("rating_levels", s.level_utilities().size());
    fields.names("factors", factor_ids(s.factors()));
  }
  fields.print(std::cout, format);
}

}  // namespace

int inspect_command(const std::vector<std::string>& words) {
  Args args;
  args.declare("--help", Args::Kind::flag);
  args.declare("--format", Args::Kind::value);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << inspect_usage;
    return 0;
  }
  if (args.positional().size() != 1)
    throw UsageError("inspect expects one FILE, got " + std::to_string(args.positional().size()));
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  const std::string path = args.positional()[0];
  const SavedInfo info = inspect_file(path);
  if (format != Format::table) {
    print_fields(path, info, format);
    return 0;
  }
  std::cout << path << ": trustscore " << saved_content_name(info.content) << ", "
            << archive_format_name(info.format) << " archive, format version " << info.version
            << ", " << info.payload_bytes << " payload bytes\n";
  if (info.content == SavedContent::model) {
    const Model m = load_model_file(path);
    std::cout << "kind " << model_kind_name(m.kind()) << ", " << m.factor_count()
              << " factors, default profile " << m.default_profile() << "\nfactors:";
    for (const auto& f : m.factors().all()) std::cout << " " << f.id;
    std::cout << "\nprofiles:";
    for (const auto& p : m.profiles()) std::cout << " " << p.name;
    std::cout << "\n";
  } else {
    const EvidenceStore s = load_store_file(path);
    std::cout << s.entity_count() << " entities, " << s.factor_count() << " factors, "
              << s.signal_count() << " signals, newest " << format_time(s.latest_time())
              << (s.level_utilities().empty()
                      ? ""
                      : ", rating levels " + std::to_string(s.level_utilities().size()))
              << "\nfactors:";
    for (const auto& f : s.factors().all()) std::cout << " " << f.id;
    std::cout << "\n";
  }
  return 0;
}

}  // namespace trustscore::cli
