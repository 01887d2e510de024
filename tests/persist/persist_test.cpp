// Saving and loading: round trips in every archive format give the same
// scores to the bit; every bad input (empty, wrong magic, every truncation,
// every flipped byte, newer versions, absurd lengths, trailing bytes, the
// wrong content, and payload mutations that keep the checksums valid) is an
// Error, never a crash or a huge allocation; files are replaced atomically.
#include "trustscore/persist.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "../scratch_dir.hpp"
#include "envelope.hpp"  // src/persist: the checksum, to forge valid envelopes
#include "trustscore/trustscore.hpp"

using namespace trustscore;
namespace fs = std::filesystem;

namespace {

Model custom_model(ModelKind kind = ModelKind::beta) {
  Model m;
  ModelSettings s;
  s.kind = kind;
  s.min_coverage = 0.25;
  s.level_utilities = {0, 0.5, 1};
  m.set_settings(s);
  FactorParams p;
  p.half_life_days = std::numeric_limits<double>::infinity();
  p.negativity = 3;
  p.base_rate = 0.4;
  p.prior_weight = 4;
  m.add_factor("innovation", "New products", p, 1.5);
  m.set_profile({"launch", {0, 0, 0, 0, 0, 0, 2, 1, 0, 3}});
  m.set_default_profile("launch");
  return m;
}

using tstest::ScratchDir;

EvidenceStore sample_store(const Model& m, int entities = 5) {
  EvidenceStore store(m);
  std::vector<std::string> ids;
  std::vector<std::int32_t> f;
  std::vector<double> v, w, t;
  for (int i = 0; i < entities * 4; ++i) {
    ids.push_back("merchant-" + std::to_string(i % entities) + (i % 7 == 0 ? " ünïcode" : ""));
    f.push_back(i % static_cast<int>(m.factor_count()));
    v.push_back((i * 37 % 11) / 10.0);
    w.push_back(1 + i % 3);
    t.push_back(1.7e9 + 86400.0 * i);
  }
  SignalBatch b;
  b.size = static_cast<std::int64_t>(ids.size());
  b.factor = f.data();
  b.value = v.data();
  b.weight = w.data();
  b.time = t.data();
  store.add(ids.data(), b);
  return store;
}

void same_models(const Model& a, const Model& b) {
  REQUIRE(a.factor_count() == b.factor_count());
  CHECK(a.settings() == b.settings());
  for (std::size_t f = 0; f < a.factor_count(); ++f) {
    CHECK(a.factors()[f].id == b.factors()[f].id);
    CHECK(a.factors()[f].description == b.factors()[f].description);
    CHECK(a.params(f).half_life_days == b.params(f).half_life_days);
    CHECK(a.params(f).negativity == b.params(f).negativity);
    CHECK(a.params(f).base_rate == b.params(f).base_rate);
    CHECK(a.params(f).prior_weight == b.params(f).prior_weight);
  }
  REQUIRE(a.profiles().size() == b.profiles().size());
  for (std::size_t i = 0; i < a.profiles().size(); ++i) {
    CHECK(a.profiles()[i].name == b.profiles()[i].name);
    CHECK(a.profiles()[i].weights == b.profiles()[i].weights);
  }
  CHECK(a.default_profile() == b.default_profile());
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void same_scores(const Model& m, const EvidenceStore& a, const EvidenceStore& b) {
  ScoreOptions o;
  o.explain = true;
  const Scores x = score(m, a, o), y = score(m, b, o);
  CHECK(same_bits(x.score, y.score));
  CHECK(same_bits(x.lower, y.lower));
  CHECK(same_bits(x.contributions, y.contributions));
  CHECK(same_bits(x.gains, y.gains));
  CHECK(a.entity_ids() == b.entity_ids());
  CHECK(a.signal_count() == b.signal_count());
  CHECK(a.latest_time() == b.latest_time());
}

// What loading `bytes` as a store does: "" when it loads, else the status and message.
std::string store_outcome(const std::vector<unsigned char>& bytes, Status* status = nullptr) {
  try {
    load_store(bytes.data(), bytes.size());
  } catch (const Error& e) {
    if (status) *status = e.status();
    return e.what();
  }
  return "";
}

// Rewrites both checksums so that the envelope passes whatever the payload holds.
void reseal(std::vector<unsigned char>& bytes) {
  const std::uint64_t payload = bytes.size() - persist_header_size;
  std::memcpy(bytes.data() + 16, &payload, 8);
  const std::uint64_t c = persist::checksum(bytes.data() + persist_header_size, payload);
  std::memcpy(bytes.data() + 24, &c, 8);
  const std::uint64_t h = persist::checksum(bytes.data(), 32);
  std::memcpy(bytes.data() + 32, &h, 8);
}

const ArchiveFormat all_formats[] = {ArchiveFormat::binary, ArchiveFormat::text,
                                     ArchiveFormat::xml};

}  // namespace

TEST_CASE("models round-trip in every archive format", "[persist]") {
  for (ModelKind kind : all_model_kinds)
    for (ArchiveFormat format : all_formats) {
      CAPTURE(model_kind_name(kind), archive_format_name(format));
      const Model m = custom_model(kind);
      const auto bytes = save_model(m, format);
      const SavedInfo info = inspect(bytes.data(), bytes.size());
      CHECK(info.content == SavedContent::model);
      CHECK(info.format == format);
      CHECK(info.version == persist_format_version);
      CHECK(info.payload_bytes + persist_header_size == bytes.size());
      same_models(m, load_model(bytes.data(), bytes.size()));
    }
}

TEST_CASE("a logistic model round-trips with its weights, to the bit", "[persist]") {
  Model m = custom_model(ModelKind::logistic);
  ModelSettings st = m.settings();
  st.logistic_weights = {1.5, -0.25, 0, 2, 0.1, 0, -3, 0.75, 0, 1.0 / 3};  // innovation last
  st.logistic_bias = -0.6;
  m.set_settings(st);
  const EvidenceStore store = sample_store(m);
  ScoreOptions o;
  o.explain = true;
  const Scores want = score(m, store, o);
  for (ArchiveFormat format : all_formats) {
    CAPTURE(archive_format_name(format));
    const auto bytes = save_model(m, format);
    const Model back = load_model(bytes.data(), bytes.size());
    same_models(m, back);
    const Scores got = score(back, store, o);
    CHECK(same_bits(got.score, want.score));
    CHECK(same_bits(got.upper, want.upper));
    CHECK(same_bits(got.contributions, want.contributions));
  }
}

TEST_CASE("model kinds past the last of the file's layout are corrupted", "[persist]") {
  // Binary payload: the layout (uint32), then the kind (uint32).
  const auto good = save_model(custom_model(ModelKind::logistic), ArchiveFormat::binary);
  const auto outcome = [&](std::uint32_t layout, std::uint32_t kind, Status* st) {
    std::vector<unsigned char> bytes = good;
    std::memcpy(bytes.data() + persist_header_size, &layout, 4);
    std::memcpy(bytes.data() + persist_header_size + 4, &kind, 4);
    reseal(bytes);
    try {
      load_model(bytes.data(), bytes.size());
    } catch (const Error& e) {
      *st = e.status();
      return std::string(e.what());
    }
    return std::string();
  };
  Status st = Status::ok;
  CHECK(outcome(2, 6, &st).empty());  // as saved: logistic is kind 6 of layout 2
  CHECK(outcome(2, 7, &st).find("corrupted archive: model kind 7") != std::string::npos);
  CHECK(st == Status::bad_format);
  // Layout 1 ended at subjective_logic (5).
  CHECK(outcome(1, 6, &st).find("corrupted archive: model kind 6") != std::string::npos);
  CHECK(outcome(3, 0, &st).find("model layout 3 is not one this library reads (1..2)") !=
        std::string::npos);
  CHECK(st == Status::version_mismatch);
}

TEST_CASE("stores round-trip with scores identical to the bit", "[persist]") {
  for (ModelKind kind : {ModelKind::beta, ModelKind::dirichlet, ModelKind::wilson})
    for (ArchiveFormat format : all_formats) {
      CAPTURE(model_kind_name(kind), archive_format_name(format));
      const Model m = custom_model(kind);
      EvidenceStore a = sample_store(m);
      const auto bytes = save_store(a, format);
      EvidenceStore b = load_store(bytes.data(), bytes.size());
      same_scores(m, a, b);
      CHECK(b.level_utilities() == a.level_utilities());
      // The loaded store takes new signals like the original (its id index is rebuilt).
      const std::vector<std::string> ids = {"merchant-1", "newcomer"};
      const std::int32_t f[] = {2, 3};
      const double v[] = {1.0, 0.5}, t[] = {1.9e9, 1.9e9};
      SignalBatch batch;
      batch.size = 2;
      batch.factor = f;
      batch.value = v;
      batch.time = t;
      a.add(ids.data(), batch);
      b.add(ids.data(), batch);
      same_scores(m, a, b);
    }
  SECTION("an empty store") {
    const Model m;
    const EvidenceStore empty(m);
    const auto bytes = save_store(empty);
    const EvidenceStore back = load_store(bytes.data(), bytes.size());
    CHECK(back.entity_count() == 0);
    CHECK(std::isnan(back.latest_time()));
  }
}

TEST_CASE("bad envelopes are errors naming the problem", "[persist]") {
  const Model m = custom_model();
  const auto good = save_store(sample_store(m));
  Status st = Status::ok;
  CHECK(store_outcome({}, &st).find("empty") != std::string::npos);
  CHECK(st == Status::bad_format);
  CHECK(store_outcome({'P', 'K', 3, 4, 0, 0, 0, 0}).find("wrong magic") != std::string::npos);
  std::vector<unsigned char> text(good.begin(), good.end());
  text[4] = '\n';  // what a text-mode transfer does to "\r\n"
  CHECK(store_outcome(text).find("wrong magic") != std::string::npos);

  SECTION("every truncation") {
    for (std::size_t n = 1; n < good.size(); ++n) {
      const std::vector<unsigned char> cut(good.begin(), good.begin() + n);
      st = Status::ok;
      const std::string why = store_outcome(cut, &st);
      CAPTURE(n, why);
      CHECK(st == Status::bad_format);
      CHECK(why.find("truncated") != std::string::npos);
    }
  }
  SECTION("every flipped byte, every flipped bit of the header") {
    for (std::size_t i = 0; i < good.size(); ++i)
      for (unsigned char mask : {0x01, 0x80, 0xFF}) {
        if (i >= persist_header_size && mask != 0xFF) continue;
        std::vector<unsigned char> bad = good;
        bad[i] ^= mask;
        st = Status::ok;
        const std::string why = store_outcome(bad, &st);
        CAPTURE(i, int(mask), why);
        CHECK(!why.empty());
        CHECK((st == Status::bad_format || st == Status::version_mismatch));
      }
  }
  SECTION("trailing bytes, absurd lengths, newer versions, the wrong content") {
    std::vector<unsigned char> longer = good;
    longer.push_back(0);
    CHECK(store_outcome(longer).find("trailing") != std::string::npos);
    std::vector<unsigned char> absurd = good;
    const std::uint64_t huge = ~0ULL / 2;
    std::memcpy(absurd.data() + 16, &huge, 8);
    const std::uint64_t h = persist::checksum(absurd.data(), 32);
    std::memcpy(absurd.data() + 32, &h, 8);
    CHECK(store_outcome(absurd).find("truncated: the header announces") != std::string::npos);
    std::vector<unsigned char> newer = good;
    newer[8] = 2;
    const std::uint64_t h2 = persist::checksum(newer.data(), 32);
    std::memcpy(newer.data() + 32, &h2, 8);
    st = Status::ok;
    CHECK(store_outcome(newer, &st).find("newer trustscore") != std::string::npos);
    CHECK(st == Status::version_mismatch);
    const auto model_bytes = save_model(m);
    CHECK(store_outcome(model_bytes).find("holds a model, not an evidence store") !=
          std::string::npos);
  }
}

TEST_CASE("payload mutations behind valid checksums load or fail cleanly", "[persist]") {
  // The envelope is resealed after each change, so these reach the archive
  // reader: every outcome must be a loaded store or an Error, never a crash
  // (the sanitizer builds run this too) or an allocation beyond the input.
  for (ArchiveFormat format : {ArchiveFormat::binary, ArchiveFormat::text}) {
    const Model m = custom_model(ModelKind::dirichlet);
    const auto good = save_store(sample_store(m, 2), format);
    int failed = 0, loaded = 0;
    for (std::size_t i = persist_header_size; i < good.size(); ++i)
      for (unsigned char value : {0x00, 0xFF, 0x7F, 0x39}) {
        std::vector<unsigned char> bad = good;
        if (bad[i] == value) continue;
        bad[i] = value;
        reseal(bad);
        Status st = Status::ok;
        const std::string why = store_outcome(bad, &st);
        if (why.empty()) {
          ++loaded;
        } else {
          ++failed;
          CHECK((st == Status::bad_format || st == Status::version_mismatch));
        }
      }
    CAPTURE(archive_format_name(format), failed, loaded);
    CHECK(failed > 0);
  }
}

TEST_CASE("files are written atomically and read back", "[persist]") {
  const ScratchDir scratch("persist");
  const fs::path& dir = scratch.path;
  const std::string path = (dir / "store.tsf").string();
  const Model m = custom_model();
  const EvidenceStore a = sample_store(m);
  save_store_file(a, path);
  same_scores(m, a, load_store_file(path));
  CHECK(inspect_file(path).content == SavedContent::store);
  // Replacing it leaves no temporary file behind.
  const EvidenceStore smaller = sample_store(m, 2);
  save_store_file(smaller, path, ArchiveFormat::xml);
  CHECK(load_store_file(path).entity_ids() == smaller.entity_ids());
  CHECK(smaller.entity_count() != a.entity_count());
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.is_regular_file();
  CHECK(files == 1);
  save_model_file(m, (dir / "model.tsf").string(), ArchiveFormat::text);
  same_models(m, load_model_file((dir / "model.tsf").string()));

  Status st = Status::ok;
  std::string why;
  try {
    load_store_file((dir / "missing.tsf").string());
  } catch (const Error& e) {
    st = e.status(), why = e.what();
  }
  CHECK(st == Status::io);
  CHECK(why.find("missing.tsf") != std::string::npos);
  st = Status::ok;
  try {
    save_store_file(a, (dir / "no-such-dir" / "x.tsf").string());
  } catch (const Error& e) {
    st = e.status();
  }
  CHECK(st == Status::io);
  st = Status::ok;
  try {
    load_model_file(path);  // a store, not a model; the message names the file
  } catch (const Error& e) {
    st = e.status(), why = e.what();
  }
  CHECK(st == Status::bad_format);
  CHECK(why.find("store.tsf") != std::string::npos);
}

TEST_CASE("files are streamed: the same bytes as a save to memory", "[persist]") {
  // save_*_file streams the archive to disk through a 1 MB buffer (large
  // arrays bypass it) and writes the header last; the file must be, byte for
  // byte, what save_store/save_model give, in every format, for a store of
  // several MB (buffer drained many times, arrays written straight) and a
  // small one (all in the buffer).
  const ScratchDir scratch("stream");
  const fs::path& dir = scratch.path;
  const std::string path = (dir / "x.tsf").string();
  const Model m = custom_model();
  const auto file_bytes = [&] {
    const persist::MappedFile file(path);
    return std::vector<unsigned char>(file.data(), file.data() + file.size());
  };
  for (ArchiveFormat format : {ArchiveFormat::binary, ArchiveFormat::text, ArchiveFormat::xml}) {
    for (int entities : {3, 40000}) {
      const EvidenceStore store = sample_store(m, entities);
      save_store_file(store, path, format);
      CAPTURE(archive_format_name(format), entities);
      CHECK(file_bytes() == save_store(store, format));
    }
    save_model_file(m, path, format);
    CHECK(file_bytes() == save_model(m, format));
  }
}

TEST_CASE("a save that cannot write says so and leaves nothing behind", "[persist]") {
  // A child process limited to files of 64 KB (RLIMIT_FSIZE; SIGXFSZ
  // ignored, so write() fails with EFBIG) saves a store of several MB in
  // each format: the error is an io error naming the temporary file, also
  // for text and XML, whose std::ostream swallows the streambuf's error.
  const ScratchDir scratch("full");
  const fs::path& dir = scratch.path;
  const std::string path = (dir / "x.tsf").string();
  const Model m;
  const EvidenceStore store = sample_store(m, 40000);
  for (ArchiveFormat format : {ArchiveFormat::binary, ArchiveFormat::text, ArchiveFormat::xml}) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{64 * 1024, 64 * 1024};
      if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(20);
      try {
        save_store_file(store, path, format);
        ::_exit(10);  // saved: the limit did not hold
      } catch (const Error& e) {
        const std::string why = e.what();
        const bool named = why.find("cannot write") != std::string::npos &&
                           why.find("x.tsf.tmp.") != std::string::npos;
        ::_exit(e.status() == Status::io && named ? 0 : 11);
      } catch (...) {
        ::_exit(12);
      }
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    CAPTURE(archive_format_name(format));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(std::distance(fs::directory_iterator(dir), {}) == 0);  // no temporary file left
  }
}

