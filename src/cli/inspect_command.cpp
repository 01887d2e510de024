// trustscore inspect: what a saved file holds, after checking it whole.
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "trustscore/persist.hpp"
#include "trustscore/time.hpp"

namespace trustscore::cli {

const char* const inspect_usage = R"(usage: trustscore inspect FILE

Checks a saved model or evidence store (header, checksums, then the whole
archive) and prints what it holds. Exit 1 naming the problem when it is bad.
)";

int inspect_command(const std::vector<std::string>& words) {
  Args args;
  args.declare("--help", Args::Kind::flag);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << inspect_usage;
    return 0;
  }
  if (args.positional().size() != 1)
    throw UsageError("inspect expects one FILE, got " + std::to_string(args.positional().size()));
  const std::string path = args.positional()[0];
  const SavedInfo info = inspect_file(path);
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
