#pragma once
// How long the firmware's control steps took on the target: a histogram of the firmware's own
// SysTick clocks per step (link::plant::ActuatorTick::step_clocks), bounded however long it runs.
// QEMU runs the board with -icount shift=0, one instruction per nanosecond, so one 25 MHz clock is
// 40 instructions (docs/hardware.md).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bfr::hil {

class StepClocks {
 public:
  static constexpr double kInstructionsPerClock = 40.0;

  void add(std::uint16_t clocks) {
    ++counts_[clocks];
    ++steps_;
  }
  [[nodiscard]] std::uint64_t steps() const { return steps_; }
  // The step at quantile q (0..1) of all steps, in instructions; 0 with no steps.
  [[nodiscard]] double instructions_at(double q) const {
    if (steps_ == 0) return 0.0;
    const auto rank = static_cast<std::uint64_t>(q * static_cast<double>(steps_ - 1));
    std::uint64_t seen = 0;
    for (std::size_t c = 0; c < counts_.size(); ++c) {
      seen += counts_[c];
      if (seen > rank) return static_cast<double>(c) * kInstructionsPerClock;
    }
    return 0.0;
  }

 private:
  std::vector<std::uint64_t> counts_ = std::vector<std::uint64_t>(0x10000, 0);  // per clock count; 0xFFFF: that or longer
  std::uint64_t steps_ = 0;
};

}  // namespace bfr::hil
