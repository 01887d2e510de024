// Saving and loading models and evidence stores (Boost.Serialization inside
// the compiled library trustscore::persist; nothing of Boost here).
//
// A saved file or buffer is a 40-byte header and the archive:
//
//   offset  size  field
//        0     8  magic "\x89TSC\r\n\x1a\n" (catches text-mode and 7-bit damage)
//        8     4  format version (little-endian; this library writes 1, reads <= 1)
//       12     1  content: 1 model, 2 evidence store
//       13     1  archive: 1 binary, 2 text, 3 xml (Boost.Serialization archives)
//       14     2  reserved, 0
//       16     8  payload length in bytes (exactly what follows the header)
//       24     8  checksum of the payload
//       32     8  checksum of bytes 0..31
//
// Everything in the header is checked before Boost reads a byte, and every
// count read from the archive is checked against the payload length before
// memory is allocated for it, so a truncated, corrupted or hostile input is
// an Error naming the problem (bad_format, version_mismatch, io), never a
// crash, a hang or an unbounded allocation. The checksums (4 lanes of
// multiply-xor over 8-byte words) change with any single changed byte.
//
// The binary archive is Boost's binary archive of fixed-width values
// (int64, double, bytes), read back on any little-endian 64-bit platform;
// text and XML are for inspection and any platform. File saves are atomic:
// a temporary file in the same directory, flushed and fsynced, renamed over
// the target, and the directory fsynced, so a crash at any moment leaves
// either the old file or the new one, complete.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"

namespace trustscore {
inline namespace v1 {

enum class ArchiveFormat : std::uint8_t { binary = 1, text = 2, xml = 3 };
enum class SavedContent : std::uint8_t { model = 1, store = 2 };

// The format version this library writes (it reads every version up to it).
constexpr std::uint32_t persist_format_version = 1;
constexpr std::size_t persist_header_size = 40;

const char* archive_format_name(ArchiveFormat format) noexcept;
const char* saved_content_name(SavedContent content) noexcept;
// "binary", "text" or "xml"; invalid_argument otherwise.
ArchiveFormat archive_format_from_name(const std::string& name);

// What a header says (after all its checks passed; the payload is checked too).
struct SavedInfo {
  std::uint32_t version = 0;
  SavedContent content = SavedContent::model;
  ArchiveFormat format = ArchiveFormat::binary;
  std::uint64_t payload_bytes = 0;
};

std::vector<unsigned char> save_model(const Model& model,
                                      ArchiveFormat format = ArchiveFormat::binary);
Model load_model(const void* data, std::size_t size);
void save_model_file(const Model& model, const std::string& path,
                     ArchiveFormat format = ArchiveFormat::binary);
Model load_model_file(const std::string& path);

std::vector<unsigned char> save_store(const EvidenceStore& store,
                                      ArchiveFormat format = ArchiveFormat::binary);
EvidenceStore load_store(const void* data, std::size_t size);
void save_store_file(const EvidenceStore& store, const std::string& path,
                     ArchiveFormat format = ArchiveFormat::binary);
EvidenceStore load_store_file(const std::string& path);

// Checks header and payload checksum without reading the archive.
SavedInfo inspect(const void* data, std::size_t size);
SavedInfo inspect_file(const std::string& path);

}  // namespace v1
}  // namespace trustscore
