// Forwarding header (deprecated path; goes at the next major version): the
// splitting of entities over threads is internal machinery, now in
// trustscore/detail/parallel.hpp, with no stability promise.
#pragma once

#include "trustscore/detail/parallel.hpp"
