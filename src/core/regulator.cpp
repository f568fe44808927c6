#include "core/regulator.hpp"

#include <algorithm>
#include <cmath>

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

Actuators Regulator::step(units::Duration dt_d, std::optional<units::Pressure> sample, units::Pressure setpoint, Effort effort) {
  const auto dt = static_cast<float>(dt_d.seconds());
  if (sample) {
    const auto p = static_cast<float>(sample->mmHg());
    if (!primed_) {
      filtered_ = previous_ = mean_ = p;
      primed_ = true;
    }
    filtered_ += (p - filtered_) * std::min(dt / tuning_.filter_time_constant_s, 1.0F);
  }
  const bool at_rest = effort == Effort::resting && tuning_.rest_filter_time_constant_s > 0.0F;
  mean_ = at_rest ? mean_ + (filtered_ - mean_) * std::min(dt / tuning_.rest_filter_time_constant_s, 1.0F) : filtered_;
  const bool over_the_pulse =
      at_rest && std::abs(static_cast<float>(setpoint.mmHg()) - mean_) <= tuning_.rest_settle_band_mmHg;
  if (!primed_) return Actuators::seal();
  const float instantaneous_rate = (filtered_ - previous_) / dt;
  previous_ = filtered_;
  rate_ += (instantaneous_rate - rate_) * std::min(dt / kRateTimeConstantS, 1.0F);

  const float error = static_cast<float>(setpoint.mmHg()) - (over_the_pulse ? mean_ : filtered_);
  // At rest the integral stays as exercise left it, for the next set, and takes no part: what it
  // holds is the swing's bias, which at rest would hold the cuff that far off the setpoint.
  float u = tuning_.rest_proportional * error;
  if (!over_the_pulse) {
    integral_ = std::clamp(integral_ + tuning_.integral * error * dt, -kIntegralLimit, kIntegralLimit);
    u = tuning_.proportional * error + integral_ - tuning_.derivative * rate_;
  }

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
