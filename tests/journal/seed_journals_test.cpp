// The seed journals of the journal's fuzz target (tests/data/journal):
// small journals of each record kind and column set, one after a
// checkpoint, one with no record, and broken ones (torn, damaged, garbage
// after the records). The hidden test writes them:
//   TRUSTSCORE_WRITE_JOURNAL_SEEDS=tests/data/journal trustscore_journal_tests "[.write-seeds]"
// The files in the repository are of format version 1: every later reader
// must read them as the second test says.
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "../../src/journal/journal_format.hpp"
#include "../../src/journal/journal_state.hpp"
#include "journal_fixtures.hpp"

using namespace trustscore;
using namespace tstest::journal;
namespace format = trustscore::journal;

namespace {

using Bytes = std::vector<unsigned char>;

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

constexpr double kDay = 86400.0, kT = 1.7e9;

// name -> bytes, from a store made here: records.tsj holds an add of every
// column with sources, an add of factor and value only, a retraction and a
// removal; after-checkpoint.tsj the journal after a checkpoint (an add with
// weights only); empty.tsj a new store's journal.
std::vector<std::pair<std::string, Bytes>> make_seeds() {
  ScratchDir dir("seeds");
  const std::string ids[] = {"acme", "globex", "acme"};
  const std::string_view sources[] = {"site-a", "", "site-b"};
  const std::int32_t factor[] = {0, 3, 8};
  const double value[] = {1, 0.25, 0.5}, weight[] = {2, 1, 0.5};
  const double time[] = {kT, kT + kDay, kT + 2 * kDay}, credibility[] = {1, 0.5, 0.75};
  SignalBatch full;
  full.size = 3, full.factor = factor, full.value = value, full.weight = weight;
  full.time = time, full.credibility = credibility;
  SignalBatch bare;
  bare.size = 3, bare.factor = factor, bare.value = value;
  SignalBatch weighted = bare;
  weighted.size = 1, weighted.weight = weight;
  std::vector<std::pair<std::string, Bytes>> seeds;
  JournalOptions options{Durability::none};
  options.keep_history = true;
  auto j = JournaledStore::open(dir.store(), Model(), options);
  seeds.emplace_back("empty.tsj", read_bytes(dir.store() + "/journal-0000000000000000.tsj"));
  const std::vector<std::string_view> views(std::begin(ids), std::end(ids));
  j.add(views.data(), full, sources);
  j.add(views.data(), bare, nullptr, IngestOptions{kT + 3 * kDay});
  j.retract(views.data(), full);
  j.remove_entity("globex");
  j.checkpoint();
  j.add(views.data(), weighted, nullptr, IngestOptions{kT + 4 * kDay});
  j.close();
  const Bytes records = read_bytes(dir.store() + "/journal-0000000000000000.tsj");
  seeds.emplace_back("records.tsj", records);
  seeds.emplace_back("after-checkpoint.tsj",
                     read_bytes(dir.store() + "/journal-0000000000000001.tsj"));
  seeds.emplace_back("torn.tsj", Bytes(records.begin(), records.end() - 9));
  Bytes damaged = records;
  damaged[format::kFileHeaderSize + 60] ^= 0x40;  // in the first record's payload
  seeds.emplace_back("damaged.tsj", damaged);
  Bytes garbage = records;
  for (int i = 0; i < 64; ++i) garbage.push_back(static_cast<unsigned char>(i * 37));
  seeds.emplace_back("garbage-tail.tsj", garbage);
  return seeds;
}

struct Read {
  format::FileHeader header;
  format::Scan scan;
  std::vector<format::RecordType> types;
  std::vector<std::size_t> offsets;
  EvidenceStore store{Model()};  // the records applied
};

Read read_seed(const std::string& name) {
  const Bytes bytes = read_bytes(std::string(TRUSTSCORE_TEST_DATA_DIR) + "/journal/" + name);
  Read r;
  r.header = format::read_file_header(bytes.data(), bytes.size(), name);
  r.scan = format::scan_records(
      bytes.data(), bytes.size(), name, r.header.first_sequence,
      [&](const format::Record& record, std::size_t offset) {
        r.types.push_back(record.type);
        r.offsets.push_back(offset);
        if (r.types.size() == 1 && name == "records.tsj") {
          CHECK(record.flags == 15);  // every column, sources
          CHECK(record.sources == std::vector<std::string_view>{"site-a", "", "site-b"});
        }
        if (r.types.size() == 2 && name == "records.tsj") {
          CHECK(record.flags == 0);
          CHECK(record.default_time == kT + 3 * kDay);
        }
        format::apply_record(r.store, record);
      });
  return r;
}

}  // namespace

TEST_CASE("write the seed journals of the fuzz target", "[.write-seeds]") {
  const char* dir = std::getenv("TRUSTSCORE_WRITE_JOURNAL_SEEDS");
  REQUIRE(dir != nullptr);
  for (const auto& [name, bytes] : make_seeds()) {
    std::ofstream out(std::string(dir) + "/" + name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    REQUIRE(out);
  }
}

TEST_CASE("the seed journals of format version 1 read as they were written") {
  using format::RecordType;
  const Read empty = read_seed("empty.tsj");
  CHECK(empty.header.number == 0);
  CHECK(empty.header.first_sequence == 1);
  CHECK(empty.scan.records == 0);
  CHECK(empty.scan.valid_end == format::kFileHeaderSize);

  const Read records = read_seed("records.tsj");
  CHECK(records.types == std::vector<RecordType>{RecordType::add, RecordType::add,
                                                 RecordType::retract, RecordType::remove_entity});
  CHECK_FALSE(records.scan.torn);
  CHECK(records.scan.damage.empty());
  // Added 3 and 3, 3 taken back, globex's one left removed: acme's two bare signals.
  CHECK(records.store.signal_count() == 2);
  const std::int64_t globex = records.store.find_entity("globex");
  REQUIRE(globex >= 0);  // a removed entity keeps its index, with no evidence
  CHECK(records.store.cell_signal_count(std::size_t(globex), 3) == 0);

  const Read after = read_seed("after-checkpoint.tsj");
  CHECK(after.header.number == 1);
  CHECK(after.header.first_sequence == 5);
  CHECK(after.types == std::vector<RecordType>{RecordType::add});

  const Read torn = read_seed("torn.tsj");
  CHECK(torn.scan.torn);
  CHECK(torn.scan.records == 3);
  CHECK(torn.scan.valid_end == records.offsets.back());

  const Read damaged = read_seed("damaged.tsj");
  CHECK(damaged.scan.records == 0);
  CHECK_THAT(damaged.scan.damage, Catch::Contains("damaged.tsj: offset 40") &&
                                      Catch::Contains("checksum does not match"));

  const Read garbage = read_seed("garbage-tail.tsj");
  CHECK(garbage.scan.records == 4);
  CHECK(garbage.scan.torn);
  CHECK(garbage.scan.valid_end == records.scan.valid_end);
}
