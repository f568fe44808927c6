// Walking, running and cycling under the cuff, as schedules (pure functions of time) and in the
// plant: the cuffed leg contracts once a stride, a sealed cuff swings with it, and the heart rate
// climbs to the pace's with a half-minute time constant and settles back after.

#include "sim/rhythmic_exercise.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "plant_fixtures.hpp"

namespace bfr::sim {
namespace {

RhythmicSpec walk(double cadence) {
  RhythmicSpec r;
  r.activity = Activity::walking;
  r.start = units::at_seconds(5.0);
  r.duration = units::seconds(60.0);
  r.cadence_per_min = cadence;
  r.heart_rate = units::per_minute(130.0);
  return r;
}

// The contractions (activation rising through 0.5) of one leg between two times.
int contractions(const RhythmicExercise& ex, double from_s, double to_s) {
  int n = 0;
  double previous = 0.0;
  for (double t = from_s; t < to_s; t += 0.001) {
    const double a = ex.at(units::at_seconds(t)).activation;
    if (previous < 0.5 && a >= 0.5) ++n;
    previous = a;
  }
  return n;
}

TEST(RhythmicExercise, EachLegContractsOnceAStrideWhichIsTwoSteps) {
  const RhythmicExercise ex(walk(120.0));  // 120 steps a minute: 60 strides, one a second
  EXPECT_EQ(contractions(ex, 5.0, 65.0), 60);
  EXPECT_EQ(ex.at(units::at_seconds(4.0)).phase, ExercisePhase::before);
  EXPECT_EQ(ex.at(units::at_seconds(30.0)).phase, ExercisePhase::repetition);
  EXPECT_EQ(ex.at(units::at_seconds(65.0)).phase, ExercisePhase::done);
  EXPECT_EQ(ex.at(units::at_seconds(30.5)).rep, 25);
}

TEST(RhythmicExercise, CyclingWorksEachLegOnceARevolution) {
  RhythmicSpec r = walk(70.0);
  r.activity = Activity::cycling;  // 70 rpm
  EXPECT_EQ(contractions(RhythmicExercise(r), 5.0, 65.0), 70);
}

TEST(RhythmicExercise, TheOtherLegIsHalfACycleBehind) {
  RhythmicSpec right = walk(120.0);
  right.cycle_offset = 0.5;
  const RhythmicExercise left_leg(walk(120.0)), right_leg(right);
  for (double t = 10.0; t < 12.0; t += 0.01) {
    const double l = left_leg.at(units::at_seconds(t)).activation;
    const double rr = right_leg.at(units::at_seconds(t)).activation;
    EXPECT_FALSE(l > 0.1 && rr > 0.1) << "both legs working at " << t << " s";
  }
}

TEST(RhythmicExercise, WalkingCadenceRisesWithSpeedAndRefusesAnImpossibleOne) {
  EXPECT_NEAR(walking_cadence(3.0), 95.0, 0.01);
  EXPECT_NEAR(walking_cadence(6.0), 124.0, 0.01);
  EXPECT_GT(walking_cadence(5.0), walking_cadence(4.0));
  EXPECT_THROW(walking_cadence(12.0), std::invalid_argument);
}

TEST(RhythmicExercise, ASealedCuffSwingsAtTheStrideRateWhileWalking) {
  auto spec = testing::reference_thigh(11.5, Posture::standing);
  spec.rhythmic = walk(110.0);
  Plant plant(spec);
  const double lop = plant.nominal_lop().mmHg();
  plant.preset_cuff_pressure(units::mmHg(0.5 * lop));
  double high = 0.0, low = 1e9;
  while (plant.now().seconds() < 25.0) {
    plant.step(testing::sealed());
    if (plant.now().seconds() < 15.0) continue;
    high = std::max(high, plant.truth().cuff.mmHg());
    low = std::min(low, plant.truth().cuff.mmHg());
  }
  // Each stride's contraction pushes the sealed cuff up by several mmHg; a regulator has to
  // follow it about once a second.
  EXPECT_GT(high - low, 5.0);
  EXPECT_LT(high, lop);
}

TEST(RhythmicExercise, TheHeartRateClimbsToThePaceAndSettlesBack) {
  auto spec = testing::reference_thigh(11.5, Posture::standing);
  spec.person.circulation.heart_rate = units::per_minute(70.0);
  Plant plant(spec);
  RhythmicSpec r = walk(110.0);
  r.duration = units::seconds(120.0);
  plant.start_exercise(r);
  const auto run_to = [&](double s) {
    while (plant.now().seconds() < s) plant.step(testing::sealed());
  };
  run_to(30.0);  // one time constant: about 63 % of the way from 70 to 130
  EXPECT_NEAR(plant.heart_rate().per_minute(), 70.0 + 0.63 * 60.0, 3.0);
  run_to(119.0);
  EXPECT_NEAR(plant.heart_rate().per_minute(), 130.0, 2.0);
  run_to(240.0);  // two minutes after the walk
  EXPECT_NEAR(plant.heart_rate().per_minute(), 70.0, 2.0);
}

}  // namespace
}  // namespace bfr::sim
