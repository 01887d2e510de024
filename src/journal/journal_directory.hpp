// The files of a journaled store's directory: their names, the listing, and
// the lock that keeps a second process out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trustscore {
inline namespace v1 {
namespace journal {

std::string checkpoint_path(const std::string& directory, std::uint64_t number);
std::string journal_path(const std::string& directory, std::uint64_t number);

struct Listing {
  std::vector<std::uint64_t> checkpoints;  // ascending
  std::vector<std::uint64_t> journals;     // ascending
  std::vector<std::string> leftovers;      // temporary files of an interrupted checkpoint
  bool empty() const { return checkpoints.empty() && journals.empty(); }
};
// io Error naming the directory when it cannot be read.
Listing list_directory(const std::string& directory);

// Creates the directory when it does not exist (its parent must).
void make_directory(const std::string& directory);

// An exclusive lock on directory/LOCK while this lives; io Error saying that
// another process holds the store when it is taken.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::string& directory);
  ~DirectoryLock();
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
