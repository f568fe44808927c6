#pragma once
// The oscillometric curve as the LOP search sees it: every window measured on the ramp, and the
// envelope through them. The envelope at a window is the median of it and the windows one window
// length either side (three windows that share no block), so one disturbed window cannot move it.

#include <array>
#include <cstddef>
#include <span>

#include "core/lop/block_buffer.hpp"

namespace bfr::core::lop {

inline constexpr std::size_t kMaxWindows = 256;  // 90 s of ramp at one window per block
// The pulse's true maximum is broad (it spans tens of mmHg, many windows); a jolt that got through
// is narrow. The peak is the largest value that this many envelope points reach.
inline constexpr std::size_t kPeakSupport = 4;
// A window whose pulse is over 3x the envelope there was disturbed by movement.
inline constexpr float kDisturbedFactor = 3.0F;

struct EnvelopePeak {
  float value;     // mmHg peak to peak
  float pressure;  // cuff pressure of the last window that reached it
};

class WindowLog {
 public:
  using Member = float Window::*;
  // Keeps nothing once the log is full.
  void add(const Window& w) {
    if (n_ < kMaxWindows) windows_[n_++] = w;
  }
  [[nodiscard]] std::size_t size() const { return n_; }
  [[nodiscard]] bool full() const { return n_ >= kMaxWindows; }
  [[nodiscard]] const Window& operator[](std::size_t i) const { return windows_[i]; }
  [[nodiscard]] float envelope(std::size_t i, Member m) const;
  // The window's cuff pulse is over kDisturbedFactor x the envelope there: movement.
  [[nodiscard]] bool disturbed(std::size_t i) const;
  // The cuff pulse of up to `out.size()` latest windows, newest first.
  [[nodiscard]] std::span<const float> latest_pulses(std::span<float> out) const;
  [[nodiscard]] EnvelopePeak cuff_peak() const;
  [[nodiscard]] float distal_peak() const;
  [[nodiscard]] float disturbed_share() const;

 private:
  std::array<Window, kMaxWindows> windows_{};
  std::size_t n_ = 0;
};

// Where a falling envelope first drops below `threshold` past `after_pressure`, confirmed by three
// windows in a row below it; the crossing is interpolated between the last window above and the
// first below.
class CrossingFinder {
 public:
  static constexpr int kConfirmingWindows = 3;
  CrossingFinder(float threshold, float start_value, float start_pressure, float after_pressure)
      : threshold_(threshold), after_(after_pressure), prev_value_(start_value), prev_pressure_(start_pressure) {}
  void add(float pressure, float value);
  [[nodiscard]] bool found() const { return below_ >= kConfirmingWindows; }
  [[nodiscard]] float crossing() const { return crossing_; }

 private:
  float threshold_;
  float after_;
  float prev_value_;
  float prev_pressure_;
  float crossing_ = 0.0F;
  int below_ = 0;
};

// Above occlusion the cuff pulse dies away exponentially with pressure (Babbs' collapse law): a
// log-linear fit to the undisturbed windows near the crossing (half to twice the threshold, past
// the peak) places it using every window at its own pressure. Returns the coarse crossing unless
// the fit has 5 points, falls, and lands within 20 mmHg of it.
float refine_by_decay_fit(const WindowLog& log, float after_pressure, float threshold, float coarse);

}  // namespace bfr::core::lop
