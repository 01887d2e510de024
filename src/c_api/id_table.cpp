// The C ABI's id tables (include/trustscore/id_table.h): initialising one,
// and reading and checking one for the calls that take it (id_table.hpp).
#include "id_table.hpp"

#include <algorithm>
#include <iterator>
#include <memory>
#include <string>

#include "trustscore/detail/id_interner.hpp"

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;

namespace {

// The struct's size in each version, oldest first (guard.hpp, read_versioned).
constexpr std::size_t id_table_sizes[] = {sizeof(trustscore_id_table)};
static_assert(std::size(id_table_sizes) == TRUSTSCORE_ID_TABLE_VERSION);

trustscore_id_table empty_id_table() {
  trustscore_id_table t{};
  t.version = TRUSTSCORE_ID_TABLE_VERSION;
  return t;
}

// Whether every byte of [p, end) is ASCII other than NUL: the common case,
// checked a word at a time before any id is looked at on its own.
bool plain_ascii(const unsigned char* p, const unsigned char* end) {
  unsigned char outside = 0;  // a byte of 0 or >= 0x80 sets its high bit here
  for (; p < end; ++p) outside |= static_cast<unsigned char>(*p - 1u) | *p;
  return (outside & 0x80u) == 0;
}

// The offset of the first byte of id that is a NUL or breaks UTF-8 (an
// overlong form, a surrogate, past U+10FFFF, a truncated sequence), or -1.
std::int64_t first_bad_byte(std::string_view id) {
  const auto* s = reinterpret_cast<const unsigned char*>(id.data());
  const std::size_t n = id.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned c = s[i];
    if (c == 0) return static_cast<std::int64_t>(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t more = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      more = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
    } else {
      return static_cast<std::int64_t>(i);
    }
    if (i + more >= n) return static_cast<std::int64_t>(i);
    if (s[i + 1] < lo || s[i + 1] > hi) return static_cast<std::int64_t>(i);
    for (std::size_t k = 2; k <= more; ++k)
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return static_cast<std::int64_t>(i);
    i += more + 1;
  }
  return -1;
}

}  // namespace

