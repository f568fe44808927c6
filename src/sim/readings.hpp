#pragma once
// What a real device would measure in one physics step (each sensor reports at its own rate):
// everything a control strategy is ever given about the plant. Nothing here is ground truth.

#include <optional>

#include "units/units.hpp"

namespace bfr::sim {

struct SensorReadings {
  std::optional<units::Pressure> cuff_pressure;       // main sensor, at the device's manifold
  std::optional<units::Pressure> cuff_line_pressure;  // second sensor, on the cuff's sensing lumen
  std::optional<double> distal_pulse;
};

}  // namespace bfr::sim
