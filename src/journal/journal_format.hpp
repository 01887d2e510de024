// The journal's bytes: the file header, the records, and the reader that
// tells a torn tail from damage in the middle. Layout in
// docs/design/journal.md; all integers and doubles little-endian.
//
// File header (40 bytes):
//   0  8  magic "\x89TSJ\r\n\x1a\n"
//   8  4  format version (1)
//  12  4  reserved, 0
//  16  8  journal number N (the file is journal-N.tsj)
//  24  8  sequence number of its first record
//  32  8  checksum of bytes 0..31
//
// Record (16-byte header, then the payload):
//   0  4  payload length L
//   4  1  type: 1 add, 2 retract, 3 remove entity
//   5  3  reserved, 0
//   8  8  checksum of bytes 0..7 followed by the L payload bytes
//
// Payload: sequence u64, recorded_at f64 (wall clock at append),
// default_time f64, n u64, flags u32, reserved u32; then, for add and
// retract, factor i32[n], value f64[n], and weight, time, credibility f64[n]
// where flags has them (1, 2, 4); then the ids: ends u64[n] (cumulative)
// and their bytes; then, where flags has 8, the sources the same way. A
// removal carries n = 1 and its id only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/signal.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

constexpr std::uint32_t kFormatVersion = 1;
constexpr std::size_t kFileHeaderSize = 40;
constexpr std::size_t kRecordHeaderSize = 16;
constexpr std::size_t kPayloadFixedSize = 40;
// A record of more is damage (a batch that large is written as several).
constexpr std::uint32_t kMaxPayload = std::uint32_t{1} << 30;

enum class RecordType : std::uint8_t { add = 1, retract = 2, remove_entity = 3 };
const char* record_type_name(RecordType t) noexcept;

// Flags: the optional columns a record holds.
constexpr std::uint32_t kWeight = 1, kTime = 2, kCredibility = 4, kSources = 8;

struct FileHeader {
  std::uint64_t number = 0;
  std::uint64_t first_sequence = 0;
};
void write_file_header(unsigned char* out, const FileHeader& h);
// bad_format naming `name` when the header is not a journal's.
FileHeader read_file_header(const unsigned char* data, std::size_t size, const std::string& name);

// A record decoded: columns copied out (aligned), ids and sources as views
// into the bytes it was decoded from.
struct Record {
  RecordType type = RecordType::add;
  std::uint64_t sequence = 0;
  double recorded_at = 0;
  double default_time = 0;
  std::uint32_t flags = 0;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time, credibility;
  std::vector<std::string_view> ids, sources;
  std::int64_t size() const noexcept { return std::int64_t(ids.size()); }
  // The record's signals as a batch (entity ignored: the ids name them).
  SignalBatch batch() const;
};

// Appends a record to `out` (header and payload). ids[i] and sources[i] (when
// sources is not null) for each of batch.size signals.
void encode_record(std::vector<unsigned char>& out, RecordType type, std::uint64_t sequence,
                   double recorded_at, double default_time, const SignalBatch& batch,
                   const std::string_view* ids, const std::string_view* sources);
void encode_removal(std::vector<unsigned char>& out, std::uint64_t sequence, double recorded_at,
                    std::string_view id);

// Where reading a journal stopped, and why.
struct Scan {
  std::uint64_t valid_end = 0;  // end of the last good record
  std::int64_t records = 0;     // good records
  bool torn = false;            // bytes after valid_end are a torn tail
  std::string damage;           // non-empty: damage in the middle (the Error's message)
};

// Reads the records after the file header in order, calling visit(record,
// offset) for each good one; stops at the end, at a torn tail, or at damage
// (a bad record with a good one after it), which it describes in the Scan.
// Records must carry consecutive sequence numbers from `first_sequence`.
// `name` is the file's, for messages. Never reads outside [data, data+size).
Scan scan_records(const unsigned char* data, std::size_t size, const std::string& name,
                  std::uint64_t first_sequence,
                  const std::function<void(const Record&, std::size_t offset)>& visit);

// The record at `offset` if it is complete and its checksum holds:
// decoded into `out` and its total size returned; 0 otherwise, with `why`.
std::size_t read_record(const unsigned char* data, std::size_t size, std::size_t offset,
                        Record& out, std::string& why);

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
