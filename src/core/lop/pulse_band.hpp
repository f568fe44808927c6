#pragma once
// The cuff pressure split into its slow part (the ramp) and its pulse: a 20 ms low-pass keeps the
// pulse (under 10 Hz) and drops most sensor noise (0.3 mmHg RMS over 250 Hz); a 0.6 s high-pass
// of that removes the ramp. The distal pulse sensor gets the same 20 ms low-pass.

#include <algorithm>

namespace bfr::core::lop {

inline constexpr float kLowPassS = 0.02F;
inline constexpr float kHighPassS = 0.6F;
// The distal pulse sensor reports at about 100 Hz.
inline constexpr float kDistalSampleS = 0.01F;

class PulseBand {
 public:
  struct Out {
    float pressure;  // low-passed cuff pressure
    float pulse;     // band-passed: the pulse wave riding on the ramp
  };
  Out step(float raw, float dt_s) {
    if (!primed_) fast_ = slow_ = raw, primed_ = true;
    fast_ += (raw - fast_) * std::min(dt_s / kLowPassS, 1.0F);
    slow_ += (fast_ - slow_) * std::min(dt_s / kHighPassS, 1.0F);
    return {fast_, fast_ - slow_};
  }

 private:
  float fast_ = 0.0F;
  float slow_ = 0.0F;
  bool primed_ = false;
};

class DistalLowPass {
 public:
  float step(float raw) {
    if (!primed_) value_ = raw, primed_ = true;
    value_ += (raw - value_) * std::min(kDistalSampleS / kLowPassS, 1.0F);
    return value_;
  }
  [[nodiscard]] bool seen() const { return primed_; }

 private:
  float value_ = 0.0F;
  bool primed_ = false;
};

}  // namespace bfr::core::lop
