#pragma once
// The cuff pulse amplitude for telemetry: peak-to-peak of the high-passed cuff pressure over the
// last two 0.75 s windows (so at least one whole beat at 40 beats/min and above). A display
// figure for the clinician (the pulse fades as the cuff nears LOP), not used for control.

#include <algorithm>

#include "units/units.hpp"

namespace bfr::link {

class PulseMeter {
 public:
  void add(units::Instant now, units::Pressure p) {
    const double x = p.mmHg();
    if (!started_) { slow_ = x; window_start_ = now; started_ = true; }
    slow_ += (x - slow_) * kSlowAlpha;  // the cuff's mean pressure
    const double hp = x - slow_;
    lo_ = std::min(lo_, hp);
    hi_ = std::max(hi_, hp);
    if (now - window_start_ >= kWindow) {
      previous_ = hi_ - lo_;
      lo_ = hi_ = 0.0;
      window_start_ = now;
    }
  }
  [[nodiscard]] units::Pressure amplitude() const { return units::mmHg(std::max(previous_, hi_ - lo_)); }

 private:
  static constexpr units::Duration kWindow = units::seconds(0.75);
  static constexpr double kSlowAlpha = 0.001;  // at a 1 kHz sample: time constant 1 s
  bool started_ = false;
  double slow_ = 0.0, lo_ = 0.0, hi_ = 0.0, previous_ = 0.0;
  units::Instant window_start_{};
};

}  // namespace bfr::link
