// A model's configuration as JSON text, for the C ABI and the Python package.
//
// {"format": "trustscore.model", "version": 1, "kind": "beta",
//  "factors": [{"id": "authenticity", "description": "...", "half_life_days": 365,
//               "negativity": 2, "base_rate": 0.5, "prior_weight": 2}, ...],
//  "profiles": {"decision": {"authenticity": 2, ...}, ...},
//  "default_profile": "decision"}
//
// Reading starts from the default model: a factor entry with a built-in id
// changes its parameters (keys left out keep their values), a new id adds a
// custom factor (with "weight" in every existing profile, default 1); a
// profile given replaces that profile, factors it leaves out weigh 0.
// half_life_days null means no decay. Unknown keys and wrong types are errors
// naming the key.
//
// "parameters" holds the kind's: weighted_mean {"min_coverage"},
// bayesian_average {"prior_count", "prior_mean"}, dirichlet {"levels"} or
// {"level_utilities"}, logistic {"weights": {factor: weight}, "bias"}: the
// weights are read after "factors" (custom ids may be named; factors left
// out weigh 0; an array of one weight per factor also works) and written for
// every factor.
#pragma once

#include <string>
#include <string_view>

#include "trustscore/model.hpp"

namespace trustscore::config {

Model model_from_json(std::string_view text);
std::string model_to_json(const Model& model);

}  // namespace trustscore::config
