// Metrics for benchmarking scoring models against outcomes: how well scores
// rank (ROC AUC, average precision, NDCG@k, Spearman, Kendall tau-b), how well
// they predict (log loss, Brier score, expected calibration error, RMSE, MAE,
// Pearson). Each is O(n log n) or O(n), with ties handled as scikit-learn and
// scipy handle them (the Python tests compare every metric with them to
// 1e-12 on random and tied inputs):
//
//  - roc_auc: the Mann–Whitney statistic with tied scores counting one half,
//    equal to the area under the trapezoidal ROC curve (sklearn roc_auc_score).
//  - average_precision: Σ (R_k − R_{k−1}) P_k over the distinct score
//    thresholds, tied scores entering together (sklearn average_precision_score).
//  - log_loss: −mean(y log p + (1 − y) log(1 − p)), p clipped to
//    [ε, 1 − ε] with ε the double epsilon (sklearn log_loss, eps="auto").
//  - brier: mean (p − y)² (sklearn brier_score_loss).
//  - expected_calibration_error: `bins` equal-width bins of p over [0, 1]
//    (p = 1 in the last), Σ_b (n_b / n) |mean y_b − mean p_b|.
//  - spearman: Pearson of average ranks (scipy spearmanr); kendall_tau_b:
//    Knight's O(n log n) algorithm (scipy kendalltau, variant b).
//  - ndcg: linear gains y, discount 1 / log2(rank + 1), tied scores sharing
//    their positions' discounts equally (sklearn ndcg_score, ignore_ties=False);
//    k = 0 means all.
// Binary metrics need labels exactly 0 or 1 and both classes present
// (roc_auc) or a positive (average_precision); probabilities must lie in
// [0, 1]. Pearson, Spearman and Kendall are NaN when either side is constant.
// Every input is checked: NaN, wrong lengths or empty input is an error
// naming the metric and the problem.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <string>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace metrics {

namespace detail {

inline void check_pairs(const char* metric, const double* a, const double* b, std::int64_t n) {
  const std::string m = metric;
  require(n > 0, m + ": no values (n = " + std::to_string(n) + ")");
  require(a && b, m + ": null input array");
  for (std::int64_t i = 0; i < n; ++i)
    if (!std::isfinite(a[i]) || !std::isfinite(b[i]))
      fail(Status::invalid_argument, m + ": value " + std::to_string(i) + " is NaN or infinite");
}

inline void check_labels(const char* metric, const double* y, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (y[i] != 0 && y[i] != 1)
      fail(Status::invalid_argument, std::string(metric) + ": label " + std::to_string(i) + " is " +
                                         std::to_string(y[i]) + ", not 0 or 1");
}

inline void check_probabilities(const char* metric, const double* p, std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (!(p[i] >= 0 && p[i] <= 1))
      fail(Status::invalid_argument, std::string(metric) + ": probability " + std::to_string(i) +
                                         " is " + std::to_string(p[i]) + ", outside [0, 1]");
}

// Indices sorted by x descending (stable, so equal x keep input order).
inline std::vector<std::int64_t> order_descending(const double* x, std::int64_t n) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [x](std::int64_t a, std::int64_t b) { return x[a] > x[b]; });
  return order;
}

// Average ranks (1-based; ties get the mean of their positions).
inline std::vector<double> average_ranks(const double* x, std::int64_t n) {
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::sort(order.begin(), order.end(),
            [x](std::int64_t a, std::int64_t b) { return x[a] < x[b]; });
  std::vector<double> rank(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n;) {
    std::int64_t j = i + 1;
    while (j < n && x[order[j]] == x[order[i]]) ++j;
    const double r = 0.5 * static_cast<double>(i + 1 + j);  // mean of positions i+1 .. j
    for (std::int64_t k = i; k < j; ++k) rank[static_cast<std::size_t>(order[k])] = r;
    i = j;
  }
  return rank;
}

inline double pearson_unchecked(const double* a, const double* b, std::int64_t n) {
  double ma = 0, mb = 0;
  for (std::int64_t i = 0; i < n; ++i) ma += a[i], mb += b[i];
  ma /= static_cast<double>(n), mb /= static_cast<double>(n);
  double sab = 0, saa = 0, sbb = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double da = a[i] - ma, db = b[i] - mb;
    sab += da * db, saa += da * da, sbb += db * db;
  }
  if (saa == 0 || sbb == 0) return std::numeric_limits<double>::quiet_NaN();
  return std::clamp(sab / std::sqrt(saa * sbb), -1.0, 1.0);
}

