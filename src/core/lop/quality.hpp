#pragma once
// How far to trust a LOP result, 0..1: how clearly the pulse stood out of the sensor's noise, how
// little movement disturbed it, and, with a distal pulse sensor, whether the two methods agree.

#include <algorithm>
#include <optional>

namespace bfr::core::lop {

// A cuff pulse under 0.15 mmHg at its largest is no pulse (sensor noise is 0.3 mmHg RMS, but the
// windows are filtered over many samples); eight times that is a clear one.
inline constexpr float kNoPulseMmHg = 0.15F;
inline constexpr float kClearPulseMmHg = 8.0F * kNoPulseMmHg;
// The distal pulse agrees when it had faded by the cuff's estimate (5 mmHg for the ramp's lag).
inline constexpr float kAgreementMmHg = 5.0F;
inline constexpr float kDisagreementFactor = 0.6F;
// Without a second method the result is never fully trusted.
inline constexpr float kSingleMethodFactor = 0.8F;

inline float lop_quality(float cuff_peak, float motion_share, bool pulse_sensor,
                         std::optional<float> cuff_lop, std::optional<float> distal_lop) {
  float quality = std::clamp(cuff_peak / kClearPulseMmHg, 0.0F, 1.0F) * (1.0F - motion_share);
  if (pulse_sensor && cuff_lop) {
    quality *= distal_lop && *distal_lop <= *cuff_lop + kAgreementMmHg ? 1.0F : kDisagreementFactor;
  } else {
    quality *= kSingleMethodFactor;
  }
  return quality;
}

}  // namespace bfr::core::lop
