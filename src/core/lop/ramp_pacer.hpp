#pragma once
// The LOP ramp's pump duty. The pump runs at a steady duty, nudged once per block towards the wanted
// rate, so it never chases the pulse it is measuring (a pressure loop would, and distort it). The
// fast fill's last 20 mmHg, at full pump, tell how stiff the cuff is and so where to start.

#include <algorithm>
#include <cmath>
#include <optional>

#include "units/units.hpp"

namespace bfr::core::lop {

// 7 mmHg/s: 4-8 mmHg per beat at 45-90 bpm, and a 240 mmHg standing LOP is passed about 25 s into
// the ramp (median time at most 45 s). Once the pulse is dying away, half that, where the answer is.
inline constexpr float kRampMmHgPerS = 7.0F;
inline constexpr float kSlowRampMmHgPerS = 3.5F;
inline constexpr float kInitialRampDuty = 0.15F;
inline constexpr float kMinRampDuty = 0.03F;
// At most 5 % a block, so the pump's flow is steady over any one beat.
inline constexpr float kMaxDutyChange = 1.05F;
// Full pump for this long with less than this rise: air escapes as fast as it comes (leak, open
// vent, dead pump). Judged over seconds, not per block: the pulse makes one block's rate noisy.
inline constexpr units::Duration kStallWindow = units::seconds(3.0);
inline constexpr float kStallRateMmHgPerS = 1.0F;

class RampPacer {
 public:
  // From the time the fast fill took from `from` to `to` at full pump.
  void start(units::Pressure from, units::Pressure to, units::Duration fill_time) {
    if (fill_time.seconds() <= 0.0) return;
    const auto full_rate = static_cast<float>((to - from).mmHg() / fill_time.seconds());
    duty_ = std::clamp(kRampMmHgPerS / full_rate, kMinRampDuty, 1.0F);
  }
  // Once per block, outside movement holds: `rate` is the measured ramp, `mean` the block's pressure.
  void on_block(units::Instant now, float rate, float mean, bool slow) {
    const float wanted = slow ? kSlowRampMmHgPerS : kRampMmHgPerS;
    const float factor = std::clamp(std::sqrt(wanted / std::max(rate, 0.5F)), 1.0F / kMaxDutyChange, kMaxDutyChange);
    duty_ = std::clamp(duty_ * factor, kMinRampDuty, 1.0F);
    if (duty_ < 0.99F) {
      stall_from_.reset();
    } else if (!stall_from_) {
      stall_from_ = now;
      stall_pressure_ = mean;
    } else if (now - *stall_from_ >= kStallWindow) {
      stalled_ = static_cast<double>(mean - stall_pressure_) <
                 static_cast<double>(kStallRateMmHgPerS) * kStallWindow.seconds();
      stall_from_ = now;
      stall_pressure_ = mean;
    }
  }
  [[nodiscard]] float duty() const { return duty_; }
  [[nodiscard]] bool stalled() const { return stalled_; }

 private:
  float duty_ = kInitialRampDuty;
  std::optional<units::Instant> stall_from_;
  float stall_pressure_ = 0.0F;
  bool stalled_ = false;
};

}  // namespace bfr::core::lop
