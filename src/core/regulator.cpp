#include "core/regulator.hpp"

#include <algorithm>

namespace bfr::core {

namespace {
// The integral may hold at most this share of the command: enough for creep and a pinhole leak,
// not enough to wind up during a long contraction.
constexpr float kIntegralLimit = 0.4F;
// The measured rate is smoothed over this time before the derivative uses it.
constexpr float kRateTimeConstantS = 0.05F;
}  // namespace

void Regulator::reset() {
  integral_ = 0.0F;
  rate_ = 0.0F;
  primed_ = false;
}

Actuators Regulator::step(units::Duration dt_d, std::optional<units::Pressure> sample, units::Pressure setpoint) {
  const auto dt = static_cast<float>(dt_d.seconds());
  if (sample) {
    const auto p = static_cast<float>(sample->mmHg());
    if (!primed_) {
      filtered_ = previous_ = p;
      primed_ = true;
    }
    filtered_ += (p - filtered_) * std::min(dt / tuning_.filter_time_constant_s, 1.0F);
  }
  if (!primed_) return Actuators::seal();
  const float instantaneous_rate = (filtered_ - previous_) / dt;
  previous_ = filtered_;
  rate_ += (instantaneous_rate - rate_) * std::min(dt / kRateTimeConstantS, 1.0F);

  const float error = static_cast<float>(setpoint.mmHg()) - filtered_;
  integral_ = std::clamp(integral_ + tuning_.integral * error * dt, -kIntegralLimit, kIntegralLimit);
  const float u = tuning_.proportional * error + integral_ - tuning_.derivative * rate_;

  Actuators a = Actuators::seal();
  if (u > tuning_.deadband) {
    a.pump_duty = std::min(u, 1.0F);
    a.inflate_valve_open = true;
  } else if (u < -tuning_.deadband) {
    a.vent_opening = std::min(-u * tuning_.vent_gain, 1.0F);
  }
  return a;
}

}  // namespace bfr::core
