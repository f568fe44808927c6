#pragma once
// Holds the cuff at a setpoint with the pump (air in) and the proportional vent (air out): one
// split-range PID on the filtered cuff pressure. The derivative acts on the measurement, so a
// contraction that starts to push the pressure up opens the vent before the error grows: the
// swing is met as it begins, not after it has happened.

#include <optional>

#include "core/actuators.hpp"
#include "units/units.hpp"

namespace bfr::core {

struct RegulatorTuning {
  // Pump duty per mmHg of error: full duty 2 mmHg below target (a pulse-sized error).
  float proportional = 0.5F;
  // Duty per mmHg*s of accumulated error: takes up tissue creep and small leaks.
  float integral = 0.1F;
  // Duty per mmHg/s of pressure change, acting against it.
  float derivative = 0.08F;
  // The vent passes about three times the pump's flow fully open: scale its opening down so
  // both directions have the same loop gain.
  float vent_gain = 0.35F;
  // Below this command the valves stay shut and the pump off: no dithering around the target.
  float deadband = 0.03F;
  // Low-pass on the measured pressure: removes sensor noise, keeps the 0.5-1 Hz contraction swing.
  float filter_time_constant_s = 0.03F;
};

class Regulator {
 public:
  explicit Regulator(RegulatorTuning tuning = {}) : tuning_(tuning) {}

  // One control step. `sample` is the newest pressure reading (empty when none arrived this step).
  Actuators step(units::Duration dt, std::optional<units::Pressure> sample, units::Pressure setpoint);
  void reset();
  [[nodiscard]] units::Pressure filtered() const { return units::mmHg(static_cast<double>(filtered_)); }
  [[nodiscard]] bool primed() const { return primed_; }

 private:
  RegulatorTuning tuning_;
  float filtered_ = 0.0F;
  float previous_ = 0.0F;
  float integral_ = 0.0F;
  float rate_ = 0.0F;
  bool primed_ = false;
};

}  // namespace bfr::core
