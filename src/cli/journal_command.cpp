// trustscore journal: opens a journaled store (the newest checkpoint and the
// journals after it replayed, a torn tail cut off), prints what recovery did
// and what the store holds, and optionally writes a checkpoint.
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "fields.hpp"
#include "report.hpp"
#include "trustscore/journal.hpp"
#include "trustscore/time.hpp"

namespace trustscore::cli {

const char* const journal_usage = R"(usage: trustscore journal DIR [--checkpoint] [--format F]

Opens the journaled store in DIR (trustscore score --journal DIR makes one): loads
its newest checkpoint and replays the journals after it, cutting off a torn tail (a
write a crash interrupted), and prints what recovery found and what the store holds.
A journal damaged anywhere else is exit 1, naming the file and offset.

options:
  --checkpoint     then save the store whole as a new checkpoint and start a new
                   journal; the journals it covers are removed
  --keep-history   with --checkpoint: keep them (history and scores as of a past time)
  --format F       table (default), csv or json: directory, checkpoint, journals,
                   records, signals (replayed), cut (true when a torn tail was cut),
                   cut_file, cut_offset, cut_bytes, cut_records, entity_count,
                   factor_count, signal_count, latest_time (unix seconds), checkpointed
)";

namespace {

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

void print_fields(const JournaledStore& journal, bool checkpointed, Format format) {
  const RecoveryReport& r = journal.recovery();
  const EvidenceStore& store = journal.store();
  Fields fields;
  fields.text("directory", journal.directory());
  fields.text("checkpoint", r.checkpoint);
  fields.count("journals", static_cast<std::uint64_t>(r.journals));
  fields.count("records", static_cast<std::uint64_t>(r.records));
  fields.count("signals", static_cast<std::uint64_t>(r.signals));
  fields.flag("cut", r.cut());
  fields.text("cut_file", r.cut_file);
  fields.count("cut_offset", r.cut_offset);
  fields.count("cut_bytes", r.cut_bytes);
  fields.count("cut_records", static_cast<std::uint64_t>(r.cut_records));
  fields.count("entity_count", store.entity_count());
  fields.count("factor_count", store.factor_count());
  fields.count("signal_count", static_cast<std::uint64_t>(store.signal_count()));
  fields.number("latest_time", store.latest_time());
  fields.flag("checkpointed", checkpointed);
  fields.print(std::cout, format);
}

void print_table(const JournaledStore& journal, bool checkpointed) {
  const RecoveryReport& r = journal.recovery();
  const EvidenceStore& store = journal.store();
  std::cout << journal.directory() << ": journaled store, " << file_name(r.checkpoint) << " and "
            << r.journals << (r.journals == 1 ? " journal" : " journals") << " replayed ("
            << r.records << " records, " << r.signals << " signals)\n";
  if (r.cut())
    std::cout << "torn tail cut off " << file_name(r.cut_file) << " at offset " << r.cut_offset
              << ": " << r.cut_bytes << " bytes, " << r.cut_records
              << (r.cut_records == 1 ? " record" : " records") << "\n";
  std::cout << store.entity_count() << " entities, " << store.factor_count() << " factors, "
            << store.signal_count() << " signals, newest " << format_time(store.latest_time())
            << "\n";
  if (checkpointed) std::cout << "checkpoint written, new journal started\n";
}

}  // namespace

int journal_command(const std::vector<std::string>& words) {
  Args args;
  for (const char* f : {"--help", "--checkpoint", "--keep-history"})
    args.declare(f, Args::Kind::flag);
  args.declare("--format", Args::Kind::value);
  args.parse(words);
  if (args.flag("--help")) {
    std::cout << journal_usage;
    return 0;
  }
  if (args.positional().size() != 1)
    throw UsageError("journal expects one DIR, got " + std::to_string(args.positional().size()));
  const bool checkpointing = args.flag("--checkpoint");
  if (args.flag("--keep-history") && !checkpointing)
    throw UsageError("--keep-history says what --checkpoint keeps; give --checkpoint too");
  const Format format = args.has("--format") ? parse_format(args.value("--format")) : Format::table;
  JournalOptions options;
  options.keep_history = args.flag("--keep-history");
  JournaledStore journal = JournaledStore::open(args.positional()[0], options);
  if (checkpointing) journal.checkpoint();
  journal.close();  // here, not in the destructor, so that a failure to sync is reported
  if (format == Format::table)
    print_table(journal, checkpointing);
  else
    print_fields(journal, checkpointing, format);
  return 0;
}

}  // namespace trustscore::cli
