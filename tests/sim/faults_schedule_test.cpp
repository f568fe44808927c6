#include <gtest/gtest.h>

#include <vector>

#include "sim/faults.hpp"

namespace bfr::sim {
namespace {

TEST(FaultSchedule, FaultsActOnlyBetweenTheirStartAndEnd) {
  const std::vector<FaultSpec> f = {{FaultKind::pump_dead, units::at_seconds(10.0), units::at_seconds(20.0), 0.0}};
  EXPECT_FALSE(faults_at(f, units::at_seconds(9.99)).pneumatic.pump_dead);
  EXPECT_TRUE(faults_at(f, units::at_seconds(10.0)).pneumatic.pump_dead);
  EXPECT_FALSE(faults_at(f, units::at_seconds(20.0)).pneumatic.pump_dead);
}

TEST(FaultSchedule, LeaksAddTheirAreasAndDriftGrowsWithTime) {
  const std::vector<FaultSpec> f = {{FaultKind::small_leak, units::at_seconds(0.0), {}, 0.3},
                                    {FaultKind::small_leak, units::at_seconds(0.0), {}, 0.4},
                                    {FaultKind::sensor_drift, units::at_seconds(5.0), {}, 2.0}};
  const auto a = faults_at(f, units::at_seconds(15.0));
  EXPECT_NEAR(a.pneumatic.cuff_leak.mm(), 0.5, 1e-12);
  EXPECT_NEAR(a.sensor.drift_mmHg, 20.0, 1e-12);
}

TEST(FaultSchedule, EveryKindHasANameThatRoundTrips) {
  for (auto k : kAllFaultKinds) EXPECT_EQ(fault_from_string(to_string(k)), k);
  EXPECT_FALSE(fault_from_string("gremlins"));
}

TEST(FaultSchedule, ASlippingCuffLosesGripGradually) {
  const std::vector<FaultSpec> f = {{FaultKind::cuff_slip, units::at_seconds(0.0), {}, 0.3}};
  EXPECT_NEAR(faults_at(f, units::at_seconds(10.0)).transmission_scale, 0.85, 1e-12);
  EXPECT_NEAR(faults_at(f, units::at_seconds(60.0)).transmission_scale, 0.70, 1e-12);
}

}  // namespace
}  // namespace bfr::sim
