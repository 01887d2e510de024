// Forwarding header (deprecated path; goes at the next major version): the
// model kinds are in trustscore/kinds/ now.
#pragma once

#include "trustscore/kinds/store_kinds.hpp"
