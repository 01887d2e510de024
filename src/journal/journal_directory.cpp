#include "journal_directory.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

namespace {

[[noreturn]] void io_fail(const std::string& what, const std::string& path, int error) {
  fail(Status::io, what + " '" + path + "': " + std::strerror(error));
}

std::string numbered(const std::string& directory, const char* stem, std::uint64_t number,
                     const char* extension) {
  char name[64];
  std::snprintf(name, sizeof name, "%s-%016llx.%s", stem, static_cast<unsigned long long>(number),
                extension);
  return directory + "/" + name;
}

// The number of "stem-<16 hex>.extension", or false for another name.
bool parse_numbered(const std::string& name, const std::string& stem, const std::string& extension,
                    std::uint64_t& number) {
  const std::size_t digits = 16;
  if (name.size() != stem.size() + 1 + digits + 1 + extension.size()) return false;
  if (name.compare(0, stem.size(), stem) != 0 || name[stem.size()] != '-') return false;
  if (name.compare(name.size() - extension.size() - 1, std::string::npos, "." + extension) != 0)
    return false;
  number = 0;
  for (std::size_t i = stem.size() + 1; i < stem.size() + 1 + digits; ++i) {
    const char c = name[i];
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    number = number * 16 + std::uint64_t(d);
  }
  return true;
}

}  // namespace

std::string checkpoint_path(const std::string& directory, std::uint64_t number) {
  return numbered(directory, "checkpoint", number, "tss");
}
std::string journal_path(const std::string& directory, std::uint64_t number) {
  return numbered(directory, "journal", number, "tsj");
}

Listing list_directory(const std::string& directory) {
  DIR* d = ::opendir(directory.c_str());
  if (d == nullptr) io_fail("cannot read the directory", directory, errno);
  Listing listing;
  while (const dirent* entry = ::readdir(d)) {
    const std::string name = entry->d_name;
    std::uint64_t number = 0;
    if (parse_numbered(name, "checkpoint", "tss", number))
      listing.checkpoints.push_back(number);
    else if (parse_numbered(name, "journal", "tsj", number))
      listing.journals.push_back(number);
    else if (name.rfind("checkpoint-", 0) == 0 && name.find(".tss.tmp.") != std::string::npos)
      listing.leftovers.push_back(directory + "/" + name);
  }
  ::closedir(d);
  std::sort(listing.checkpoints.begin(), listing.checkpoints.end());
  std::sort(listing.journals.begin(), listing.journals.end());
  return listing;
}

void make_directory(const std::string& directory) {
  if (directory.empty()) fail(Status::invalid_argument, "directory is empty");
  if (::mkdir(directory.c_str(), 0755) == 0 || errno == EEXIST) {
    struct stat st {};
    if (::stat(directory.c_str(), &st) != 0) io_fail("cannot stat", directory, errno);
    if (!S_ISDIR(st.st_mode)) fail(Status::io, "'" + directory + "' exists and is not a directory");
    return;
  }
  io_fail("cannot create the directory", directory, errno);
}

DirectoryLock::DirectoryLock(const std::string& directory) {
  const std::string path = directory + "/LOCK";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) io_fail("cannot open the lock file", path, errno);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    if (error == EWOULDBLOCK)
      fail(Status::io, "the store in '" + directory + "' is open in another process or handle");
    io_fail("cannot lock", path, error);
  }
}

DirectoryLock::~DirectoryLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
