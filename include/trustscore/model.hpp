// The model: factor catalog, per-factor evidence parameters and profiles.
// It is plain data; the scoring kernel reads it through KernelParams.
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/factors.hpp"
#include "trustscore/kinds/kind.hpp"
#include "trustscore/profile.hpp"

namespace trustscore {
inline namespace v1 {

// Per-factor parameters of the Beta evidence model and of evidence decay.
struct FactorParams {
  // Evidence loses half its weight every half_life_days; +infinity: never.
  double half_life_days = 365.0;
  // Negative mass is multiplied by this (> 1: trust falls faster than it rises).
  double negativity = 2.0;
  // Prior mean a: the trust assumed with no evidence, in [0, 1].
  double base_rate = 0.5;
  // Prior weight W: how many units of evidence the prior counts as (> 0).
  // 2 is the non-informative prior of Subjective Logic (Jøsang 2016, §3.2).
  double prior_weight = 2.0;
};

inline void validate_factor_params(const FactorParams& p, const std::string& factor) {
  require(p.half_life_days > 0 && !std::isnan(p.half_life_days),
          "half-life of '" + factor + "' must be > 0 days (infinity: no decay)");
  require(std::isfinite(p.negativity) && p.negativity > 0,
          "negativity of '" + factor + "' must be finite and > 0");
  require(std::isfinite(p.base_rate) && p.base_rate >= 0 && p.base_rate <= 1,
          "base rate of '" + factor + "' must be in [0, 1]");
  require(std::isfinite(p.prior_weight) && p.prior_weight > 0,
          "prior weight of '" + factor + "' must be finite and > 0");
}

// Defaults per built-in factor. Half-lives follow how fast each kind of
// evidence goes stale: service touches and word of mouth within months,
// values and official recognition over years.
inline FactorParams builtin_factor_params(std::size_t builtin_index) {
  static const double half_life_days[builtin_factor_count] = {
      365,   // authenticity
      365,   // third_party_endorsement
      730,   // values
      730,   // data_security: a breach is remembered for years
      180,   // data_points
      1095,  // official_backing
      365,   // experts
      180,   // koc_word_of_mouth
      90,    // service_details
  };
  FactorParams p;
  p.half_life_days = half_life_days[builtin_index];
  return p;
}

class Model {
 public:
  Model() {
    for (std::size_t f = 0; f < builtin_factor_count; ++f)
      params_.push_back(builtin_factor_params(f));
    settings_.logistic_weights.assign(builtin_factor_count, 0.0);
    profiles_ = builtin_profiles();
    default_profile_ = default_profile_name;
  }

  const FactorCatalog& factors() const noexcept { return catalog_; }
  std::size_t factor_count() const noexcept { return catalog_.size(); }

  // Adds a custom factor; every existing profile gives it `weight`.
  std::size_t add_factor(std::string id, std::string description = {},
                         const FactorParams& params = {}, double weight = 1.0) {
    validate_factor_params(params, id);
    require(std::isfinite(weight) && weight >= 0,
            "weight of new factor '" + id + "' must be finite and >= 0");
    const std::size_t index = catalog_.add(std::move(id), std::move(description));
    params_.push_back(params);
    for (Profile& p : profiles_) p.weights.push_back(weight);
    settings_.logistic_weights.push_back(0.0);  // learned without it: no say in the score
    return index;
  }

  const FactorParams& params(std::size_t f) const {
    if (f >= params_.size())
      fail(Status::invalid_argument, "factor index " + std::to_string(f) + " out of range");
    return params_[f];
  }
  void set_params(std::size_t f, const FactorParams& p) {
    if (f >= params_.size())
      fail(Status::invalid_argument, "factor index " + std::to_string(f) + " out of range");
    validate_factor_params(p, catalog_[f].id);
    params_[f] = p;
  }
  const std::vector<FactorParams>& all_params() const noexcept { return params_; }

  // Adds or replaces a profile.
  void set_profile(const Profile& profile) {
    validate_profile(profile, factor_count());
    for (Profile& p : profiles_)
      if (p.name == profile.name) {
        p = profile;
        return;
      }
    profiles_.push_back(profile);
  }
  const Profile& profile(const std::string& name) const {
    for (const Profile& p : profiles_)
      if (p.name == name) return p;
    fail(Status::invalid_argument, "unknown profile '" + name + "'");
  }
  // The profile used when a score call names none.
  const Profile& profile() const { return profile(default_profile_); }
  const std::vector<Profile>& profiles() const noexcept { return profiles_; }
  const std::string& default_profile() const noexcept { return default_profile_; }
  void set_default_profile(const std::string& name) {
    profile(name);  // throws if unknown
    default_profile_ = name;
  }

  // The scoring model (kind and parameters); beta unless set. The logistic
  // weights are checked against the catalog: one per factor, or none (all 0,
  // stored as zeros so that settings() always has one per factor).
  ModelKind kind() const noexcept { return settings_.kind; }
  const ModelSettings& settings() const noexcept { return settings_; }
  void set_settings(const ModelSettings& settings) {
    validate_settings(settings);
    const std::size_t n = settings.logistic_weights.size();
    if (n != 0 && n != factor_count())
      fail(Status::invalid_argument, "logistic: " + std::to_string(n) + " weights for " +
                                         std::to_string(factor_count()) +
                                         " factors (one per factor, in catalog order)");
    settings_ = settings;
    if (n == 0) settings_.logistic_weights.assign(factor_count(), 0.0);
  }

 private:
  FactorCatalog catalog_;
  std::vector<FactorParams> params_;
  std::vector<Profile> profiles_;
  std::string default_profile_;
  ModelSettings settings_;
};

}  // namespace v1
}  // namespace trustscore
