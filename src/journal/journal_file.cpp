#include "journal_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "journal_format.hpp"
#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

namespace testing {
std::atomic<ssize_t (*)(int, const void*, std::size_t)> write_hook{nullptr};
std::atomic<int (*)(int)> sync_hook{nullptr};
}  // namespace testing

namespace {

[[noreturn]] void io_fail(const std::string& what, const std::string& path, int error) {
  fail(Status::io, what + " '" + path + "': " + std::strerror(error));
}

ssize_t write_some(int fd, const void* data, std::size_t size) {
  const auto hook = testing::write_hook.load();
  return hook ? hook(fd, data, size) : ::write(fd, data, size);
}

int data_sync(int fd) {
  const auto hook = testing::sync_hook.load();
  return hook ? hook(fd) : ::fdatasync(fd);
}

// Writes everything or returns the errno of the write that failed.
int write_all(int fd, const unsigned char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t put = write_some(fd, p, n);
    if (put < 0 && errno == EINTR) continue;
    if (put < 0) return errno;
    if (put == 0) return ENOSPC;
    p += put;
    n -= static_cast<std::size_t>(put);
  }
  return 0;
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

void sync_directory(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) io_fail("cannot open the directory", directory, errno);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) io_fail("cannot fsync the directory", directory, error);
}

JournalFile::JournalFile(int fd, std::string path, std::uint64_t size)
    : fd_(fd), path_(std::move(path)), written_(size), synced_(size) {}

JournalFile::~JournalFile() { ::close(fd_); }

JournalFile* JournalFile::create(const std::string& path, std::uint64_t number,
                                 std::uint64_t first_sequence) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) io_fail("cannot create the journal", path, errno);
  unsigned char header[kFileHeaderSize];
  write_file_header(header, {number, first_sequence});
  int error = write_all(fd, header, sizeof header);
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (error != 0) {
    ::close(fd);
    ::unlink(path.c_str());
    io_fail("cannot write the journal", path, error);
  }
  auto* file = new JournalFile(fd, path, kFileHeaderSize);
  try {
    sync_directory(directory_of(path));
  } catch (...) {
    delete file;
    throw;
  }
  return file;
}

JournalFile* JournalFile::reopen(const std::string& path, std::uint64_t valid_end) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) io_fail("cannot open the journal", path, errno);
  const off_t end = ::lseek(fd, 0, SEEK_END);
  if (end < 0 || std::uint64_t(end) != valid_end) {
    if (::ftruncate(fd, off_t(valid_end)) != 0 || ::fsync(fd) != 0) {
      const int error = errno;
      ::close(fd);
      io_fail("cannot cut the torn tail of the journal", path, error);
    }
  }
  return new JournalFile(fd, path, valid_end);
}

void JournalFile::check_usable() const {
  if (broken_.load())
    fail(Status::io, "the journal '" + path_ +
                         "' failed earlier and may not hold what was acknowledged; "
                         "close the store and open it again");
}

std::uint64_t JournalFile::append(const unsigned char* data, std::size_t size) {
  check_usable();
  const std::uint64_t before = written_.load();
  const int error = write_all(fd_, data, size);
  if (error != 0) {
    // The file may hold part of the bytes: cut it back to the last whole
    // record, so that the journal stays what the store holds.
    if (::ftruncate(fd_, off_t(before)) != 0) broken_.store(true);
    io_fail("cannot append to the journal", path_, error);
  }
  written_.store(before + size, std::memory_order_release);
  return before + size;
}

void JournalFile::cut_back(std::uint64_t end) {
  // A sync under way may have taken the bytes cut as its target: once it
  // ends it would count later appends to those offsets as synced. Wait for
  // it, and start none until the cut is made.
  std::unique_lock<std::mutex> lock(sync_mutex_);
  synced_cv_.wait(lock, [this] { return !syncing_; });
  if (::ftruncate(fd_, off_t(end)) != 0) {
    broken_.store(true);
    io_fail("cannot cut back the journal", path_, errno);
  }
  written_.store(end, std::memory_order_release);
  if (synced_ > end) synced_ = end;
}

void JournalFile::sync_to(std::uint64_t end) {
  std::unique_lock<std::mutex> lock(sync_mutex_);
  while (synced_ < end) {
    check_usable();
    if (syncing_) {  // another caller's sync is under way: it may cover us
      ++waiting_;
      synced_cv_.wait(lock);
      --waiting_;
      continue;
    }
    syncing_ = true;
    const bool others = waiting_ > 0;
    lock.unlock();
    // With other writers about, the callers the last sync released are
    // about to append again. Without a chance to, they miss this sync and
    // wait for the next: the writers settle into two halves taking turns,
    // each sync covering half of them (8 writers on a disk whose syncs take
    // 1 ms: 4 calls per sync; 4.5 to 5.7 with the yield). A lone writer
    // does not yield.
    if (others) std::this_thread::yield();
    const std::uint64_t target = written_.load(std::memory_order_acquire);
    const int rc = data_sync(fd_);
    const int error = errno;
    lock.lock();
    syncing_ = false;
    if (rc != 0) {
      // After a failed fdatasync the kernel may have dropped the dirty
      // pages: what was written cannot be trusted to reach the disk.
      broken_.store(true);
      synced_cv_.notify_all();
      io_fail("cannot sync the journal", path_, error);
    }
    synced_ = std::max(synced_, target);
    synced_cv_.notify_all();
  }
}

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
