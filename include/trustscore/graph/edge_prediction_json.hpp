// The report of leave_one_out (edge_prediction.hpp) as JSON text, for the C
// ABI and Python:
//
//   {"edges": E, "predictors": [{"name", "rmse", "pearson", "sign_auc"}, ...],
//    "predictions": {"source": [...], "target": [...], "weight": [...],
//                    "<predictor>": [...], ...},      (with predictions only)
//    "features": {"<feature>": [...], ...}}            (with predictions only)
//
// source and target are dense node indices, one per evaluated edge, weight
// its true weight on [-1, 1]; features are edge_features.hpp's. Non-finite
// numbers are null.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "trustscore/detail/json_text.hpp"
#include "trustscore/graph/edge_prediction.hpp"

namespace trustscore {
inline namespace v1 {

namespace detail {

template <class Get>
void json_array(std::string& out, std::size_t n, Get get) {
  out += '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out += ',';
    out += get(i);
  }
  out += ']';
}

}  // namespace detail

inline std::string to_json(const EdgePredictionReport& r, const TrustGraph& graph,
                           bool predictions) {
  using detail::json_number;
  using detail::json_quote;
  std::string out = "{\"edges\": " + std::to_string(r.edges.size()) + ", \"predictors\": [";
  for (std::size_t p = 0; p < r.predictors.size(); ++p) {
    const PredictorScore& s = r.predictors[p];
    out += (p ? ", " : "") + std::string("{\"name\": ") + json_quote(s.name) +
           ", \"rmse\": " + json_number(s.rmse) + ", \"pearson\": " + json_number(s.pearson) +
           ", \"sign_auc\": " + json_number(s.sign_auc) + "}";
  }
  out += "]";
  if (predictions) {
    const std::int64_t* row = graph.ratings().outerIndexPtr();
    const std::int64_t* col = graph.ratings().innerIndexPtr();
    const std::int64_t* end = row + graph.node_count() + 1;
    const auto index = [](std::int64_t i) { return std::to_string(i); };
    out += ", \"predictions\": {\"source\": ";
    // The row holding CSR edge k: the last row starting at or before k.
    detail::json_array(out, r.edges.size(), [&](std::size_t i) {
      return index(std::upper_bound(row, end, r.edges[i]) - row - 1);
    });
    out += ", \"target\": ";
    detail::json_array(out, r.edges.size(), [&](std::size_t i) { return index(col[r.edges[i]]); });
    out += ", \"weight\": ";
    detail::json_array(out, r.actual.size(),
                       [&](std::size_t i) { return json_number(r.actual[i]); });
    for (const PredictorScore& s : r.predictors) {
      out += ", " + json_quote(s.name) + ": ";
      detail::json_array(out, s.predicted.size(),
                         [&](std::size_t i) { return json_number(s.predicted[i]); });
    }
    out += "}, \"features\": {";
    const EdgeFeatures& x = r.features;
    for (std::size_t c = 0; c < x.width(); ++c) {
      out += (c ? ", " : "") + json_quote(x.names[c]) + ": ";
      detail::json_array(out, x.rows(), [&](std::size_t i) { return json_number(x.at(i, c)); });
    }
    out += "}";
  }
  return out + "}";
}

}  // namespace v1
}  // namespace trustscore
