#include "journal_format.hpp"

#include <cmath>
#include <cstring>

#include "../persist/bytes.hpp"
#include "../persist/envelope.hpp"
#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

using persist::load32;
using persist::load64;
using persist::store32;
using persist::store64;

namespace {

constexpr unsigned char kMagic[8] = {0x89, 'T', 'S', 'J', '\r', '\n', 0x1a, '\n'};

std::uint64_t record_checksum(const unsigned char* header, const unsigned char* payload,
                              std::size_t size) {
  persist::Checksum sum;
  sum.add(header, 8);
  sum.add(payload, size);
  return sum.value();
}

template <class T>
void put(std::vector<unsigned char>& out, const T& x) {
  const auto* p = reinterpret_cast<const unsigned char*>(&x);
  out.insert(out.end(), p, p + sizeof(T));
}

template <class T>
void put_column(std::vector<unsigned char>& out, const T* column, std::int64_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(column);
  out.insert(out.end(), p, p + sizeof(T) * static_cast<std::size_t>(n));
}

// The ends, then the bytes: the room for them made once and filled with
// memcpy (an insert per id cost as much as writing the record to disk).
void put_strings(std::vector<unsigned char>& out, const std::string_view* s, std::int64_t n) {
  const auto count = static_cast<std::size_t>(n);
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < count; ++i) bytes += s[i].size();
  const std::size_t start = out.size();
  out.resize(start + 8 * count + bytes);
  unsigned char* ends = out.data() + start;
  unsigned char* chars = ends + 8 * count;
  std::uint64_t end = 0;
  for (std::size_t i = 0; i < count; ++i) {
    end += s[i].size();
    std::memcpy(ends + 8 * i, &end, 8);
    if (!s[i].empty()) std::memcpy(chars, s[i].data(), s[i].size());
    chars += s[i].size();
  }
}

// Reads a payload's columns with bounds checks: every read says whether it fit.
struct Cursor {
  const unsigned char* p;
  std::size_t left;
  bool take(void* out, std::size_t bytes) {
    if (bytes > left) return false;
    if (bytes == 0) return true;  // `out` may be null then (an empty column): no memcpy
    std::memcpy(out, p, bytes);
    p += bytes, left -= bytes;
    return true;
  }
  template <class T>
  bool column(std::vector<T>& out, std::uint64_t n) {
    if (n > left / sizeof(T)) return false;
    out.resize(static_cast<std::size_t>(n));
    return take(out.data(), sizeof(T) * static_cast<std::size_t>(n));
  }
  bool strings(std::vector<std::string_view>& out, std::uint64_t n) {
    if (n > left / 8) return false;
    const unsigned char* ends = p;
    p += 8 * n, left -= 8 * n;
    out.resize(static_cast<std::size_t>(n));
    std::uint64_t begin = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t end = load64(ends + 8 * i);
      if (end < begin || end > left) return false;
      out[i] = std::string_view(reinterpret_cast<const char*>(p + begin), end - begin);
      begin = end;
    }
    p += begin, left -= begin;
    return true;
  }
};

}  // namespace

const char* record_type_name(RecordType t) noexcept {
  switch (t) {
    case RecordType::add:
      return "add";
    case RecordType::retract:
      return "retract";
    case RecordType::remove_entity:
      return "remove entity";
  }
  return "unknown";
}

void write_file_header(unsigned char* out, const FileHeader& h) {
  std::memcpy(out, kMagic, 8);
  store32(out + 8, kFormatVersion);
  store32(out + 12, 0);
  store64(out + 16, h.number);
  store64(out + 24, h.first_sequence);
  store64(out + 32, persist::checksum(out, 32));
}

