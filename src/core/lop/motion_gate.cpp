#include "core/lop/motion_gate.hpp"

namespace bfr::core::lop {

float median_of(std::span<const float> values) {
  std::array<float, kMotionReference> sorted{};
  const std::size_t n = std::min(values.size(), sorted.size());
  std::copy_n(values.begin(), n, sorted.begin());
  // Insertion sort: n is at most 12, and unlike std::sort (introsort) it has no recursion, so the
  // firmware's worst-case stack has a bound (scripts/firmware-figures).
  for (std::size_t i = 1; i < n; ++i) {
    const float v = sorted[i];
    std::size_t j = i;
    for (; j > 0 && sorted[j - 1] > v; --j) sorted[j] = sorted[j - 1];
    sorted[j] = v;
  }
  return n ? sorted[n / 2] : 0.0F;
}

MotionGate::Verdict MotionGate::judge(units::Instant now, float swing, std::span<const float> recent_pulses) {
  const std::size_t windows = std::min(recent_pulses.size(), kMotionReference);
  const std::size_t blocks = std::min(recent_count_, kMotionReference);
  const bool against_windows =
      windows >= kMotionReference / 2 && swing > kJoltFactor * median_of(recent_pulses.first(windows));
  const bool against_blocks =
      blocks >= kMotionReference / 2 && swing > kBlockJoltFactor * median_of(std::span(recent_swings_).first(blocks));
  ++blocks_seen_;
  const bool jolt = (against_windows || against_blocks) && swing > kMotionFloorMmHg;
  if (jolt) {
    ++jolted_blocks_;
    spoiled_ahead_ = kBlocksPerWindow;
    // Right after a hold the ramp runs on, so that windows keep coming and the reference keeps
    // up; a jolt then still spoils its windows.
    if (now >= hold_until_ + kMotionRefractory) hold_until_ = now + kMotionHold;
  } else {
    recent_swings_[recent_count_++ % kMotionReference] = swing;
  }
  const bool spoils = spoiled_ahead_ > 0;
  if (spoils) --spoiled_ahead_;
  return {jolt, spoils};
}

}  // namespace bfr::core::lop
