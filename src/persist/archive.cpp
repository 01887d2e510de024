// Models and evidence stores as Boost.Serialization archives (binary, text,
// XML), inside the envelope of envelope.hpp. Every count read back is checked
// against the bytes left in the payload before anything is allocated for it,
// and every value against what the in-memory classes accept.
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/nvp.hpp>
#include <cmath>
#include <cstring>
#include <istream>
#include <limits>
#include <ostream>
#include <streambuf>

#include "envelope.hpp"
#include "store_access.hpp"
#include "trustscore/persist.hpp"

namespace trustscore {
inline namespace v1 {
namespace persist {

namespace {

using boost::serialization::make_array;
using boost::serialization::make_nvp;

[[noreturn]] void bad(const std::string& what) { fail(Status::bad_format, what); }

// Output: appends to a byte vector.
class VectorSink : public std::streambuf {
 public:
  explicit VectorSink(std::vector<unsigned char>& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) out_.push_back(static_cast<unsigned char>(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* p, std::streamsize n) override {
    out_.insert(out_.end(), p, p + n);
    return n;
  }

 private:
  std::vector<unsigned char>& out_;
};

// Input: reads a byte range in place.
class RangeSource : public std::streambuf {
 public:
  RangeSource(const unsigned char* p, std::size_t n) {
    char* b = const_cast<char*>(reinterpret_cast<const char*>(p));
    setg(b, b, b + n);
  }
};

// Bytes of the payload not yet accounted for: a count read from the archive
// must fit in them (each element takes at least `min_bytes`), so no input can
// make the loader allocate more than a small multiple of its own size.
thread_local std::uint64_t budget = 0;

void take(std::uint64_t count, std::uint64_t min_bytes, const char* what) {
  if (min_bytes > 0 && count > budget / min_bytes)
    bad(std::string("corrupted archive: ") + what + " count " + std::to_string(count) +
        " exceeds what the file can hold");
  budget -= count * min_bytes;
}

// Per archive kind: the fewest bytes one element of a type can take in it.
template <class Ar>
constexpr std::uint64_t min_bytes(std::uint64_t binary_size) {
  return std::is_same_v<Ar, boost::archive::binary_iarchive> ? binary_size : 1;
}

// Doubles that may be infinite or NaN: text archives cannot read those back,
// so a class byte (0 finite, 1 +inf, 2 -inf, 3 NaN) goes first.
template <class Ar>
void save_real(Ar& ar, const char* name, double x) {
  std::uint8_t cls = std::isnan(x) ? 3 : x == HUGE_VAL ? 1 : x == -HUGE_VAL ? 2 : 0;
  double v = cls == 0 ? x : 0.0;
  ar << make_nvp(name, cls) << make_nvp(name, v);
}
template <class Ar>
double load_real(Ar& ar, const char* name) {
  std::uint8_t cls = 0;
  double v = 0;
  ar >> make_nvp(name, cls) >> make_nvp(name, v);
  switch (cls) {
    case 0:
      if (!std::isfinite(v)) bad(std::string("corrupted archive: ") + name + " is not finite");
      return v;
    case 1:
      return HUGE_VAL;
    case 2:
      return -HUGE_VAL;
    case 3:
      return std::numeric_limits<double>::quiet_NaN();
    default:
      bad(std::string("corrupted archive: ") + name + " has value class " + std::to_string(cls));
  }
}

template <class Ar>
void save_string(Ar& ar, const char* name, const std::string& s) {
  std::uint64_t n = s.size();
  ar << make_nvp("length", n);
  if (n) ar << make_nvp(name, make_array(s.data(), n));
}
template <class Ar>
std::string load_string(Ar& ar, const char* name) {
  std::uint64_t n = 0;
  ar >> make_nvp("length", n);
  take(n, 1, name);
  std::string s(n, '\0');
  if (n) ar >> make_nvp(name, make_array(&s[0], n));
  return s;
}

template <class Ar, class T>
void save_vector(Ar& ar, const char* name, const std::vector<T>& v) {
  std::uint64_t n = v.size();
  ar << make_nvp("count", n);
  if (n) ar << make_nvp(name, make_array(v.data(), n));
}
template <class Ar, class T>
void load_vector(Ar& ar, const char* name, std::vector<T>& v, std::uint64_t expect = ~0ULL) {
  std::uint64_t n = 0;
  ar >> make_nvp("count", n);
  if (expect != ~0ULL && n != expect)
    bad(std::string("corrupted archive: ") + name + " has " + std::to_string(n) + " values where " +
        std::to_string(expect) + " belong");
  take(n, min_bytes<Ar>(sizeof(T)), name);
  v.resize(n);
  if (n) ar >> make_nvp(name, make_array(v.data(), n));
}

// Layout version inside the payload, per content (the header's format
// version covers the envelope; these cover what is inside). Model layout 2
// appends the logistic kind's weights and bias after the default profile;
// layout 1 files (no logistic kind then) load with weights 0 and bias 0.
// Store layout 2 appends each cell's signal count (for retraction); layout 1
// files load with the count of every cell that holds evidence unknown.
constexpr std::uint32_t kModelLayout = 2, kStoreLayout = 2;

template <class Ar>
std::uint32_t check_layout(Ar& ar, std::uint32_t newest, const char* what) {
  std::uint32_t layout = 0;
  ar >> make_nvp("layout", layout);
  if (layout == 0 || layout > newest)
    fail(Status::version_mismatch, std::string(what) + " layout " + std::to_string(layout) +
                                       " is not one this library reads (1.." +
                                       std::to_string(newest) + ")");
  return layout;
}

// The last kind a model layout knows (numbers are only ever appended).
ModelKind last_kind(std::uint32_t layout) {
  return layout == 1 ? ModelKind::subjective_logic : ModelKind::logistic;
}

template <class Ar>
void save_model_body(Ar& ar, const Model& m) {
  std::uint32_t layout = kModelLayout;
  ar << make_nvp("layout", layout);
  const ModelSettings& st = m.settings();
  std::uint32_t kind = static_cast<std::uint32_t>(st.kind);
  ar << make_nvp("kind", kind);
  save_real(ar, "min_coverage", st.min_coverage);
  save_real(ar, "prior_count", st.prior_count);
  save_real(ar, "prior_mean", st.prior_mean);
  save_vector(ar, "level_utilities", st.level_utilities);
  std::uint64_t F = m.factor_count();
  ar << make_nvp("factors", F);
  for (std::size_t f = 0; f < F; ++f) {
    save_string(ar, "id", m.factors()[f].id);
    save_string(ar, "description", m.factors()[f].description);
    const FactorParams& p = m.params(f);
    save_real(ar, "half_life_days", p.half_life_days);
    save_real(ar, "negativity", p.negativity);
    save_real(ar, "base_rate", p.base_rate);
    save_real(ar, "prior_weight", p.prior_weight);
  }
  std::uint64_t P = m.profiles().size();
  ar << make_nvp("profiles", P);
  for (const Profile& p : m.profiles()) {
    save_string(ar, "name", p.name);
    save_vector(ar, "weights", p.weights);
  }
  save_string(ar, "default_profile", m.default_profile());
  save_vector(ar, "logistic_weights", st.logistic_weights);  // layout 2
  save_real(ar, "logistic_bias", st.logistic_bias);
}

template <class Ar>
Model load_model_body(Ar& ar) {
  const std::uint32_t layout = check_layout(ar, kModelLayout, "model");
  Model m;
  ModelSettings st;
  std::uint32_t kind = 0;
  ar >> make_nvp("kind", kind);
  if (kind > static_cast<std::uint32_t>(last_kind(layout)))
    bad("corrupted archive: model kind " + std::to_string(kind));
  st.kind = static_cast<ModelKind>(kind);
  st.min_coverage = load_real(ar, "min_coverage");
  st.prior_count = load_real(ar, "prior_count");
  st.prior_mean = load_real(ar, "prior_mean");
  load_vector(ar, "level_utilities", st.level_utilities);
  m.set_settings(st);
  std::uint64_t F = 0;
  ar >> make_nvp("factors", F);
  take(F, 1, "factor");
  if (F < builtin_factor_count) bad("corrupted archive: fewer factors than the built-in ones");
  for (std::size_t f = 0; f < F; ++f) {
    const std::string id = load_string(ar, "id");
    const std::string description = load_string(ar, "description");
    FactorParams p;
    p.half_life_days = load_real(ar, "half_life_days");
    p.negativity = load_real(ar, "negativity");
    p.base_rate = load_real(ar, "base_rate");
    p.prior_weight = load_real(ar, "prior_weight");
    if (f < builtin_factor_count) {
      if (id != m.factors()[f].id)
        bad("corrupted archive: built-in factor " + std::to_string(f) + " is '" + id + "'");
      m.set_params(f, p);
    } else {
      m.add_factor(id, description, p, 0.0);  // profiles below give the weights
    }
  }
  std::uint64_t P = 0;
  ar >> make_nvp("profiles", P);
  take(P, 1, "profile");
  for (std::uint64_t i = 0; i < P; ++i) {
    Profile p;
    p.name = load_string(ar, "name");
    load_vector(ar, "weights", p.weights, F);
    m.set_profile(p);
  }
  m.set_default_profile(load_string(ar, "default_profile"));
  if (layout >= 2) {  // the settings above had no factor count yet: weights now
    load_vector(ar, "logistic_weights", st.logistic_weights, F);
    st.logistic_bias = load_real(ar, "logistic_bias");
    m.set_settings(st);
  }
  return m;
}

template <class Ar>
void save_store_body(Ar& ar, const EvidenceStore& s) {
  const auto lock = s.read_lock();  // one state: writers wait until it is saved
  std::uint32_t layout = kStoreLayout;
  ar << make_nvp("layout", layout);
  const FactorCatalog& cat = StoreAccess::catalog(s);
  std::uint64_t F = cat.size();
  ar << make_nvp("factors", F);
  for (std::size_t f = 0; f < F; ++f) {
    save_string(ar, "id", cat[f].id);
    save_string(ar, "description", cat[f].description);
    save_real(ar, "half_life_seconds", StoreAccess::half_lives(s)[f]);
    save_real(ar, "negativity", StoreAccess::negativity(s)[f]);
  }
  save_vector(ar, "level_utilities", StoreAccess::utilities(s));
  // Entity ids as one block of bytes and their end offsets: one bulk write.
  const auto& ids = StoreAccess::ids(s);
  std::vector<std::uint64_t> ends(ids.size());
  std::uint64_t total = 0;
  for (std::size_t e = 0; e < ids.size(); ++e) ends[e] = total += ids[e].size();
  std::string blob;
  blob.reserve(total);
  for (const std::string& id : ids) blob += id;
  save_vector(ar, "id_ends", ends);
  save_string(ar, "id_bytes", blob);
  for (std::size_t f = 0; f < F; ++f) save_vector(ar, "positive", StoreAccess::r(s)[f]);
  for (std::size_t f = 0; f < F; ++f) save_vector(ar, "negative", StoreAccess::s(s)[f]);
  for (const auto& column : StoreAccess::levels(s)) save_vector(ar, "level", column);
  save_real(ar, "reference_time", StoreAccess::t0(s));
  save_real(ar, "latest_time", StoreAccess::latest(s));
  const std::int64_t signals = StoreAccess::signals(s);
  ar << make_nvp("signals", signals);
  for (const auto& column : StoreAccess::counts(s)) save_vector(ar, "signal_counts", column);
}

// True when every value is finite and >= 0 (a branch-free loop).
bool all_masses(const std::vector<double>& v) {
  bool ok = true;
  for (double x : v) ok &= x >= 0 && x < HUGE_VAL;
  return ok;
}

template <class Ar>
EvidenceStore load_store_body(Ar& ar) {
  const std::uint32_t layout = check_layout(ar, kStoreLayout, "evidence store");
  // A model with the saved factors gives the store its shape; the state
  // read below then replaces the store's.
  Model shape;
  std::uint64_t F = 0;
  ar >> make_nvp("factors", F);
  take(F, 1, "factor");
  if (F < builtin_factor_count) bad("corrupted archive: fewer factors than the built-in ones");
  std::vector<double> half_lives(F), negativity(F);
  for (std::size_t f = 0; f < F; ++f) {
    const std::string id = load_string(ar, "id");
    const std::string description = load_string(ar, "description");
    half_lives[f] = load_real(ar, "half_life_seconds");
    negativity[f] = load_real(ar, "negativity");
    if (!(half_lives[f] > 0)) bad("corrupted archive: half-life of '" + id + "' is not > 0");
    if (!(negativity[f] > 0)) bad("corrupted archive: negativity of '" + id + "' is not > 0");
    if (f < builtin_factor_count) {
      if (id != shape.factors()[f].id)
        bad("corrupted archive: built-in factor " + std::to_string(f) + " is '" + id + "'");
    } else {
      shape.add_factor(id, description);
    }
  }
  EvidenceStore store(shape);
  StoreAccess::half_lives(store) = half_lives;
  StoreAccess::negativity(store) = negativity;
  auto& utilities = StoreAccess::utilities(store);
  load_vector(ar, "level_utilities", utilities);
  if (!utilities.empty()) {
    ModelSettings check;
    check.level_utilities = utilities;
    validate_settings(check);
  }
  std::vector<std::uint64_t> ends;
  load_vector(ar, "id_ends", ends);
  const std::string blob = load_string(ar, "id_bytes");
  const std::size_t n = ends.size();
  auto& ids = StoreAccess::ids(store);
  ids.reserve(n);
  std::uint64_t begin = 0;
  for (std::size_t e = 0; e < n; ++e) {
    if (ends[e] <= begin || ends[e] > blob.size())
      bad("corrupted archive: entity id " + std::to_string(e) + " is empty or out of bounds");
    ids.emplace_back(blob, begin, ends[e] - begin);
    begin = ends[e];
  }
  // The id index is built on the first look-up (a duplicate id, which only a
  // file trustscore did not write can hold, is reported then).
  StoreAccess::index(store).reset();
  if (begin != blob.size()) bad("corrupted archive: entity id bytes do not add up");
  for (std::size_t f = 0; f < F; ++f) load_vector(ar, "positive", StoreAccess::r(store)[f], n);
  for (std::size_t f = 0; f < F; ++f) load_vector(ar, "negative", StoreAccess::s(store)[f], n);
  auto& levels = StoreAccess::levels(store);
  levels.assign(F * utilities.size(), {});
  for (auto& column : levels) load_vector(ar, "level", column, n);
  for (std::size_t f = 0; f < F; ++f)
    if (!all_masses(StoreAccess::r(store)[f]) || !all_masses(StoreAccess::s(store)[f]))
      bad("corrupted archive: a mass of factor '" + shape.factors()[f].id +
          "' is negative or not finite");
  for (const auto& column : levels)
    if (!all_masses(column)) bad("corrupted archive: a level count is negative or not finite");
  StoreAccess::t0(store) = load_real(ar, "reference_time");
  StoreAccess::latest(store) = load_real(ar, "latest_time");
  if (std::isinf(StoreAccess::t0(store).load()) || std::isinf(StoreAccess::latest(store).load()))
    bad("corrupted archive: a time is infinite");
  std::int64_t signals = 0;
  ar >> make_nvp("signals", signals);
  if (signals < 0) bad("corrupted archive: negative signal count");
  StoreAccess::signals(store) = signals;
  auto& counts = StoreAccess::counts(store);
  const std::size_t k = utilities.size();
  for (std::size_t f = 0; f < F; ++f) {
    const auto& r = StoreAccess::r(store)[f];
    const auto& s = StoreAccess::s(store)[f];
    const auto holds = [&](std::size_t e) {
      bool any = r[e] > 0 || s[e] > 0;
      for (std::size_t l = 0; l < k; ++l) any |= levels[f * k + l][e] > 0;
      return any;
    };
    if (layout >= 2) {
      load_vector(ar, "signal_counts", counts[f], n);
      for (std::size_t e = 0; e < n; ++e)
        if (counts[f][e] == 0 && holds(e))
          bad("corrupted archive: a cell of factor '" + shape.factors()[f].id +
              "' holds evidence and no signal");
    } else {
      counts[f].resize(n);
      for (std::size_t e = 0; e < n; ++e)
        counts[f][e] = holds(e) ? EvidenceStore::kUnknownCount : 0;
    }
  }
  StoreAccess::finish_load(store);
  return store;
}

// No Boost header: the envelope says what follows, and Boost's own header
// starts with a length-prefixed string it would allocate before any check of
// ours. Only primitives and arrays are archived (no class information), so
// archives do not depend on Boost's version.
constexpr unsigned kFlags = boost::archive::no_header;

// The archive body(ar) writes, in `format`, into sink.
template <class Body>
void write_archive(std::streambuf& sink, ArchiveFormat format, Body&& body) {
  switch (format) {
    case ArchiveFormat::binary: {
      boost::archive::binary_oarchive ar(sink, kFlags);
      body(ar);
      break;
    }
    case ArchiveFormat::text: {
      std::ostream os(&sink);
      boost::archive::text_oarchive ar(os, kFlags);
      body(ar);
      break;
    }
    case ArchiveFormat::xml: {
      std::ostream os(&sink);
      boost::archive::xml_oarchive ar(os, kFlags);
      body(ar);
      break;
    }
    default:
      fail(Status::invalid_argument, "unknown archive format");
  }
}

// The whole saved file: header room, the archive body(ar) writes, then the
// header sealed in place (one buffer: no copy of a gigabyte to put a header
// in front). size_hint: about the binary payload's size, reserved up front
// (growing a vector of a gigabyte by doubling copies it twice over).
template <class Body>
std::vector<unsigned char> write_file(SavedContent content, ArchiveFormat format, Body&& body,
                                      std::size_t size_hint = 0) {
  std::vector<unsigned char> file;
  file.reserve(persist_header_size +
               (format == ArchiveFormat::binary ? size_hint + 4096 : 3 * size_hint + 4096));
  file.resize(persist_header_size);
  VectorSink sink(file);
  write_archive(sink, format, body);
  seal(file, content, format);
  return file;
}

template <class Result, class Body>
Result read_payload(const unsigned char* data, std::size_t size, SavedContent content,
                    Body&& body) {
  const SavedInfo info = persist::check(data, size, content);
  const unsigned char* payload = data + persist_header_size;
  RangeSource source(payload, info.payload_bytes);
  budget = info.payload_bytes;
  try {
    switch (info.format) {
      case ArchiveFormat::binary: {
        boost::archive::binary_iarchive ar(source, kFlags);
        return body(ar);
      }
      case ArchiveFormat::text: {
        std::istream is(&source);
        boost::archive::text_iarchive ar(is, kFlags);
        return body(ar);
      }
      default: {
        std::istream is(&source);
        boost::archive::xml_iarchive ar(is, kFlags);
        return body(ar);
      }
    }
  } catch (const Error& e) {
    if (e.status() == Status::bad_format || e.status() == Status::version_mismatch) throw;
    bad(std::string("the saved ") + saved_content_name(content) + " is not valid: " + e.what());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    bad(std::string("corrupted archive: ") + e.what());
  }
}

// About the bytes of a store's binary payload.
std::size_t store_size_hint(const EvidenceStore& store) {
  std::size_t bytes = 0;
  for (const std::string& id : store.entity_ids()) bytes += id.size() + 8;
  const std::size_t columns = store.factor_count() * (2 + store.level_utilities().size());
  return bytes + columns * store.entity_count() * sizeof(double) +
         store.factor_count() * store.entity_count() * sizeof(std::uint32_t) +
         256 * store.factor_count();
}

}  // namespace
}  // namespace persist

const char* archive_format_name(ArchiveFormat format) noexcept {
  switch (format) {
    case ArchiveFormat::binary:
      return "binary";
    case ArchiveFormat::text:
      return "text";
    case ArchiveFormat::xml:
      return "xml";
  }
  return "?";
}

const char* saved_content_name(SavedContent content) noexcept {
  return content == SavedContent::model ? "model" : "evidence store";
}

ArchiveFormat archive_format_from_name(const std::string& name) {
  for (ArchiveFormat f : {ArchiveFormat::binary, ArchiveFormat::text, ArchiveFormat::xml})
    if (name == archive_format_name(f)) return f;
  fail(Status::invalid_argument, "unknown archive format '" + name + "' (binary, text or xml)");
}

std::vector<unsigned char> save_model(const Model& model, ArchiveFormat format) {
  return persist::write_file(SavedContent::model, format,
                             [&](auto& ar) { persist::save_model_body(ar, model); });
}

Model load_model(const void* data, std::size_t size) {
  return persist::read_payload<Model>(static_cast<const unsigned char*>(data), size,
                                      SavedContent::model,
                                      [](auto& ar) { return persist::load_model_body(ar); });
}

void save_model_file(const Model& model, const std::string& path, ArchiveFormat format) {
  persist::write_file_streamed(path, SavedContent::model, format, [&](std::streambuf& sink) {
    persist::write_archive(sink, format, [&](auto& ar) { persist::save_model_body(ar, model); });
  });
}

Model load_model_file(const std::string& path) {
  const persist::MappedFile file(path);
  try {
    return load_model(file.data(), file.size());
  } catch (const Error& e) {
    fail(e.status(), "'" + path + "': " + e.what());
  }
}

std::vector<unsigned char> save_store(const EvidenceStore& store, ArchiveFormat format) {
  return persist::write_file(
      SavedContent::store, format, [&](auto& ar) { persist::save_store_body(ar, store); },
      persist::store_size_hint(store));
}

EvidenceStore load_store(const void* data, std::size_t size) {
  return persist::read_payload<EvidenceStore>(
      static_cast<const unsigned char*>(data), size, SavedContent::store,
      [](auto& ar) { return persist::load_store_body(ar); });
}

// Streamed to the file (no buffer of the file's size: a store of 1.7 GB
// saved through memory first spent more time faulting in and filling that
// buffer than writing it).
void save_store_file(const EvidenceStore& store, const std::string& path, ArchiveFormat format) {
  persist::write_file_streamed(path, SavedContent::store, format, [&](std::streambuf& sink) {
    persist::write_archive(sink, format, [&](auto& ar) { persist::save_store_body(ar, store); });
  });
}

EvidenceStore load_store_file(const std::string& path) {
  const persist::MappedFile file(path);
  try {
    return load_store(file.data(), file.size());
  } catch (const Error& e) {
    fail(e.status(), "'" + path + "': " + e.what());
  }
}

SavedInfo inspect(const void* data, std::size_t size) {
  return persist::check(static_cast<const unsigned char*>(data), size);
}

SavedInfo inspect_file(const std::string& path) {
  const persist::MappedFile file(path);
  try {
    return inspect(file.data(), file.size());
  } catch (const Error& e) {
    fail(e.status(), "'" + path + "': " + e.what());
  }
}

}  // namespace v1
}  // namespace trustscore