FileHeader read_file_header(const unsigned char* data, std::size_t size, const std::string& name) {
  const auto bad = [&](const std::string& what) { fail(Status::bad_format, name + ": " + what); };
  if (size < kFileHeaderSize || std::memcmp(data, kMagic, 8) != 0)
    bad("not a trustscore journal (no journal header)");
  if (persist::checksum(data, 32) != load64(data + 32))
    bad("corrupted journal header (its checksum does not match)");
  const std::uint32_t version = load32(data + 8);
  if (version > kFormatVersion)
    fail(Status::version_mismatch, name + ": journal format " + std::to_string(version) +
                                       " is newer than this library reads (" +
                                       std::to_string(kFormatVersion) + ")");
  return {load64(data + 16), load64(data + 24)};
}

SignalBatch Record::batch() const {
  SignalBatch b;
  b.size = size();
  b.factor = factor.data();
  b.value = value.data();
  b.weight = flags & kWeight ? weight.data() : nullptr;
  b.time = flags & kTime ? time.data() : nullptr;
  b.credibility = flags & kCredibility ? credibility.data() : nullptr;
  return b;
}

void encode_record(std::vector<unsigned char>& out, RecordType type, std::uint64_t sequence,
                   double recorded_at, double default_time, const SignalBatch& batch,
                   const std::string_view* ids, const std::string_view* sources) {
  const std::size_t start = out.size();
  out.resize(start + kRecordHeaderSize);
  const std::int64_t n = batch.size;
  const std::uint32_t flags = (batch.weight ? kWeight : 0) | (batch.time ? kTime : 0) |
                              (batch.credibility ? kCredibility : 0) | (sources ? kSources : 0);
  put(out, sequence), put(out, recorded_at), put(out, default_time);
  put(out, std::uint64_t(n)), put(out, flags), put(out, std::uint32_t{0});
  put_column(out, batch.factor, n);
  put_column(out, batch.value, n);
  if (batch.weight) put_column(out, batch.weight, n);
  if (batch.time) put_column(out, batch.time, n);
  if (batch.credibility) put_column(out, batch.credibility, n);
  put_strings(out, ids, n);
  if (sources) put_strings(out, sources, n);
  const std::size_t payload = out.size() - start - kRecordHeaderSize;
  if (payload > kMaxPayload)
    fail(Status::invalid_argument, "a batch of " + std::to_string(payload) +
                                       " bytes is more than one journal record holds (" +
                                       std::to_string(kMaxPayload) + "); add it in parts");
  unsigned char* h = out.data() + start;
  store32(h, static_cast<std::uint32_t>(payload));
  h[4] = static_cast<unsigned char>(type), h[5] = h[6] = h[7] = 0;
  store64(h + 8, record_checksum(h, h + kRecordHeaderSize, payload));
}

void encode_removal(std::vector<unsigned char>& out, std::uint64_t sequence, double recorded_at,
                    std::string_view id) {
  const std::size_t start = out.size();
  out.resize(start + kRecordHeaderSize);
  put(out, sequence), put(out, recorded_at), put(out, std::nan(""));
  put(out, std::uint64_t{1}), put(out, std::uint32_t{0}), put(out, std::uint32_t{0});
  put_strings(out, &id, 1);
  const std::size_t payload = out.size() - start - kRecordHeaderSize;
  unsigned char* h = out.data() + start;
  store32(h, static_cast<std::uint32_t>(payload));
  h[4] = static_cast<unsigned char>(RecordType::remove_entity), h[5] = h[6] = h[7] = 0;
  store64(h + 8, record_checksum(h, h + kRecordHeaderSize, payload));
}

