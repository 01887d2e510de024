// Forwarding header (deprecated path; goes at the next major version): the
// other kinds' batch kernels (trustscore::batch) are internal machinery, now
// in trustscore/detail/model_batch.hpp, with no stability promise.
#pragma once

#include "trustscore/detail/model_batch.hpp"
