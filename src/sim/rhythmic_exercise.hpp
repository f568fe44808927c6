#pragma once
// Walking, running and cycling under the cuff (aerobic BFR): the cuffed leg's thigh muscles
// contract once per stride or pedal revolution for as long as the activity lasts, and the heart
// rate climbs to the pace's. Like Exercise, activation is a pure function of time.

#include "sim/exercise.hpp"
#include "units/units.hpp"

namespace bfr::sim {

enum class Activity { walking, running, cycling };
const char* to_string(Activity a);

struct RhythmicSpec {
  Activity activity = Activity::walking;
  units::Instant start{};
  units::Duration duration = units::minutes(10.0);
  // Steps a minute, both legs together, for walking and running; pedal revolutions for cycling.
  double cadence_per_min = 110.0;
  units::Frequency heart_rate = units::per_minute(120.0);  // steady state at this pace
  // Where in its cycle this leg starts, 0..1: a right leg walks half a cycle after the left.
  double cycle_offset = 0.0;
};

// Treadmill walking cadence at a speed (steps a minute): about 95 at 3 km/h, 112 at 5, 124 at 6
// (approx.: healthy adults' self-chosen cadence; Tudor-Locke et al., Br J Sports Med 2018,
// 100 steps/min at moderate walking). Outside 2-8 km/h it is not defined: throws.
double walking_cadence(double km_per_h);

class RhythmicExercise {
 public:
  explicit RhythmicExercise(RhythmicSpec spec);
  // Phase `repetition` while the activity lasts (rep counts this leg's cycles), then `done`.
  [[nodiscard]] ExerciseState at(units::Instant t) const;
  [[nodiscard]] units::Instant end() const { return spec_.start + spec_.duration; }
  [[nodiscard]] const RhythmicSpec& spec() const { return spec_; }
  // The effort of each contraction as a share of one-repetition maximum: what the limb's bulge
  // and intramuscular pressure scale with (Limb's load_fraction).
  [[nodiscard]] double load_fraction() const;
  // This leg's contractions a second.
  [[nodiscard]] units::Frequency cycle_rate() const;

 private:
  RhythmicSpec spec_;
};

}  // namespace bfr::sim
