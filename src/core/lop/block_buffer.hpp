#pragma once
// Samples gathered into short blocks, and blocks joined into windows: a block (0.35 s) is shorter
// than a beat, so it is the unit of movement detection and of ramp pacing; a window (4 blocks,
// 1.4 s: at least one beat down to 43 bpm) is the unit of pulse measurement, and a new one is
// taken every block.
//
// The pulse is what is left of the cuff pressure once the ramp is removed: the peak to peak about
// a least-squares parabola through the window. A parabola because the ramp's rate changes (the
// pacer's nudges, the slow-down near LOP, the cuff stiffening as it fills) and a line leaves that
// bend in the pulse. Fitted over the window only: a longer fit (8 blocks) would take less of a slow
// pulse, but every jolt within it spoils more windows, and on the tuning seeds it did worse with
// movement (docs/controller.md). The cost: with about one beat in the window (under 60 bpm) the
// parabola takes a share of the pulse that depends on where the beat falls, up to half at 45 bpm
// (tests/core/lop_search_test.cpp); the envelope's median over three windows evens some of it out.
//
// A high-pass filter would also remove a steady ramp, but every change of the ramp's
// rate (the pacer's nudges, the slow-down near LOP, a hold for movement) leaves a drift in its
// output for seconds, and near LOP, where the pulse is under 1 mmHg, that drift read as pulse and
// put the crossing late: 142.6 mmHg for a synthetic LOP of 130 (tests/core/lop_search_test.cpp).

#include <array>
#include <cstddef>
#include <span>

namespace bfr::core::lop {

inline constexpr float kBlockS = 0.35F;
inline constexpr std::size_t kBlocksPerWindow = 4;
// Blocks kept: a new block's swing is judged about the trend of up to this many (2.8 s).
inline constexpr std::size_t kHistoryBlocks = 8;
// The low-passed pressure is kept every 20 ms (50 Hz: the pulse's peaks at up to 190 bpm are
// caught to within 1 %), at most this many per block.
inline constexpr float kPointSpacingS = 0.02F;
inline constexpr std::size_t kPointsPerBlock = 20;

// One window: where on the ramp it was, and the pulse seen in the cuff and at the distal sensor.
struct Window {
  float pressure;      // mean cuff pressure over the window
  float cuff_pulse;    // peak to peak of the cuff pressure about the window's parabola
  float distal_pulse;  // peak to peak of the low-passed distal pulse sensor
};

struct Point {
  float t;  // seconds since the search started
  float pressure;
};

struct Block {
  std::array<Point, kPointsPerBlock> points{};
  std::size_t n_points = 0;
  float distal_min = 0.0F, distal_max = 0.0F;
  float mean_pressure = 0.0F;
  float swing = 0.0F;  // peak to peak about the trend of the blocks up to this one
  [[nodiscard]] std::span<const Point> samples() const { return std::span(points).first(n_points); }
};

class BlockBuffer {
 public:
  // A low-passed cuff pressure at `t` seconds.
  void add_cuff(float t, float pressure);
  void add_distal(float value);
  // Ends the open block (its mean is `fallback_pressure` if no sample came) and returns it.
  const Block& close(float fallback_pressure);
  // Enough blocks have closed for a window.
  [[nodiscard]] bool full() const { return closed_count_ >= kBlocksPerWindow; }
  // Mean pressure rise per second across the latest window's worth of blocks.
  [[nodiscard]] float ramp_rate() const {
    return (closed_.back().mean_pressure - closed_[kHistoryBlocks - kBlocksPerWindow].mean_pressure) /
           (static_cast<float>(kBlocksPerWindow - 1) * kBlockS);
  }
  [[nodiscard]] float latest_mean() const { return closed_.back().mean_pressure; }
  // The window of the last kBlocksPerWindow blocks.
  [[nodiscard]] Window window() const;

 private:
  // The closed blocks, oldest first (up to kHistoryBlocks).
  [[nodiscard]] std::span<const Block> recent() const;

  Block open_{};
  bool open_has_distal_ = false;
  float sum_ = 0.0F;
  int n_ = 0;
  float next_point_t_ = 0.0F;
  std::array<Block, kHistoryBlocks> closed_{};
  std::size_t closed_count_ = 0;
};

// Fewer points than this cannot separate a trend from a pulse.
inline constexpr std::size_t kMinTrendPoints = 6;

// Least-squares parabola through the points of `trend`; the peak to peak of what it does not
// explain over the points of `measured` (blocks within `trend`).
float swing_about_trend(std::span<const Block> trend, std::span<const Block> measured);

}  // namespace bfr::core::lop
