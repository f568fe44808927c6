#include "sim/rhythmic_exercise.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace bfr::sim {

namespace {
struct Contraction {
  double duty;  // share of each cycle the vastii work
  double load;  // effort of a contraction against one-repetition maximum
};
// The vastii (under a thigh cuff) work in terminal swing and loading response, about the last
// 5 % and first 15 % of a walking stride (Perry & Burnfield, Gait Analysis, 2nd ed. 2010); in
// running from late swing to mid-stance, about 30 % (approx.); in cycling on the downstroke, from
// about 300 to 130 degrees of the crank, 45 % (Hug & Dorel, J Electromyogr Kinesiol 2009;19:182,
// review). Their effort is low: surface EMG of 10-25 % of maximal in walking and easy cycling,
// more in running (approx., same sources); as a share of 1RM it is an assumption, not a fit:
// `bfr sim calibrate` has no published cuff trace during walking to check it against.
constexpr Contraction kWalking{0.20, 0.12};
constexpr Contraction kRunning{0.30, 0.30};
constexpr Contraction kCycling{0.45, 0.18};

const Contraction& contraction(Activity a) {
  switch (a) {
    case Activity::walking: return kWalking;
    case Activity::running: return kRunning;
    case Activity::cycling: return kCycling;
  }
  return kWalking;
}

// Walking cadence against speed: a straight line through 95 steps/min at 3 km/h and 124 at 6.
constexpr double kCadenceAt3KmH = 95.0;
constexpr double kCadencePerKmH = (124.0 - 95.0) / 3.0;
}  // namespace

const char* to_string(Activity a) {
  switch (a) {
    case Activity::walking: return "walking";
    case Activity::running: return "running";
    case Activity::cycling: return "cycling";
  }
  return "?";
}

double walking_cadence(double km_per_h) {
  if (!(km_per_h >= 2.0 && km_per_h <= 8.0)) throw std::invalid_argument("walking speed must be 2-8 km/h");
  return kCadenceAt3KmH + kCadencePerKmH * (km_per_h - 3.0);
}

RhythmicExercise::RhythmicExercise(RhythmicSpec spec) : spec_(spec) {}

units::Frequency RhythmicExercise::cycle_rate() const {
  // A stride is two steps, one per leg; a pedal revolution works each leg once.
  const double per_min = spec_.activity == Activity::cycling ? spec_.cadence_per_min : spec_.cadence_per_min / 2.0;
  return units::per_minute(per_min);
}

double RhythmicExercise::load_fraction() const { return contraction(spec_.activity).load; }

ExerciseState RhythmicExercise::at(units::Instant t) const {
  ExerciseState s;
  if (t < spec_.start) return s;
  if (t >= end()) {
    s.phase = ExercisePhase::done;
    return s;
  }
  const double cycles = (t - spec_.start).seconds() * cycle_rate().hertz() + spec_.cycle_offset;
  const double in_cycle = cycles - std::floor(cycles);
  s.phase = ExercisePhase::repetition;
  s.set = 0;
  s.rep = static_cast<int>(cycles);
  // One smooth contraction over the working share of the cycle, relaxed for the rest.
  const double duty = contraction(spec_.activity).duty;
  if (in_cycle < duty) {
    const double x = std::sin(std::numbers::pi * in_cycle / duty);
    s.activation = x * x;
  }
  return s;
}

}  // namespace bfr::sim
