// Profiles: what matters most changes along the customer journey, so a model
// holds one named weight vector per journey stage and a score call names one.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/factors.hpp"

namespace trustscore {
inline namespace v1 {

struct Profile {
  std::string name;
  std::vector<double> weights;  // one per factor, in catalog order
};

// Throws unless weights has one finite, non-negative entry per factor and a
// positive sum (a profile that weighs nothing cannot produce a score).
inline void validate_profile(const Profile& p, std::size_t factor_count) {
  require(!p.name.empty(), "profile name is empty");
  require(p.weights.size() == factor_count, "profile '" + p.name + "' has " +
                                                std::to_string(p.weights.size()) + " weights for " +
                                                std::to_string(factor_count) + " factors");
  double sum = 0;
  for (std::size_t f = 0; f < p.weights.size(); ++f) {
    const double w = p.weights[f];
    require(std::isfinite(w) && w >= 0,
            "profile '" + p.name + "' weight " + std::to_string(f) + " must be finite and >= 0");
    sum += w;
  }
  require(sum > 0, "profile '" + p.name + "' weights sum to zero");
  require(std::isfinite(sum), "profile '" + p.name + "' weights sum to infinity");
}

// The four journey stages with their default weights over the nine built-in
// factors (authenticity, third_party_endorsement, values, data_security,
// data_points, official_backing, experts, koc_word_of_mouth, service_details).
// docs/guide/scoring.md gives the one-line reason for each.
inline std::vector<Profile> builtin_profiles() {
  return {
      {"awareness", {1.0, 1.5, 1.5, 0.5, 0.5, 2.0, 1.0, 2.0, 0.5}},
      {"consideration", {1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 2.0, 1.5, 0.5}},
      {"decision", {2.0, 1.5, 0.5, 2.0, 1.5, 1.0, 1.0, 2.0, 1.0}},
      {"nurturing", {1.0, 0.5, 1.5, 2.0, 1.0, 0.5, 0.5, 1.5, 2.5}},
  };
}

inline constexpr const char* default_profile_name = "decision";

}  // namespace v1
}  // namespace trustscore
