#pragma once
// How well a cuff held its target during exercise, measured as Swain et al. 2025 did
// (published-data.md section 3): share of repetition time within +-10 % of target, share of
// rest time within +-5 %, and the peak and valley %LOP of each repetition.

#include <optional>

#include "core/regulation_bands.hpp"
#include "rig/statistics.hpp"
#include "sim/exercise.hpp"
#include "units/units.hpp"

namespace bfr::rig {

struct RegulationResult {
  double exercise_in_band = 0.0;   // fraction of repetition time within +-10 % of target
  double rest_in_band = 0.0;       // fraction of rest time within +-5 % of target
  double peak_pct_lop = 0.0;       // mean over repetitions of each one's highest %LOP
  double valley_pct_lop = 0.0;     // mean over repetitions of each one's lowest %LOP
  double highest_pct_lop = 0.0;    // over the whole run (with an LOP search, its crossing too)
  double highest_exercise_pct_lop = 0.0;  // from the first repetition to the last (sets and rests)
  double seconds_above_lop = 0.0;
  int repetitions = 0;
};

class RegulationMetrics {
 public:
  RegulationMetrics(units::Pressure target, units::Pressure lop) : target_(target), lop_(lop) {}
  // One logged sample of true cuff pressure, `dt` after the previous one.
  void add(units::Duration dt, units::Pressure cuff, const sim::ExerciseState& exercise);
  [[nodiscard]] RegulationResult result() const;

 private:
  void close_rep();

  units::Pressure target_;
  units::Pressure lop_;
  double exercise_s_ = 0.0, exercise_in_ = 0.0, rest_s_ = 0.0, rest_in_ = 0.0, above_s_ = 0.0;
  double highest_ = 0.0, highest_exercise_ = 0.0;
  int set_ = -1, rep_ = -1;
  double rep_peak_ = 0.0, rep_valley_ = 0.0;
  bool in_rep_ = false;
  RunningStats peaks_, valleys_;
};

}  // namespace bfr::rig
