// The evidence store's private state, for saving it and rebuilding it on
// load (EvidenceStore befriends persist::StoreAccess). Only src/persist uses it.
#pragma once

#include <algorithm>

#include "trustscore/evidence.hpp"

namespace trustscore {
inline namespace v1 {
namespace persist {

// The store's private state, for saving and rebuilding it.
struct StoreAccess {
  // Const for saving, mutable for loading: S is EvidenceStore or const EvidenceStore.
  template <class S>
  static auto& catalog(S& s) {
    return s.catalog_;
  }
  template <class S>
  static auto& half_lives(S& s) {
    return s.half_life_s_;
  }
  template <class S>
  static auto& negativity(S& s) {
    return s.negativity_;
  }
  template <class S>
  static auto& ids(S& s) {
    return s.ids_;
  }
  template <class S>
  static auto& index(S& s) {
    return s.index_;
  }
  template <class S>
  static auto& r(S& s) {
    return s.r_;
  }
  template <class S>
  static auto& s(S& st) {
    return st.s_;
  }
  template <class S>
  static auto& counts(S& s) {
    return s.n_;
  }
  template <class S>
  static auto& utilities(S& s) {
    return s.level_utilities_;
  }
  template <class S>
  static auto& levels(S& s) {
    return s.levels_;
  }
  template <class S>
  static auto& t0(S& s) {
    return s.t0_;
  }
  template <class S>
  static auto& latest(S& s) {
    return s.latest_;
  }
  template <class S>
  static auto& signals(S& s) {
    return s.signals_;
  }
  // After the columns are loaded: the entity count and the mass bounds.
  static void finish_load(EvidenceStore& s) {
    s.entities_.store(s.ids_.size());
    for (std::size_t f = 0; f < s.r_.size(); ++f) {
      double m = 0;
      for (std::size_t e = 0; e < s.ids_.size(); ++e) m = std::max(m, s.r_[f][e] + s.s_[f][e]);
      s.max_mass_[f] = m;
    }
  }
};

}  // namespace persist
}  // namespace v1
}  // namespace trustscore