// Pairs tied in the values of `sorted` (already sorted): Σ t (t − 1) / 2 over runs of t.
template <class Equal>
std::int64_t tied_pairs(std::int64_t n, Equal equal) {
  std::int64_t pairs = 0, run = 1;
  for (std::int64_t i = 1; i <= n; ++i) {
    if (i < n && equal(i - 1, i)) {
      ++run;
    } else {
      pairs += run * (run - 1) / 2;
      run = 1;
    }
  }
  return pairs;
}

}  // namespace detail

// Area under the ROC curve of scores against labels y (0 or 1).
inline double roc_auc(const double* y, const double* score, std::int64_t n) {
  detail::check_pairs("roc_auc", y, score, n);
  detail::check_labels("roc_auc", y, n);
  const std::vector<double> rank = detail::average_ranks(score, n);
  double positives = 0, rank_sum = 0;
  for (std::int64_t i = 0; i < n; ++i)
    if (y[i] == 1) positives += 1, rank_sum += rank[static_cast<std::size_t>(i)];
  const double negatives = static_cast<double>(n) - positives;
  require(positives > 0 && negatives > 0, "roc_auc: needs both labels 0 and 1");
  return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

// Average precision (the area under the precision-recall curve as a step sum).
inline double average_precision(const double* y, const double* score, std::int64_t n) {
  detail::check_pairs("average_precision", y, score, n);
  detail::check_labels("average_precision", y, n);
  double positives = 0;
  for (std::int64_t i = 0; i < n; ++i) positives += y[i];
  require(positives > 0, "average_precision: needs at least one label 1");
  const auto order = detail::order_descending(score, n);
  double tp = 0, ap = 0, recall_before = 0;
  for (std::int64_t i = 0; i < n;) {
    std::int64_t j = i;
    while (j < n && score[order[j]] == score[order[i]]) tp += y[order[j++]];
    const double recall = tp / positives, precision = tp / static_cast<double>(j);
    ap += (recall - recall_before) * precision;
    recall_before = recall;
    i = j;
  }
  return ap;
}

inline double log_loss(const double* y, const double* p, std::int64_t n) {
  detail::check_pairs("log_loss", y, p, n);
  detail::check_labels("log_loss", y, n);
  detail::check_probabilities("log_loss", p, n);
  const double eps = std::numeric_limits<double>::epsilon();
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    const double q = std::clamp(p[i], eps, 1 - eps);
    sum -= y[i] == 1 ? std::log(q) : std::log1p(-q);
  }
  return sum / static_cast<double>(n);
}

inline double brier(const double* y, const double* p, std::int64_t n) {
  detail::check_pairs("brier", y, p, n);
  detail::check_labels("brier", y, n);
  detail::check_probabilities("brier", p, n);
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i) sum += (p[i] - y[i]) * (p[i] - y[i]);
  return sum / static_cast<double>(n);
}

inline double expected_calibration_error(const double* y, const double* p, std::int64_t n,
                                         std::int64_t bins = 10) {
  detail::check_pairs("expected_calibration_error", y, p, n);
  detail::check_labels("expected_calibration_error", y, n);
  detail::check_probabilities("expected_calibration_error", p, n);
  require(bins >= 1 && bins <= (1 << 20),
          "expected_calibration_error: bins must be in [1, 2^20], not " + std::to_string(bins));
  std::vector<double> count(static_cast<std::size_t>(bins)), sum_y(count.size()),
      sum_p(count.size());
  for (std::int64_t i = 0; i < n; ++i) {
    const auto b = std::min(static_cast<std::int64_t>(p[i] * static_cast<double>(bins)), bins - 1);
    count[static_cast<std::size_t>(b)] += 1;
    sum_y[static_cast<std::size_t>(b)] += y[i];
    sum_p[static_cast<std::size_t>(b)] += p[i];
  }
  double ece = 0;
  for (std::size_t b = 0; b < count.size(); ++b)
    if (count[b] > 0) ece += std::fabs(sum_y[b] - sum_p[b]);  // n_b |mean y − mean p|
  return ece / static_cast<double>(n);
}

inline double rmse(const double* truth, const double* prediction, std::int64_t n) {
  detail::check_pairs("rmse", truth, prediction, n);
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i)
    sum += (prediction[i] - truth[i]) * (prediction[i] - truth[i]);
  return std::sqrt(sum / static_cast<double>(n));
}

inline double mae(const double* truth, const double* prediction, std::int64_t n) {
  detail::check_pairs("mae", truth, prediction, n);
  double sum = 0;
  for (std::int64_t i = 0; i < n; ++i) sum += std::fabs(prediction[i] - truth[i]);
  return sum / static_cast<double>(n);
}

inline double pearson(const double* a, const double* b, std::int64_t n) {
  detail::check_pairs("pearson", a, b, n);
  return detail::pearson_unchecked(a, b, n);
}

