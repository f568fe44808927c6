#include "sim/orifice.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace bfr::sim {
namespace {

using units::mmHg;

// The isentropic choked mass flow of air, written out independently of orifice.cpp:
// m = Cd A p sqrt(gamma / (R T)) (2 / (gamma + 1))^((gamma + 1) / (2 (gamma - 1))).
double textbook_choked_std_mL_per_s(double d_mm, double cd, double p_abs_pa) {
  const double area = std::numbers::pi / 4.0 * std::pow(d_mm * 1e-3, 2);
  const double gamma = 1.4, r = 287.05, t = 293.15;
  const double m = cd * area * p_abs_pa * std::sqrt(gamma / (r * t)) * std::pow(2.0 / 2.4, 2.4 / 0.8);
  const double rho_atm = 101325.0 / (r * t);
  return m / rho_atm * 1e6;
}

TEST(Orifice, ChokedFlowMatchesTheIsentropicNozzleEquation) {
  const Orifice o{units::mm(1.0), 0.61};
  // 800 mmHg gauge upstream: absolute ratio 760/1560 < 0.528, so the flow is choked.
  const double expected = textbook_choked_std_mL_per_s(1.0, 0.61, (800.0 + 760.0) * 133.322387415);
  EXPECT_NEAR(orifice_flow(o, mmHg(800.0), mmHg(0.0)).mL_per_s(), expected, expected * 1e-6);
}

TEST(Orifice, SubsonicBranchJoinsChokedAtTheCriticalRatio) {
  const Orifice o{units::mm(1.2)};
  // Upstream absolute pressure such that 760 / p_up is exactly the critical ratio.
  const double p_up_abs = 760.0 / kIdealCriticalPressureRatio;
  const auto just_choked = orifice_flow(o, mmHg(p_up_abs - 760.0 + 0.01), mmHg(0.0));
  const auto just_subsonic = orifice_flow(o, mmHg(p_up_abs - 760.0 - 0.01), mmHg(0.0));
  EXPECT_NEAR(just_choked.mL_per_s(), just_subsonic.mL_per_s(), 0.01);
}

TEST(Orifice, FlowGrowsWithPressureAndVanishesWithoutDifference) {
  const Orifice o{units::mm(0.5)};
  EXPECT_DOUBLE_EQ(orifice_flow(o, mmHg(100.0), mmHg(100.0)).mL_per_s(), 0.0);
  double last = 0.0;
  for (double p = 10.0; p <= 400.0; p += 10.0) {
    const double q = orifice_flow(o, mmHg(p), mmHg(0.0)).mL_per_s();
    EXPECT_GT(q, last) << "at " << p << " mmHg";
    last = q;
  }
}

TEST(Orifice, ReversedPressuresReverseTheFlow) {
  const Orifice o{units::mm(0.8)};
  EXPECT_DOUBLE_EQ(orifice_flow(o, mmHg(0.0), mmHg(50.0)).mL_per_s(), -orifice_flow(o, mmHg(50.0), mmHg(0.0)).mL_per_s());
}

TEST(Orifice, OpeningScalesTheAreaAndClosedPassesNothing) {
  const Orifice o{units::mm(1.2)};
  const double full = orifice_flow(o, 1.0, mmHg(150.0), mmHg(0.0)).mL_per_s();
  EXPECT_NEAR(orifice_flow(o, 0.25, mmHg(150.0), mmHg(0.0)).mL_per_s(), 0.25 * full, 1e-9);
  EXPECT_DOUBLE_EQ(orifice_flow(o, 0.0, mmHg(150.0), mmHg(0.0)).mL_per_s(), 0.0);
  EXPECT_DOUBLE_EQ(orifice_flow(Orifice{units::mm(0.0)}, mmHg(150.0), mmHg(0.0)).mL_per_s(), 0.0);
}

}  // namespace
}  // namespace bfr::sim
