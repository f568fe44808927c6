#pragma once
// The device's diaphragm pump: its motor, which lags the commanded duty, and its reed check
// valve. What it delivers depends on where its outlet leads (one channel's manifold, or the
// manifold of whichever channel's inflate valve is open when one pump serves two cuffs).

#include "sim/device_parts.hpp"

namespace bfr::sim {

// Air the pump exchanges with the manifold its open inflate valve leads to, in one step.
struct PumpFeed {
  double in_std_mL_s = 0.0;    // delivered by the running motor
  double back_std_mL_s = 0.0;  // leaking back through the worn check valve as the motor slows
};

class Pump {
 public:
  explicit Pump(const DeviceSpec& device) : device_(device) {}

  // The motor's speed follows the applied duty (0..1) with its spin-up lag.
  void spin(double dt_s, double duty);
  // What the pump exchanges with a manifold at gauge pressure p through an open inflate valve.
  [[nodiscard]] PumpFeed feed(double p_manifold_mmHg) const;
  [[nodiscard]] double speed() const { return speed_; }

 private:
  DeviceSpec device_;
  double speed_ = 0.0;  // 0..1, first-order lag of the commanded duty
};

}  // namespace bfr::sim
