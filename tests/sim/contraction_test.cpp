#include <gtest/gtest.h>

#include <algorithm>

#include "plant_fixtures.hpp"

namespace bfr::sim {
namespace {

struct Swing {
  double peak_pct;
  double valley_pct;
};

Swing sealed_swing(double load_pct) {
  auto spec = testing::reference_thigh(11.5, Posture::seated);
  ExerciseSpec e;
  e.start = units::at_seconds(2.0);
  e.load = units::percent(load_pct);
  e.sets = {10};
  spec.exercise = e;
  Plant plant(spec);
  const double lop = plant.nominal_lop().mmHg();
  plant.preset_cuff_pressure(units::mmHg(0.8 * lop));
  Swing s{0.0, 1e9};
  while (plant.now().seconds() < 22.0) {
    plant.step(testing::sealed());
    if (plant.truth().exercise.phase != ExercisePhase::repetition) continue;
    const double pct = 100.0 * plant.truth().cuff.mmHg() / lop;
    s.peak_pct = std::max(s.peak_pct, pct);
    s.valley_pct = std::min(s.valley_pct, pct);
  }
  return s;
}

// Published-data.md section 3: contractions push a sealed cuff's pressure up, relaxation lets it fall.
TEST(Contraction, ASealedCuffSwingsWithEveryRepetition) {
  const auto s = sealed_swing(30.0);
  EXPECT_GT(s.peak_pct, 80.0 + 5.0);
  EXPECT_GT(s.peak_pct - s.valley_pct, 10.0);
}

TEST(Contraction, HeavierLoadsSwingMore) {
  const auto light = sealed_swing(20.0);
  const auto heavy = sealed_swing(40.0);
  EXPECT_GT(heavy.peak_pct - heavy.valley_pct, light.peak_pct - light.valley_pct + 2.0);
}

TEST(Contraction, ASealedCuffSettlesDownOverTime) {
  auto spec = testing::reference_thigh();
  Plant plant(spec);
  ActuatorCommand pump;
  pump.pump_duty = 1.0;
  pump.inflate_valve_open = true;
  pump.dump_valve_powered = true;
  while (plant.truth().cuff.mmHg() < 150.0) plant.step(pump);
  const double start = plant.truth().cuff.mmHg();
  while (plant.now().seconds() < 90.0) plant.step(testing::sealed());
  // Tissue creep under the cuff: about a fifth of the pressure is gone after a minute or so.
  EXPECT_LT(plant.truth().cuff.mmHg(), 0.9 * start);
  EXPECT_GT(plant.truth().cuff.mmHg(), 0.6 * start);
}

}  // namespace
}  // namespace bfr::sim
