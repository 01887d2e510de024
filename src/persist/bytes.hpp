// Fixed-width little-endian values in byte buffers, for the saved files'
// headers and the journal's records (the hosts built for are little-endian:
// envelope.cpp checks).
#pragma once

#include <cstdint>
#include <cstring>

namespace trustscore {
inline namespace v1 {
namespace persist {

inline std::uint64_t load64(const unsigned char* p) noexcept {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}
inline std::uint32_t load32(const unsigned char* p) noexcept {
  std::uint32_t x;
  std::memcpy(&x, p, 4);
  return x;
}
inline void store64(unsigned char* p, std::uint64_t x) noexcept { std::memcpy(p, &x, 8); }
inline void store32(unsigned char* p, std::uint32_t x) noexcept { std::memcpy(p, &x, 4); }

}  // namespace persist
}  // namespace v1
}  // namespace trustscore
