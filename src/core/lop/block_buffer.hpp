#pragma once
// Samples gathered into short blocks, and the last few blocks joined into a window: a block
// (0.35 s) is shorter than a beat, so it is the unit of movement detection and of ramp pacing; a
// window (4 blocks, 1.4 s: at least one beat down to 43 bpm) is the unit of pulse measurement, and
// a new one is taken every block.

#include <algorithm>
#include <array>
#include <cstddef>

namespace bfr::core::lop {

inline constexpr float kBlockS = 0.35F;
inline constexpr std::size_t kBlocksPerWindow = 4;

// One window: where on the ramp it was, and the pulse seen in the cuff and at the distal sensor.
struct Window {
  float pressure;      // mean cuff pressure over the window
  float cuff_pulse;    // peak to peak of the band-passed cuff pressure
  float distal_pulse;  // peak to peak of the low-passed distal pulse sensor
};

struct Block {
  float pulse_min, pulse_max;    // extremes of the band-passed cuff pressure
  float distal_min, distal_max;  // extremes of the distal pulse
  float mean_pressure;
  [[nodiscard]] float swing() const { return pulse_max - pulse_min; }
};

class BlockBuffer {
 public:
  void add_cuff(float pressure, float pulse) {
    if (n_ == 0) open_.pulse_min = open_.pulse_max = pulse;
    open_.pulse_min = std::min(open_.pulse_min, pulse);
    open_.pulse_max = std::max(open_.pulse_max, pulse);
    sum_ += pressure;
    ++n_;
  }
  void add_distal(float value) {
    if (!open_has_distal_) open_.distal_min = open_.distal_max = value, open_has_distal_ = true;
    open_.distal_min = std::min(open_.distal_min, value);
    open_.distal_max = std::max(open_.distal_max, value);
  }
  // Ends the open block (its mean is `fallback_pressure` if no sample came) and returns it.
  const Block& close(float fallback_pressure) {
    open_.mean_pressure = n_ ? sum_ / static_cast<float>(n_) : fallback_pressure;
    std::rotate(closed_.begin(), closed_.begin() + 1, closed_.end());
    closed_.back() = open_;
    ++closed_count_;
    n_ = 0;
    sum_ = 0.0F;
    open_has_distal_ = false;
    return closed_.back();
  }
  // A whole window's worth of blocks has closed.
  [[nodiscard]] bool full() const { return closed_count_ >= kBlocksPerWindow; }
  // Mean pressure rise per second across the window's blocks.
  [[nodiscard]] float ramp_rate() const {
    return (closed_.back().mean_pressure - closed_.front().mean_pressure) /
           (static_cast<float>(kBlocksPerWindow - 1) * kBlockS);
  }
  [[nodiscard]] float latest_mean() const { return closed_.back().mean_pressure; }
  [[nodiscard]] Window window() const {
    Window w{0.0F, 0.0F, 0.0F};
    float lo = closed_[0].pulse_min, hi = closed_[0].pulse_max;
    float dlo = closed_[0].distal_min, dhi = closed_[0].distal_max;
    float sum = 0.0F;
    for (const Block& b : closed_) {
      lo = std::min(lo, b.pulse_min), hi = std::max(hi, b.pulse_max);
      dlo = std::min(dlo, b.distal_min), dhi = std::max(dhi, b.distal_max);
      sum += b.mean_pressure;
    }
    w.cuff_pulse = hi - lo;
    w.distal_pulse = dhi - dlo;
    w.pressure = sum / static_cast<float>(kBlocksPerWindow);
    return w;
  }

 private:
  // The open block keeps its extremes when no sample comes: an empty block repeats the last.
  Block open_{0.0F, 0.0F, 0.0F, 0.0F, 0.0F};
  bool open_has_distal_ = false;
  float sum_ = 0.0F;
  int n_ = 0;
  std::array<Block, kBlocksPerWindow> closed_{};
  std::size_t closed_count_ = 0;
};

}  // namespace bfr::core::lop
