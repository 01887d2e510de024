// Forwarding header (deprecated path; goes at the next major version): the
// fit of the logistic kind's weights is trustscore/eval/logistic_fit.hpp now
// (the kind's scoring formulas are trustscore/kinds/logistic.hpp).
#pragma once

#include "trustscore/eval/logistic_fit.hpp"
