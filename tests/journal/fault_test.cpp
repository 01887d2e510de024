// The journal when the disk fails (issue #21): writes that fail with EIO in
// the middle of a large record, of a retraction, of a checkpoint's new
// journal; a sync that fails in a checkpoint; a disk that fills
// (RLIMIT_FSIZE, in a child process). Each time the call is an io error
// naming the file, and the store and its journal stay what the calls that
// succeeded made: the store reopens equal to the one in memory.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

#include "../../src/journal/journal_directory.hpp"
#include "../../src/journal/journal_file.hpp"
#include "journal_fixtures.hpp"

using namespace trustscore;
using namespace tstest::journal;
namespace hooks = trustscore::journal::testing;

namespace {

const Model& default_model() {
  static const Model m;
  return m;
}

// The write hook lets this many bytes through, then fails with EIO.
std::atomic<std::size_t> write_budget{0};
ssize_t write_then_fail(int fd, const void* data, std::size_t size) {
  const std::size_t budget = write_budget.load();
  if (budget == 0) {
    errno = EIO;
    return -1;
  }
  const ssize_t put = ::write(fd, data, std::min(size, budget));
  if (put > 0) write_budget -= static_cast<std::size_t>(put);
  return put;
}
struct Hooks {  // set for one scope
  explicit Hooks(std::size_t budget) {
    write_budget = budget;
    hooks::write_hook = write_then_fail;
  }
  Hooks() { hooks::sync_hook = failing_sync; }
  ~Hooks() {
    hooks::write_hook = nullptr;
    hooks::sync_hook = nullptr;
  }
  Hooks(const Hooks&) = delete;
  Hooks& operator=(const Hooks&) = delete;
};

std::string journal_file(const ScratchDir& dir, int number) {
  char name[40];
  std::snprintf(name, sizeof name, "/journal-%016x.tsj", number);
  return dir.store() + name;
}

// Signals [begin, end) by id: journaled, and into the store expected.
void add_both(JournaledStore& j, EvidenceStore& expected, const tstest::evidence::Signals& s,
              std::size_t begin, std::size_t end) {
  add_range(j, s, begin, end);
  s.add_to(expected, begin, end);
}

void require_reopens_as(const ScratchDir& dir, const EvidenceStore& expected) {
  auto j = JournaledStore::open(dir.store());
  CHECK_FALSE(j.recovery().cut());
  require_same_store(j.store(), expected);
}

}  // namespace

TEST_CASE("a write failing in the middle of a large record leaves none of it") {
  ScratchDir dir("eio-large");
  const auto s = random_signals(21, 30000, 2000, default_model().factor_count());
  EvidenceStore expected(default_model());
  {
    auto j = JournaledStore::open(dir.store(), default_model());
    add_both(j, expected, s, 0, 1000);
    const auto before = fs::file_size(journal_file(dir, 0));
    {
      Hooks fail_after(200000);  // the record of 29,000 signals is about 1.4 MB
      CHECK_THROWS_WITH(add_range(j, s, 1000, 30000), Catch::Contains(journal_file(dir, 0)) &&
                                                          Catch::Contains("cannot append") &&
                                                          Catch::Contains("Input/output error"));
      CHECK(write_budget == 0);  // 200,000 bytes of it were written before the failure
    }
    CHECK(fs::file_size(journal_file(dir, 0)) == before);
    require_same_store(j.store(), expected);
    add_both(j, expected, s, 1000, 30000);  // the disk works again
  }
  require_reopens_as(dir, expected);
}

