#pragma once
// The whole virtual cuff system: device (pump, valves, hose, sensor), cuff, limb and person,
// stepped at a fixed physics step. A controller sees only SensorReadings; GroundTruth is for the
// rig's records and the tests, never for the controller.

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "sim/cuff.hpp"
#include "sim/device_parts.hpp"
#include "sim/exercise.hpp"
#include "sim/faults.hpp"
#include "sim/heart.hpp"
#include "sim/limb.hpp"
#include "sim/person.hpp"
#include "sim/pneumatics.hpp"
#include "sim/posture.hpp"
#include "sim/readings.hpp"
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

struct GroundTruth {
  units::Instant time{};
  units::Pressure cuff{};
  units::Pressure manifold{};
  units::Pressure tissue{};
  units::Pressure local_arterial{};
  units::Pressure distal_venous{};
  std::optional<units::Pressure> lop;
  units::Percent arterial_inflow{};
  units::Percent venous_outflow{};
  units::Flow pump_flow{};
  units::Flow vent_flow{};
  units::Flow leak_flow{};
  ExerciseState exercise{};
  ActuatorCommand applied{};
};

class Plant {
 public:
  explicit Plant(PlantSpec spec);
  Plant(const Plant&) = delete;
  Plant& operator=(const Plant&) = delete;

  // Advances one physics step with the given actuator command.
  SensorReadings step(const ActuatorCommand& command);

  [[nodiscard]] units::Instant now() const { return now_; }
  [[nodiscard]] units::Duration step_size() const { return spec_.step; }
  [[nodiscard]] GroundTruth truth() const;
  [[nodiscard]] const PlantSpec& spec() const { return spec_; }
  [[nodiscard]] const Cuff& cuff() const { return cuff_; }
  [[nodiscard]] const Limb& limb() const { return limb_; }
  // True LOP of this cuff on this limb in this posture, with no fault: the reference for %LOP.
  [[nodiscard]] units::Pressure nominal_lop() const;

  // Starts the run with the cuff already at pressure p, held long enough for the tissue under it
  // to have settled (for tests and calibrations that begin mid-session).
  void preset_cuff_pressure(units::Pressure p);

  // The person starts exercising now (the spec's start is replaced by now), or stops: how the
  // virtual athlete follows a guided session's set and rest commands.
  void start_exercise(ExerciseSpec spec);
  // Walking, running or cycling: the heart rate climbs to the pace's while it lasts.
  void start_exercise(RhythmicSpec spec);
  void stop_exercise();
  [[nodiscard]] units::Frequency heart_rate() const { return heart_.rate(); }

 private:
  PlantSpec spec_;
  Random rng_;
  Cuff cuff_;
  Heart heart_;
  Limb limb_;
  Pneumatics pneumatics_;
  PressureSensor pressure_sensor_;
  PressureSensor cuff_line_sensor_;
  PulseSensor pulse_sensor_;
  std::variant<std::monostate, Exercise, RhythmicExercise> exercise_;
  units::Instant now_{};
  ActiveFaults faults_{};
  ExerciseState exercise_state_{};
};

}  // namespace bfr::sim
