// libFuzzer target: any bytes given as a journal file must be read (its
// records, then a torn tail or damage described) or refused with
// trustscore::Error, never crash, hang or allocate without bound; and the
// records read are applied to a store as opening replays them. Each input is
// tried as it is and resealed, with the file header's checksum, the records'
// sequence numbers and checksums rewritten, so that mutations reach the
// record decoder and the store. Built by the fuzz preset (clang);
// scripts/test runs it from the journals of tests/data/journal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "../../src/journal/journal_format.hpp"
#include "../../src/journal/journal_state.hpp"
#include "bytes.hpp"
#include "envelope.hpp"
#include "trustscore/error.hpp"

namespace {

namespace journal = trustscore::journal;

void read_journal(const unsigned char* data, std::size_t size) {
  const std::string name = "journal-0000000000000000.tsj";
  journal::FileHeader header;
  try {
    header = journal::read_file_header(data, size, name);
  } catch (const trustscore::Error&) {
    return;
  }
  static const trustscore::Model model;
  trustscore::EvidenceStore store(model);
  std::int64_t visited = 0;
  std::size_t last_offset = 0;
  const journal::Scan scan = journal::scan_records(
      data, size, name, header.first_sequence,
      [&](const journal::Record& record, std::size_t offset) {
        // Records come in order, inside the file, with their sequence numbers.
        if (offset < journal::kFileHeaderSize || offset >= size || offset < last_offset ||
            record.sequence != header.first_sequence + std::uint64_t(visited))
          std::abort();
        last_offset = offset;
        ++visited;
        try {
          journal::apply_record(store, record);
        } catch (const trustscore::Error&) {
        }
      });
  // The scan says where it stopped and why: the end, a torn tail, or damage.
  const bool stopped_early = scan.torn || !scan.damage.empty();
  if (scan.records != visited || scan.valid_end < journal::kFileHeaderSize ||
      scan.valid_end > size || (!stopped_early && scan.valid_end != size) ||
      (scan.torn && !scan.damage.empty()))
    std::abort();
}

// The file header's checksum made to match, and each record's sequence
// number (when its payload holds one) and checksum, for as far as the
// records' lengths lead.
std::vector<unsigned char> reseal(const std::uint8_t* data, std::size_t size) {
  using trustscore::persist::load32;
  using trustscore::persist::load64;
  using trustscore::persist::store64;
  std::vector<unsigned char> out(data, data + size);
  store64(out.data() + 32, trustscore::persist::checksum(out.data(), 32));
  std::uint64_t sequence = load64(out.data() + 24);
  std::size_t at = journal::kFileHeaderSize;
  while (size - at >= journal::kRecordHeaderSize) {
    unsigned char* h = out.data() + at;
    const std::uint32_t length = load32(h);
    if (length > size - at - journal::kRecordHeaderSize) break;
    unsigned char* payload = h + journal::kRecordHeaderSize;
    if (length >= 8) store64(payload, sequence++);
    trustscore::persist::Checksum sum;
    sum.add(h, 8);
    sum.add(payload, length);
    store64(h + 8, sum.value());
    at += journal::kRecordHeaderSize + length;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read_journal(data, size);
  if (size < journal::kFileHeaderSize) return 0;
  const std::vector<unsigned char> sealed = reseal(data, size);
  read_journal(sealed.data(), sealed.size());
  return 0;
}
