#include <gtest/gtest.h>

#include "plant_fixtures.hpp"
#include "sim/physical_constants.hpp"

namespace bfr::sim {
namespace {

using testing::reference_thigh;

TEST(Lop, AWiderCuffOccludesAtALowerPressure) {
  const double narrow = Plant(reference_thigh(5.0)).nominal_lop().mmHg();
  const double medium = Plant(reference_thigh(11.5)).nominal_lop().mmHg();
  const double wide = Plant(reference_thigh(18.0)).nominal_lop().mmHg();
  EXPECT_GT(narrow, medium + 30.0);
  EXPECT_GT(medium, wide + 10.0);
}

TEST(Lop, StandingRaisesLopByTheHydrostaticColumn) {
  const Plant supine(reference_thigh(11.5, Posture::supine));
  const Plant standing(reference_thigh(11.5, Posture::standing));
  const double column_cm = heart_above_cuff(Posture::standing, LimbKind::thigh, units::cm(178.0)).cm();
  const double expected = 0.78 * column_cm / supine.limb().transmission();
  EXPECT_NEAR((standing.nominal_lop() - supine.nominal_lop()).mmHg(), expected, 0.01 * expected);
  EXPECT_GT(column_cm, 40.0);  // heart to proximal thigh, standing
}

TEST(Lop, RaisingTheLimbLowersIt) {
  EXPECT_LT(Plant(reference_thigh(11.5, Posture::limb_raised)).nominal_lop(),
            Plant(reference_thigh(11.5, Posture::supine)).nominal_lop());
}

TEST(Lop, ALargerThighAndAHigherBloodPressureNeedMorePressure) {
  auto big = reference_thigh();
  big.person.thigh_circumference = units::cm(66.0);
  auto hypertensive = reference_thigh();
  hypertensive.person.circulation.systolic = units::mmHg(150.0);
  const double base = Plant(reference_thigh()).nominal_lop().mmHg();
  EXPECT_GT(Plant(big).nominal_lop().mmHg(), base + 10.0);
  EXPECT_GT(Plant(hypertensive).nominal_lop().mmHg(), base + 25.0);
}

// The true LOP is where the simulated artery stops passing blood, not a number the plant is given.
// It is defined for a nominal beat: beats above the mean systolic pressure (beat-to-beat and
// respiratory variation) still pass a trickle just above it, as Doppler operators know.
TEST(Lop, InflowStopsAboveTheTrueLopAndFlowsBelowIt) {
  const auto spec = reference_thigh();
  const double lop = Plant(spec).nominal_lop().mmHg();
  EXPECT_GT(testing::inflow_when_held_at(spec, units::mmHg(0.0)), 0.95);
  EXPECT_GT(testing::inflow_when_held_at(spec, units::mmHg(0.5 * lop)), 0.05);
  EXPECT_GT(testing::inflow_when_held_at(spec, units::mmHg(lop - 30.0)), 0.01);
  EXPECT_LT(testing::inflow_when_held_at(spec, units::mmHg(lop + 5.0)), 0.03);
  EXPECT_LT(testing::inflow_when_held_at(spec, units::mmHg(lop + 20.0)), 1e-4);
}

TEST(Lop, InflowFallsAsCuffPressureRises) {
  const auto spec = reference_thigh();
  const double lop = Plant(spec).nominal_lop().mmHg();
  double last = 2.0;
  for (double pct : {0.0, 0.3, 0.6, 0.9}) {
    const double q = testing::inflow_when_held_at(spec, units::mmHg(pct * lop));
    EXPECT_LT(q, last) << pct * 100 << " % LOP";
    last = q;
  }
}

TEST(Lop, ACuffThatComesOffCannotOcclude) {
  auto spec = reference_thigh();
  spec.faults = {{FaultKind::cuff_off, units::at_seconds(1.0), {}, 0.0}};
  Plant plant(spec);
  plant.preset_cuff_pressure(units::mmHg(150.0));
  while (plant.now().seconds() < 2.0) plant.step(testing::sealed());
  EXPECT_FALSE(plant.truth().lop.has_value());
}

}  // namespace
}  // namespace bfr::sim