TEST_CASE("the checksum of bytes given in pieces is that of the whole", "[persist]") {
  std::mt19937 rng(7);
  std::vector<unsigned char> bytes(1000);
  for (auto& b : bytes) b = static_cast<unsigned char>(rng());
  for (std::size_t size : {0u, 1u, 31u, 32u, 33u, 100u, 1000u}) {
    for (int trial = 0; trial < 20; ++trial) {
      persist::Checksum sum;
      std::size_t at = 0;
      while (at < size) {  // random pieces, empty ones too
        const std::size_t piece = std::min<std::size_t>(size - at, rng() % 70);
        sum.add(bytes.data() + at, piece);
        at += piece;
      }
      CAPTURE(size, trial);
      CHECK(sum.value() == persist::checksum(bytes.data(), size));
    }
  }
  // And it still tells inputs apart: one changed byte changes it.
  std::vector<unsigned char> other = bytes;
  other[517] ^= 1;
  CHECK(persist::checksum(other.data(), other.size()) !=
        persist::checksum(bytes.data(), bytes.size()));
}

TEST_CASE("a save killed at any moment leaves the old file or the new one", "[persist][kill]") {
  // The child saves two states in turn, as fast as it can; the parent kills
  // it (SIGKILL: no handler, no flush) after a random delay, 100 times, and
  // each time the file must be, byte for byte, one of the two states.
  const ScratchDir scratch("kill");
  const fs::path& dir = scratch.path;
  const std::string path = (dir / "store.tsf").string();
  const Model m;
  const EvidenceStore a = sample_store(m, 5000);
  const EvidenceStore b = sample_store(m, 5001);
  const auto bytes_a = save_store(a), bytes_b = save_store(b);
  save_store_file(a, path);
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> delay_us(0, 150000);
  int saw_a = 0, saw_b = 0;
  for (int round = 0; round < 100; ++round) {
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      for (int i = 0;; ++i) save_store_file(i % 2 ? a : b, path);
    }
    ::usleep(static_cast<useconds_t>(delay_us(rng)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    const persist::MappedFile file(path);
    const std::vector<unsigned char> bytes(file.data(), file.data() + file.size());
    const bool is_a = bytes == bytes_a, is_b = bytes == bytes_b;
    CAPTURE(round, bytes.size());
    REQUIRE((is_a || is_b));
    saw_a += is_a, saw_b += is_b;
    CHECK(load_store_file(path).entity_count() == (is_a ? a : b).entity_count());
  }
  CHECK(saw_a + saw_b == 100);
  WARN("killed saves: old or new state a "
       << saw_a << " times, b " << saw_b
       << "; temporary files left: " << std::distance(fs::directory_iterator(dir), {}) - 1);
}

// The files of format version 1, kept in tests/data/persist/v1 and loaded by
// every later version (regenerate only for a new format version, into a new
// folder: TRUSTSCORE_WRITE_FIXTURES=DIR trustscore_persist_tests "[.write-fixtures]").
TEST_CASE("write the fixture files of this format version", "[.write-fixtures]") {
  const char* dir = std::getenv("TRUSTSCORE_WRITE_FIXTURES");
  REQUIRE(dir != nullptr);
  const Model m = custom_model(ModelKind::dirichlet);
  const EvidenceStore s = sample_store(m, 4);
  for (ArchiveFormat f : all_formats) {
    const std::string suffix = std::string(".") + archive_format_name(f) + ".tsf";
    save_model_file(m, std::string(dir) + "/model" + suffix, f);
    save_store_file(s, std::string(dir) + "/store" + suffix, f);
  }
}

TEST_CASE("files of every format version load, with the same scores", "[persist]") {
  // Version 1: custom_model(dirichlet) and sample_store(that model, 4).
  const Model m = custom_model(ModelKind::dirichlet);
  const EvidenceStore s = sample_store(m, 4);
  for (ArchiveFormat f : all_formats) {
    const std::string suffix = std::string(".") + archive_format_name(f) + ".tsf";
    const std::string base = std::string(TRUSTSCORE_TEST_DATA_DIR) + "/persist/v1/";
    CAPTURE(suffix);
    CHECK(inspect_file(base + "store" + suffix).version == 1);
    // Model layout 1 (before the logistic kind): its weights load as 0.
    same_models(m, load_model_file(base + "model" + suffix));
    CHECK(load_model_file(base + "model" + suffix).settings().logistic_weights ==
          std::vector<double>(10, 0.0));
    same_scores(m, s, load_store_file(base + "store" + suffix));
  }
}

TEST_CASE("cells' signal counts round-trip, and layout 1 files load them unknown", "[persist]") {
  const Model m = custom_model(ModelKind::dirichlet);
  const EvidenceStore a = sample_store(m, 4);
  for (ArchiveFormat format : all_formats) {
    CAPTURE(archive_format_name(format));
    const auto bytes = save_store(a, format);
    const EvidenceStore b = load_store(bytes.data(), bytes.size());
    for (std::size_t e = 0; e < a.entity_count(); ++e)
      for (std::size_t f = 0; f < a.factor_count(); ++f)
        CHECK(b.cell_signal_count(e, f) == a.cell_signal_count(e, f));
    // Layout 1 kept no counts: a cell with evidence is unknown (-1), an empty one 0.
    const std::string old = std::string(TRUSTSCORE_TEST_DATA_DIR) + "/persist/v1/store." +
                            archive_format_name(format) + ".tsf";
    EvidenceStore c = load_store_file(old);
    REQUIRE(c.entity_count() == a.entity_count());
    std::int64_t unknown = 0;
    for (std::size_t e = 0; e < c.entity_count(); ++e)
      for (std::size_t f = 0; f < c.factor_count(); ++f) {
        const bool held = a.cell_signal_count(e, f) > 0;
        CHECK(c.cell_signal_count(e, f) == (held ? -1 : 0));
        unknown += held;
      }
    CHECK(unknown > 0);
    // Retraction still works there: taking back every signal of merchant-0
    // (its cells of unknown count) empties them, as the masses say.
    std::vector<std::string> who;
    std::vector<std::int32_t> f;
    std::vector<double> v, w, t;
    for (int i = 0; i < 16; ++i)
      if (i % 4 == 0) {
        who.push_back("merchant-0" + std::string(i % 7 == 0 ? " ünïcode" : ""));
        f.push_back(i % static_cast<int>(m.factor_count()));
        v.push_back((i * 37 % 11) / 10.0);
        w.push_back(1 + i % 3);
        t.push_back(1.7e9 + 86400.0 * i);
      }
    SignalBatch batch;
    batch.size = static_cast<std::int64_t>(who.size());
    batch.factor = f.data();
    batch.value = v.data();
    batch.weight = w.data();
    batch.time = t.data();
    c.retract(who.data(), batch);
    for (const std::string& id : who) {
      const auto e = static_cast<std::size_t>(c.find_entity(id));
      for (std::size_t k = 0; k < c.factor_count(); ++k) {
        CHECK(c.cell_signal_count(e, k) == 0);
        CHECK(c.positive_mass(e, k, c.latest_time()) == 0.0);
      }
    }
  }
}
