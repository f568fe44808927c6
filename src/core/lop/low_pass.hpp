#pragma once
// A first-order low-pass of 20 ms: it keeps the pulse (under 10 Hz) and drops most sensor noise
// (0.3 mmHg RMS over 250 Hz). The ramp is not filtered out here: each window removes its own
// trend (block_buffer.hpp), which a high-pass cannot do while the ramp's rate changes.

#include <algorithm>

namespace bfr::core::lop {

inline constexpr float kLowPassS = 0.02F;
// The distal pulse sensor reports at about 100 Hz.
inline constexpr float kDistalSampleS = 0.01F;

class LowPass {
 public:
  float step(float raw, float dt_s) {
    if (!primed_) value_ = raw, primed_ = true;
    value_ += (raw - value_) * std::min(dt_s / kLowPassS, 1.0F);
    return value_;
  }
  [[nodiscard]] bool primed() const { return primed_; }

 private:
  float value_ = 0.0F;
  bool primed_ = false;
};

}  // namespace bfr::core::lop
