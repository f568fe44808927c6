#pragma once
// A scripted actuator timeline, as a scenario file gives it.

#include "sim/device_parts.hpp"
#include "units/units.hpp"

namespace bfr::sim {

// Scripted actuator commands: each step holds from its time until the next one. Omitted fields
// keep their previous value; before the first step the actuators are in the safe state.
struct TimelineStep {
  units::Instant at{};
  ActuatorCommand command{};
};

}  // namespace bfr::sim
