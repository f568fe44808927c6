#include "sim/orifice.hpp"

#include <cmath>
#include <numbers>

#include "sim/physical_constants.hpp"

namespace bfr::sim {

using units::Flow;
using units::Pressure;

double sonic_flow_coefficient() {
  // m_dot = Cd A p sqrt(gamma/(R T)) (2/(gamma+1))^((gamma+1)/(2(gamma-1)))  [kg/s, SI]
  // Q_std = m_dot / rho_atm; units: A in mm^2 (1e-6 m^2), p in mmHg, Q in mL/s (1e6 mL/m^3).
  static const double coefficient = [] {
    const double g = physics::kAirHeatCapacityRatio;
    const double rt = physics::kAirGasConstant * physics::kAirTemperatureK;
    const double choke = std::sqrt(g / rt) * std::pow(2.0 / (g + 1.0), (g + 1.0) / (2.0 * (g - 1.0)));
    return choke / physics::kAirDensityAtmosphere * 1.0e-6 * units::kPascalPerMmHg * 1.0e6;
  }();
  return coefficient;
}

Flow orifice_flow(const Orifice& orifice, double opening, Pressure p_up, Pressure p_down) {
  if (opening <= 0.0 || orifice.diameter.mm() <= 0.0) return units::mL_per_s(0.0);
  if (p_up < p_down) return -orifice_flow(orifice, opening, p_down, p_up);
  const double d = orifice.diameter.mm();
  const double area_mm2 = std::numbers::pi / 4.0 * d * d * (opening > 1.0 ? 1.0 : opening);
  const double up_abs = (p_up + physics::kAtmosphere).mmHg();
  const double down_abs = (p_down + physics::kAtmosphere).mmHg();
  const double choked = sonic_flow_coefficient() * orifice.discharge_coefficient * area_mm2 * up_abs;
  const double ratio = down_abs / up_abs;
  constexpr double b = kIdealCriticalPressureRatio;
  if (ratio <= b) return units::mL_per_s(choked);
  const double x = (ratio - b) / (1.0 - b);
  return units::mL_per_s(choked * std::sqrt(1.0 - x * x));
}

Flow orifice_flow(const Orifice& orifice, Pressure p_up, Pressure p_down) {
  return orifice_flow(orifice, 1.0, p_up, p_down);
}

}  // namespace bfr::sim
