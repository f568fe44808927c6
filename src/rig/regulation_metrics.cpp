#include "rig/regulation_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace bfr::rig {

void RegulationMetrics::close_rep() {
  if (!in_rep_) return;
  peaks_.add(rep_peak_);
  valleys_.add(rep_valley_);
  in_rep_ = false;
}

void RegulationMetrics::add(units::Duration dt, units::Pressure cuff, const sim::ExerciseState& ex) {
  const double pct = 100.0 * (cuff / lop_);
  const double error = std::abs(cuff / target_ - 1.0);
  highest_ = std::max(highest_, pct);
  if (pct > 100.0) above_s_ += dt.seconds();
  if (ex.phase == sim::ExercisePhase::repetition || ex.phase == sim::ExercisePhase::rest)
    highest_exercise_ = std::max(highest_exercise_, pct);
  if (ex.phase == sim::ExercisePhase::repetition) {
    exercise_s_ += dt.seconds();
    if (error <= core::kExerciseBand) exercise_in_ += dt.seconds();
    if (!in_rep_ || ex.set != set_ || ex.rep != rep_) {
      close_rep();
      in_rep_ = true;
      set_ = ex.set;
      rep_ = ex.rep;
      rep_peak_ = rep_valley_ = pct;
    }
    rep_peak_ = std::max(rep_peak_, pct);
    rep_valley_ = std::min(rep_valley_, pct);
  } else {
    close_rep();
    if (ex.phase == sim::ExercisePhase::rest) {
      rest_s_ += dt.seconds();
      if (error <= core::kRestBand) rest_in_ += dt.seconds();
    }
  }
}

RegulationResult RegulationMetrics::result() const {
  RegulationMetrics copy = *this;
  copy.close_rep();
  RegulationResult r;
  r.exercise_in_band = copy.exercise_s_ > 0 ? copy.exercise_in_ / copy.exercise_s_ : 0.0;
  r.rest_in_band = copy.rest_s_ > 0 ? copy.rest_in_ / copy.rest_s_ : 0.0;
  r.peak_pct_lop = copy.peaks_.mean();
  r.valley_pct_lop = copy.valleys_.mean();
  r.highest_pct_lop = copy.highest_;
  r.highest_exercise_pct_lop = copy.highest_exercise_;
  r.seconds_above_lop = copy.above_s_;
  r.repetitions = static_cast<int>(copy.peaks_.count());
  return r;
}

}  // namespace bfr::rig
