#include <gtest/gtest.h>

#include "plant_fixtures.hpp"

namespace bfr::sim {
namespace {

using testing::reference_thigh;

// Venous outflow is shut at pressures that still let arterial blood in: the point of BFR.
TEST(LimbFlow, ModerateCuffPressureTrapsVenousBloodBeforeStoppingArterialInflow) {
  const auto spec = reference_thigh();
  Plant plant(spec);
  plant.preset_cuff_pressure(units::mmHg(0.5 * plant.nominal_lop().mmHg()));
  double inflow = 0, outflow = 0;
  int n = 0;
  while (plant.now().seconds() < 10.0) {
    plant.step(testing::sealed());
    if (plant.now().seconds() > 3.0) {
      inflow += plant.truth().arterial_inflow.fraction();
      outflow += plant.truth().venous_outflow.fraction();
      ++n;
    }
  }
  EXPECT_GT(inflow / n, 0.2);
  EXPECT_LT(outflow / n, 0.5 * inflow / n);
}

TEST(LimbFlow, DistalVenousPressureRisesWhileTheCuffTrapsBlood) {
  Plant plant(reference_thigh());
  const double before = plant.truth().distal_venous.mmHg();
  plant.preset_cuff_pressure(units::mmHg(100.0));
  double at_30s = 0.0;
  while (plant.now().seconds() < 60.0) {
    plant.step(testing::sealed());
    if (at_30s == 0.0 && plant.now().seconds() >= 30.0) at_30s = plant.truth().distal_venous.mmHg();
  }
  EXPECT_GT(at_30s, before + 2.0);
  EXPECT_GT(plant.truth().distal_venous.mmHg(), at_30s + 2.0);  // still filling
  EXPECT_LT(plant.truth().venous_outflow.fraction(), 0.01);
  EXPECT_GT(plant.truth().arterial_inflow.fraction(), 0.05);
}

TEST(LimbFlow, WithoutACuffInflowAndOutflowBalanceAtRest) {
  Plant plant(reference_thigh());
  double inflow = 0, outflow = 0;
  int n = 0;
  ActuatorCommand open;  // safe state: cuff at atmosphere
  while (plant.now().seconds() < 20.0) {
    plant.step(open);
    if (plant.now().seconds() > 10.0) {
      inflow += plant.truth().arterial_inflow.fraction();
      outflow += plant.truth().venous_outflow.fraction();
      ++n;
    }
  }
  EXPECT_NEAR(inflow / n, 1.0, 0.05);
  EXPECT_NEAR(outflow / n, 1.0, 0.05);
}

}  // namespace
}  // namespace bfr::sim