TEST_CASE("a retraction whose record cannot be written is not applied") {
  ScratchDir dir("eio-retract");
  const auto s = random_signals(22, 500, 40, default_model().factor_count());
  EvidenceStore expected(default_model());
  {
    auto j = JournaledStore::open(dir.store(), default_model());
    add_both(j, expected, s, 0, 500);
    const auto ids = views(s.ids, 0, 100);
    {
      Hooks fail_after(30);
      CHECK_THROWS_WITH(
          j.retract(ids.data(), batch_of(s, 0, 100)),
          Catch::Contains(journal_file(dir, 0)) && Catch::Contains("Input/output error"));
    }
    require_same_store(j.store(), expected);
    j.retract(ids.data(), batch_of(s, 0, 100));
    expected.retract(s.ids.data(), batch_of(s, 0, 100));
    require_same_store(j.store(), expected);
  }
  auto j = JournaledStore::open(dir.store());
  CHECK(j.recovery().records == 2);
  require_same_store(j.store(), expected);
}

TEST_CASE("a checkpoint whose new journal cannot be written fails and changes nothing") {
  ScratchDir dir("eio-checkpoint");
  const auto s = random_signals(23, 900, 60, default_model().factor_count());
  EvidenceStore expected(default_model());
  {
    auto j = JournaledStore::open(dir.store(), default_model());
    add_both(j, expected, s, 0, 300);
    for (std::size_t budget : {0, 20}) {  // nothing of its header written, or half of it
      CAPTURE(budget);
      Hooks fail_after(budget);
      CHECK_THROWS_WITH(j.checkpoint(), Catch::Contains(journal_file(dir, 1)) &&
                                            Catch::Contains("Input/output error"));
      CHECK_FALSE(fs::exists(journal_file(dir, 1)));
      const auto files = trustscore::journal::list_directory(dir.store());
      CHECK(files.checkpoints == std::vector<std::uint64_t>{0});
      CHECK(files.journals == std::vector<std::uint64_t>{0});
    }
    add_both(j, expected, s, 300, 600);  // the calls go on into journal 0
    j.checkpoint();
    add_both(j, expected, s, 600, 900);
  }
  auto j = JournaledStore::open(dir.store());
  CHECK(j.recovery().checkpoint.find("checkpoint-0000000000000001.tss") != std::string::npos);
  CHECK(j.recovery().records == 1);
  require_same_store(j.store(), expected);
}

TEST_CASE("a sync failing in a checkpoint breaks the journal, which reopens as the store was") {
  ScratchDir dir("eio-checkpoint-sync");
  const auto s = random_signals(24, 400, 50, default_model().factor_count());
  auto j = JournaledStore::open(dir.store(), default_model(), {Durability::none});
  add_range(j, s, 0, 200);
  {
    Hooks fail_sync;
    CHECK_THROWS_WITH(j.checkpoint(),
                      Catch::Contains(journal_file(dir, 0)) && Catch::Contains("cannot sync"));
  }
  CHECK_FALSE(fs::exists(journal_file(dir, 1)));
  CHECK_THROWS_WITH(add_range(j, s, 200, 400), Catch::Contains("open it again"));
  CHECK_THROWS_WITH(j.close(), Catch::Contains("open it again"));
  CHECK_FALSE(j.is_open());
  auto reopened = JournaledStore::open(dir.store());  // the lock went with close()
  require_same_store(reopened.store(), j.store());
  CHECK(reopened.store().signal_count() == 200);
}

