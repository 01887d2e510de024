// The 40-byte header around every saved archive (layout in
// include/trustscore/persist.hpp), its checksum, and whole-file I/O with
// atomic replacement. No Boost here: this is what runs before Boost reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <streambuf>
#include <string>
#include <vector>

#include "trustscore/persist.hpp"

namespace trustscore {
inline namespace v1 {
namespace persist {

// 64-bit checksum: four lanes of (lane ^ word) * odd over 8-byte words, then
// the tail byte by byte, each lane finished by a bijective mixer and the
// lanes and length combined by xor. Every step is a bijection of the lane
// for a fixed input and injective in the input for a fixed lane, so any one
// changed byte changes the result.
std::uint64_t checksum(const unsigned char* data, std::size_t size) noexcept;

// The same checksum over bytes that come in pieces (a file streamed to disk):
// add() them in order; value() is checksum() of their concatenation.
class Checksum {
 public:
  void add(const unsigned char* data, std::size_t size) noexcept;
  std::uint64_t value() const noexcept;
  std::uint64_t size() const noexcept { return size_; }  // bytes added

 private:
  std::uint64_t lane_[4] = {0x243F6A8885A308D3ULL, 0x13198A2E03707344ULL, 0xA4093822299F31D0ULL,
                            0x082EFA98EC4E6C89ULL};
  unsigned char pending_[32] = {};  // the start of a 32-byte block not complete yet
  std::size_t pending_size_ = 0;
  std::uint64_t size_ = 0;
};

// Fills the first persist_header_size bytes of `file` (reserved by the
// writer) with the header of the payload that follows them.
void seal(std::vector<unsigned char>& file, SavedContent content, ArchiveFormat format);

// Checks header and payload; `expected` names the content the caller wants
// (a store file given where a model is expected is an error saying so).
SavedInfo check(const unsigned char* data, std::size_t size);
SavedInfo check(const unsigned char* data, std::size_t size, SavedContent expected);

// A file mapped read-only for as long as this lives (loading reads the bytes
// in place: no copy, no buffer of the file's size); io error naming the path
// when it cannot be opened or mapped.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const unsigned char* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }

 private:
  const unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
  void* map_ = nullptr;
};
// The payload of a saved file streamed straight to an open file, for a save
// of a gigabyte without a buffer of its size (write_file_streamed): bytes go
// out in blocks of 1 MB, large pieces (the archive's arrays) as they are,
// checksummed on the way; finish() writes the header in the room left for
// it at the start. io error naming `name` where a write fails.
class FileSink : public std::streambuf {
 public:
  FileSink(int fd, std::string name);
  void finish(SavedContent content, ArchiveFormat format);
  // Throws the error of the first write that failed, if one did: a text or
  // XML archive writes through a std::ostream, which swallows the error its
  // streambuf throws, and Boost then throws a vaguer one of its own.
  void rethrow_failure() const;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* p, std::streamsize n) override;

 private:
  void put(const unsigned char* p, std::size_t n);  // checksummed, written
  void drain();                                     // the buffer, put
  int fd_;
  std::string name_;
  std::vector<char> buffer_;
  Checksum sum_;  // of the payload put so far; its size() is the payload's
  std::exception_ptr failure_;
};

// Writes a saved file to path atomically (temporary file, fsync, rename,
// fsync of the directory), its payload streamed by fill(sink) and its header
// made after it; io error naming the file on failure, and the target is then
// untouched.
void write_file_streamed(const std::string& path, SavedContent content, ArchiveFormat format,
                         const std::function<void(std::streambuf&)>& fill);

}  // namespace persist
}  // namespace v1
}  // namespace trustscore
