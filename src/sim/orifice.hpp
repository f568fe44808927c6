#pragma once
// Flow of air through an orifice or valve seat, by the ISO 6358-1 model: choked (sonic) flow
// Q = C * p_up below the critical pressure ratio b, and an elliptic subsonic branch above it.
// The sonic conductance C follows from the orifice area and discharge coefficient by the
// isentropic nozzle equation for air; b = 0.528 is the ideal nozzle's critical ratio.
// Flows are in standard mL/s (air volume at one atmosphere and 20 C).

#include "units/units.hpp"

namespace bfr::sim {

struct Orifice {
  units::Length diameter = units::mm(0.0);
  // Sharp-edged orifice discharge coefficient 0.61 (ISO 5167-2 order of magnitude; valve
  // datasheets quote effective areas of 0.6-0.7 of the geometric one).
  double discharge_coefficient = 0.61;
};

// Flow from p_up to p_down (gauge); negative when p_down is higher. An orifice of zero
// diameter passes nothing. Cheap: one square root on the subsonic branch.
units::Flow orifice_flow(const Orifice& orifice, units::Pressure p_up, units::Pressure p_down);

// The same, for an opening fraction (0..1) of the orifice's area: a proportional valve.
units::Flow orifice_flow(const Orifice& orifice, double opening, units::Pressure p_up,
                         units::Pressure p_down);

// Choked-flow coefficient in standard mL/s per mm^2 of effective area per mmHg absolute
// upstream pressure; exposed for tests that check the formula independently.
double sonic_flow_coefficient();

inline constexpr double kIdealCriticalPressureRatio = 0.528;

}  // namespace bfr::sim