namespace {

// The child of the disk-full test: opens the store, limits the size of the
// files it writes, adds batches of 200 signals until one fails, then
// checkpoints (that fails too). Writes to `report` how many batches were
// accepted; returns its exit status (0: every check held, else the failed
// check on stderr).
int fill_the_disk(const ScratchDir& dir, const tstest::evidence::Signals& s, int report) {
  const auto check = [](bool ok, const std::string& what) {
    if (!ok) std::fprintf(stderr, "disk-full child: %s\n", what.c_str());
    return ok;
  };
  try {
    ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit then fails with EFBIG
    auto j = JournaledStore::open(dir.store(), {Durability::sync});
    EvidenceStore expected(default_model());
    s.add_to(expected, 0, 2000);
    const std::string journal = journal_file(dir, 0);
    const auto limit = static_cast<rlim_t>(fs::file_size(journal) + 150000);
    rlimit fsize{};
    ::getrlimit(RLIMIT_FSIZE, &fsize);
    fsize.rlim_cur = limit;
    if (!check(::setrlimit(RLIMIT_FSIZE, &fsize) == 0, "setrlimit")) return 1;
    std::int64_t accepted = 0;
    std::string error;
    for (std::size_t b = 2000; b + 200 <= s.size() && error.empty(); b += 200) {
      try {
        add_range(j, s, b, b + 200);
        s.add_to(expected, b, b + 200);
        ++accepted;
      } catch (const Error& e) {
        if (!check(e.status() == Status::io, "the error's status is io")) return 1;
        error = e.what();
      }
    }
    bool ok =
        check(!error.empty(), "an add failed before the signals ran out") &&
        check(error.find(journal) != std::string::npos, "the error names the journal") &&
        check(error.find("File too large") != std::string::npos, "the error says why: " + error) &&
        check(fs::file_size(journal) <= limit, "the journal holds to the limit") &&
        check(store_difference(j.store(), expected).empty(),
              "the store is what the accepted calls made");
    try {  // the checkpoint, about 400 KB, fills the disk too
      j.checkpoint();
      ok = check(false, "the checkpoint failed");
    } catch (const Error& e) {
      const std::string what = e.what();
      ok = check(e.status() == Status::io, "the checkpoint's error is io") &&
           check(what.find("checkpoint-0000000000000001.tss") != std::string::npos,
                 "the checkpoint's error names its file: " + what) &&
           ok;
    }
    const auto files = trustscore::journal::list_directory(dir.store());
    ok = check(files.journals == std::vector<std::uint64_t>{0} &&
                   files.checkpoints == std::vector<std::uint64_t>{0} && files.leftovers.empty(),
               "the failed checkpoint left no files") &&
         ok;
    j.close();
    return ok && ::write(report, &accepted, sizeof accepted) == sizeof accepted ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "disk-full child: %s\n", e.what());
    return 1;
  }
}

}  // namespace

TEST_CASE("the disk fills: the call fails naming the journal, and the store reopens") {
  ScratchDir dir("disk-full");
  const auto s = random_signals(25, 12000, 2000, default_model().factor_count());
  JournaledStore::open(dir.store(), default_model()).add(s.ids.data(), batch_of(s, 0, 2000));
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(fill_the_disk(dir, s, pipe_fds[1]));
  ::close(pipe_fds[1]);
  std::int64_t accepted = -1;
  const ssize_t got = ::read(pipe_fds[0], &accepted, sizeof accepted);
  ::close(pipe_fds[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  INFO("the child's checks are on stderr");
  REQUIRE((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  REQUIRE(got == sizeof accepted);
  CHECK(accepted > 0);  // the limit let some through before it was reached
  EvidenceStore expected(default_model());
  s.add_to(expected, 0, 2000);
  std::size_t end = 2000;
  for (std::int64_t b = 0; b < accepted; ++b, end += 200) s.add_to(expected, end, end + 200);
  {
    auto j = JournaledStore::open(dir.store());
    CHECK_FALSE(j.recovery().cut());
    require_same_store(j.store(), expected);
    add_range(j, s, end, end + 200);  // room again
    s.add_to(expected, end, end + 200);
    j.checkpoint();
  }
  require_reopens_as(dir, expected);
}

TEST_CASE("a crash while a new store is made, before journal 0 has its header, opens empty") {
  ScratchDir dir("new-store");
  const auto s = random_signals(26, 100, 10, default_model().factor_count());
  for (std::uintmax_t size : {0, 17}) {  // created, or its header written in part
    CAPTURE(size);
    fs::remove_all(dir.store());
    JournaledStore::open(dir.store(), default_model()).close();
    fs::resize_file(journal_file(dir, 0), size);
    EvidenceStore expected(default_model());
    {
      auto j = JournaledStore::open(dir.store());
      CHECK(j.recovery().records == 0);
      CHECK(j.store().entity_count() == 0);
      add_both(j, expected, s, 0, 100);
    }
    require_reopens_as(dir, expected);
  }
}
