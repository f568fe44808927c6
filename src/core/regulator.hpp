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
  // At rest (no contraction to meet) the regulator may hold the pressure's mean over the pulse
  // instead, so that the valves do not chase each heartbeat: the error is taken on a further
  // low-pass of this time constant. 0 (the default): at rest as in exercise. An experiment of
  // issue 14, off: on the tuning seed it gave a working leg on a shared pump its refills back
  // (alternating legs, 94.6 to 98.3 % of exercise in band) but held rest worse (98.8 to 92.1 %);
  // docs/controller.md, "Two cuffs at once".
  float rest_filter_time_constant_s = 0.0F;
  // At rest, proportional only: the integral is kept for the next set and the derivative is off.
  // Behind the slower filter the gain must be low for the loop to stay stable: a thigh cuff rises
  // about 30 mmHg/s at full pump duty, so crossover near 1 rad/s wants about 0.03 duty per mmHg.
  float rest_proportional = 0.04F;
  // At rest, the mean further than this from the setpoint (just after a set, a transient) is met
  // by the full regulator, as in exercise: the slow law only keeps a settled cuff where it is.
  float rest_settle_band_mmHg = 3.0F;
};

// Whether the limb under the cuff is working (a set, a walk, inflating) or resting between sets.
enum class Effort : unsigned char { working, resting };

class Regulator {
 public:
  explicit Regulator(RegulatorTuning tuning = {}) : tuning_(tuning) {}

  // One control step. `sample` is the newest pressure reading (empty when none arrived this step).
  Actuators step(units::Duration dt, std::optional<units::Pressure> sample, units::Pressure setpoint,
                 Effort effort = Effort::working);
  void reset();
  [[nodiscard]] units::Pressure filtered() const { return units::mmHg(static_cast<double>(filtered_)); }
  [[nodiscard]] bool primed() const { return primed_; }

 private:
  RegulatorTuning tuning_;
  float filtered_ = 0.0F;
  float mean_ = 0.0F;  // filtered_ low-passed over the pulse (rest_filter_time_constant_s)
  float previous_ = 0.0F;
  float integral_ = 0.0F;
  float rate_ = 0.0F;
  bool primed_ = false;
};

}  // namespace bfr::core
