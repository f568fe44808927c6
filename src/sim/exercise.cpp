#include "sim/exercise.hpp"

#include <cmath>
#include <numbers>

namespace bfr::sim {

Exercise::Exercise(ExerciseSpec spec) : spec_(std::move(spec)) {
  double t = 0.0;
  for (int reps : spec_.sets) {
    set_starts_.push_back(t);
    t += reps * spec_.tempo.rep().seconds() + spec_.rest.seconds();
  }
}

units::Instant Exercise::end() const {
  if (set_starts_.empty()) return spec_.start;
  const double last = set_starts_.back() + spec_.sets.back() * spec_.tempo.rep().seconds();
  return spec_.start + units::seconds(last);
}

ExerciseState Exercise::at(units::Instant t) const {
  ExerciseState s;
  const double since = (t - spec_.start).seconds();
  if (since < 0.0 || set_starts_.empty()) return s;
  if (t >= end()) {
    s.phase = ExercisePhase::done;
    s.set = static_cast<int>(set_starts_.size()) - 1;
    s.rep = spec_.sets.back() - 1;
    return s;
  }
  std::size_t set = 0;
  while (set + 1 < set_starts_.size() && since >= set_starts_[set + 1]) ++set;
  s.set = static_cast<int>(set);
  const double in_set = since - set_starts_[set];
  const double rep_len = spec_.tempo.rep().seconds();
  const int reps = spec_.sets[set];
  if (in_set >= reps * rep_len) {
    s.phase = ExercisePhase::rest;
    s.rep = reps - 1;
    return s;
  }
  s.phase = ExercisePhase::repetition;
  s.rep = static_cast<int>(in_set / rep_len);
  const double in_rep = in_set - s.rep * rep_len;
  const double con = spec_.tempo.concentric.seconds();
  const double ecc = spec_.tempo.eccentric.seconds();
  // Activation rises smoothly through the lifting phase, is highest at the turn, and falls
  // through the lowering phase: the muscle is shortest and thickest at the top of a rep.
  if (in_rep < con) {
    const double x = std::sin(0.5 * std::numbers::pi * in_rep / con);
    s.activation = x * x;
  } else if (in_rep < con + ecc) {
    const double x = std::cos(0.5 * std::numbers::pi * (in_rep - con) / ecc);
    s.activation = x * x;
  }
  return s;
}

}  // namespace bfr::sim
