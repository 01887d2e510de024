// The C ABI's shared machinery: the handles' definitions, guard() (no C++
// exception crosses the boundary: each becomes a status and a thread-local
// message), and the argument and output checks every entry point uses, so
// that each rule and each message is written once.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/graph/ratings_csv.hpp"
#include "trustscore/graph/trust_graph.hpp"
#include "trustscore/journal.hpp"
#include "trustscore/model.hpp"
#include "trustscore/trustscore.h"

struct trustscore_model {
  trustscore::Model model;
};

// A store in memory (trustscore_store_create, _load) or a journaled one
// (trustscore_store_open): exactly one of the two is set. Readers use
// evidence(); writers go through the journal when there is one, so that
// every change of a journaled store is journaled.
struct trustscore_store {
  std::optional<trustscore::EvidenceStore> memory;
  std::unique_ptr<trustscore::JournaledStore> journal{};

  const trustscore::EvidenceStore& evidence() const { return journal ? journal->store() : *memory; }
};

struct trustscore_graph {
  trustscore::TrustGraph graph;
  trustscore::GraphNodes nodes;  // empty for a graph from arrays: ids are indices
};

namespace trustscore::c_api {

// The message of the calling thread's latest failure (trustscore_last_error).
std::string& last_error() noexcept;

// Records a failure of `function` and returns its status.
int failed(const char* function, int status, const std::string& message) noexcept;

// Runs an entry point's body: TRUSTSCORE_OK, or the status and message of
// whatever it threw.
template <class Body>
int guard(const char* function, Body&& body) noexcept {
  try {
    last_error().clear();
    body();
    return TRUSTSCORE_OK;
  } catch (const Error& e) {
    return failed(function, static_cast<int>(e.status()), e.what());
  } catch (const std::bad_alloc&) {
    return failed(function, TRUSTSCORE_E_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    return failed(function, TRUSTSCORE_E_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return failed(function, TRUSTSCORE_E_INTERNAL, "internal error: unknown exception");
  }
}

// A required pointer argument.
void need(const void* pointer, const char* name);

// A count or length argument: not negative.
void need_non_negative(std::int64_t value, const char* name);

// An input byte range: data may be NULL only when length is 0.
void need_input(const void* data, std::int64_t length);

// An index into something of `size` elements.
std::size_t index_in(std::int64_t index, std::size_t size, const char* name);

// A versioned struct's version must be one this library reads: 1 (the
// first) to the newest it knows. A struct's fields are only ever appended, so
// a library reads the fields of every older version and leaves the rest at
// their defaults.
void check_version(std::int32_t got, std::int32_t newest, const char* name, const char* init);

// The one check of a caller-owned output: `capacity` units at `data` must
// hold `needed`; otherwise TRUSTSCORE_E_BUFFER_TOO_SMALL with the message
// "<name> holds <capacity> <unit>, <needed> are needed".
void need_room(std::int64_t capacity, std::int64_t needed, const char* name, const char* unit);

// A versioned struct as a caller compiled against its `version` has it.
// sizes[v - 1] is the struct's size in version v; a version only appends
// fields, so version v is a prefix of the newest layout. Reading copies that
// prefix over `defaults` (later fields keep their defaults); writing copies
// only that prefix into the caller's struct, never past its end. The version
// must have been checked (check_version) first.
template <class T, std::size_t N>
T read_versioned(const T& given, const T& defaults, const std::size_t (&sizes)[N]) {
  static_assert(std::is_trivially_copyable_v<T>, "a C struct");
  T out = defaults;
  std::memcpy(&out, &given, sizes[given.version - 1]);
  return out;
}
template <class T, std::size_t N>
void write_versioned(T* caller, const T& full, std::int32_t version,
                     const std::size_t (&sizes)[N]) {
  static_assert(std::is_trivially_copyable_v<T>, "a C struct");
  std::memcpy(caller, &full, sizes[version - 1]);
}

// An optional output array: NULL (with capacity 0) skips it; otherwise it
// must hold `needed` elements.
template <class T>
T* optional_output(T* data, std::int64_t capacity, std::int64_t needed, const char* name) {
  if (capacity < 0) fail(Status::invalid_argument, std::string(name) + "_capacity is negative");
  if (data == nullptr) {
    if (capacity != 0)
      fail(Status::invalid_argument, std::string(name) + " is NULL but its capacity is not 0");
    return nullptr;
  }
  need_room(capacity, needed, name, "elements");
  return data;
}

// A required output array of `needed` elements.
template <class T>
T* required_output(T* data, std::int64_t capacity, std::int64_t needed, const char* name) {
  if (capacity < 0) fail(Status::invalid_argument, std::string(name) + " capacity is negative");
  if (needed > 0) need(data, name);
  need_room(capacity, needed, name, "elements");
  return data;
}

// Copies text into a caller's buffer by the header's string rules (NULL buf
// and capacity 0 ask for the length; the text is NUL-terminated).
void copy_out(const std::string& text, char* buf, std::int64_t capacity, std::int64_t* length);

// A library-owned copy of bytes with a NUL after them (not counted in
// *length), freed by trustscore_buffer_free.
void hand_out(const void* bytes, std::size_t size, void** data, std::int64_t* length);
inline void hand_out(const std::vector<unsigned char>& bytes, void** data, std::int64_t* length) {
  hand_out(bytes.data(), bytes.size(), data, length);
}
inline void hand_out(const std::string& text, void** data, std::int64_t* length) {
  hand_out(text.data(), text.size(), data, length);
}

}  // namespace trustscore::c_api
