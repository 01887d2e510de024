// trustscore: the umbrella C++ header. The core is header-only; link
// trustscore::headers (Eigen comes with it), and trustscore::persist for the
// save and load functions declared in persist.hpp and the journaled store of
// journal.hpp, journal_csv.hpp and history.hpp.
//
// The rule: this header includes every public header, and only those. Every
// header under include/trustscore/ is public except detail/ (internal
// machinery that public headers include: no API, no stability promise) and
// the forwarding headers kept at old paths (their first line says so). The
// C API is trustscore/trustscore.h, included on its own. The umbrella_header test
// (tests/umbrella_header.cmake) checks this list against the directory, and
// docs/design/headers.md describes the layout.
#pragma once

// Evidence, models and scoring.
#include "trustscore/csv.hpp"
#include "trustscore/error.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/factors.hpp"
#include "trustscore/grades.hpp"
#include "trustscore/history.hpp"
#include "trustscore/journal.hpp"
#include "trustscore/journal_csv.hpp"
#include "trustscore/kernel.hpp"
#include "trustscore/model.hpp"
#include "trustscore/persist.hpp"
#include "trustscore/profile.hpp"
#include "trustscore/score.hpp"
#include "trustscore/score_entities.hpp"
#include "trustscore/signal.hpp"
#include "trustscore/stats.hpp"
#include "trustscore/time.hpp"
#include "trustscore/version.h"

// The model kinds.
#include "trustscore/kinds/bayesian_average.hpp"
#include "trustscore/kinds/beta.hpp"
#include "trustscore/kinds/dirichlet.hpp"
#include "trustscore/kinds/kind.hpp"
#include "trustscore/kinds/logistic.hpp"
#include "trustscore/kinds/store_kinds.hpp"
#include "trustscore/kinds/subjective_logic.hpp"
#include "trustscore/kinds/weighted_mean.hpp"
#include "trustscore/kinds/wilson.hpp"

// Trust graphs.
#include "trustscore/graph/credibility.hpp"
#include "trustscore/graph/edge_features.hpp"
#include "trustscore/graph/edge_prediction.hpp"
#include "trustscore/graph/edge_prediction_json.hpp"
#include "trustscore/graph/eigentrust.hpp"
#include "trustscore/graph/fairness_goodness.hpp"
#include "trustscore/graph/ratings_csv.hpp"
#include "trustscore/graph/trust_graph.hpp"

// Evaluation against outcomes, and the fit of learned weights.
#include "trustscore/eval/attacks.hpp"
#include "trustscore/eval/baselines.hpp"
#include "trustscore/eval/calibration.hpp"
#include "trustscore/eval/eval_report.hpp"
#include "trustscore/eval/harness.hpp"
#include "trustscore/eval/linear_regression.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/eval/metrics.hpp"
#include "trustscore/eval/outcomes.hpp"
#include "trustscore/eval/tune.hpp"
#include "trustscore/eval/tune_space.hpp"