inline double spearman(const double* a, const double* b, std::int64_t n) {
  detail::check_pairs("spearman", a, b, n);
  const auto ra = detail::average_ranks(a, n), rb = detail::average_ranks(b, n);
  return detail::pearson_unchecked(ra.data(), rb.data(), n);
}

// Kendall's tau-b (Knight 1966): sort by (a, b), count ties in a and joint
// ties, then merge-sort by b counting the swaps (discordant pairs).
inline double kendall_tau_b(const double* a, const double* b, std::int64_t n) {
  detail::check_pairs("kendall_tau_b", a, b, n);
  std::vector<std::int64_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), std::int64_t{0});
  std::sort(order.begin(), order.end(), [&](std::int64_t i, std::int64_t j) {
    return a[i] != a[j] ? a[i] < a[j] : b[i] < b[j];
  });
  const std::int64_t tied_a = detail::tied_pairs(
      n, [&](std::int64_t i, std::int64_t j) { return a[order[i]] == a[order[j]]; });
  const std::int64_t tied_both = detail::tied_pairs(n, [&](std::int64_t i, std::int64_t j) {
    return a[order[i]] == a[order[j]] && b[order[i]] == b[order[j]];
  });
  // Bottom-up merge sort of b in `order`'s sequence, counting inversions.
  std::vector<double> v(static_cast<std::size_t>(n)), tmp(v.size());
  for (std::int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = b[order[i]];
  std::int64_t swaps = 0;
  for (std::int64_t width = 1; width < n; width *= 2) {
    for (std::int64_t lo = 0; lo < n; lo += 2 * width) {
      const std::int64_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      std::int64_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (v[static_cast<std::size_t>(j)] < v[static_cast<std::size_t>(i)]) {
          swaps += mid - i;  // b[j] is smaller than all of the rest of the left run
          tmp[static_cast<std::size_t>(k++)] = v[static_cast<std::size_t>(j++)];
        } else {
          tmp[static_cast<std::size_t>(k++)] = v[static_cast<std::size_t>(i++)];
        }
      }
      while (i < mid) tmp[static_cast<std::size_t>(k++)] = v[static_cast<std::size_t>(i++)];
      while (j < hi) tmp[static_cast<std::size_t>(k++)] = v[static_cast<std::size_t>(j++)];
    }
    v.swap(tmp);
  }
  const std::int64_t tied_b = detail::tied_pairs(n, [&](std::int64_t i, std::int64_t j) {
    return v[static_cast<std::size_t>(i)] == v[static_cast<std::size_t>(j)];
  });
  const std::int64_t pairs = n * (n - 1) / 2;
  const double concordant_minus_discordant =
      static_cast<double>(pairs - tied_a - tied_b + tied_both - 2 * swaps);
  const double denominator =
      std::sqrt(static_cast<double>(pairs - tied_a) * static_cast<double>(pairs - tied_b));
  if (denominator == 0) return std::numeric_limits<double>::quiet_NaN();
  return std::clamp(concordant_minus_discordant / denominator, -1.0, 1.0);
}

// Normalised discounted cumulative gain of the ranking by score, relevance
// `gain` (>= 0), over the first k positions (k = 0: all).
inline double ndcg(const double* gain, const double* score, std::int64_t n, std::int64_t k = 0) {
  detail::check_pairs("ndcg", gain, score, n);
  require(k >= 0, "ndcg: k is negative");
  for (std::int64_t i = 0; i < n; ++i)
    if (gain[i] < 0)
      fail(Status::invalid_argument, "ndcg: gain " + std::to_string(i) + " is negative");
  if (k == 0 || k > n) k = n;
  const auto discount = [](std::int64_t position) {  // 0-based position
    return 1 / std::log2(static_cast<double>(position) + 2);
  };
  // DCG with ties: a run of tied scores shares the discounts of its positions
  // (up to k) equally, i.e. each gets their mean.
  const auto order = detail::order_descending(score, n);
  double dcg = 0;
  for (std::int64_t i = 0; i < k;) {
    std::int64_t j = i;
    double run_gain = 0;
    while (j < n && score[order[j]] == score[order[i]]) run_gain += gain[order[j++]];
    double run_discount = 0;
    for (std::int64_t p = i; p < std::min(j, k); ++p) run_discount += discount(p);
    dcg += run_gain / static_cast<double>(j - i) * run_discount;
    i = j;
  }
  std::vector<double> ideal(gain, gain + n);
  std::sort(ideal.begin(), ideal.end(), std::greater<double>());
  double idcg = 0;
  for (std::int64_t p = 0; p < k; ++p) idcg += ideal[static_cast<std::size_t>(p)] * discount(p);
  return idcg > 0 ? dcg / idcg : 0.0;  // sklearn: 0 when no gain at all
}

}  // namespace metrics
}  // namespace v1
}  // namespace trustscore
