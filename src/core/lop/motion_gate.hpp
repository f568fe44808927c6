#pragma once
// Movement during the LOP ramp. A block whose swing is far beyond a whole beat's pulse in the
// recent windows (a block is shorter than a beat, so only whole-beat windows are a fair reference),
// or far beyond the recent blocks (the only reference before there are windows; it stays on after,
// as it catches jolts the windows miss), is a jolt: the ramp holds still for a second and every
// window containing the block is dropped, to be measured again.

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>

#include "core/lop/block_buffer.hpp"
#include "units/units.hpp"

namespace bfr::core::lop {

// Without a disturbance a block's swing cannot exceed a whole beat's pulse; 1.6x leaves room for
// beat-to-beat variation (atrial fibrillation included).
inline constexpr float kJoltFactor = 1.6F;
// Against other blocks (which may hold a whole upstroke or none of it) the margin is wider.
inline constexpr float kBlockJoltFactor = 3.0F;
// A jolt must also be bigger than this (near occlusion the pulse is tiny and noise rules).
inline constexpr float kMotionFloorMmHg = 1.0F;
inline constexpr units::Duration kMotionHold = units::seconds(1.0);
// After a hold the ramp runs for a while before it may hold again, so windows keep coming and the
// reference keeps up: a reference frozen by holds could flag every beat forever. A jolt in that
// time still spoils its windows (letting them through put jolts of tens of mmHg into the envelope).
inline constexpr units::Duration kMotionRefractory = units::seconds(1.5);
// The reference: the median of this many recent windows (or blocks), judged once half are in.
inline constexpr std::size_t kMotionReference = 12;

float median_of(std::span<const float> values);

class MotionGate {
 public:
  struct Verdict {
    bool jolt;           // this block was disturbed
    bool spoils_window;  // the window ending with this block must not be measured
  };
  // `recent_pulses`: the cuff pulse of the latest windows, newest first (up to kMotionReference).
  Verdict judge(units::Instant now, float swing, std::span<const float> recent_pulses);
  [[nodiscard]] bool holding(units::Instant now) const { return now < hold_until_; }
  [[nodiscard]] int blocks_seen() const { return blocks_seen_; }
  // Share of blocks that were jolts.
  [[nodiscard]] float jolted_share() const {
    return blocks_seen_ ? static_cast<float>(jolted_blocks_) / static_cast<float>(blocks_seen_) : 0.0F;
  }

 private:
  std::array<float, kMotionReference> recent_swings_{};
  std::size_t recent_count_ = 0;
  int jolted_blocks_ = 0;
  int blocks_seen_ = 0;
  std::size_t spoiled_ahead_ = 0;
  units::Instant hold_until_{};
};

}  // namespace bfr::core::lop
