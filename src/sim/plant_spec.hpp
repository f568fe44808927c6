#pragma once
// What a virtual cuff system is built from: the person, the limb and cuff, the device's parts,
// the exercise and the faults to inject.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/cuff.hpp"
#include "sim/device_parts.hpp"
#include "sim/exercise.hpp"
#include "sim/faults.hpp"
#include "sim/limb.hpp"
#include "sim/person.hpp"
#include "sim/posture.hpp"
#include "sim/rhythmic_exercise.hpp"
#include "sim/sensors.hpp"

namespace bfr::sim {

// How the virtual device's parts are made: exactly to their nominal datasheet values, or drawn
// within their tolerances from the plant's seed (what a real device off a production line is).
// Drawn today: both pressure sensors. Pump and valves are nominal until a named part's datasheet
// gives their tolerances (issue 12).
enum class Parts { nominal, drawn };

struct PlantSpec {
  Person person{};
  LimbKind limb = LimbKind::thigh;
  CuffSpec cuff{};
  Posture posture = Posture::seated;
  DeviceSpec device{};
  PressureSensorSpec pressure_sensor{};
  PressureSensorSpec cuff_line_pressure_sensor{};
  Parts parts = Parts::nominal;
  // A second transducer on a separate sensing lumen to the cuff (dual-port cuff, as surgical
  // tourniquet systems use): no air flows in that line, so it reads the cuff's own pressure even
  // when the inflation hose is kinked. Injected sensor faults affect the main sensor only.
  bool cuff_line_sensor = true;
  PulseSensorSpec pulse_sensor{};
  std::optional<ExerciseSpec> exercise;
  std::optional<RhythmicSpec> rhythmic;  // walking, running or cycling instead of sets
  MotionSpec motion{};
  std::vector<FaultSpec> faults;
  units::Duration step = units::milliseconds(1.0);
  std::uint64_t seed = 1;
};

// The parts of `spec` as this device was made: drawn within tolerance from a stream of its own
// (so the person, pulse and noise of a seed stay the same whichever way the parts are made).
PlantSpec with_parts(PlantSpec spec);

}  // namespace bfr::sim
