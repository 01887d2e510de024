// Helpers of the evidence store's tests (test_evidence*.cpp): signals in
// columns, added by id, and the closed form of their decayed masses.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"

namespace tstest::evidence {

using tstest::day;
using tstest::kInf;
using tstest::kNaN;
inline constexpr double T0 = 1.6e9;  // 2020-09-13, an arbitrary origin

// A list of signals in columns, with entities given by id.
struct Signals {
  std::vector<std::string> ids;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time, credibility;

  std::size_t size() const { return ids.size(); }
  void push(std::string id, std::int32_t f, double v, double w, double t, double c = 1.0) {
    ids.push_back(std::move(id));
    factor.push_back(f);
    value.push_back(v);
    weight.push_back(w);
    time.push_back(t);
    credibility.push_back(c);
  }
  // Signals [begin, end) into store, by id.
  void add_to(trustscore::EvidenceStore& store, std::size_t begin, std::size_t end,
              const trustscore::IngestOptions& options = {}) const {
    trustscore::SignalBatch b;
    b.size = static_cast<std::int64_t>(end - begin);
    b.factor = factor.data() + begin;
    b.value = value.data() + begin;
    b.weight = weight.data() + begin;
    b.time = time.data() + begin;
    b.credibility = credibility.data() + begin;
    store.add(ids.data() + begin, b, options);
  }
  void add_to(trustscore::EvidenceStore& store,
              const trustscore::IngestOptions& options = {}) const {
    add_to(store, 0, size(), options);
  }
  Signals permuted(const std::vector<std::size_t>& order) const {
    Signals out;
    for (std::size_t i : order)
      out.push(ids[i], factor[i], value[i], weight[i], time[i], credibility[i]);
    return out;
  }
};

// The closed form: sum over signals of strength * value * 2^-((T - t)/h), and
// of strength * (1 - value) * negativity * 2^-((T - t)/h), in long double.
struct ClosedForm {
  long double r = 0, s = 0;
};
inline ClosedForm closed_form(const Signals& sig, const trustscore::Model& model,
                              const std::string& id, std::int32_t f, double as_of,
                              double default_time = kNaN) {
  ClosedForm cf;
  const auto& p = model.params(static_cast<std::size_t>(f));
  const long double h = static_cast<long double>(p.half_life_days) * day;
  for (std::size_t i = 0; i < sig.size(); ++i) {
    if (sig.ids[i] != id || sig.factor[i] != f) continue;
    const double t = std::isnan(sig.time[i]) ? default_time : sig.time[i];
    const long double k = std::exp2(-static_cast<long double>(as_of - t) / h);
    const long double w = static_cast<long double>(sig.weight[i]) * sig.credibility[i] * k;
    cf.r += w * sig.value[i];
    cf.s += w * (1.0L - sig.value[i]) * p.negativity;
  }
  return cf;
}

inline bool close12(double a, long double b) {
  return tstest::close(a, static_cast<double>(b), 1e-12);
}

// Every stored mass is finite and non-negative, and so is every decay factor.
inline bool all_finite(const trustscore::EvidenceStore& store, double as_of) {
  for (std::size_t f = 0; f < store.factor_count(); ++f) {
    if (!std::isfinite(store.decay(f, as_of))) return false;
    for (std::size_t e = 0; e < store.entity_count(); ++e) {
      const double r = store.positive_column(f)[e], s = store.negative_column(f)[e];
      if (!std::isfinite(r) || !std::isfinite(s) || r < 0 || s < 0) return false;
    }
  }
  return true;
}

}  // namespace tstest::evidence
