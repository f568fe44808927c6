#pragma once
// The whole virtual cuff system: device (pump, valves, hose, sensor), cuff, limb and person,
// stepped at a fixed physics step. A controller sees only SensorReadings; GroundTruth is for the
// rig's records and the tests, never for the controller.

#include "sim/heart.hpp"
#include "sim/limb_channel.hpp"
#include "sim/plant_spec.hpp"
#include "sim/random.hpp"
#include "sim/readings.hpp"

namespace bfr::sim {

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
  [[nodiscard]] const Cuff& cuff() const { return channel_.cuff(); }
  [[nodiscard]] const Limb& limb() const { return channel_.limb(); }
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
  Heart heart_;
  LimbChannel channel_;
  units::Instant now_{};
};

}  // namespace bfr::sim
