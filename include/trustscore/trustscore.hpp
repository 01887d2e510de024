// trustscore: the umbrella C++ header. The core is header-only; link
// trustscore::headers (Eigen comes with it).
#pragma once

#include "trustscore/csv.hpp"
#include "trustscore/error.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/factors.hpp"
#include "trustscore/grades.hpp"
#include "trustscore/kernel.hpp"
#include "trustscore/model.hpp"
#include "trustscore/models/bayesian_average.hpp"
#include "trustscore/models/beta.hpp"
#include "trustscore/models/dirichlet.hpp"
#include "trustscore/models/subjective_logic.hpp"
#include "trustscore/models/weighted_mean.hpp"
#include "trustscore/models/wilson.hpp"
#include "trustscore/profile.hpp"
#include "trustscore/score.hpp"
#include "trustscore/signal.hpp"
#include "trustscore/stats.hpp"
#include "trustscore/time.hpp"
#include "trustscore/version.h"
