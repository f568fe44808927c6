#pragma once
// Physical constants used by the plant model. Each names its source.

#include "units/units.hpp"

namespace bfr::sim::physics {

// Standard atmosphere, 101.325 kPa (ISO 2533) = 760 mmHg. Gauge pressures are relative to it.
inline constexpr units::Pressure kAtmosphere = units::mmHg(760.0);

// Whole-blood density 1060 kg/m^3 (Guyton & Hall, Textbook of Medical Physiology, 13th ed.)
// and standard gravity 9.80665 m/s^2 (CGPM 1901) give rho*g*h = 0.7797 mmHg per cm of height,
// the "about 0.78 mmHg per cm" of published-data.md section 2.
inline constexpr double kBloodDensityKgPerM3 = 1060.0;
inline constexpr double kStandardGravity = 9.80665;
inline constexpr units::Pressure kHydrostaticPerCm =
    units::pascal(kBloodDensityKgPerM3 * kStandardGravity * 0.01);

// Air as an ideal gas at room temperature (20 C): specific gas constant 287.05 J/(kg K),
// heat-capacity ratio 1.4, dynamic viscosity 1.81e-5 Pa s (CRC Handbook of Chemistry and Physics).
inline constexpr double kAirGasConstant = 287.05;
inline constexpr double kAirTemperatureK = 293.15;
inline constexpr double kAirHeatCapacityRatio = 1.4;
inline constexpr double kAirViscosityPaS = 1.81e-5;
// Density of air at kAtmosphere and 20 C, the "standard" state in which the sim counts air.
inline constexpr double kAirDensityAtmosphere =
    (760.0 * units::kPascalPerMmHg) / (kAirGasConstant * kAirTemperatureK);

}  // namespace bfr::sim::physics