namespace trustscore::c_api {

IdTable::IdTable(const trustscore_id_table* table, std::int64_t items, const char* name,
                 const char* noun, bool allow_empty)
    : items_(items) {
  const std::string at = name;
  need(table, name);
  check_version(table->version, TRUSTSCORE_ID_TABLE_VERSION, name, "trustscore_id_table_init");
  const trustscore_id_table t = read_versioned(*table, empty_id_table(), id_table_sizes);
  if (t.reserved != 0) fail(Status::invalid_argument, at + "->reserved is not 0");
  need_non_negative(items, "count");
  if (t.count < 0) fail(Status::invalid_argument, at + "->count is negative");
  if (t.data_size < 0) fail(Status::invalid_argument, at + "->data_size is negative");
  if (t.data_size > 0 && t.data == nullptr)
    fail(Status::invalid_argument, at + "->data is NULL but data_size is not 0");
  if (t.codes == nullptr && t.count != items)
    fail(Status::invalid_argument, at + "->count is " + std::to_string(t.count) + " but count is " +
                                       std::to_string(items) +
                                       " (with codes NULL, item i is id i: one id per item)");
  if (t.count > 0 && t.offsets == nullptr)
    fail(Status::invalid_argument, at + "->offsets is NULL but count is not 0");
  const std::int64_t* off = t.offsets;
  const auto offset = [&](std::int64_t k) { return at + "->offsets[" + std::to_string(k) + "] "; };
  if (t.count > 0) {
    if (off[0] < 0 || off[0] > t.data_size)
      fail(Status::invalid_argument, offset(0) + std::to_string(off[0]) + " is outside [0, " +
                                         std::to_string(t.data_size) + "] (data_size)");
    for (std::int64_t k = 0; k < t.count; ++k) {
      if (off[k + 1] < off[k])
        fail(Status::invalid_argument, offset(k + 1) + std::to_string(off[k + 1]) +
                                           " is less than offsets[" + std::to_string(k) + "] " +
                                           std::to_string(off[k]) + " (offsets must not decrease)");
      if (off[k + 1] == off[k] && !allow_empty)
        fail(Status::invalid_argument,
             at + ": id " + std::to_string(k) + ": " + noun + " id is empty");
    }
    if (off[t.count] > t.data_size)
      fail(Status::invalid_argument, offset(t.count) + std::to_string(off[t.count]) +
                                         " is past the data (data_size " +
                                         std::to_string(t.data_size) + ")");
    const auto* bytes = reinterpret_cast<const unsigned char*>(t.data);
    const bool plain = plain_ascii(bytes + off[0], bytes + off[t.count]);
    for (std::int64_t k = 0; !plain && k < t.count; ++k) {
      const std::string_view id(t.data + off[k], static_cast<std::size_t>(off[k + 1] - off[k]));
      const std::int64_t bad = first_bad_byte(id);
      if (bad >= 0)
        fail(Status::invalid_argument,
             at + ": id " + std::to_string(k) + ": " + noun + " id " +
                 (id[static_cast<std::size_t>(bad)] == '\0' ? "holds a NUL byte"
                                                            : "is not valid UTF-8") +
                 " (at byte " + std::to_string(bad) + ")");
    }
  }
  data_ = t.data;
  offsets_ = t.offsets;
  count_ = t.count;
  if (t.codes != nullptr) {
    codes_ = t.codes;
    for (std::int64_t i = 0; i < items; ++i)
      if (codes_[i] < 0 || codes_[i] >= t.count)
        fail(Status::invalid_argument, at + "->codes[" + std::to_string(i) + "] " +
                                           std::to_string(codes_[i]) + " is outside [0, " +
                                           std::to_string(t.count) + ") (the table's ids)");
  }
}

IdTable::Coded IdTable::coded() const {
  if (codes_) {
    if (ids_.size() != static_cast<std::size_t>(count_)) {
      ids_.resize(static_cast<std::size_t>(count_));
      for (std::int64_t k = 0; k < count_; ++k) ids_[static_cast<std::size_t>(k)] = id(k);
    }
    return {ids_.data(), count_, codes_};
  }
  if (distinct_codes_.size() != static_cast<std::size_t>(count_)) {
    const auto n = static_cast<std::size_t>(count_);
    distinct_codes_.resize(n);
    // The CSV reader's interner: short ids sit in its slots, so each item
    // costs one cache miss (the items come in any order), and the hashes
    // are computed kAhead items ahead and their slots fetched so that the
    // misses overlap.
    using Interner = trustscore::detail::IdInterner;
    auto distinct = std::make_shared<Interner>();
    constexpr std::size_t kAhead = 16;
    std::uint64_t ahead[kAhead];
    const auto at = [this](std::size_t i) { return id(static_cast<std::int64_t>(i)); };
    for (std::size_t i = 0; i < std::min(n, kAhead); ++i)
      distinct->prefetch(ahead[i] = Interner::hash(at(i)));
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t h = ahead[i % kAhead];
      if (i + kAhead < n) distinct->prefetch(ahead[i % kAhead] = Interner::hash(at(i + kAhead)));
      distinct_codes_[i] = distinct->intern(at(i), h);
    }
    distinct_.resize(static_cast<std::size_t>(distinct->size()));
    for (std::size_t c = 0; c < distinct_.size(); ++c)
      distinct_[c] = distinct->id(static_cast<std::int64_t>(c));
    distinct_owner_ = std::move(distinct);  // distinct_ views its buffer
  }
  return {distinct_.data(), static_cast<std::int64_t>(distinct_.size()), distinct_codes_.data()};
}

std::vector<std::string_view> IdTable::item_views() const {
  std::vector<std::string_view> views(static_cast<std::size_t>(items_));
  for (std::int64_t i = 0; i < items_; ++i) views[static_cast<std::size_t>(i)] = item(i);
  return views;
}

std::int64_t IdTable::find_in(const EvidenceStore& store, std::int64_t* out) const {
  const Coded c = coded();
  std::vector<std::int64_t> dense(static_cast<std::size_t>(c.id_count));
  store.find_entities(c.ids, c.id_count, dense.data());
  std::int64_t unknown = 0;
  for (std::int64_t i = 0; i < items_; ++i) unknown += (out[i] = dense[c.codes[i]]) < 0;
  return unknown;
}

}  // namespace trustscore::c_api

extern "C" {

int trustscore_id_table_init(trustscore_id_table* table, int32_t version) {
  return guard(__func__, [&] {
    need(table, "table");
    check_version(version, TRUSTSCORE_ID_TABLE_VERSION, "table", "trustscore_id_table_init");
    trustscore_id_table empty = empty_id_table();
    empty.version = version;
    write_versioned(table, empty, version, id_table_sizes);
  });
}

}  // extern "C"
