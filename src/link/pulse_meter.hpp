#pragma once
// The cuff pulse amplitude for telemetry outside the LOP search: peak-to-peak of the band-passed
// cuff pressure (fast average minus slow average: sensor noise and slow changes such as a ramp
// or a contraction's plateau drop out) over the last two 0.75 s windows, so at least one whole
// beat at 40 beats/min and above. A display figure, not used for control.

#include <algorithm>

#include "units/units.hpp"

namespace bfr::link {

class PulseMeter {
 public:
  void add(units::Instant now, units::Pressure p) {
    const double x = p.mmHg();
    if (!started_) { slow_ = fast_ = x; window_start_ = now; started_ = true; }
    slow_ += (x - slow_) * kSlowAlpha;
    fast_ += (x - fast_) * kFastAlpha;
    const double hp = fast_ - slow_;
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
  // At a 1 kHz sample: time constants 0.3 s and 20 ms (a pulse's upstroke takes about 100 ms).
  static constexpr double kSlowAlpha = 1.0 / 300.0;
  static constexpr double kFastAlpha = 1.0 / 20.0;
  bool started_ = false;
  double slow_ = 0.0, fast_ = 0.0, lo_ = 0.0, hi_ = 0.0, previous_ = 0.0;
  units::Instant window_start_{};
};

}  // namespace bfr::link
