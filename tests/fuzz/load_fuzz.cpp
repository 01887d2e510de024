// libFuzzer target: any bytes given to the loaders must load or throw
// trustscore::Error, never crash, hang or allocate without bound. Each input
// is tried as it is (the envelope's checks) and resealed, with the envelope's
// checksums and length rewritten, so that mutations reach the archive reader.
// Built by the fuzz preset (clang); scripts/test runs it for about a minute
// from the files of tests/data/persist.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "envelope.hpp"
#include "trustscore/persist.hpp"

namespace {

void try_load(const unsigned char* data, std::size_t size) {
  try {
    trustscore::load_model(data, size);
  } catch (const trustscore::Error&) {
  }
  try {
    trustscore::load_store(data, size);
  } catch (const trustscore::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try_load(data, size);
  if (size < trustscore::persist_header_size) return 0;
  std::vector<unsigned char> sealed(data, data + size);
  const std::uint64_t payload = size - trustscore::persist_header_size;
  std::memcpy(sealed.data() + 16, &payload, 8);
  const std::uint64_t c =
      trustscore::persist::checksum(sealed.data() + trustscore::persist_header_size, payload);
  std::memcpy(sealed.data() + 24, &c, 8);
  const std::uint64_t h = trustscore::persist::checksum(sealed.data(), 32);
  std::memcpy(sealed.data() + 32, &h, 8);
  try_load(sealed.data(), sealed.size());
  return 0;
}
