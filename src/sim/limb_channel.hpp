#pragma once
// One cuff on one limb and the device channel that fills it: valves, hose, pressure sensors,
// distal pulse sensor, and the faults and exercise that act on that limb. The heart and the clock
// belong to the body, so a Plant (one cuff) and a TwoLimbPlant (two) step their channels around
// one heart.

#include <optional>
#include <variant>

#include "sim/cuff.hpp"
#include "sim/exercise.hpp"
#include "sim/faults.hpp"
#include "sim/limb.hpp"
#include "sim/plant_spec.hpp"
#include "sim/pneumatics.hpp"
#include "sim/random.hpp"
#include "sim/readings.hpp"
#include "sim/rhythmic_exercise.hpp"
#include "sim/sensors.hpp"

namespace bfr::sim {

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

class LimbChannel {
 public:
  // Forks `rng` for the limb and the three sensors, in that order.
  LimbChannel(const PlantSpec& spec, Random& rng);
  LimbChannel(const LimbChannel&) = delete;
  LimbChannel& operator=(const LimbChannel&) = delete;

  // The faults in force and what this limb's exercise does at `now`.
  void prepare(units::Instant now);
  // The heart rate this limb's walking, running or cycling asks for, while it lasts.
  [[nodiscard]] std::optional<units::Frequency> pace() const;
  void move_limb(units::Duration dt, units::Pressure brachial);
  // The air path for one step, with this channel's own pump or fed by a shared one.
  void step_air(units::Duration dt, const ActuatorCommand& command);
  void step_air(units::Duration dt, const ActuatorCommand& command, const PumpFeed& feed);
  [[nodiscard]] SensorReadings read(units::Instant now, units::Duration dt);

  void start_exercise(ExerciseSpec spec);
  void start_exercise(RhythmicSpec spec);
  void stop_exercise();

  [[nodiscard]] const Cuff& cuff() const { return cuff_; }
  [[nodiscard]] const Limb& limb() const { return limb_; }
  [[nodiscard]] const Pneumatics& pneumatics() const { return pneumatics_; }
  [[nodiscard]] Pneumatics& pneumatics() { return pneumatics_; }
  [[nodiscard]] const ActiveFaults& faults() const { return faults_; }
  [[nodiscard]] const ExerciseState& exercise_state() const { return exercise_state_; }
  // What really happens in this channel and limb (never for a controller).
  [[nodiscard]] GroundTruth truth(units::Instant now) const;
  [[nodiscard]] units::Pressure nominal_lop() const { return *limb_.true_lop(1.0); }
  void preset_cuff_pressure(units::Pressure p);

 private:
  const PlantSpec* spec_;
  Cuff cuff_;
  Limb limb_;
  Pneumatics pneumatics_;
  PressureSensor pressure_sensor_;
  PressureSensor cuff_line_sensor_;
  PulseSensor pulse_sensor_;
  std::variant<std::monostate, Exercise, RhythmicExercise> exercise_;
  ActiveFaults faults_{};
  ExerciseState exercise_state_{};
  double load_ = 0.0;
};

}  // namespace bfr::sim
