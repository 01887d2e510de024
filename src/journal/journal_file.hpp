// One journal file open for appending, with group commit: callers that wait
// for their records to reach the disk share one fdatasync.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace trustscore {
inline namespace v1 {
namespace journal {

// Test hooks (tests/journal): when set, the journal writes and syncs through
// them instead of ::write and ::fdatasync, to make them fail as a full or
// broken disk would. Not for use outside tests.
namespace testing {
extern std::atomic<ssize_t (*)(int fd, const void* data, std::size_t size)> write_hook;
extern std::atomic<int (*)(int fd)> sync_hook;
}  // namespace testing

class JournalFile {
 public:
  // A new journal at `path` with its header, on disk (file and directory
  // synced) before it returns.
  static JournalFile* create(const std::string& path, std::uint64_t number,
                             std::uint64_t first_sequence);
  // An existing journal, for appending after its first `valid_end` bytes
  // (what follows them, a torn tail, is cut off and the cut synced).
  static JournalFile* reopen(const std::string& path, std::uint64_t valid_end);
  ~JournalFile();
  JournalFile(const JournalFile&) = delete;
  JournalFile& operator=(const JournalFile&) = delete;

  const std::string& path() const noexcept { return path_; }
  // Bytes in the file (header and records appended).
  std::uint64_t size() const noexcept { return written_.load(std::memory_order_acquire); }

  // Appends bytes; callers serialise appends. Returns the file's end after
  // them. On failure (disk full, I/O error) the file is cut back to where it
  // was and an io Error names it; if even that fails, the file is broken and
  // every later call fails.
  std::uint64_t append(const unsigned char* data, std::size_t size);
  // Cuts the file back to `end` (a record whose call failed after it was
  // appended); callers serialise it with append.
  void cut_back(std::uint64_t end);
  // Returns once the file's first `end` bytes are on disk; one caller syncs
  // while the others that arrive meanwhile wait for it and share it.
  void sync_to(std::uint64_t end);
  void sync_all() { sync_to(size()); }

 private:
  JournalFile(int fd, std::string path, std::uint64_t size);
  void check_usable() const;
  int fd_;
  std::string path_;
  std::atomic<std::uint64_t> written_;
  std::atomic<bool> broken_{false};
  std::mutex sync_mutex_;
  std::condition_variable synced_cv_;
  bool syncing_ = false;
  int waiting_ = 0;  // callers waiting for a sync under way
  std::uint64_t synced_ = 0;
};

// fsync of a directory (a file created, renamed or removed in it is durable
// once its directory is); io Error naming it on failure.
void sync_directory(const std::string& directory);

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