std::size_t read_record(const unsigned char* data, std::size_t size, std::size_t offset,
                        Record& out, std::string& why) {
  if (offset > size || size - offset < kRecordHeaderSize) {
    why = "a record header cut short";
    return 0;
  }
  const unsigned char* h = data + offset;
  const std::uint32_t length = load32(h);
  const unsigned type = h[4];
  if (type < 1 || type > 3 || h[5] || h[6] || h[7]) {
    why = "not a record header";
    return 0;
  }
  if (length < kPayloadFixedSize || length > kMaxPayload ||
      length > size - offset - kRecordHeaderSize) {
    why = "a record of " + std::to_string(length) + " bytes that the file does not hold";
    return 0;
  }
  const unsigned char* payload = h + kRecordHeaderSize;
  if (record_checksum(h, payload, length) != load64(h + 8)) {
    why = "a record whose checksum does not match";
    return 0;
  }
  out.type = static_cast<RecordType>(type);
  Cursor c{payload, length};
  std::uint64_t n = 0;
  std::uint32_t reserved = 0;
  c.take(&out.sequence, 8), c.take(&out.recorded_at, 8), c.take(&out.default_time, 8);
  c.take(&n, 8), c.take(&out.flags, 4), c.take(&reserved, 4);
  bool ok = reserved == 0 && (out.flags & ~std::uint32_t{15}) == 0;
  if (out.type == RecordType::remove_entity) {
    ok = ok && n == 1 && out.flags == 0;
    out.factor.clear(), out.value.clear(), out.sources.clear();
  } else {
    ok = ok && c.column(out.factor, n) && c.column(out.value, n);
    if (ok && (out.flags & kWeight)) ok = c.column(out.weight, n);
    if (ok && (out.flags & kTime)) ok = c.column(out.time, n);
    if (ok && (out.flags & kCredibility)) ok = c.column(out.credibility, n);
  }
  ok = ok && c.strings(out.ids, n);
  if (ok && (out.flags & kSources)) ok = c.strings(out.sources, n);
  if (!(out.flags & kSources)) out.sources.clear();
  if (!ok || c.left != 0) {
    why = "a record whose columns do not fit its length";
    return 0;
  }
  return kRecordHeaderSize + length;
}

namespace {

// Whether a good record with a sequence after `after` starts anywhere in
// [from, size): a record that passes its checksum past a bad one means the
// bad one is damage (a crash tears only the end). Cheap tests first, so
// scanning a torn tail of garbage costs little.
bool good_record_in(const unsigned char* data, std::size_t size, std::size_t from,
                    std::uint64_t after) {
  Record candidate;
  std::string why;
  for (std::size_t at = from; at + kRecordHeaderSize + kPayloadFixedSize <= size; ++at) {
    const unsigned char* h = data + at;
    if (h[4] < 1 || h[4] > 3 || h[5] || h[6] || h[7]) continue;
    const std::uint32_t length = load32(h);
    if (length < kPayloadFixedSize || length > size - at - kRecordHeaderSize) continue;
    const std::uint64_t sequence = load64(h + kRecordHeaderSize);
    if (sequence <= after || sequence - after > (std::uint64_t{1} << 32)) continue;
    if (read_record(data, size, at, candidate, why) != 0) return true;
  }
  return false;
}

}  // namespace

Scan scan_records(const unsigned char* data, std::size_t size, const std::string& name,
                  std::uint64_t first_sequence,
                  const std::function<void(const Record&, std::size_t offset)>& visit) {
  Scan scan;
  std::size_t at = kFileHeaderSize;
  scan.valid_end = at;
  Record record;
  std::string why;
  std::uint64_t expected = first_sequence;
  while (at < size) {
    std::size_t n = read_record(data, size, at, record, why);
    if (n != 0 && record.sequence != expected) {
      why = "record sequence " + std::to_string(record.sequence) + ", expected " +
            std::to_string(expected);
      n = 0;
    }
    if (n == 0) {
      if (good_record_in(data, size, at + 1, expected - 1))
        scan.damage = name + ": offset " + std::to_string(at) + ": " + why +
                      " (a good record follows it: the journal is damaged, not torn)";
      else
        scan.torn = true;
      return scan;
    }
    visit(record, at);
    at += n;
    scan.valid_end = at;
    ++scan.records;
    ++expected;
  }
  return scan;
}

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
