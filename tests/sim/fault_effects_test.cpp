// Every injectable fault does to the plant what the real failure would do.

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "plant_fixtures.hpp"

namespace bfr::sim {
namespace {

using units::mmHg;

struct Outcome {
  double cuff;       // true cuff pressure at the end
  double measured;   // last sensor reading
  double max_sensor_error;
  double line_measured;  // last cuff-line sensor reading
  double max_line_error;
  std::optional<units::Pressure> lop;
};

ActuatorCommand pumping() {
  ActuatorCommand c = testing::sealed();
  c.pump_duty = 1.0;
  c.inflate_valve_open = true;
  return c;
}

ActuatorCommand venting() {
  ActuatorCommand c = testing::sealed();
  c.deflate_opening = 1.0;
  return c;
}

Outcome run(std::optional<FaultKind> fault, double start_mmHg, const ActuatorCommand& command, double seconds) {
  auto spec = testing::reference_thigh();
  if (fault) spec.faults = {{*fault, units::at_seconds(0.0), {}, 0.0}};
  Plant plant(spec);
  if (start_mmHg > 0) plant.preset_cuff_pressure(mmHg(start_mmHg));
  Outcome o{0, 0, 0, 0, 0, {}};
  while (plant.now().seconds() < seconds) {
    const auto r = plant.step(command);
    if (r.cuff_pressure) {
      o.measured = r.cuff_pressure->mmHg();
      o.max_sensor_error = std::max(o.max_sensor_error, std::abs(o.measured - plant.truth().manifold.mmHg()));
    }
    if (r.cuff_line_pressure) {
      o.line_measured = r.cuff_line_pressure->mmHg();
      o.max_line_error = std::max(o.max_line_error, std::abs(o.line_measured - plant.truth().cuff.mmHg()));
    }
  }
  o.cuff = plant.truth().cuff.mmHg();
  o.lop = plant.truth().lop;
  return o;
}

TEST(FaultEffects, LeaksLowerASealedCuff) {
  const double healthy = run(std::nullopt, 150, testing::sealed(), 10).cuff;
  EXPECT_LT(run(FaultKind::small_leak, 150, testing::sealed(), 10).cuff, healthy - 10.0);
  EXPECT_LT(run(FaultKind::large_leak, 150, testing::sealed(), 10).cuff, 20.0);
}

TEST(FaultEffects, AKinkedHoseHoldsPressureInTheCuffWhenTheDeviceVents) {
  EXPECT_LT(run(std::nullopt, 200, ActuatorCommand{}, 1.0).cuff, 20.0);
  EXPECT_GT(run(FaultKind::kinked_hose, 200, ActuatorCommand{}, 1.0).cuff, 40.0);
}

TEST(FaultEffects, StuckValves) {
  const double healthy_hold = run(std::nullopt, 150, testing::sealed(), 20).cuff;
  EXPECT_LT(run(FaultKind::inflate_valve_stuck_open, 150, testing::sealed(), 20).cuff, healthy_hold - 5.0);
  EXPECT_LT(run(FaultKind::inflate_valve_stuck_closed, 0, pumping(), 10).cuff, 5.0);
  EXPECT_LT(run(FaultKind::deflate_valve_stuck_open, 150, testing::sealed(), 5).cuff, 20.0);
  EXPECT_LT(run(std::nullopt, 150, venting(), 5).cuff, 20.0);
  EXPECT_GT(run(FaultKind::deflate_valve_stuck_closed, 150, venting(), 5).cuff, 100.0);
}

TEST(FaultEffects, PumpFaults) {
  EXPECT_GT(run(std::nullopt, 0, pumping(), 12).cuff, 100.0);
  EXPECT_LT(run(FaultKind::pump_dead, 0, pumping(), 12).cuff, 5.0);
  ActuatorCommand valve_open_pump_off = testing::sealed();
  valve_open_pump_off.inflate_valve_open = true;
  EXPECT_GT(run(FaultKind::pump_runaway, 100, valve_open_pump_off, 10).cuff, 200.0);
}

TEST(FaultEffects, SensorFaultsCorruptTheReadingNotThePressure) {
  const auto stuck = run(FaultKind::sensor_stuck, 0, pumping(), 12);
  EXPECT_LT(stuck.measured, 10.0);
  EXPECT_GT(stuck.cuff, 100.0);
  EXPECT_DOUBLE_EQ(run(FaultKind::sensor_disconnected, 150, testing::sealed(), 2).measured, -20.0);
  EXPECT_GT(run(FaultKind::sensor_drift, 150, testing::sealed(), 10).max_sensor_error, 15.0);
  EXPECT_GT(run(FaultKind::sensor_spikes, 150, testing::sealed(), 10).max_sensor_error, 40.0);
  EXPECT_LT(run(std::nullopt, 150, testing::sealed(), 10).max_sensor_error, 3.0);  // ISO 81060-1 +-3 mmHg
}

TEST(FaultEffects, CuffLineSensorFaultsCorruptOnlyThatReading) {
  const auto disconnected = run(FaultKind::line_sensor_disconnected, 150, testing::sealed(), 2);
  EXPECT_DOUBLE_EQ(disconnected.line_measured, -20.0);
  EXPECT_LT(disconnected.max_sensor_error, 3.0);  // the main sensor is untouched
  const auto drifting = run(FaultKind::line_sensor_drift, 150, testing::sealed(), 10);
  EXPECT_GT(drifting.max_line_error, 15.0);
  EXPECT_LT(drifting.max_sensor_error, 3.0);
  EXPECT_GT(run(FaultKind::line_sensor_spikes, 150, testing::sealed(), 10).max_line_error, 40.0);
  const auto stuck = run(FaultKind::line_sensor_stuck, 0, pumping(), 12);
  EXPECT_LT(stuck.line_measured, 10.0);
  EXPECT_GT(stuck.cuff, 100.0);
  EXPECT_LT(run(std::nullopt, 150, testing::sealed(), 10).max_line_error, 3.0);
}

TEST(FaultEffects, PowerLossOpensTheDumpValveAndEmptiesTheCuff) {
  EXPECT_LT(run(FaultKind::power_loss, 200, pumping(), 2.5).cuff, 20.0);
}

TEST(FaultEffects, ASlippingCuffLosesPressureAndGrip) {
  const auto healthy = run(std::nullopt, 150, testing::sealed(), 25);
  const auto slipped = run(FaultKind::cuff_slip, 150, testing::sealed(), 25);
  EXPECT_LT(slipped.cuff, healthy.cuff - 20.0);
  ASSERT_TRUE(slipped.lop && healthy.lop);
  EXPECT_GT(slipped.lop->mmHg(), 1.3 * healthy.lop->mmHg());
}

TEST(FaultEffects, ACuffComingOffVentsAndNoLongerOccludes) {
  const auto off = run(FaultKind::cuff_off, 150, testing::sealed(), 3);
  EXPECT_LT(off.cuff, 20.0);
  EXPECT_FALSE(off.lop.has_value());
}

}  // namespace
}  // namespace bfr::sim
