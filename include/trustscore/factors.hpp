// The factor catalog: the dimensions of trust an entity is scored on.
// Nine built-in factors in a fixed order (their indices are part of the API),
// followed by any custom factors a user adds by id.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

struct Factor {
  std::string id;
  std::string description;
};

// Longest accepted factor id; ids end up in CSV headers, JSON keys and logs.
inline constexpr std::size_t max_factor_id_length = 64;
inline constexpr std::size_t builtin_factor_count = 9;

inline const std::array<Factor, builtin_factor_count>& builtin_factors() {
  static const std::array<Factor, builtin_factor_count> factors{{
      {"authenticity", "Real people and genuine interaction, not scripted automation"},
      {"third_party_endorsement", "Reviews on independent sites and published case studies"},
      {"values", "The values and social contribution the organisation shows"},
      {"data_security", "Data security and privacy"},
      {"data_points", "Verifiable core figures: sales volume, service and commitment data"},
      {"official_backing", "Government or industry recognition, awards, credible public media"},
      {"experts", "Recommendations by domain experts"},
      {"koc_word_of_mouth", "Key opinion consumers and word of mouth: ratings, reviews, referrals"},
      {"service_details", "The quality of small service touches"},
  }};
  return factors;
}

// Throws Error(invalid_argument) unless id is 1..64 characters of [a-z0-9_].
inline void validate_factor_id(std::string_view id) {
  require(!id.empty(), "factor id is empty");
  require(id.size() <= max_factor_id_length,
          "factor id '" + std::string(id.substr(0, 16)) + "...' is longer than " +
              std::to_string(max_factor_id_length) + " characters");
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    require(ok, "factor id '" + std::string(id) + "' may contain only [a-z0-9_]");
  }
}

class FactorCatalog {
 public:
  // A catalog starts with the nine built-in factors.
  FactorCatalog() : factors_(builtin_factors().begin(), builtin_factors().end()) {}

  std::size_t size() const noexcept { return factors_.size(); }
  const Factor& operator[](std::size_t i) const { return factors_.at(i); }
  const std::vector<Factor>& all() const noexcept { return factors_; }

  // Index of a factor id, or -1 when the catalog has no such factor.
  std::int64_t find(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < factors_.size(); ++i)
      if (factors_[i].id == id) return static_cast<std::int64_t>(i);
    return -1;
  }

  std::size_t index_of(std::string_view id) const {
    const std::int64_t i = find(id);
    require(i >= 0, "unknown factor '" + std::string(id) + "'");
    return static_cast<std::size_t>(i);
  }

  // Adds a custom factor and returns its index.
  std::size_t add(std::string id, std::string description = {}) {
    validate_factor_id(id);
    require(find(id) < 0, "factor '" + id + "' already exists");
    factors_.push_back({std::move(id), std::move(description)});
    return factors_.size() - 1;
  }

  bool operator==(const FactorCatalog& o) const {
    if (factors_.size() != o.factors_.size()) return false;
    for (std::size_t i = 0; i < factors_.size(); ++i)
      if (factors_[i].id != o.factors_[i].id) return false;
    return true;
  }
  bool operator!=(const FactorCatalog& o) const { return !(*this == o); }

 private:
  std::vector<Factor> factors_;
};

}  // namespace v1
}  // namespace trustscore
