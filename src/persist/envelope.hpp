// The 40-byte header around every saved archive (layout in
// include/trustscore/persist.hpp), its checksum, and whole-file I/O with
// atomic replacement. No Boost here: this is what runs before Boost reads.
#pragma once

#include <cstddef>
#include <cstdint>
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
// Writes the bytes to path atomically (temporary file, fsync, rename, fsync
// of the directory); io error naming the path on failure, and the target is
// then untouched.
void write_file_atomic(const std::string& path, const std::vector<unsigned char>& bytes);

}  // namespace persist
}  // namespace v1
}  // namespace trustscore
